package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

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
