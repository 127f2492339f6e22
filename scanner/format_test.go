package scanner

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/format"

	"github.com/dcos-audit/dcos-audit/internal/golden"
	"github.com/dcos-audit/dcos-audit/policies"
)

// TestRegoFormatted keeps the built-in policies `opa fmt` clean; with
// -update it formats them in place.
func TestRegoFormatted(t *testing.T) {
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".rego") {
			return err
		}
		src, err := fs.ReadFile(policies.FS, p)
		if err != nil {
			return err
		}
		got, err := format.SourceWithOpts(p, src, format.Opts{RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		switch {
		case bytes.Equal(got, src):
		case golden.Updating():
			return os.WriteFile(filepath.Join("..", "policies", p), got, 0o644)
		default:
			t.Errorf("%s is not formatted: run opa fmt -w policies/ (or go test ./scanner/ -run TestRegoFormatted -update)", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
