package report

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// junitDoc is the written JUnit XML as a consumer reads it: text decoded.
type junitDoc struct {
	XMLName  xml.Name `xml:"testsuites"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Suites   []struct {
		Name     string `xml:"name,attr"`
		Tests    int    `xml:"tests,attr"`
		Failures int    `xml:"failures,attr"`
		Errors   int    `xml:"errors,attr"`
		Skipped  int    `xml:"skipped,attr"`
		Cases    []struct {
			Classname string     `xml:"classname,attr"`
			Name      string     `xml:"name,attr"`
			Failures  []junitOut `xml:"failure"`
			Skipped   []junitOut `xml:"skipped"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

type junitOut struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func decodeJUnit(t testing.TB, r *Report) junitDoc {
	t.Helper()
	var buf bytes.Buffer
	if err := (JUnit{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), xml.Header) {
		t.Errorf("no XML header:\n%s", buf.String())
	}
	var d junitDoc
	if err := xml.Unmarshal(buf.Bytes(), &d); err != nil {
		t.Fatalf("written JUnit does not parse: %v\n%s", err, buf.String())
	}
	if len(d.Suites) != 1 {
		t.Fatalf("%d test suites; want 1", len(d.Suites))
	}
	return d
}

// TestJUnitCounts reads back the shared report: failures are the active
// findings and skipped the waived ones, as Summary counts them, plus the
// rules not run; every rule
// has a test case; no test case both fails and is skipped, and none has
// two failures (Jenkins would show only one).
func TestJUnitCounts(t *testing.T) {
	r := loadReport(t)
	d := decodeJUnit(t, r)
	s := d.Suites[0]

	active := 0
	for _, n := range r.Summary.BySeverity {
		active += n
	}
	if active != r.Summary.Total-r.Summary.Waived || r.Summary.Waived == 0 {
		t.Fatalf("report.json summary is not what this test needs: %+v", r.Summary)
	}
	fired := map[string]bool{}
	for _, f := range r.Findings {
		fired[f.RuleID] = true
	}
	notRun := 0
	for _, rule := range r.Rules {
		if rule.Status == RuleNotRun {
			notRun++
		}
	}
	if notRun == 0 {
		t.Fatal("report.json has no rule that was not run: this test needs one")
	}
	quiet := len(r.Rules) - len(fired)
	want := [4]int{quiet + r.Summary.Total, active, 0, r.Summary.Waived + notRun}
	if got := [4]int{s.Tests, s.Failures, s.Errors, s.Skipped}; got != want {
		t.Errorf("testsuite tests, failures, errors, skipped = %v; want %v", got, want)
	}
	if got := [4]int{d.Tests, d.Failures, d.Errors, d.Skipped}; got != want {
		t.Errorf("testsuites tests, failures, errors, skipped = %v; want %v", got, want)
	}
	if s.Name != "dcos-audit agent-2-2-1" {
		t.Errorf("testsuite name = %q", s.Name)
	}

	var failures, skipped int
	cases := map[string]bool{}
	for _, c := range s.Cases {
		if cases[c.Name] {
			t.Errorf("two test cases named %q", c.Name)
		}
		cases[c.Name] = true
		failures += len(c.Failures)
		skipped += len(c.Skipped)
		if len(c.Failures)+len(c.Skipped) > 1 {
			t.Errorf("test case %q has %d failures and %d skipped; want at most one outcome", c.Name, len(c.Failures), len(c.Skipped))
		}
	}
	if len(s.Cases) != s.Tests || failures != s.Failures || skipped != s.Skipped {
		t.Errorf("elements: %d testcase, %d failure, %d skipped; attributes say %d, %d, %d",
			len(s.Cases), failures, skipped, s.Tests, s.Failures, s.Skipped)
	}
	for _, rule := range r.Rules {
		found := false
		for name := range cases {
			found = found || strings.HasPrefix(name, rule.ID+" "+rule.Title)
		}
		if !found {
			t.Errorf("rule %s has no test case", rule.ID)
		}
	}
}

// TestJUnitOutcomes checks what each kind of test case carries.
func TestJUnitOutcomes(t *testing.T) {
	wv := &Waiver{Justification: "accepted", Owner: "ops@example.com", Expires: "2027-03-31", Source: "w.yaml:3"}
	r := &Report{
		Node: Node{Hostname: "agent-1"},
		Rules: []Rule{
			{ID: "DCOS-H001", Title: "Service failed", Severity: High, Area: "health", Status: RuleNotRun, Reason: "offline"},
			{ID: "DCOS-R001", Title: "No node role recorded", Severity: High, Area: "roles"},
			{ID: "DCOS-U004", Title: "Unit unknown to the catalog", Severity: Low, Area: "units", Remediation: "Find out.", HelpURI: "https://example.invalid/u004"},
			{ID: "DCOS-W001", Title: "Waiver expired", Severity: Medium, Area: "waivers"},
		},
		Findings: []Finding{
			{RuleID: "DCOS-U004", Severity: Low, Message: "a is unknown", Unit: "a.service", Path: "etc/a.service", Remediation: "Find out."},
			{RuleID: "DCOS-U004", Severity: Low, Message: "b is unknown", Unit: "b.service", Waived: true, Waiver: wv},
			{RuleID: "DCOS-W001", Severity: Medium, Message: "waiver w.yaml:2 expired"},
			{RuleID: "DCOS-W001", Severity: Medium, Message: "waiver w.yaml:9 expired"},
		},
	}
	type outcome struct{ Classname, Name, Kind, Message, Type, Text string }
	var got []outcome
	for _, c := range decodeJUnit(t, r).Suites[0].Cases {
		o := outcome{Classname: c.Classname, Name: c.Name, Kind: "pass"}
		for _, f := range c.Failures {
			o.Kind, o.Message, o.Type, o.Text = "failure", f.Message, f.Type, f.Text
		}
		for _, s := range c.Skipped {
			o.Kind, o.Message, o.Type, o.Text = "skipped", s.Message, s.Type, s.Text
		}
		got = append(got, o)
	}
	want := []outcome{
		{"agent-1.health", "DCOS-H001 Service failed", "skipped", "not run: offline", "", ""},
		{"agent-1.roles", "DCOS-R001 No node role recorded", "pass", "", "", ""},
		{"agent-1.units", "DCOS-U004 Unit unknown to the catalog (a.service)", "failure", "a is unknown", "low",
			"unit: a.service\npath: etc/a.service\nremediation: Find out.\nmore: https://example.invalid/u004"},
		{"agent-1.units", "DCOS-U004 Unit unknown to the catalog (b.service)", "skipped",
			"waived: accepted (ops@example.com, until 2027-03-31)", "",
			"b is unknown\nwaiver: w.yaml:3\nseverity: low\nunit: b.service"},
		{"agent-1.waivers", "DCOS-W001 Waiver expired", "failure", "waiver w.yaml:2 expired", "medium", ""},
		{"agent-1.waivers", "DCOS-W001 Waiver expired #2", "failure", "waiver w.yaml:9 expired", "medium", ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("test cases (-want +got):\n%s", diff)
	}
}

// TestJUnitEscaping: what XML holds specially, in a message, a unit and a
// path, reads back as it was written; controls, which XML mostly cannot
// hold, are escaped visibly instead of making the file unreadable.
func TestJUnitEscaping(t *testing.T) {
	msg := `unit "a<b>" & 'c' failed` + "\nsecond line\tand a tab"
	r := &Report{
		Node:  Node{Hostname: "n"},
		Rules: []Rule{{ID: "SITE-001", Title: "A & B <rule>", Severity: High, Tags: []string{"site"}}},
		Findings: []Finding{{
			RuleID: "SITE-001", Severity: High, Message: msg,
			Unit: `a<&>"b".service`, Path: "etc/x]]>y", Remediation: "fix\x00it",
		}},
	}
	c := decodeJUnit(t, r).Suites[0].Cases[0]
	if c.Classname != "n.site" {
		t.Errorf("classname = %q; want n.site (a user rule's first tag)", c.Classname)
	}
	if want := `SITE-001 A & B <rule> (a<&>"b".service)`; c.Name != want {
		t.Errorf("name = %q; want %q", c.Name, want)
	}
	if len(c.Failures) != 1 {
		t.Fatalf("%d failures; want 1", len(c.Failures))
	}
	f := c.Failures[0]
	if f.Message != msg {
		t.Errorf("message = %q; want %q", f.Message, msg)
	}
	wantText := "unit: a<&>\"b\".service\npath: etc/x]]>y\nremediation: fix\\x00it"
	if f.Text != wantText {
		t.Errorf("text = %q; want %q", f.Text, wantText)
	}
}

func TestRuleArea(t *testing.T) {
	tests := []struct {
		rule Rule
		want string
	}{
		{Rule{ID: "DCOS-U001", Area: "units", Tags: []string{"role"}}, "units"},
		{Rule{ID: "SITE-002", Area: "storage"}, "storage"},
		{Rule{ID: "DCOS-Q001", Tags: []string{"", "future"}}, "future"},
		{Rule{ID: "ACME-U001", Tags: []string{"acme"}}, "acme"},
		{Rule{ID: "SITE-001"}, "custom"},
		{Rule{ID: "DCOS-"}, "custom"},
	}
	for _, tt := range tests {
		if got := ruleArea(tt.rule); got != tt.want {
			t.Errorf("ruleArea(%s %v) = %q; want %q", tt.rule.ID, tt.rule.Tags, got, tt.want)
		}
	}
}

func TestJUnitInvalidSeverity(t *testing.T) {
	r := loadReport(t)
	r.Findings[0].Severity = 0
	if err := (JUnit{}).Write(io.Discard, r); err == nil {
		t.Error("finding without severity: want an error")
	}
}
