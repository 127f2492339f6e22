package scanner

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/waivers"
)

// TestTrustedCompile holds the built-in policies to every check of OPA's
// compiler (a policy directory, even an empty one, turns them all on), and
// shows that a scan of the built-ins alone, which skips the check-only
// stages, reaches the same results: the same findings and profile for
// every fixture node as each kind of source, and the same cluster findings.
func TestTrustedCompile(t *testing.T) {
	trusted := newScanner(t)
	checked, err := New(t.Context(), Options{Tool: report.Tool{Name: "dcos-audit", Version: "test"},
		ProducedRules: waivers.Rules, PolicyDirs: []string{t.TempDir()}})
	if err != nil {
		t.Fatalf("the built-in policies fail a check of the compiler: %v", err)
	}
	var nodes []ClusterNode
	for _, name := range scenarios(t) {
		snap := withFailedService(t, name)
		for _, kind := range sourceKinds {
			snap.Source.Kind = kind
			want, got := scanBoth(t, checked, trusted, snap)
			if diff := cmp.Diff(want.Findings, got.Findings); diff != "" {
				t.Errorf("%s as %s: findings differ without the checks (-checked +trusted):\n%s", name, kind, diff)
			}
			if diff := cmp.Diff(want.Profile, got.Profile); diff != "" {
				t.Errorf("%s as %s: profile differs without the checks (-checked +trusted):\n%s", name, kind, diff)
			}
			if kind == facts.KindRootfs {
				nodes = append(nodes, Summarize(got))
			}
		}
	}
	want, err := checked.ScanCluster(t.Context(), nodes)
	if err != nil {
		t.Fatal(err)
	}
	got, err := trusted.ScanCluster(t.Context(), nodes)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 {
		t.Fatal("the fixture nodes together draw no cluster finding: nothing is compared")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cluster findings differ without the checks (-checked +trusted):\n%s", diff)
	}
}

// scanBoth is one snapshot's reports from two scanners.
func scanBoth(t *testing.T, a, b *Scanner, snap *facts.Snapshot) (*report.Report, *report.Report) {
	t.Helper()
	ra, err := a.Scan(t.Context(), snap)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Scan(t.Context(), snap)
	if err != nil {
		t.Fatal(err)
	}
	return ra, rb
}
