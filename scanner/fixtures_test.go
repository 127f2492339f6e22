package scanner

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/rootfs"
	"github.com/dcos-audit/dcos-audit/internal/golden"
	"github.com/dcos-audit/dcos-audit/internal/sarifcheck"
	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/waivers"
)

const fixtures = "../testdata/fixtures"

// brokenFixtures is what each single-deviation fixture must raise, and
// nothing else. Correct fixtures (every other scenario) must raise nothing.
var brokenFixtures = map[string][]string{
	"agent-with-public-unit":     {"DCOS-U002"},
	"master-with-agent-unit":     {"DCOS-U002"},
	"agent-missing-required":     {"DCOS-U001"},
	"agent-missing-timer":        {"DCOS-T001"},
	"agent-timer-wrong-interval": {"DCOS-T003"},
	"agent-timer-wrong-unit":     {"DCOS-T002"},
	"agent-dangling-link":        {"DCOS-F001"},
	"agent-unparsable-unit":      {"DCOS-F003"},
	"agent-no-role":              {"DCOS-R001"},
	"agent-two-roles":            {"DCOS-R002"},
	"agent-not-a-unit":           {"DCOS-F002"},
	"agent-unknown-unit":         {"DCOS-S006", "DCOS-U004"},
	"agent-implant":              {"DCOS-S003", "DCOS-S006", "DCOS-U004"},
	"master-exec-in-tmp":         {"DCOS-I001", "DCOS-S003"},
	"master-marathon-as-root":    {"DCOS-I003"},
	"master-socket-0666":         {"DCOS-I004"},
	"master-ld-preload":          {"DCOS-F005", "DCOS-I005"},
	"agent-old-version-unit":     {"DCOS-U003"},
	"agent-link-loop":            {"DCOS-F001"},
	"agent-masked-unit":          {"DCOS-F008"},
	"agent-escaping-link":        {"DCOS-F004"},
	"agent-dropin":               {"DCOS-F005"},
	"agent-version-unknown":      {"DCOS-V001"},
	"agent-bad-version-file":     {"DCOS-V001"},
	"agent-upgrade-leftover":     {"DCOS-F006"},
}

func scenarios(t testing.TB) []string {
	t.Helper()
	entries, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if len(names) < 40 {
		t.Fatalf("only %d fixture scenarios in %s", len(names), fixtures)
	}
	return names
}

// gather reads a fixture with fixed provenance, so goldens are stable.
func gather(t testing.TB, scenario string) *facts.Snapshot {
	t.Helper()
	src := rootfs.Source{
		Root: filepath.Join(fixtures, scenario, "root"),
		Tool: "dcos-audit test",
		Now:  func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
	}
	snap, err := src.Gather(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	snap.Source.Target = scenario
	return snap
}

// sourceKinds are the kinds of source a fixture node is scanned as where a
// test must reach every rule: offline, live and from a bundle.
var sourceKinds = []string{facts.KindRootfs, facts.KindLive, facts.KindBundle}

// withFailedService is a fixture node whose first service failed, what
// only the live rules read.
func withFailedService(t testing.TB, scenario string) *facts.Snapshot {
	t.Helper()
	snap := gather(t, scenario)
	for i := range snap.Units {
		if snap.Units[i].Kind == "service" {
			snap.Units[i].State.Active = "failed"
			break
		}
	}
	return snap
}

func newScanner(t testing.TB) *Scanner {
	t.Helper()
	s, err := New(t.Context(), Options{Tool: report.Tool{Name: "dcos-audit", Version: "test"}, ProducedRules: waivers.Rules})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestFixtures scans every fixture node: correct nodes of every role and
// release must come out clean, and each broken variant must raise exactly
// the finding of its one deviation. Findings are also pinned in goldens and
// every report is checked as SARIF against the official schema.
func TestFixtures(t *testing.T) {
	s := newScanner(t)
	seen := map[string]bool{}
	for _, name := range scenarios(t) {
		t.Run(name, func(t *testing.T) {
			rep, err := s.Scan(t.Context(), gather(t, name))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range rep.Findings {
				if !slices.Contains(got, f.RuleID) {
					got = append(got, f.RuleID)
				}
			}
			want, broken := brokenFixtures[name]
			seen[name] = broken
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rules raised (-want +got):\n%s\nfindings: %s", diff, brief(rep.Findings))
			}
			b, err := json.MarshalIndent(rep.Findings, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, append(b, '\n'), filepath.Join("testdata", "findings", name+".golden.json"))

			var sarif bytes.Buffer
			if err := (report.SARIF{}).Write(&sarif, rep); err != nil {
				t.Fatal(err)
			}
			sarifcheck.Validate(t, sarif.Bytes())
		})
	}
	for name := range brokenFixtures {
		if !seen[name] {
			t.Errorf("broken fixture %s does not exist", name)
		}
	}
}

func brief(fs []report.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("\n  " + f.RuleID + " " + f.Message)
	}
	return b.String()
}
