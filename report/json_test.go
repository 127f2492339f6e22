package report

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestJSONRoundTrip reads back what JSON wrote: the document is the
// report, nothing added, nothing lost.
func TestJSONRoundTrip(t *testing.T) {
	want := loadReport(t)
	var buf bytes.Buffer
	if err := (JSON{}).Write(&buf, want); err != nil {
		t.Fatal(err)
	}
	got, err := Read(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestJSONDoesNotMutate checks that filling in empty lists works on a copy.
func TestJSONDoesNotMutate(t *testing.T) {
	r := &Report{Rules: []Rule{{ID: "DCOS-U001", Severity: High}}}
	if err := (JSON{}).Write(io.Discard, r); err != nil {
		t.Fatal(err)
	}
	if r.Findings != nil || r.Node.Roles != nil || r.Rules[0].Tags != nil || r.Summary.BySeverity != nil {
		t.Errorf("JSON.Write changed its input: %+v", r)
	}
}

// bigReport is the shared report with n findings spread over its rules.
func bigReport(b *testing.B, n int) *Report {
	r := loadReport(b)
	base := r.Findings
	r.Findings = make([]Finding, 0, n)
	for i := range n {
		f := base[i%len(base)]
		f.Unit = fmt.Sprintf("dcos-unit-%03d.service", i)
		f.Path = "etc/systemd/system/dcos.target.wants/" + f.Unit
		r.Findings = append(r.Findings, f)
	}
	SortFindings(r.Findings)
	r.Summary = Summarize(r.Findings)
	return r
}

func BenchmarkReportJSON(b *testing.B) {
	r := bigReport(b, 200)
	var buf bytes.Buffer
	if err := (JSON{}).Write(&buf, r); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := (JSON{}).Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "output-bytes")
}

// TestJSONDocsExample keeps the example in docs/report.md true: it is
// exactly what JSON writes for the report it shows.
func TestJSONDocsExample(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "docs", "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "\n```json\n")
	example, _, ok2 := strings.Cut(rest, "\n```\n")
	if !ok || !ok2 {
		t.Fatal("docs/report.md has no ```json example")
	}
	example += "\n"
	r, err := Read([]byte(example))
	if err != nil {
		t.Fatalf("docs example: %v", err)
	}
	var buf bytes.Buffer
	if err := (JSON{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Split(example, "\n"), strings.Split(buf.String(), "\n")); diff != "" {
		t.Errorf("docs/report.md example is not what JSON writes (-docs +written):\n%s", diff)
	}
}
