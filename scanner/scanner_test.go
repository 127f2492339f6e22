package scanner

import (
	"bytes"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/dcos-audit/dcos-audit/internal/golden"
	"github.com/dcos-audit/dcos-audit/report"
)

// TestRuleMetadata: every rule has a well-formed unique id, a severity, a
// title, a description and a remediation.
func TestRuleMetadata(t *testing.T) {
	rules := newScanner(t).Rules()
	if len(rules) < 20 {
		t.Fatalf("only %d rules", len(rules))
	}
	seen := map[string]bool{}
	for _, r := range rules {
		if seen[r.ID] || !ruleID.MatchString(r.ID) {
			t.Errorf("rule id %q duplicated or malformed", r.ID)
		}
		seen[r.ID] = true
		if r.Title == "" || r.Description == "" || r.Remediation == "" || r.Severity < report.Info || len(r.Tags) == 0 {
			t.Errorf("rule %s lacks metadata: %+v", r.ID, r)
		}
		if want := DocsURL + "#" + strings.ToLower(r.ID); r.HelpURI != want {
			t.Errorf("rule %s: help URI %q, want its section of docs/rules.md, %q", r.ID, r.HelpURI, want)
		}
	}
}

// The repository URL can be changed at build time: built-in rules' help
// links follow it, and only theirs.
func TestRepoURLOverride(t *testing.T) {
	s, err := New(t.Context(), Options{RepoURL: "https://git.example.com/mirror/dcos-audit", PolicyDirs: []string{"testdata/policies/site"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Rules() {
		want := "https://git.example.com/mirror/dcos-audit/blob/main/docs/rules.md#" + strings.ToLower(r.ID)
		if strings.HasPrefix(r.ID, "SITE-") {
			want = "https://wiki.example.com/storage/rexray" // as its METADATA says
		}
		if r.HelpURI != want {
			t.Errorf("rule %s: help URI %q, want %q", r.ID, r.HelpURI, want)
		}
	}
}

// TestReadRulesRejectsBadMetadata: broken METADATA is an error naming
// the module and line, not a rule with holes.
func TestReadRulesRejectsBadMetadata(t *testing.T) {
	tests := []struct{ name, module, want string }{
		{"no metadata", "package dcos_audit.rules.x.y\n\ndeny contains 1 if false\n",
			"x.rego:1: rule package data.dcos_audit.rules.x.y has no package METADATA block"},
		{"bad id", "# METADATA\n# title: T\n# custom:\n#   id: X1\n#   severity: high\n#   remediation: R\npackage dcos_audit.rules.x.y\n",
			`x.rego:7: custom.id "X1" is not of the form DCOS-A000`},
		{"bad severity", "# METADATA\n# title: T\n# custom:\n#   id: DCOS-Z001\n#   severity: severe\n#   remediation: R\npackage dcos_audit.rules.x.y\n",
			`x.rego:7: rule DCOS-Z001: custom.severity: unknown severity "severe"`},
		{"no remediation", "# METADATA\n# title: T\n# custom:\n#   id: DCOS-Z001\n#   severity: low\npackage dcos_audit.rules.x.y\n",
			"x.rego:6: rule DCOS-Z001: METADATA needs a title and custom.remediation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ast.ParseModuleWithOpts("x.rego", tt.module, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
			if err != nil {
				t.Fatal(err)
			}
			_, err = readRules([]*ast.Module{m}, Options{})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestSandbox: a policy that reaches for the network or the clock does not
// compile.
func TestSandbox(t *testing.T) {
	for _, call := range []string{
		`http.send({"method": "get", "url": "http://127.0.0.1/"})`,
		`net.lookup_ip_addr("localhost")`,
		`opa.runtime()`,
		`time.now_ns()`,
	} {
		_, err := rego.New(
			rego.Query("data.p.x"),
			rego.Module("p.rego", "package p\nx := "+call),
			rego.Capabilities(capabilities()),
		).PrepareForEval(t.Context())
		if err == nil || !strings.Contains(err.Error(), "undefined function") {
			t.Errorf("%s: err = %v, want undefined function", call, err)
		}
	}
}

// TestConcurrentScans shares one prepared scanner between goroutines (run
// with -race).
func TestConcurrentScans(t *testing.T) {
	s := newScanner(t)
	snaps := map[string]int{"agent-2.2.1": 0, "agent-missing-required": 1, "agent-with-public-unit": 1}
	var wg sync.WaitGroup
	for i := range 8 {
		for name, want := range snaps {
			snap := gather(t, name)
			wg.Go(func() {
				rep, err := s.Scan(t.Context(), snap)
				if err != nil {
					t.Error(err)
					return
				}
				if len(rep.Findings) != want {
					t.Errorf("goroutine %d %s: %d findings, want %d", i, name, len(rep.Findings), want)
				}
			})
		}
	}
	wg.Wait()
}

// TestRulesDoc keeps docs/rules.md in step with the rules' METADATA.
func TestRulesDoc(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("# Rules\n\nGenerated from the rules' METADATA by `go test ./scanner -update`; do not edit.\n\n")
	rules := slices.Clone(newScanner(t).Rules())
	for i := range rules {
		rules[i].HelpURI = "" // the page is where these links point
	}
	if err := report.WriteRulesMarkdown(&b, rules); err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, b.Bytes(), "../docs/rules.md")
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		newScanner(b)
	}
}

// BenchmarkScan is one evaluation of a prepared query over a 38-unit master.
func BenchmarkScan(b *testing.B) {
	s := newScanner(b)
	snap := gather(b, "master-2.2.1")
	// One node's evaluation: its profile's values are never kept (the
	// count past its second node), as in a scan of one node.
	s.profiles.seen[[2]string{"2.2.1", "master"}] = 2
	for b.Loop() {
		if _, err := s.Scan(b.Context(), snap); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanKept is BenchmarkScan for a node whose profile's values a
// scan of many nodes keeps (scanner/profiles.go).
func BenchmarkScanKept(b *testing.B) {
	s := newScanner(b)
	snap := gather(b, "master-2.2.1")
	for range 2 {
		if _, err := s.Scan(b.Context(), snap); err != nil {
			b.Fatal(err)
		}
	}
	for b.Loop() {
		if _, err := s.Scan(b.Context(), snap); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanSite is BenchmarkScan with a site rule and a catalog
// override: what user policies add to one evaluation.
func BenchmarkScanSite(b *testing.B) {
	s, err := New(b.Context(), Options{
		PolicyDirs: []string{"testdata/policies/site"},
		DataFiles:  []string{"testdata/data/rexray-optional.yaml"},
	})
	if err != nil {
		b.Fatal(err)
	}
	snap := gather(b, "master-2.2.1")
	for b.Loop() {
		if _, err := s.Scan(b.Context(), snap); err != nil {
			b.Fatal(err)
		}
	}
}

// Rules about runtime state are not run on offline snapshots: the report
// says so with a reason, rather than counting them passed.
func TestLiveRulesOnlyInLiveReports(t *testing.T) {
	s := newScanner(t)
	live := 0
	for _, r := range s.Rules() {
		if r.Live {
			live++
			if !strings.HasPrefix(r.ID, "DCOS-H") && r.ID != "DCOS-X003" {
				t.Errorf("%s is marked live", r.ID)
			}
		}
	}
	if live != 10 {
		t.Fatalf("%d live rules, want the 10 health rules", live)
	}
	snap := gather(t, "agent-2.2.1")
	offline, err := s.Scan(t.Context(), snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range offline.Rules {
		if r.Area == clusterArea {
			if r.Status != report.RuleNotRun || r.Reason != clusterOnly {
				t.Errorf("cluster rule %s in a node's report: %q, %q", r.ID, r.Status, r.Reason)
			}
			continue
		}
		if r.ID == bundleOnly {
			continue
		}
		if want := map[bool]string{true: report.RuleNotRun, false: report.RulePassed}[r.Live]; r.Status != want || (r.Live && r.Reason == "") {
			t.Errorf("offline: rule %s (live %v) has status %q, reason %q; want %q with a reason for live rules", r.ID, r.Live, r.Status, r.Reason, want)
		}
	}
	snap.Source.Kind = "live"
	liveRep, err := s.Scan(t.Context(), snap)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range liveRep.Rules {
		if r.Status == report.RuleNotRun && r.Area != clusterArea && r.ID != bundleOnly {
			t.Errorf("live: rule %s not run: %s", r.ID, r.Reason)
		}
	}
	// DC/OS's own health report is in diagnostics bundles only.
	for kind, want := range map[string]string{"rootfs": report.RuleNotRun, "live": report.RuleNotRun, "bundle": report.RulePassed} {
		snap.Source.Kind = kind
		rep, err := s.Scan(t.Context(), snap)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rep.Rules {
			if r.ID == bundleOnly && (r.Status != want || (want == report.RuleNotRun) != (r.Reason != "")) {
				t.Errorf("%s on a %s source: %q (%q), want %q", r.ID, kind, r.Status, r.Reason, want)
			}
		}
	}
}

// bundleOnly is the rule that needs DC/OS's own unit health report.
const bundleOnly = "DCOS-H010"

// A rule the source cannot check is not evaluated at all: the same facts
// draw its finding only from a source that provides what it needs.
func TestUnmetRulesAreNotEvaluated(t *testing.T) {
	s := newScanner(t)
	snap := withFailedService(t, "master-exec-in-tmp")
	fired := func(kind, id string) bool {
		t.Helper()
		snap.Source.Kind = kind
		rep, err := s.Scan(t.Context(), snap)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(rep.Findings, func(f report.Finding) bool { return f.RuleID == id })
	}
	for _, c := range []struct {
		kind, id string
		want     bool
	}{
		{"live", "DCOS-H001", true}, // needs runtime_state
		{"rootfs", "DCOS-H001", false},
		{"bundle", "DCOS-H001", false},
		{"rootfs", "DCOS-S003", true}, // needs files
		{"bundle", "DCOS-S003", false},
		{"unknown", "DCOS-H001", true}, // no list for the kind: every rule
	} {
		if got := fired(c.kind, c.id); got != c.want {
			t.Errorf("source kind %s: %s fired %v, want %v", c.kind, c.id, got, c.want)
		}
	}
}
