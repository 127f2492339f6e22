package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcos-audit/dcos-audit/internal/golden"
	"github.com/dcos-audit/dcos-audit/internal/sarifcheck"
)

// loadReport reads the shared input of the reporter goldens.
func loadReport(t testing.TB) *Report {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Read(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func render(t testing.TB, format string, r *Report) []byte {
	t.Helper()
	rep, err := New(format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.Write(&buf, r); err != nil {
		t.Fatalf("%s: Write: %v", format, err)
	}
	return buf.Bytes()
}

// TestGolden renders the shared report in every registered format, so a
// new format cannot be added without its golden file.
func TestGolden(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			got := render(t, format, loadReport(t))
			golden.Assert(t, got, filepath.Join("testdata", format+".golden"))
			if again := render(t, format, loadReport(t)); !bytes.Equal(got, again) {
				t.Error("two renderings of the same report differ")
			}
			if format == "sarif" {
				sarifcheck.Validate(t, got)
			}
		})
	}
}

// TestEmptyReport renders a report with no findings, no rules and nil
// lists in every format.
func TestEmptyReport(t *testing.T) {
	r := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "dcos-audit", Version: "0.0.0-dev"},
		Node:          Node{Hostname: "master-1"},
	}
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			got := string(render(t, format, r))
			if !strings.HasSuffix(got, "\n") {
				t.Error("output does not end with a newline")
			}
			switch format {
			case "json":
				if strings.Contains(got, "null") {
					t.Errorf("JSON has a null:\n%s", got)
				}
			case "table":
				if !strings.HasSuffix(got, "\nNo findings.\n") {
					t.Errorf("table does not end with %q:\n%s", "No findings.", got)
				}
			case "sarif":
				sarifcheck.Validate(t, []byte(got))
			}
		})
	}
}

func TestNewUnknownFormat(t *testing.T) {
	_, err := New("xml")
	if err == nil {
		t.Fatal("New(\"xml\"): want an error")
	}
	for _, format := range Formats() {
		if !strings.Contains(err.Error(), format) {
			t.Errorf("error %q does not list format %q", err, format)
		}
	}
}
