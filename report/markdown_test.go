package report

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func writeMarkdown(t testing.TB, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := (Markdown{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestMDText(t *testing.T) {
	tests := map[string]string{
		"plain: a.service, DC/OS 2.2.1": "plain: a.service, DC/OS 2.2.1",
		"a|b":                           `a\|b`,
		"one\ntwo\r\nthree\rfour":       "one<br>two<br>three<br>four",
		"tab\there":                     "tab here",
		"<img src=x>":                   `\<img src=x\>`,
		"[click](https://x)":            `\[click\](https://x)`,
		"*bold* _em_ ~del~ `code`":      "\\*bold\\* \\_em\\_ \\~del\\~ \\`code\\`",
		`back\slash &amp;`:              `back\\slash \&amp;`,
	}
	for in, want := range tests {
		if got := mdText(in); got != want {
			t.Errorf("mdText(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestMDCode(t *testing.T) {
	tests := map[string]string{
		"":                     "",
		"a.service":            "`a.service`",
		"a|b":                  "`a\\|b`",
		"a`b":                  "``a`b``",
		"`a``":                 "``` `a`` ```",
		"etc/x\ny":             "`etc/x y`",
		`etc/a\x2db.mount`:     "`etc/a\\x2db.mount`",
		"getty@tty1.service":   "`getty@tty1.service`",
		"<b>not html</b>.conf": "`<b>not html</b>.conf`",
	}
	for in, want := range tests {
		if got := mdCode(in); got != want {
			t.Errorf("mdCode(%q) = %q; want %q", in, got, want)
		}
	}
}

// TestMarkdownCells: a finding's values cannot break its table row.
func TestMarkdownCells(t *testing.T) {
	r := &Report{
		Node: Node{Hostname: "n"},
		Findings: []Finding{{
			RuleID: "SITE-001", Severity: High, Title: "T",
			Message: "a | b\nc", Unit: "u|v.service", Path: "etc/p|q",
		}},
	}
	out := writeMarkdown(t, r)
	want := "| [SITE-001](#site-001) | `u\\|v.service` | a \\| b<br>c | `etc/p\\|q` |\n"
	if !strings.Contains(out, want) {
		t.Errorf("row %q not in:\n%s", want, out)
	}
	// The rule is not in the catalog; it is still described, from the finding.
	if !strings.Contains(out, "\n### SITE-001\n\n**T** · severity high\n") {
		t.Errorf("no description of SITE-001:\n%s", out)
	}
}

// TestMarkdownSections: no findings, only waived findings, and each rule
// described once although its findings are in two sections.
func TestMarkdownSections(t *testing.T) {
	wv := &Waiver{Justification: "accepted", Owner: "ops@example.com", Expires: "2027-03-31", Source: "w.yaml:3"}
	rules := []Rule{{ID: "DCOS-U004", Title: "Unit unknown to the catalog", Severity: Low, Remediation: "Find out."}}

	if out := writeMarkdown(t, &Report{Rules: rules}); !strings.HasSuffix(out, "\n\nNo findings.\n") {
		t.Errorf("no findings:\n%s", out)
	}

	allWaived := writeMarkdown(t, &Report{Rules: rules, Findings: []Finding{
		{RuleID: "DCOS-U004", Severity: Low, Message: "a", Unit: "a.service", Waived: true, Waiver: wv},
	}})
	for _, want := range []string{
		"**1 finding:** 0 critical, 0 high, 0 medium, 0 low, 0 info, 1 waived\n\nNo active findings.\n\n## Waived (1)\n",
		"| [DCOS-U004](#dcos-u004) | low | `a.service` | a | accepted | ops@example.com | 2027-03-31 | `w.yaml:3` |\n",
		"\n### DCOS-U004\n",
	} {
		if !strings.Contains(allWaived, want) {
			t.Errorf("all waived: %q not in:\n%s", want, allWaived)
		}
	}
	if strings.Contains(allWaived, "## Low") {
		t.Errorf("all waived: a severity section without active findings:\n%s", allWaived)
	}

	mixed := writeMarkdown(t, &Report{Rules: rules, Findings: []Finding{
		{RuleID: "DCOS-U004", Severity: Low, Message: "a", Unit: "a.service", Waived: true, Waiver: wv},
		{RuleID: "DCOS-U004", Severity: Low, Message: "b", Unit: "b.service"},
	}})
	if n := strings.Count(mixed, "### DCOS-U004"); n != 1 {
		t.Errorf("DCOS-U004 described %d times; want once:\n%s", n, mixed)
	}
	if low, waived := strings.Index(mixed, "## Low (1)"), strings.Index(mixed, "## Waived (1)"); low < 0 || waived < low ||
		!strings.Contains(mixed[low:waived], "### DCOS-U004") {
		t.Errorf("DCOS-U004 not described under its first table:\n%s", mixed)
	}
}

func TestMarkdownInvalidSeverity(t *testing.T) {
	r := loadReport(t)
	r.Findings[0].Severity = 0
	if err := (Markdown{}).Write(io.Discard, r); err == nil {
		t.Error("finding without severity: want an error")
	}
}
