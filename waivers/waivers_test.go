package waivers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/facts/rootfs"
	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/scanner"
	"github.com/dcos-audit/dcos-audit/waivers"
)

// known is the rule list the Load tests check rule ids against.
func known(id string) bool {
	switch id {
	case "DCOS-U001", "DCOS-U004", "DCOS-T003", "DCOS-X001", "DCOS-W001", "DCOS-W002":
		return true
	}
	return false
}

func date(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLoad(t *testing.T) {
	got, sum, err := waivers.Load(filepath.Join("testdata", "valid.yaml"), known)
	if err != nil {
		t.Fatal(err)
	}
	// The digest is of the bytes parsed, for the report's provenance.
	b, err := os.ReadFile(filepath.Join("testdata", "valid.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if digest := sha256.Sum256(b); sum != hex.EncodeToString(digest[:]) {
		t.Errorf("digest %q is not the file's SHA-256", sum)
	}
	want := []waivers.Waiver{
		{
			Rule:          "DCOS-U004",
			Node:          "agent-*",
			Unit:          "dcos-acme-*.service",
			Justification: "Site sidecar, reviewed in SEC-123",
			Owner:         "platform-team@example.com",
			Expires:       date(t, "2027-03-31"),
			Source:        filepath.Join("testdata", "valid.yaml") + ":3",
		},
		{
			Rule:          "DCOS-T003",
			Justification: "Log rotation every 10 minutes on purpose:\nthe disks are small (SEC-130).",
			Owner:         "ops@example.com",
			Expires:       date(t, "2026-10-01"),
			Source:        filepath.Join("testdata", "valid.yaml") + ":10",
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load (-want +got):\n%s", diff)
	}
}

func TestLoadEmptyList(t *testing.T) {
	t.Chdir(t.TempDir())
	write(t, "waivers: []\n")
	got, _, err := waivers.Load("waivers.yaml", known)
	if err != nil || len(got) != 0 {
		t.Errorf("Load(waivers: []) = %v, %v; want no waivers and no error", got, err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, _, err := waivers.Load(filepath.Join(t.TempDir(), "none.yaml"), known)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v; want fs.ErrNotExist", err)
	}
}

// TestLoadErrors: each bad input is refused with FILE:LINE and what was
// expected; every problem of a file is listed, in the file's order.
func TestLoadErrors(t *testing.T) {
	const ok = "    justification: j\n    owner: o\n    expires: 2027-03-31\n"
	tests := []struct {
		name string
		yaml string
		want []string // one per line of the error, each a substring
	}{
		{"unknown field", "waivers:\n  - rule: DCOS-U004\n    justifcation: j\n    owner: o\n    expires: 2027-03-31\n", []string{
			`waivers.yaml:2: waiver has no justification; expected justification: why the findings are accepted`,
			`waivers.yaml:3: unknown key "justifcation"; expected one of rule, node, unit, justification, owner, expires`,
		}},
		{"bad date", "waivers:\n  - rule: DCOS-U004\n    justification: j\n    owner: o\n    expires: 2027-13-01\n", []string{
			`waivers.yaml:5: expires "2027-13-01" is not a date; expected YYYY-MM-DD, such as 2027-03-31`,
		}},
		{"date with a time", "waivers:\n  - rule: DCOS-U004\n    justification: j\n    owner: o\n    expires: 2027-03-31T12:00:00Z\n", []string{
			`waivers.yaml:5: expires "2027-03-31T12:00:00Z" is not a date; expected YYYY-MM-DD`,
		}},
		{"missing owner", "waivers:\n  - rule: DCOS-U004\n    justification: j\n    expires: 2027-03-31\n", []string{
			`waivers.yaml:2: waiver has no owner; expected owner: who answers for the exception`,
		}},
		{"empty justification", "waivers:\n  - rule: DCOS-U004\n    justification: \"  \"\n    owner: o\n    expires: 2027-03-31\n", []string{
			`waivers.yaml:3: justification is empty; expected why the findings are accepted`,
		}},
		{"owner not a string", "waivers:\n  - rule: DCOS-U004\n    justification: j\n    owner: 42\n    expires: 2027-03-31\n", []string{
			`waivers.yaml:4: owner is a number; expected a string (quote it)`,
		}},
		{"owner a list", "waivers:\n  - rule: DCOS-U004\n    justification: j\n    owner: [a, b]\n    expires: 2027-03-31\n", []string{
			`waivers.yaml:4: owner is a list; expected a string`,
		}},
		{"bad node glob", "waivers:\n  - rule: DCOS-U004\n    node: \"agent-[\"\n" + ok, []string{
			`waivers.yaml:3: node "agent-[" is not a valid glob (syntax error in pattern); expected a path.Match pattern such as "agent-*"`,
		}},
		{"bad unit glob", "waivers:\n  - rule: DCOS-U004\n    unit: 'dcos-\\'\n" + ok, []string{
			`waivers.yaml:3: unit "dcos-\\" is not a valid glob`,
		}},
		{"empty unit glob", "waivers:\n  - rule: DCOS-U004\n    unit: \"\"\n" + ok, []string{
			`waivers.yaml:3: unit is empty; expected a glob, or no unit key to match every unit`,
		}},
		{"unknown rule id", "waivers:\n  - rule: DCOS-U04\n" + ok, []string{
			`waivers.yaml:2: rule "DCOS-U04": not a rule id; see dcos-audit policy list`,
		}},
		{"waiver rule", "waivers:\n  - rule: DCOS-W002\n" + ok, []string{
			`waivers.yaml:2: rule DCOS-W002 reports on waivers and cannot be waived`,
		}},
		{"key given twice", "waivers:\n  - rule: DCOS-U004\n    rule: DCOS-T003\n" + ok, []string{
			`waivers.yaml:3: rule given twice (first on line 2); expected it once`,
		}},
		{"not a list", "waivers:\n  rule: DCOS-U004\n", []string{
			`waivers.yaml:2: waivers is a mapping; expected a list of waivers`,
		}},
		{"no list", "waivers:\n", []string{
			`waivers.yaml:1: waivers is empty; expected a list of waivers`,
		}},
		{"list at the top", "- rule: DCOS-U004\n  owner: o\n", []string{
			`waivers.yaml:1: found a list; expected a mapping with the key waivers, a list of waivers`,
		}},
		{"unknown top-level key", "waiver: []\n", []string{
			`waivers.yaml:1: unknown key "waiver"; expected waivers`,
		}},
		{"entry not a mapping", "waivers:\n  - DCOS-U004\n", []string{
			`waivers.yaml:2: waiver is a string; expected a mapping with the keys rule, node, unit, justification, owner, expires`,
		}},
		{"empty file", "", []string{
			`waivers.yaml:1: the file is empty; expected a mapping with the key waivers, a list of waivers`,
		}},
		{"comments only", "# nothing yet\n", []string{
			`waivers.yaml:1: the file is empty; expected a mapping`,
		}},
		{"two documents", "waivers: []\n---\nwaivers: []\n", []string{
			`waivers.yaml:2: a second YAML document; expected one document`,
		}},
		{"not YAML", "waivers:\n  - rule: [DCOS-U004\n", []string{
			// The line is the YAML library's, which may be off by one.
			`: did not find expected ',' or ']'; expected valid YAML`,
		}},
		{"every problem, in order", "waivers:\n  - rule: DCOS-U004\n    owner: o\n    expires: 2027-02-30\n  - rule: DCOS-X999\n" + ok, []string{
			`waivers.yaml:2: waiver has no justification`,
			`waivers.yaml:4: expires "2027-02-30" is not a date`,
			`waivers.yaml:5: rule "DCOS-X999": not a rule id`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			write(t, tt.yaml)
			ws, _, err := waivers.Load("waivers.yaml", known)
			if err == nil {
				t.Fatalf("Load = %+v; want an error", ws)
			}
			lines := strings.Split(err.Error(), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("error has %d lines; want %d:\n%v", len(lines), len(tt.want), err)
			}
			for i, want := range tt.want {
				if !fileLine.MatchString(lines[i]) {
					t.Errorf("error line %d does not start with waivers.yaml:LINE: %s", i+1, lines[i])
				}
				if !strings.Contains(lines[i], want) {
					t.Errorf("error line %d:\n got %s\nwant %s", i+1, lines[i], want)
				}
			}
		})
	}
}

var fileLine = regexp.MustCompile(`^waivers\.yaml:[1-9][0-9]*: `)

func write(t *testing.T, content string) {
	t.Helper()
	if err := os.WriteFile("waivers.yaml", []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// now is the time of the Apply tests: the middle of 2026-06-01, UTC.
var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

// catalog is the rule list of the Apply tests, sorted by id.
func catalog() []report.Rule {
	return []report.Rule{
		{ID: "DCOS-T003", Title: "Timer interval differs", Severity: report.Medium, Remediation: "r"},
		{ID: "DCOS-U001", Title: "Required unit missing", Severity: report.High, Remediation: "r"},
		{ID: "DCOS-U004", Title: "Unit unknown", Severity: report.Low, Remediation: "r"},
		{ID: "DCOS-W001", Title: "Waiver expired", Severity: report.Medium, Remediation: "renew or remove"},
		{ID: "DCOS-W002", Title: "Waiver matches no finding", Severity: report.Low, Remediation: "remove"},
		{ID: "DCOS-X001", Title: "Item could not be read", Severity: report.High, Remediation: "r"},
	}
}

// scanned is a report as Scan makes it, before waivers.
func scanned() *report.Report {
	found := []report.Finding{
		{RuleID: "DCOS-U001", Severity: report.High, Unit: "dcos-mesos-slave.service", Message: "missing"},
		{RuleID: "DCOS-U004", Severity: report.Low, Unit: "dcos-acme-sidecar.service", Message: "unknown"},
		{RuleID: "DCOS-U004", Severity: report.Low, Unit: "dcos-other.service", Message: "unknown"},
		{RuleID: "DCOS-X001", Severity: report.High, Path: "etc/x", Message: "unreadable"},
	}
	for i := range found {
		found[i].Node = "agent-1"
	}
	return &report.Report{
		Node:     report.Node{Hostname: "agent-1"},
		Findings: found,
		Summary:  report.Summarize(found),
		Rules:    catalog(),
	}
}

func waiver(rule, node, unit, expires string, line int) waivers.Waiver {
	d, _ := time.Parse(time.DateOnly, expires)
	return waivers.Waiver{
		Rule: rule, Node: node, Unit: unit, Expires: d,
		Justification: "accepted", Owner: "ops@example.com",
		Source: fmt.Sprintf("w.yaml:%d", line),
	}
}

// row is what the Apply tests look at in a finding.
type row struct {
	Rule, Unit string
	Waived     bool
	By         string // the waiver's source
	Message    string // only of the waiver rules' findings
}

func rows(found []report.Finding) []row {
	var out []row
	for _, f := range found {
		r := row{Rule: f.RuleID, Unit: f.Unit, Waived: f.Waived}
		if f.Waiver != nil {
			r.By = f.Waiver.Source
		}
		if strings.HasPrefix(f.RuleID, "DCOS-W") {
			r.Message = f.Message
		}
		out = append(out, r)
	}
	return out
}

func TestApply(t *testing.T) {
	var (
		u001    = row{Rule: "DCOS-U001", Unit: "dcos-mesos-slave.service"}
		sidecar = row{Rule: "DCOS-U004", Unit: "dcos-acme-sidecar.service"}
		other   = row{Rule: "DCOS-U004", Unit: "dcos-other.service"}
		x001    = row{Rule: "DCOS-X001"}
		by      = func(r row, source string) row { r.Waived, r.By = true, source; return r }
	)
	tests := []struct {
		name    string
		rules   []report.Rule // the catalog, when not catalog()
		waivers []waivers.Waiver
		now     time.Time // when not now
		want    []row
	}{
		{
			name:    "by rule only",
			waivers: []waivers.Waiver{waiver("DCOS-U004", "", "", "2027-03-31", 1)},
			want:    []row{u001, by(sidecar, "w.yaml:1"), by(other, "w.yaml:1"), x001},
		},
		{
			name:    "by node glob",
			waivers: []waivers.Waiver{waiver("DCOS-U001", "agent-*", "", "2027-03-31", 1)},
			want:    []row{by(u001, "w.yaml:1"), sidecar, other, x001},
		},
		{
			name:    "node glob of other nodes: neither waived nor stale here",
			waivers: []waivers.Waiver{waiver("DCOS-U001", "master-*", "", "2027-03-31", 1)},
			want:    []row{u001, sidecar, other, x001},
		},
		{
			name:    "by unit glob",
			waivers: []waivers.Waiver{waiver("DCOS-U004", "", "dcos-acme-*.service", "2027-03-31", 1)},
			want:    []row{u001, by(sidecar, "w.yaml:1"), other, x001},
		},
		{
			name:    "a unit glob never matches a finding without unit",
			waivers: []waivers.Waiver{waiver("DCOS-X001", "", "*", "2027-03-31", 1)},
			want: []row{u001, sidecar, other, {Rule: "DCOS-W002",
				Message: `waiver w.yaml:1 (DCOS-X001, unit "*", owner ops@example.com) matches no finding; remove it`}, x001},
		},
		{
			name: "first matching waiver wins; the second is not stale",
			waivers: []waivers.Waiver{
				waiver("DCOS-U004", "", "dcos-acme-*", "2027-03-31", 1),
				waiver("DCOS-U004", "", "", "2027-03-31", 2),
			},
			want: []row{u001, by(sidecar, "w.yaml:1"), by(other, "w.yaml:2"), x001},
		},
		{
			name:    "expired: findings stay active, W001",
			waivers: []waivers.Waiver{waiver("DCOS-U004", "agent-*", "", "2026-05-31", 1)},
			want: []row{u001, sidecar, other, {Rule: "DCOS-W001",
				Message: `waiver w.yaml:1 (DCOS-U004, node "agent-*", owner ops@example.com) expired on 2026-05-31; the 2 findings it covered count again`}, x001},
		},
		{
			name:    "expired, one finding",
			waivers: []waivers.Waiver{waiver("DCOS-U004", "", "dcos-other.service", "2026-05-31", 1)},
			want: []row{u001, sidecar, other, {Rule: "DCOS-W001",
				Message: `waiver w.yaml:1 (DCOS-U004, unit "dcos-other.service", owner ops@example.com) expired on 2026-05-31; the finding it covered counts again`}, x001},
		},
		{
			name: "expired, its findings covered by another waiver",
			waivers: []waivers.Waiver{
				waiver("DCOS-U001", "", "", "2026-01-31", 1),
				waiver("DCOS-U001", "", "", "2027-01-31", 2),
			},
			want: []row{by(u001, "w.yaml:2"), sidecar, other, {Rule: "DCOS-W001",
				Message: `waiver w.yaml:1 (DCOS-U001, owner ops@example.com) expired on 2026-01-31; renew it or remove it`}, x001},
		},
		{
			name:    "waives through the last second of its day",
			waivers: []waivers.Waiver{waiver("DCOS-U001", "", "", "2026-06-01", 1)},
			now:     time.Date(2026, 6, 1, 23, 59, 59, 0, time.UTC),
			want:    []row{by(u001, "w.yaml:1"), sidecar, other, x001},
		},
		{
			name:    "expired at midnight",
			waivers: []waivers.Waiver{waiver("DCOS-U001", "", "", "2026-05-31", 1)},
			now:     time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
			want: []row{u001, sidecar, other, {Rule: "DCOS-W001",
				Message: `waiver w.yaml:1 (DCOS-U001, owner ops@example.com) expired on 2026-05-31; the finding it covered counts again`}, x001},
		},
		{
			name:    "stale: W002",
			waivers: []waivers.Waiver{waiver("DCOS-T003", "agent-*", "x", "2027-03-31", 1)},
			want: []row{u001, sidecar, other, {Rule: "DCOS-W002",
				Message: `waiver w.yaml:1 (DCOS-T003, node "agent-*", unit "x", owner ops@example.com) matches no finding; remove it`}, x001},
		},
		{
			name:    "a rule that was not evaluated: not stale",
			waivers: []waivers.Waiver{waiver("DCOS-T001", "", "", "2027-03-31", 1)},
			want:    []row{u001, sidecar, other, x001},
		},
		{
			name: "waiver rules not selected: expired waivers stop waiving all the same",
			rules: []report.Rule{
				{ID: "DCOS-T003", Severity: report.Medium}, {ID: "DCOS-U001", Severity: report.High},
				{ID: "DCOS-U004", Severity: report.Low}, {ID: "DCOS-X001", Severity: report.High},
			},
			waivers: []waivers.Waiver{
				waiver("DCOS-U001", "", "", "2026-05-31", 1),
				waiver("DCOS-T003", "", "", "2027-03-31", 2),
			},
			want: []row{u001, sidecar, other, x001},
		},
		{
			name: "no waivers",
			want: []row{u001, sidecar, other, x001},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := scanned()
			if tt.rules != nil {
				rep.Rules = tt.rules
			}
			at := now
			if !tt.now.IsZero() {
				at = tt.now
			}
			if err := waivers.Apply(rep, tt.waivers, at); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, rows(rep.Findings)); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(report.Summarize(rep.Findings), rep.Summary); diff != "" {
				t.Errorf("summary not recounted (-want +got):\n%s", diff)
			}
		})
	}
}

// TestApplyWaiverFindings: the waiver rules' findings take title, severity
// and remediation from the catalog, and are about the node, not a file.
func TestApplyWaiverFindings(t *testing.T) {
	rep := scanned()
	err := waivers.Apply(rep, []waivers.Waiver{
		waiver("DCOS-U001", "", "", "2026-05-31", 1),
		waiver("DCOS-T003", "", "", "2027-03-31", 2),
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	var got []report.Finding
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.RuleID, "DCOS-W") {
			f.Message = ""
			got = append(got, f)
		}
	}
	want := []report.Finding{
		{RuleID: "DCOS-W001", Severity: report.Medium, Title: "Waiver expired", Node: "agent-1", Remediation: "renew or remove"},
		{RuleID: "DCOS-W002", Severity: report.Low, Title: "Waiver matches no finding", Node: "agent-1", Remediation: "remove"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("waiver findings (-want +got):\n%s", diff)
	}
}

// TestApplyCounts: a waived finding is in the report and the total, but
// not in the severity counts nor in what --fail-on counts.
func TestApplyCounts(t *testing.T) {
	rep := scanned()
	if got := rep.CountAtOrAbove(report.High); got != 2 {
		t.Fatalf("before: CountAtOrAbove(high) = %d; want 2", got)
	}
	if err := waivers.Apply(rep, []waivers.Waiver{waiver("DCOS-U001", "", "", "2027-03-31", 1)}, now); err != nil {
		t.Fatal(err)
	}
	if got := rep.CountAtOrAbove(report.High); got != 1 {
		t.Errorf("CountAtOrAbove(high) = %d; want 1 (the waived U001 does not count)", got)
	}
	want := report.Summary{Total: 4, Waived: 1, BySeverity: map[string]int{
		"critical": 0, "high": 1, "medium": 0, "low": 2, "info": 0,
	}}
	if diff := cmp.Diff(want, rep.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	f := rep.Findings[0]
	wantWaiver := &report.Waiver{Justification: "accepted", Owner: "ops@example.com", Expires: "2027-03-31", Source: "w.yaml:1"}
	if !f.Waived || f.RuleID != "DCOS-U001" || !cmp.Equal(wantWaiver, f.Waiver) {
		t.Errorf("U001 finding %+v; want waived by %+v", f, wantWaiver)
	}
}

// TestApplyMalformed: a waiver Load would refuse is an error, and the
// report is left alone.
func TestApplyMalformed(t *testing.T) {
	for _, w := range []waivers.Waiver{
		waiver("DCOS-U004", "agent-[", "", "2027-03-31", 1),
		waiver("DCOS-U004", "", "", "", 1),
		waiver("", "", "", "2027-03-31", 1),
		waiver("DCOS-W001", "", "", "2027-03-31", 1),
	} {
		rep := scanned()
		if err := waivers.Apply(rep, []waivers.Waiver{waiver("DCOS-U001", "", "", "2027-03-31", 2), w}, now); err == nil {
			t.Errorf("Apply(%+v): want an error", w)
		}
		if diff := cmp.Diff(scanned(), rep); diff != "" {
			t.Errorf("Apply(%+v) changed the report on error (-want +got):\n%s", w, diff)
		}
	}
}

// TestWithScanner is the scan command's sequence on a fixture: load the
// waivers against the built-in catalog, scan, apply. It also pins that the
// waiver rules are in that catalog, without which Apply makes no findings.
func TestWithScanner(t *testing.T) {
	s, err := scanner.New(t.Context(), scanner.Options{Tool: report.Tool{Name: "dcos-audit", Version: "test"}, ProducedRules: waivers.Rules})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]report.Rule{}
	for _, r := range s.Rules() {
		ids[r.ID] = r
	}
	if ids[waivers.RuleExpired].Severity != report.Medium || ids[waivers.RuleStale].Severity != report.Low {
		t.Fatalf("catalog: %s = %+v, %s = %+v; want medium and low", waivers.RuleExpired, ids[waivers.RuleExpired], waivers.RuleStale, ids[waivers.RuleStale])
	}

	ws, _, err := waivers.Load(filepath.Join("testdata", "valid.yaml"), func(id string) bool { _, ok := ids[id]; return ok })
	if err != nil {
		t.Fatal(err)
	}
	src := rootfs.Source{
		Root: filepath.Join("..", "testdata", "fixtures", "agent-unknown-unit", "root"),
		Tool: "dcos-audit test",
		Now:  func() time.Time { return now },
	}
	snap, err := src.Gather(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Scan(t.Context(), snap)
	if err != nil {
		t.Fatal(err)
	}
	if err := waivers.Apply(rep, ws, now); err != nil {
		t.Fatal(err)
	}
	// The sidecar is waived as unknown (U004), not for what it runs (S006);
	// the T003 waiver, unexpired on 2026-06-01 and matching nothing on this
	// clean timer, is stale.
	valid := filepath.Join("testdata", "valid.yaml")
	want := []row{
		{Rule: "DCOS-S006", Unit: "dcos-acme-sidecar.service"},
		{Rule: "DCOS-U004", Unit: "dcos-acme-sidecar.service", Waived: true, By: valid + ":3"},
		{Rule: "DCOS-W002", Message: "waiver " + valid + ":10 (DCOS-T003, owner ops@example.com) matches no finding; remove it"},
	}
	if diff := cmp.Diff(want, rows(rep.Findings)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if got := rep.CountAtOrAbove(report.Info); got != 2 {
		t.Errorf("CountAtOrAbove(info) = %d; want 2, S006 and the stale waiver", got)
	}
}
