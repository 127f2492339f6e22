package main

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/coreos/go-systemd/v22/unit"

	"github.com/dcos-audit/dcos-audit/facts/redact"
	"github.com/dcos-audit/dcos-audit/internal/unitkeys"
)

// buildID matches a package's versioned install directory; the catalog
// names packages without their build id so that releases compare equal.
// It is the policy library's _build_id (policies/lib/lib.rego).
var buildID = regexp.MustCompile(`(/opt/mesosphere/packages/[^/\s"'\\<>&\x00-\x1f\x{2028}\x{2029}]+?)--[0-9a-zA-Z._-]+`)

// directives returns the kept directives of a unit file as "Key=Value" in
// file order. Unit= is kept only in [Timer], where it names what the timer
// starts (elsewhere there is no such directive).
func directives(data []byte) ([]string, error) {
	opts, err := unit.DeserializeOptions(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, o := range opts {
		if unitkeys.Kept(o.Section, o.Name) {
			// As the scanner reads a node's unit files: a continuation is a
			// space, and what may be a credential is redacted, so that
			// shipped and found values compare.
			v := strings.TrimSpace(strings.ReplaceAll(o.Value, "\\\n", " "))
			v = redact.Option(o.Section, o.Name, buildID.ReplaceAllString(v, "$1"))
			out = append(out, o.Name+"="+v)
		}
	}
	return out, nil
}
