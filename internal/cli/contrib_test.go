package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/dcos-audit/dcos-audit/internal/systemdtest"
)

// TestContribUnits checks the node timer and service with systemd's own
// verifier, and that the service's sandbox stays tight
// (systemd-analyze security, offline). The binary path is made real for
// the verifier, which checks that ExecStart exists.
func TestContribUnits(t *testing.T) {
	systemdtest.Require(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"dcos-audit.service", "dcos-audit.timer"} {
		b, err := os.ReadFile(filepath.Join("contrib/systemd", name))
		if err != nil {
			t.Fatal(err)
		}
		b = []byte(strings.ReplaceAll(string(b), "/usr/bin/dcos-audit", exe))
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	service, timer := filepath.Join(dir, "dcos-audit.service"), filepath.Join(dir, "dcos-audit.timer")
	if out, err := exec.Command("systemd-analyze", "verify", "--man=no", service, timer).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	out, err := exec.Command("systemd-analyze", "security", "--offline=true", "--threshold=20", service).CombinedOutput()
	if err != nil {
		t.Errorf("systemd-analyze security: exposure above 2.0 (or it failed): %v\n%s", err, out)
	}
}

// TestContribTimerUnderSystemd boots a real systemd on a DC/OS agent's
// units with the contrib timer and service installed, starts the timer,
// runs the service once as the timer would, and reads the metrics file it
// wrote with Prometheus' own parser.
func TestContribTimerUnderSystemd(t *testing.T) {
	systemdtest.Require(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	overlay := t.TempDir()
	if out, err := exec.Command("cp", "-a", systemdtest.Scenario(t, "agent-2.2.1")+"/.", overlay).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v: %s", err, out)
	}
	// The binary inside the sandbox: this test binary, which runs the CLI
	// when it is called dcos-audit (TestMain).
	bin := filepath.Join(overlay, "opt/dcos-audit/bin/dcos-audit")
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", exe, bin).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v: %s", err, out)
	}
	for _, name := range []string{"dcos-audit.service", "dcos-audit.timer"} {
		b, err := os.ReadFile(filepath.Join("contrib/systemd", name))
		if err != nil {
			t.Fatal(err)
		}
		b = []byte(strings.ReplaceAll(string(b), "/usr/bin/dcos-audit", "/opt/dcos-audit/bin/dcos-audit"))
		if err := os.WriteFile(filepath.Join(overlay, "etc/systemd/system", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sys := systemdtest.StartSystem(t, overlay)
	sys.Exec(t, "systemctl", "start", "dcos-audit.timer")
	if state := strings.TrimSpace(sys.Exec(t, "systemctl", "show", "-P", "ActiveState", "dcos-audit.timer")); state != "active" {
		t.Errorf("dcos-audit.timer is %s, want active", state)
	}
	if out, err := sys.Command("systemctl", "start", "dcos-audit.service").CombinedOutput(); err != nil {
		journal, _ := sys.Command("journalctl", "-u", "dcos-audit.service", "--no-pager").CombinedOutput()
		t.Fatalf("dcos-audit.service failed: %v\n%s\n%s", err, out, journal)
	}
	if result := strings.TrimSpace(sys.Exec(t, "systemctl", "show", "-P", "Result", "dcos-audit.service")); result != "success" {
		t.Errorf("dcos-audit.service result %s, want success", result)
	}
	// For the record, not a pass/fail criterion: how long one run took.
	t.Log("one run:", strings.Fields(sys.Exec(t, "systemctl", "show", "-P", "ExecMainStartTimestampMonotonic", "-P", "ExecMainExitTimestampMonotonic", "dcos-audit.service")))
	f, err := os.Open(filepath.Join(sys.Root, "var/lib/dcos-audit/dcos-audit.prom"))
	if err != nil {
		t.Fatalf("the metrics file: %v", err)
	}
	defer f.Close()
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := parser.TextToMetricFamilies(f)
	if err != nil {
		t.Fatalf("the metrics file does not parse: %v", err)
	}
	if m := fams["dcos_audit_info"]; m == nil || len(m.GetMetric()) != 1 {
		t.Errorf("no dcos_audit_info in the metrics file: %v", fams)
	}
	if m := fams["dcos_audit_scan_success"]; m == nil || m.GetMetric()[0].GetGauge().GetValue() != 1 {
		t.Errorf("dcos_audit_scan_success is not 1: %v", m)
	}
}

// TestTelegrafReadsWhatTheServiceWrites: the Telegraf input names the very
// file the contrib service writes, so installing both carries the numbers.
func TestTelegrafReadsWhatTheServiceWrites(t *testing.T) {
	service, err := os.ReadFile("contrib/systemd/dcos-audit.service")
	if err != nil {
		t.Fatal(err)
	}
	telegraf, err := os.ReadFile("contrib/telegraf/dcos-audit.conf")
	if err != nil {
		t.Fatal(err)
	}
	written := regexp.MustCompile(`(?m)^ExecStart=.*--format prometheus=(\S+)`).FindSubmatch(service)
	read := regexp.MustCompile(`(?m)^\s*files\s*=\s*\["([^"]+)"\]`).FindSubmatch(telegraf)
	if written == nil || read == nil {
		t.Fatalf("the service's prometheus path (%q) or Telegraf's files (%q) not found", written, read)
	}
	if string(written[1]) != string(read[1]) {
		t.Errorf("the service writes %s, Telegraf reads %s", written[1], read[1])
	}
}
