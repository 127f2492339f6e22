package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/dcos-audit/dcos-audit/internal/unitkeys"
	"github.com/dcos-audit/dcos-audit/policies"
)

// shippedEntry is the content DC/OS ships for a unit over a range of
// releases and roles (policies/shipped/data.json, which internal/shipgen
// generates from dcos/dcos).
type shippedEntry struct {
	From       string              `json:"from"`
	To         string              `json:"to"`
	Roles      []string            `json:"roles"`
	Package    string              `json:"package"`
	Directives map[string][]string `json:"directives"`
}

var shippedUnits = func() map[string][]shippedEntry {
	b, err := policies.FS.ReadFile("shipped/data.json")
	if err != nil {
		panic(err)
	}
	var doc struct {
		Units map[string][]shippedEntry `json:"units"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		panic(err)
	}
	return doc.Units
}()

// shippedDirectives is what DC/OS ships for a unit at a release and role.
func shippedDirectives(unit, v, role string) ([]string, bool) {
	for _, e := range shippedUnits[unit] {
		if !atLeast(v, e.From) || (v != e.To && atLeast(v, e.To)) || !slices.Contains(e.Roles, role) {
			continue
		}
		// The fixture installs packages under a build id, as pkgpanda does.
		var lines []string
		for _, k := range slices.Sorted(maps.Keys(e.Directives)) {
			for _, val := range e.Directives[k] {
				lines = append(lines, k+"="+val)
			}
		}
		return expandPackages(lines, v), true
	}
	return nil, false
}

var packagePath = regexp.MustCompile(`/opt/mesosphere/packages/([^/\s"']+)`)

func expandPackages(dirs []string, v string) []string {
	out := make([]string, len(dirs))
	for i, d := range dirs {
		out[i] = packagePath.ReplaceAllStringFunc(d, func(m string) string {
			return pkgPath(strings.TrimPrefix(m, "/opt/mesosphere/packages/"), v)
		})
	}
	return out
}

// withShipped replaces the security-relevant directives of a unit's text
// by those DC/OS ships for it, keeping the rest (Description, Type,
// Restart, timer schedules) as the fixture writes it.
func withShipped(text, unit, v, role string) string {
	dirs, ok := shippedDirectives(unit, v, role)
	if !ok {
		panic(fmt.Sprintf("no shipped content for %s at %s (%s)", unit, v, role))
	}
	typ := map[string]string{"service": "Service", "socket": "Socket", "timer": "Timer"}[unit[strings.LastIndex(unit, ".")+1:]]
	var secs []section
	for _, block := range strings.Split(strings.TrimSpace(text), "\n\n") {
		lines := strings.Split(block, "\n")
		name := strings.Trim(lines[0], "[]")
		var kept []string
		for _, l := range lines[1:] {
			key, _, _ := strings.Cut(l, "=")
			if !unitkeys.Kept(name, key) {
				kept = append(kept, l)
			}
		}
		if name == typ {
			kept = append(kept, dirs...)
			typ = "" // added
		}
		secs = append(secs, section{name, kept})
	}
	if typ != "" {
		secs = append(secs, section{typ, dirs})
	}
	return render(secs...)
}
