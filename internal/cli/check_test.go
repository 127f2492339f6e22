package cli

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCheckAsTheRunnerRunsIt runs `dcos-audit check` as dcos-check-runner
// does (runner/check.go): a child process under a timeout, stdout and
// stderr kept together as the output, the exit code as the status.
func TestCheckAsTheRunnerRunsIt(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// TestMain runs the CLI when the program is called dcos-audit.
	bin := filepath.Join(t.TempDir(), "dcos-audit")
	if err := os.Symlink(exe, bin); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, root string
		args       []string
		status     int
		output     []string
	}{
		{"clean", "agent-2.2.1", nil, checkOK, []string{"OK: dcos-audit agent-2-2-1: 0 critical, 0 high, 0 medium"}},
		{"medium", "agent-timer-wrong-interval", nil, checkWarning, []string{"WARNING: ", "MEDIUM DCOS-T003 dcos-logrotate-agent.timer"}},
		{"high", "agent-with-public-unit", nil, checkCritical, []string{"CRITICAL: ", "HIGH DCOS-U002 dcos-mesos-slave-public.service"}},
		{"missing root", "no-such-node", nil, checkUnknown, []string{"dcos-audit: root ", "no such file or directory"}},
		{"bad flag", "agent-2.2.1", []string{"--warn-on", "loud"}, checkUnknown, []string{"--warn-on"}},
		{"unknown flag", "agent-2.2.1", []string{"--frmat", "json"}, checkUnknown, []string{"unknown flag: --frmat"}},
		{"stricter gate", "agent-timer-wrong-interval", []string{"--fail-on", "medium"}, checkCritical, []string{"CRITICAL: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			args := append([]string{"check", "--root", filepath.Join("testdata/fixtures", tt.root, "root")}, tt.args...)
			out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
			status := 0
			if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
				status = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if status != tt.status {
				t.Errorf("status %d, want %d; output:\n%s", status, tt.status, out)
			}
			for _, want := range tt.output {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if lines := strings.Count(string(out), "\n"); lines > checkLines+2 {
				t.Errorf("%d lines of output; a check's output is short", lines)
			}
		})
	}
}
