package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestTableGroupsBySeverity(t *testing.T) {
	r := &Report{Findings: []Finding{
		{RuleID: "A", Severity: Low, Message: "a"},
		{RuleID: "B", Severity: Critical, Message: "b"},
		{RuleID: "C", Severity: Low, Message: "c"},
		{RuleID: "D", Severity: Critical, Message: "d"},
	}}
	var buf bytes.Buffer
	if err := (Table{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(buf.String(), "\n") {
		if f := strings.Fields(line); len(f) == 4 && f[0] != "SEVERITY" {
			got = append(got, f[0]+" "+f[1])
		}
	}
	want := []string{"CRITICAL B", "CRITICAL D", "LOW A", "LOW C"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("row order (-want +got):\n%s", diff)
	}
	if !strings.HasSuffix(buf.String(), "\n4 findings: 2 critical, 0 high, 0 medium, 2 low, 0 info\n") {
		t.Errorf("summary line missing:\n%s", buf.String())
	}
}

// TestTableCells: a message with a tab or a line break stays on its row,
// and nothing is cut.
func TestTableCells(t *testing.T) {
	long := strings.Repeat("x", 500)
	r := &Report{Findings: []Finding{{RuleID: "A", Severity: High, Unit: "u.service", Message: "one\ttwo\nthree " + long}}}
	var buf bytes.Buffer
	if err := (Table{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "one two three "+long+"\n") {
		t.Errorf("message not kept whole on one line:\n%s", out)
	}
	if !strings.HasSuffix(out, "\n1 finding: 0 critical, 1 high, 0 medium, 0 low, 0 info\n") {
		t.Errorf("summary line for one finding:\n%s", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if strings.HasSuffix(line, " ") {
			t.Errorf("trailing space in %q", line)
		}
	}
}

// TestTableWaived: waived findings leave the main table for the Waived
// section, with their waiver below them, and the summary says how many.
func TestTableWaived(t *testing.T) {
	wv := &Waiver{Justification: "accepted", Owner: "ops@example.com", Expires: "2027-03-31", Source: "w.yaml:3"}
	tests := []struct {
		name     string
		findings []Finding
		want     string // after the header
	}{
		{
			name: "some waived",
			findings: []Finding{
				{RuleID: "A", Severity: High, Unit: "a.service", Message: "a"},
				{RuleID: "B", Severity: Critical, Message: "b", Waived: true, Waiver: wv},
			},
			want: "SEVERITY  RULE  UNIT       MESSAGE\n" +
				"HIGH      A     a.service  a\n" +
				"\n" +
				"Waived:\n" +
				"SEVERITY  RULE  UNIT  MESSAGE\n" +
				"CRITICAL  B     -     b\n" +
				"                      waived until 2027-03-31 by ops@example.com (w.yaml:3): accepted\n" +
				"\n" +
				"2 findings: 0 critical, 1 high, 0 medium, 0 low, 0 info, 1 waived\n",
		},
		{
			name:     "all waived",
			findings: []Finding{{RuleID: "B", Severity: Low, Message: "b", Waived: true, Waiver: wv}},
			want: "No active findings.\n" +
				"\n" +
				"Waived:\n" +
				"SEVERITY  RULE  UNIT  MESSAGE\n" +
				"LOW       B     -     b\n" +
				"                      waived until 2027-03-31 by ops@example.com (w.yaml:3): accepted\n" +
				"\n" +
				"1 finding: 0 critical, 0 high, 0 medium, 0 low, 0 info, 1 waived\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (Table{}).Write(&buf, &Report{Findings: tt.findings}); err != nil {
				t.Fatal(err)
			}
			_, got, ok := strings.Cut(buf.String(), "\n\n")
			if !ok {
				t.Fatalf("no header:\n%s", buf.String())
			}
			if diff := cmp.Diff(strings.Split(tt.want, "\n"), strings.Split(got, "\n")); diff != "" {
				t.Errorf("table (-want +got):\n%s", diff)
			}
		})
	}
}
