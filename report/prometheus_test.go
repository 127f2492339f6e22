package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// parsePrometheus reads the output with Prometheus' own text parser.
func parsePrometheus(t *testing.T, r *Report) map[string]*dto.MetricFamily {
	t.Helper()
	var buf bytes.Buffer
	if err := (Prometheus{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(&buf)
	if err != nil {
		t.Fatalf("Prometheus' parser refuses the output: %v\n%s", err, buf.String())
	}
	return families
}

func labels(m *dto.Metric) map[string]string {
	l := map[string]string{}
	for _, p := range m.GetLabel() {
		l[p.GetName()] = p.GetValue()
	}
	return l
}

// TestPrometheusParses checks every family and label of the shared report
// as Prometheus reads them.
func TestPrometheusParses(t *testing.T) {
	r := loadReport(t)
	r.Duration = 1234 * time.Millisecond
	fams := parsePrometheus(t, r)
	for _, name := range []string{"dcos_audit_findings", "dcos_audit_findings_by_severity", "dcos_audit_findings_waived",
		"dcos_audit_rules", "dcos_audit_scan_success", "dcos_audit_scan_timestamp_seconds",
		"dcos_audit_scan_duration_seconds", "dcos_audit_info"} {
		f := fams[name]
		if f == nil || f.GetType() != dto.MetricType_GAUGE || f.GetHelp() == "" {
			t.Errorf("family %s missing, not a gauge or without help: %v", name, f)
			continue
		}
		for _, m := range f.GetMetric() {
			if labels(m)["node"] != r.Node.Hostname {
				t.Errorf("%s: node label %q", name, labels(m)["node"])
			}
		}
	}
	active := 0
	for _, m := range fams["dcos_audit_findings"].GetMetric() {
		active += int(m.GetGauge().GetValue())
	}
	if want := r.Summary.Total - r.Summary.Waived; active != want {
		t.Errorf("dcos_audit_findings add up to %d, want the %d active findings", active, want)
	}
	if v := fams["dcos_audit_findings_waived"].GetMetric()[0].GetGauge().GetValue(); int(v) != r.Summary.Waived {
		t.Errorf("waived %v, want %d", v, r.Summary.Waived)
	}
	if v := fams["dcos_audit_scan_duration_seconds"].GetMetric()[0].GetGauge().GetValue(); v != 1.234 {
		t.Errorf("scan duration %v s, want 1.234", v)
	}
	info := labels(fams["dcos_audit_info"].GetMetric()[0])
	if info["version"] != r.Tool.Version || info["dcos_version"] != r.Node.Version || info["role"] != r.Profile.Role {
		t.Errorf("info labels %v", info)
	}
}

// Names from a node with quotes, backslashes, line breaks and escape
// sequences come out as Prometheus reads them back, minus the controls.
func TestPrometheusEscapes(t *testing.T) {
	r := loadReport(t)
	r.Node.Hostname = "host\"\\\nname\x1b[31m"
	r.Findings[0].Unit = `dcos-"odd"\unit.service`
	fams := parsePrometheus(t, r)
	host := labels(fams["dcos_audit_scan_success"].GetMetric()[0])["node"]
	if host != "host\"\\\nname\\x1b[31m" {
		t.Errorf("hostname label %q", host)
	}
	found := false
	for _, m := range fams["dcos_audit_findings"].GetMetric() {
		found = found || labels(m)["unit"] == `dcos-"odd"\unit.service`
	}
	if !found {
		t.Error("the odd unit name does not read back")
	}
	var buf bytes.Buffer
	(Prometheus{}).Write(&buf, r)
	if strings.ContainsRune(buf.String(), 0x1b) {
		t.Error("a raw ESC reached the output")
	}
}
