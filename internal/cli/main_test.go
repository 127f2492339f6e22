package cli

import (
	"bytes"
	"context"
	"errors"
	"go/format"
	"io"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/dcos-audit/dcos-audit/internal/golden"
)

func TestMain(m *testing.M) {
	// The tests read the repository's files (fixtures, docs, contrib, the
	// scripts) by their paths from its root, and run go list and go run
	// there; the test binary run as the dcos-audit command stays where it
	// was started.
	if filepath.Base(os.Args[0]) != "dcos-audit" {
		if err := os.Chdir("../.."); err != nil {
			panic(err)
		}
	}
	testscript.Main(m, map[string]func(){
		"dcos-audit": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
		},
	})
}

// TestScripts runs the CLI scenarios in testdata/script. $FIXTURES is the
// fixture tree; `exitcode N cmd...` runs cmd and requires exit code N,
// because the codes are a contract and `! exec` only knows "non-zero".
func TestScripts(t *testing.T) {
	fixtures, err := filepath.Abs("testdata/fixtures")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:           "testdata/script",
		UpdateScripts: golden.Updating(),
		Setup: func(env *testscript.Env) error {
			env.Setenv("FIXTURES", fixtures)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exitcode N command [args...]")
				}
				want, err := strconv.Atoi(args[0])
				if err != nil {
					ts.Fatalf("exitcode: %v", err)
				}
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var ee *exec.ExitError
					if !errors.As(err, &ee) {
						ts.Fatalf("exitcode: %v", err)
					}
					got = ee.ExitCode()
				}
				if got != want {
					ts.Fatalf("exit code %d, want %d", got, want)
				}
			},
		},
	})
}

// TestDependencies keeps test-only and heavy packages out of the shipped
// binary, and OPA out of the report package (it must stay reusable).
func TestDependencies(t *testing.T) {
	deps := func(pkg string) string {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return string(out)
	}
	binary := deps(".")
	for _, forbidden := range []string{
		"github.com/rogpeppe/go-internal/testscript",
		"github.com/google/go-cmp/cmp",
		"github.com/prometheus/common/expfmt",
		"github.com/invopop/jsonschema",
		// It compiles every draft's meta-schemas at start-up (8 ms a run);
		// the internal/sarifcheck test uses it.
		"github.com/santhosh-tekuri/jsonschema/v6",
		"github.com/spf13/viper",
		"github.com/dcos-audit/dcos-audit/internal/golden",
	} {
		if strings.Contains(binary, forbidden+"\n") {
			t.Errorf("the dcos-audit binary imports %s", forbidden)
		}
	}
	if strings.Contains(deps("./report"), "github.com/open-policy-agent/opa") {
		t.Error("package report imports OPA")
	}
	for _, pkg := range []string{"./facts", "./facts/rootfs", "./facts/unitfile"} {
		if strings.Contains(deps(pkg), "github.com/godbus/dbus") {
			t.Errorf("%s imports D-Bus; only facts/live may", pkg)
		}
	}
}

// BenchmarkScanRoot is a whole `scan --root` of a 38-unit master in
// process: policy compilation, gathering, evaluation and the table.
func BenchmarkScanRoot(b *testing.B) {
	args := []string{"scan", "--root", "testdata/fixtures/master-2.2.1/root"}
	for b.Loop() {
		if code := run(b.Context(), args, nil, io.Discard, io.Discard); code != exitOK {
			b.Fatalf("exit %d", code)
		}
	}
}

// A manager that accepts the connection and never answers: --timeout ends
// the wait with exit 2 and says so.
func TestGatherTimeout(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "silent.sock")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold the connection open, say nothing
		}
	}()
	var stderr strings.Builder
	code := run(t.Context(), []string{"gather", "--systemd", sock, "--timeout", "300ms"}, nil, io.Discard, &stderr)
	if code != exitError || !strings.Contains(stderr.String(), "gave up after 300ms (--timeout)") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
}

// TestUpdateFlagEverywhere keeps `go test ./... -update` working: go test
// passes the flag to every test binary, so each package with tests must
// define it (by importing internal/golden).
func TestUpdateFlagEverywhere(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", `{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}} {{join .TestImports " "}} {{join .XTestImports " "}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, " ")
		if line != "" && !strings.Contains(" "+imports+" ", " github.com/dcos-audit/dcos-audit/internal/golden ") && pkg != "github.com/dcos-audit/dcos-audit/internal/golden" {
			t.Errorf("%s: its tests do not import internal/golden, so go test ./... -update fails there", pkg)
		}
	}
}

// TestGofmt keeps every Go file as gofmt writes it (go/format is gofmt's
// own code, so no gofmt binary needs to be on the PATH).
func TestGofmt(t *testing.T) {
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && (strings.HasPrefix(d.Name(), ".") && p != "." || d.Name() == "testdata") {
			if err == nil {
				return filepath.SkipDir
			}
			return err
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if got, err := format.Source(src); err != nil || !bytes.Equal(got, src) {
			t.Errorf("%s is not gofmt-clean (run gofmt -w): %v", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestReportToSpecialFiles: a report path that is not a regular file is
// written in place, never renamed over (as root, renaming over /dev/null
// replaced the device with a file), and a symbolic link is followed.
func TestReportToSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	root := "testdata/fixtures/agent-2.2.1/root"

	fifo := filepath.Join(dir, "report.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	got := make(chan []byte, 1)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	var stderr strings.Builder
	if code := run(t.Context(), []string{"scan", "--root", root, "--format", "json=" + fifo}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("scan to a FIFO: exit %d: %s", code, stderr.String())
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Fatalf("the FIFO was replaced: %v %v", fi.Mode(), err) // its reader stays blocked
	}
	select {
	case b := <-got:
		if !strings.Contains(string(b), `"schema_version"`) {
			t.Errorf("the FIFO's reader got %q", b)
		}
	case <-time.After(10 * time.Second):
		t.Error("the FIFO's reader got nothing in 10 s")
	}

	target, link := filepath.Join(dir, "target.json"), filepath.Join(dir, "link.json")
	if err := os.WriteFile(target, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("target.json", link); err != nil {
		t.Fatal(err)
	}
	if code := run(t.Context(), []string{"scan", "--root", root, "--format", "json=" + link}, nil, io.Discard, &stderr); code != 0 {
		t.Fatalf("scan to a symbolic link: exit %d: %s", code, stderr.String())
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the symbolic link was replaced: %v %v", fi.Mode(), err)
	}
	if b, err := os.ReadFile(target); err != nil || !strings.Contains(string(b), `"schema_version"`) {
		t.Errorf("the link's target holds %q (%v)", b, err)
	}
}
