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
