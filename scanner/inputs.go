package scanner

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// dcosVersion is a DC/OS release as its installer names it: x.y, x.y.z, or
// a four-part hotfix (1.10.5.1), which the catalog compares as its x.y.z.
var dcosVersion = regexp.MustCompile(`^[0-9]+\.[0-9]+(\.[0-9]+){0,2}$`)

// CheckVersion validates an operator-given DC/OS version (--dcos-version).
func CheckVersion(v string) error {
	if !dcosVersion.MatchString(v) {
		return fmt.Errorf("--dcos-version %q is not a DC/OS version: write it as x.y, x.y.z or a four-part hotfix such as 1.10.5.1", v)
	}
	return nil
}

// CheckRole validates an operator-given node role against the roles of the
// component catalog: the one check that every command uses.
func CheckRole(role string) error {
	c, err := LoadCatalog()
	if err != nil {
		return err
	}
	if !slices.Contains(c.Roles, role) {
		return fmt.Errorf("--role %q: valid roles are %s", role, strings.Join(c.Roles, ", "))
	}
	return nil
}
