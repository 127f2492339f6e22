package scanner

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/report"
)

func ruleIDs(rs []report.Rule) []string {
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return ids
}

func findingIDs(fs []report.Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.RuleID+" "+f.Unit)
	}
	return ids
}

func scanWith(t *testing.T, opts Options, snap *facts.Snapshot) (*Scanner, *report.Report) {
	t.Helper()
	s, err := New(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Scan(t.Context(), snap)
	if err != nil {
		t.Fatal(err)
	}
	return s, rep
}

func withoutUnit(snap *facts.Snapshot, name string) *facts.Snapshot {
	s := *snap
	s.Units = slices.DeleteFunc(slices.Clone(snap.Units), func(u facts.Unit) bool { return u.Name == name })
	return &s
}

// The worked example of docs/policies.md: a site forbids REX-Ray on agents
// with a rule of its own, and makes the unit optional with a data override.
func TestUserPolicyAndData(t *testing.T) {
	agent := gather(t, "agent-2.2.1")
	site := Options{PolicyDirs: []string{"testdata/policies/site"}}

	s, rep := scanWith(t, site, agent)
	if !slices.Contains(ruleIDs(s.Rules()), "SITE-001") {
		t.Fatalf("rules %v lack SITE-001", ruleIDs(s.Rules()))
	}
	if diff := cmp.Diff([]string{"SITE-001 dcos-rexray.service"}, findingIDs(rep.Findings)); diff != "" {
		t.Errorf("stock agent (-want +got):\n%s", diff)
	}

	_, rep = scanWith(t, site, withoutUnit(agent, "dcos-rexray.service"))
	if diff := cmp.Diff([]string{"DCOS-U001 dcos-rexray.service"}, findingIDs(rep.Findings)); diff != "" {
		t.Errorf("agent without REX-Ray, no override (-want +got):\n%s", diff)
	}

	site.DataFiles = []string{"testdata/data/rexray-optional.yaml"}
	_, rep = scanWith(t, site, withoutUnit(agent, "dcos-rexray.service"))
	if len(rep.Findings) != 0 {
		t.Errorf("agent without REX-Ray, REX-Ray optional: %v", findingIDs(rep.Findings))
	}
}

func TestDataAddsSiteUnit(t *testing.T) {
	_, rep := scanWith(t, Options{DataFiles: []string{"testdata/data/site-unit.json"}}, gather(t, "agent-2.2.1"))
	if diff := cmp.Diff([]string{"DCOS-U001 site-agent.service"}, findingIDs(rep.Findings)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The tolerance override widens the timer check: 2h is still far off 2min,
	// but 2min+50% is not.
	snap := gather(t, "agent-timer-wrong-interval")
	_, rep = scanWith(t, Options{DataFiles: []string{"testdata/data/site-unit.json"}}, snap)
	if !slices.Contains(findingIDs(rep.Findings), "DCOS-T003 dcos-logrotate-agent.timer") {
		t.Errorf("findings %v lack the 2h interval", findingIDs(rep.Findings))
	}
}

// completenessRules are the rules no selection leaves out.
var completenessRules = []string{"DCOS-F007", "DCOS-R001", "DCOS-R002", "DCOS-V001", "DCOS-V002"}

func TestRuleSelection(t *testing.T) {
	snap := gather(t, "agent-two-roles") // two roles: the audit is incomplete (R002)
	tests := []struct {
		name      string
		opts      Options
		wantRules func([]string) bool
		want      []string
	}{
		{"all", Options{}, func(ids []string) bool { return len(ids) > 20 }, []string{"DCOS-R002 "}},
		{"only units", Options{Rules: []string{"DCOS-U*"}}, func(ids []string) bool {
			return !slices.ContainsFunc(ids, func(id string) bool {
				return !strings.HasPrefix(id, "DCOS-U") && !slices.Contains(completenessRules, id)
			})
		}, []string{"DCOS-R002 "}},
		{"rule ids ignore case", Options{Rules: []string{"dcos-u00?"}}, func(ids []string) bool {
			return slices.Contains(ids, "DCOS-U001")
		}, []string{"DCOS-R002 "}},
		{"skip all", Options{SkipRules: []string{"DCOS-*"}}, func(ids []string) bool {
			return slices.Equal(ids, completenessRules)
		}, []string{"DCOS-R002 "}},
		{"no built-ins", Options{NoBuiltin: true, PolicyDirs: []string{"testdata/policies/site"}}, func(ids []string) bool {
			return slices.Equal(ids, append(slices.Clone(completenessRules), "SITE-001"))
		}, []string{"DCOS-R002 "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, rep := scanWith(t, tt.opts, snap)
			if ids := ruleIDs(s.Rules()); !tt.wantRules(ids) {
				t.Errorf("rules %v", ids)
			}
			if diff := cmp.Diff(tt.want, findingIDs(rep.Findings)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			for _, r := range rep.Rules {
				if notRun := r.Status == report.RuleNotRun; notRun != !s.selected[r.ID] && unmet(r, rep.Source.Kind) == "" && r.Area != clusterArea {
					t.Errorf("rule %s: status %q, evaluated %v", r.ID, r.Status, s.selected[r.ID])
				}
			}
		})
	}
}

// A completeness rule cannot be skipped by name: the error says so.
func TestSkipCompletenessRule(t *testing.T) {
	_, err := New(t.Context(), Options{SkipRules: []string{"DCOS-R002"}})
	if err == nil || !strings.Contains(err.Error(), "cannot be skipped") {
		t.Fatalf("err = %v, want one saying the rule cannot be skipped", err)
	}
}

// Bad policies, data and patterns stop the scanner with the file, line and
// what was expected.
func TestNewErrors(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"package outside custom.dcos_audit", Options{PolicyDirs: []string{"testdata/policies/bad-package"}},
			[]string{"x.rego:1: package site.rules: user policies live under package custom.dcos_audit"}},
		{"input path typo", Options{PolicyDirs: []string{"testdata/policies/input-typo"}},
			[]string{"typo.rego:12", "undefined ref: input.node.rolse", `have: "rolse"`}},
		{"network builtin", Options{PolicyDirs: []string{"testdata/policies/network"}},
			[]string{"phone_home.rego:10", "undefined function http.send", "without network, clock and random builtins"}},
		{"syntax error", Options{PolicyDirs: []string{"testdata/policies/syntax"}},
			[]string{"broken.rego:5", "rego_parse_error"}},
		{"rule without METADATA", Options{PolicyDirs: []string{"testdata/policies/no-metadata"}},
			[]string{"bare.rego:1: rule package data.custom.dcos_audit.rules.site.bare has no package METADATA block"}},
		{"user rule with a built-in id", Options{PolicyDirs: []string{"testdata/policies/dcos-id"}},
			[]string{`taken.rego:7: custom.id "DCOS-U001": user rules need an id like SITE-001`}},
		{"missing policy dir", Options{PolicyDirs: []string{"testdata/policies/nope"}},
			[]string{"policy directory testdata/policies/nope: no such file or directory"}},
		{"unknown data field", Options{DataFiles: []string{"testdata/data/unknown-field.yaml"}},
			[]string{"--data testdata/data/unknown-field.yaml", "line 3: unknown field requried"}}, //nolint:misspell // the typo is the test
		{"wrong data type", Options{DataFiles: []string{"testdata/data/wrong-type.json"}},
			[]string{"--data testdata/data/wrong-type.json:5", "units.presence"}},
		{"inconsistent data", Options{DataFiles: []string{"testdata/data/bad-range.json"}},
			[]string{`unit site-agent.service: presence "2.2"–"2.2.1": releases must be x.y.z`, `unit site-agent.service: role "agent" is not one of master, slave, slave_public`}},
		{"data of unknown type", Options{DataFiles: []string{"testdata/policies/site/no_rexray.rego"}},
			[]string{"unknown file type: name it .json, .yaml or .yml"}},
		{"rule pattern matching nothing", Options{Rules: []string{"DCOS-Q*"}},
			[]string{`--rule "DCOS-Q*" matches no rule`}},
		{"skip pattern matching nothing", Options{SkipRules: []string{"DCOS-U01"}},
			[]string{`--skip-rule "DCOS-U01" matches no rule`}},
		{"bad glob", Options{Rules: []string{"DCOS-[U"}},
			[]string{`--rule "DCOS-[U": syntax error in pattern`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(t.Context(), tt.opts)
			if err == nil {
				t.Fatal("New succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			// Errors speak of the user's input, not of this program's types.
			for _, internal := range []string{"scanner.", "Go struct", "Go value", ": json: "} {
				if strings.Contains(err.Error(), internal) {
					t.Errorf("error %q speaks of %q", err, internal)
				}
			}
		})
	}
}

// A finding the report model cannot hold stops the scan as a policy bug,
// rather than losing the field: a user rule adding a field to its finding.
func TestStrayFindingFieldIsAnError(t *testing.T) {
	dir := t.TempDir()
	rule := `# METADATA
# title: Stray field
# description: A finding with a field reports do not have.
# custom:
#   id: SITE-009
#   severity: low
#   remediation: None.
package custom.dcos_audit.rules.site.stray

import data.dcos_audit.lib

deny contains object.union(lib.finding(rego.metadata.chain(), "", "", "stray"), {"sevirity": "low"})
`
	if err := os.WriteFile(filepath.Join(dir, "stray.rego"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := New(t.Context(), Options{PolicyDirs: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Scan(t.Context(), gather(t, "agent-2.2.1"))
	if err == nil || !strings.Contains(err.Error(), `decode findings: findings[0]: json: unknown field "sevirity"`) {
		t.Fatalf("err = %v, want the stray field named", err)
	}
}
