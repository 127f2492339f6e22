package report

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/internal/golden"
)

// testRules covers what the renderers treat specially: a help URI or none,
// paragraphs, a pipe in a title, a long word.
var testRules = []Rule{
	{
		ID:       "DCOS-U001",
		Title:    "Required unit missing",
		Severity: High,
		Description: "A unit that DC/OS installs for the node's role at its release is not in dcos.target.wants, " +
			"so systemd does not start it with DC/OS.\n\nA site can make a unit optional with --data.",
		Remediation: "Reinstall the package that provides the unit, or restore the link in dcos.target.wants.",
		HelpURI:     "https://example.invalid/rules/DCOS-U001",
		Tags:        []string{"units", "role"},
	},
	{
		ID:          "SITE-001",
		Title:       "REX-Ray | wanted on an agent",
		Severity:    Info,
		Description: "This cluster uses no external volumes: see /etc/systemd/system/dcos.target.wants/dcos-rexray.service-and-a-very-long-word-that-cannot-break.",
		Remediation: "Remove dcos-rexray.service from dcos.target.wants on the agent.",
		Tags:        []string{},
	},
}

func TestWriteRulesMarkdown(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRulesMarkdown(&buf, testRules); err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, buf.Bytes(), "testdata/rules.md.golden")
}

func TestWriteRulesText(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRulesText(&buf, testRules); err != nil {
		t.Fatal(err)
	}
	want := `DCOS-U001  Required unit missing

  Severity: high
  Tags:     units, role
  Help:     https://example.invalid/rules/DCOS-U001

  A unit that DC/OS installs for the node's role at its release is not in
  dcos.target.wants, so systemd does not start it with DC/OS.

  A site can make a unit optional with --data.

  Remediation: Reinstall the package that provides the unit, or restore the link
  in dcos.target.wants.

SITE-001  REX-Ray | wanted on an agent

  Severity: info

  This cluster uses no external volumes: see
  /etc/systemd/system/dcos.target.wants/dcos-rexray.service-and-a-very-long-word-that-cannot-break.

  Remediation: Remove dcos-rexray.service from dcos.target.wants on the agent.
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestWriteRulesError(t *testing.T) {
	for name, write := range map[string]func(*failWriter) error{
		"markdown": func(w *failWriter) error { return WriteRulesMarkdown(w, testRules) },
		"text":     func(w *failWriter) error { return WriteRulesText(w, testRules) },
	} {
		w := &failWriter{}
		if err := write(w); err == nil || w.calls != 1 {
			t.Errorf("%s: err = %v after %d writes, want the first write's error", name, err, w.calls)
		}
	}
}

type failWriter struct{ calls int }

func (w *failWriter) Write([]byte) (int, error) {
	w.calls++
	return 0, bytes.ErrTooLarge
}
