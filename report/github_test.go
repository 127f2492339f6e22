package report

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGitHubEscaping follows actions/toolkit's escapeData and
// escapeProperty (packages/core/src/command.ts).
func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		in, data, property string
	}{
		{"plain text", "plain text", "plain text"},
		{"100%", "100%25", "100%25"},
		{"%0A is not a line break", "%250A is not a line break", "%250A is not a line break"},
		{"one\ntwo", "one%0Atwo", "one%0Atwo"},
		{"one\r\ntwo", "one%0D%0Atwo", "one%0D%0Atwo"},
		{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
		{"::error::x", "::error::x", "%3A%3Aerror%3A%3Ax"},
		{"etc/systemd/system/a\\x2db.mount", "etc/systemd/system/a\\x2db.mount", "etc/systemd/system/a\\x2db.mount"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := githubData(tt.in); got != tt.data {
			t.Errorf("githubData(%q) = %q; want %q", tt.in, got, tt.data)
		}
		if got := githubProperty(tt.in); got != tt.property {
			t.Errorf("githubProperty(%q) = %q; want %q", tt.in, got, tt.property)
		}
	}
}

// TestGitHubCommands: one command per active finding, its level by
// severity, most severe first; nothing in a finding can start a second
// command; waived findings are only counted.
func TestGitHubCommands(t *testing.T) {
	r := &Report{
		Node: Node{Hostname: "agent-1"},
		Findings: []Finding{
			{RuleID: "A", Severity: Info, Title: "Info", Message: "i"},
			{RuleID: "B", Severity: Critical, Title: "Crit", Message: "c\n::error::forged", Path: "etc/a,b:c"},
			{RuleID: "C", Severity: Low, Title: "Low", Message: "l", Path: "etc/l"},
			{RuleID: "D", Severity: High, Message: "h"},
			{RuleID: "E", Severity: Medium, Title: "Med", Message: "m"},
			{RuleID: "F", Severity: Critical, Title: "Waived", Message: "w", Waived: true},
		},
	}
	var buf bytes.Buffer
	if err := (GitHub{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"::error file=etc/a%2Cb%3Ac,title=B Crit::c%0A::error::forged",
		"::error title=D::h",
		"::warning title=E Med::m",
		"::notice file=etc/l,title=C Low::l",
		"::notice title=A Info::i",
		"dcos-audit agent-1: 6 findings: 1 critical, 1 high, 1 medium, 1 low, 1 info, 1 waived",
		"",
	}
	if diff := cmp.Diff(want, strings.Split(buf.String(), "\n")); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// TestGitHubTitleFromCatalog: a finding without a title gets its rule's.
func TestGitHubTitleFromCatalog(t *testing.T) {
	r := &Report{
		Rules:    []Rule{{ID: "DCOS-U001", Title: "Required unit missing", Severity: High}},
		Findings: []Finding{{RuleID: "DCOS-U001", Severity: High, Message: "m"}},
	}
	var buf bytes.Buffer
	if err := (GitHub{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(buf.String(), "\n"); first != "::error title=DCOS-U001 Required unit missing::m" {
		t.Errorf("first line = %q", first)
	}
}

func TestGitHubInvalidSeverity(t *testing.T) {
	r := loadReport(t)
	r.Findings[0].Severity = 0
	if err := (GitHub{}).Write(io.Discard, r); err == nil {
		t.Error("finding without severity: want an error")
	}
}
