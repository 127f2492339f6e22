package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"dcos-mesos-slave.service", "dcos-mesos-slave.service"},
		{`dev-disk-by\x2duuid.device`, `dev-disk-by\x2duuid.device`},
		{"héllo wörld ✓ 日本", "héllo wörld ✓ 日本"},
		{"\x1b]0;pwned\x07", `\x1b]0;pwned\a`},
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`},
		{"a\nb\tc\rd\x00e\x7f", `a\nb\tc\rd\x00e\x7f`},
		{"\u009b31m \u0080 \u009f", `\u009b31m \u0080 \u009f`},
		{"abc\u202edcba\u202c \u2066x\u2069", `abc\u202edcba\u202c \u2066x\u2069`},
		{"bad \xff\xc2 utf-8", `bad \xff\xc2 utf-8`},
		{"\ufffd is kept", "\ufffd is kept"},
		{"\u200b\u00a0", "\u200b\u00a0"}, // not controls: left alone
	}
	for _, tt := range tests {
		if got := Printable(tt.in); got != tt.want {
			t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got, want := printable("a\nb\x1b\tc", "\n\t"), "a\nb\\x1b\tc"; got != want {
		t.Errorf("printable keeping \\n and \\t = %q, want %q", got, want)
	}
}

// Payloads of a hostile node: an OSC sequence that sets the terminal's
// title, CSI sequences in their 7-bit (ESC [) and 8-bit (U+009B) forms, a
// bidi override, DEL, NUL and the other line-moving controls.
const (
	osc     = "\x1b]0;pwned\x07"
	csi     = "\x1b[31m"
	c1      = "\u009b"
	hostile = csi + "red" + c1 + "1m" + "\u202e" + "\x7f\x00\r\v\f\b"
)

// hostileReport is a report whose values from the node all carry
// controls, with an active and a waived finding.
func hostileReport() *Report {
	host := "node" + osc
	findings := []Finding{
		{RuleID: "DCOS-U001", Severity: High, Title: "t", Node: host,
			Unit: "dcos-" + hostile + ".service", Path: "etc/systemd/system/dcos.target.wants/x" + hostile,
			Message: "unit " + hostile + " is\nunknown", Remediation: "fix " + hostile},
		{RuleID: "DCOS-U002", Severity: Low, Node: host, Unit: "w" + hostile, Path: "p" + hostile,
			Message: "waived " + hostile, Waived: true,
			Waiver: &Waiver{Justification: "j" + hostile, Owner: "o" + hostile, Expires: "2099-01-01", Source: "w.yaml" + hostile}},
	}
	return &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "dcos-audit", Version: "0.0.0-dev"},
		Source:        Source{Kind: "root", Target: "/mnt/" + hostile},
		Node:          Node{Hostname: host, Roles: []string{"master" + hostile}, Version: "2.2.1" + hostile},
		Profile:       Profile{Role: "master", DCOSVersion: "2.2.1", CatalogVersion: "2.2.1", Note: "note " + hostile + osc},
		Summary:       Summarize(findings),
		Findings:      findings,
		Rules: []Rule{
			{ID: "DCOS-U001", Title: "unit", Severity: High, Description: "d" + hostile, Remediation: "r" + hostile, Status: RuleFailed},
			{ID: "DCOS-U002", Title: "other", Severity: Low, Status: RuleFailed},
		},
	}
}

// TestFormatsEscapeControls: no control from the node reaches the output
// of a text format as it is; each shows as an escape. JSON and SARIF keep
// the exact values as JSON escapes.
func TestFormatsEscapeControls(t *testing.T) {
	r := hostileReport()
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			out := render(t, format, r)
			switch format {
			case "json":
				back, err := Read(out)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(r, back, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("JSON does not read back as written (-want +got):\n%s", diff)
				}
			case "sarif":
				checkSARIFValues(t, out, r)
			default:
				checkNoControls(t, out)
				// The payloads are shown, not dropped (markdown puts
				// backslashes in them).
				for _, want := range []string{`x1b`, `0;pwned`, `31mred`, `u009b1m`, `u202e`, `x7f`, `x00`} {
					if !bytes.Contains(out, []byte(want)) {
						t.Errorf("output lacks %q:\n%s", want, out)
					}
				}
			}
			if bytes.Contains(out, []byte{0x1b}) {
				t.Errorf("%s output has a raw ESC", format)
			}
		})
	}
}

// checkNoControls fails when out is not UTF-8 or holds a control other
// than a line break or a tab, or a bidi override or isolate.
func checkNoControls(t *testing.T, out []byte) {
	t.Helper()
	for i := 0; i < len(out); {
		c, size := utf8.DecodeRune(out[i:])
		if c == utf8.RuneError && size == 1 {
			t.Errorf("byte %d: not UTF-8 (%#x)", i, out[i])
		} else if c != '\n' && c != '\t' && isControl(c) {
			t.Errorf("byte %d: raw control %U in %q", i, c, out[max(0, i-20):min(len(out), i+20)])
		}
		i += size
	}
}

// checkSARIFValues reads back the values SARIF keeps as they are: the
// result's message, its unit and node, and the waiver's justification.
func checkSARIFValues(t *testing.T, out []byte, r *Report) {
	t.Helper()
	var doc struct {
		Runs []struct {
			Results []struct {
				Message   struct{ Text string }
				Locations []struct {
					LogicalLocations []struct {
						Name               string
						FullyQualifiedName string
					}
				}
				Suppressions []struct{ Justification string }
			}
		}
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, res := range doc.Runs[0].Results {
		got = append(got, res.Message.Text)
		for _, loc := range res.Locations {
			for _, l := range loc.LogicalLocations {
				got = append(got, l.Name, l.FullyQualifiedName)
			}
		}
		for _, s := range res.Suppressions {
			got = append(got, s.Justification)
		}
	}
	var want []string
	for _, f := range r.Findings {
		want = append(want, f.Message, f.Unit, f.Node+"/"+f.Unit)
		if f.Waiver != nil {
			want = append(want, f.Waiver.Justification)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SARIF values (-want +got):\n%s", diff)
	}
	if !bytes.Contains(out, []byte(`"hostname": "node\u001b]0;pwned\u0007"`)) {
		t.Errorf("SARIF lacks the hostname as JSON escapes:\n%s", out)
	}
}
