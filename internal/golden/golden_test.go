package golden

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps failures instead of reporting them.
type recorder struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.failed = true
	r.msg += fmt.Sprintf(format, args...)
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	runtime.Goexit()
}

// run calls Assert on its own goroutine, so that Fatalf can end it.
func run(t *testing.T, got []byte, path string) *recorder {
	t.Helper()
	r := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Assert(r, got, path)
	}()
	<-done
	return r
}

func TestAssert(t *testing.T) {
	// These cases are about comparing; -update given to the whole run must not
	// turn them into writes.
	defer func(old bool) { *update = old }(*update)
	*update = false

	dir := t.TempDir()
	path := filepath.Join(dir, "case.golden")
	if err := os.WriteFile(path, []byte("a\nb\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	if r := run(t, []byte("a\nb\n"), path); r.failed {
		t.Errorf("equal bytes: unexpected failure: %s", r.msg)
	}

	r := run(t, []byte("a\nc\n"), path)
	if !r.failed || !strings.Contains(r.msg, "(-want +got)") || !strings.Contains(r.msg, `"c\n"`) {
		t.Errorf("mismatch: want a failure with a diff, got failed=%v:\n%s", r.failed, r.msg)
	}

	r = run(t, []byte("a\nb"), path)
	if !r.failed {
		t.Error("missing final newline: want a failure")
	}

	r = run(t, []byte("x\n"), filepath.Join(dir, "missing.golden"))
	if !r.failed || !strings.Contains(r.msg, "go test ./... -update") {
		t.Errorf("missing golden: want a failure naming -update, got failed=%v: %s", r.failed, r.msg)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.golden")); err == nil {
		t.Error("missing golden was created without -update")
	}
}

func TestAssertUpdate(t *testing.T) {
	defer func(old bool) { *update = old }(*update)
	*update = true

	path := filepath.Join(t.TempDir(), "sub", "dir", "new.golden")
	if r := run(t, []byte("new\n"), path); r.failed {
		t.Fatalf("update: unexpected failure: %s", r.msg)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "new\n" {
		t.Errorf("update wrote %q, %v; want %q", got, err, "new\n")
	}
}
