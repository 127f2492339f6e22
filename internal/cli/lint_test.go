package cli

import (
	"errors"
	"os/exec"
	"testing"
)

// TestGolangciLint lints the module with golangci-lint v2 under
// .golangci.yaml (a curated list of linters; each exclusion says why).
//
// golangci-lint is pinned in a module of its own, .golangci/tool/go.mod, as
// Regal is: none of its dependencies reach dcos-audit's module. The first
// run fetches and builds it through the Go module proxy (a few minutes);
// when that cannot be done the test fails with Go's reason.
func TestGolangciLint(t *testing.T) {
	cmd := exec.CommandContext(t.Context(), "go", "tool", "-modfile=.golangci/tool/go.mod", "golangci-lint",
		"run", "--output.text.path", "stdout", "./...")
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	// golangci-lint exits 1 for issues.
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) && ee.ExitCode() == 1 {
		t.Fatalf("golangci-lint: fix these, or exclude them in .golangci.yaml with the reason:\n%s", out)
	}
	t.Fatalf("go tool golangci-lint run: %v\n%s", err, out)
}
