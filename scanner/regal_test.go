package scanner

import (
	"errors"
	"os/exec"
	"testing"
)

// TestRegal lints the built-in policies with the Regal linter under
// .regal/config.yaml; warnings fail too.
//
// Regal is pinned (v0.42.0) in a module of its own, .regal/tool/go.mod, and
// runs as `go tool -modfile=.regal/tool/go.mod regal`: none of its
// dependencies reach go.mod or the dcos-audit binary (its Go API does not
// even build in our module: it needs github.com/gobwas/glob v0.2, which OPA
// v1.22 moved to v1), and no version lookup is needed (`go run
// regal@version` asks the proxy for the version list, which it refuses
// here). The first run fetches and builds Regal through the Go module
// proxy; when that cannot be done the test fails with Go's reason.
func TestRegal(t *testing.T) {
	cmd := exec.CommandContext(t.Context(), "go", "tool", "-modfile=.regal/tool/go.mod", "regal",
		"lint", "--fail-level", "warning", "--format", "compact", "policies")
	cmd.Dir = ".." // the repository: .regal/config.yaml is found from there
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	// Regal exits 2 for warnings, 3 for errors.
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) && (ee.ExitCode() == 2 || ee.ExitCode() == 3) {
		t.Fatalf("regal lint policies: fix these, or configure a Regal rule that conflicts with docs/policies.md in .regal/config.yaml, with the reason:\n%s", out)
	}
	t.Fatalf("go tool regal lint policies: %v\n%s", err, out)
}
