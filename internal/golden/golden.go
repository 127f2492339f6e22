// Package golden compares test output with files under testdata/. Output of
// dcos-audit must be byte-stable, so the comparison is exact; `go test
// ./... -update` rewrites the files, and the diff is reviewed like code.
// A missing golden file fails the test: it is never created silently.
package golden

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Assert fails t unless got is byte for byte the content of the golden file
// at path. With -update it writes got to path instead, creating directories.
func Assert(t testing.TB, got []byte, path string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatalf("update golden: %v", err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatalf("update golden: %v", err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("golden file %s does not exist; run `go test ./... -update` to create it, then review it", path)
	}
	if err != nil {
		t.Fatalf("read golden: %v", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("output differs from %s (-want +got):\n%s\nrun `go test ./... -update` if the change is intended",
			path, cmp.Diff(lines(want), lines(got)))
	}
}

// lines splits b after each newline, so that a missing final newline or a
// stray carriage return shows in the diff.
func lines(b []byte) []string {
	return strings.SplitAfter(string(b), "\n")
}

// Updating reports whether -update was given, for tests that rewrite their
// expectations by other means (testscript's UpdateScripts).
func Updating() bool { return *update }
