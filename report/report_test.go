package report

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseSeverityRoundTrip(t *testing.T) {
	for _, s := range Severities() {
		for _, name := range []string{s.String(), strings.ToUpper(s.String())} {
			got, err := ParseSeverity(name)
			if err != nil || got != s {
				t.Errorf("ParseSeverity(%q) = %v, %v; want %v", name, got, err, s)
			}
		}
		text, err := s.MarshalText()
		if err != nil {
			t.Fatalf("%v.MarshalText: %v", s, err)
		}
		var back Severity
		if err := back.UnmarshalText(text); err != nil || back != s {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", text, back, err, s)
		}
	}
}

func TestParseSeverityUnknown(t *testing.T) {
	for _, name := range []string{"", "severe", "warning", "Severity(0)", " high"} {
		got, err := ParseSeverity(name)
		if err == nil {
			t.Errorf("ParseSeverity(%q) = %v; want an error", name, got)
			continue
		}
		if !strings.Contains(err.Error(), "info, low, medium, high, critical") {
			t.Errorf("ParseSeverity(%q) error %q does not list the valid names", name, err)
		}
	}
	var s Severity
	if err := json.Unmarshal([]byte(`"severe"`), &s); err == nil {
		t.Error(`decoding "severe": want an error`)
	}
}

func TestSeverityOrder(t *testing.T) {
	want := []Severity{Info, Low, Medium, High, Critical}
	if diff := cmp.Diff(want, Severities()); diff != "" {
		t.Errorf("Severities() (-want +got):\n%s", diff)
	}
	if !slices.IsSorted(Severities()) {
		t.Error("Severities() is not in increasing order")
	}
	if !(Info < Low && Low < Medium && Medium < High && High < Critical) {
		t.Error("severities do not compare in order")
	}
}

func TestMarshalTextInvalid(t *testing.T) {
	for _, s := range []Severity{0, -1, Critical + 1} {
		if b, err := s.MarshalText(); err == nil {
			t.Errorf("Severity(%d).MarshalText() = %q; want an error", int(s), b)
		}
	}
	// A finding with the zero severity cannot be written as JSON.
	if _, err := json.Marshal(Finding{RuleID: "DCOS-U001"}); err == nil {
		t.Error("marshalling a finding without severity: want an error")
	}
}

func TestSummarize(t *testing.T) {
	got := Summarize([]Finding{{Severity: High}, {Severity: Low}, {Severity: High}})
	want := Summary{Total: 3, BySeverity: map[string]int{
		"critical": 0, "high": 2, "medium": 0, "low": 1, "info": 0,
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize (-want +got):\n%s", diff)
	}

	empty := Summarize(nil)
	if empty.Total != 0 || len(empty.BySeverity) != 5 {
		t.Errorf("Summarize(nil) = %+v; want total 0 and all five severities", empty)
	}
	for _, s := range Severities() {
		if n, ok := empty.BySeverity[s.String()]; !ok || n != 0 {
			t.Errorf("Summarize(nil).BySeverity[%q] = %d, %v; want 0, true", s, n, ok)
		}
	}
}

// TestSummarizeWaived: a waived finding counts in total and waived, not
// by severity, so the severities add up to total - waived.
func TestSummarizeWaived(t *testing.T) {
	got := Summarize([]Finding{{Severity: High}, {Severity: High, Waived: true}, {Severity: Low, Waived: true}})
	want := Summary{Total: 3, Waived: 2, BySeverity: map[string]int{
		"critical": 0, "high": 1, "medium": 0, "low": 0, "info": 0,
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize (-want +got):\n%s", diff)
	}
}

func TestCountAtOrAboveSkipsWaived(t *testing.T) {
	r := &Report{Findings: []Finding{
		{Severity: Critical, Waived: true}, {Severity: High}, {Severity: High, Waived: true}, {Severity: Low},
	}}
	want := map[Severity]int{Info: 2, Low: 2, Medium: 1, High: 1, Critical: 0}
	for s, n := range want {
		if got := r.CountAtOrAbove(s); got != n {
			t.Errorf("CountAtOrAbove(%v) = %d; want %d", s, got, n)
		}
	}
}

func TestCountAtOrAbove(t *testing.T) {
	r := &Report{Findings: []Finding{
		{Severity: Info}, {Severity: Low}, {Severity: Medium}, {Severity: High}, {Severity: High}, {Severity: Critical},
	}}
	want := map[Severity]int{Info: 6, Low: 5, Medium: 4, High: 3, Critical: 1}
	for s, n := range want {
		if got := r.CountAtOrAbove(s); got != n {
			t.Errorf("CountAtOrAbove(%v) = %d; want %d", s, got, n)
		}
	}
	if got := (&Report{}).CountAtOrAbove(Info); got != 0 {
		t.Errorf("empty report: CountAtOrAbove(info) = %d; want 0", got)
	}
}
