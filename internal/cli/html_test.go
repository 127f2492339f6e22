package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileUnit is a wants entry a node could hold: markup for a browser.
const hostileUnit = "<img src=x onerror=alert(1)>.service"

// TestHTMLInChromium renders the review report of a cluster whose agent
// wants a unit named as markup, loads it in headless Chromium and reads
// the DOM the browser built: the name is text, no element came of it, no
// script is in the page, and the findings and the matrix are there. Set
// DCOS_AUDIT_SKIP_BROWSER=1 where Chromium cannot run.
func TestHTMLInChromium(t *testing.T) {
	if os.Getenv("DCOS_AUDIT_SKIP_BROWSER") != "" {
		t.Skip("DCOS_AUDIT_SKIP_BROWSER is set")
	}
	browser, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal("chromium not found: install Debian's chromium (apt-get install chromium), or set DCOS_AUDIT_SKIP_BROWSER=1")
	}
	root := filepath.Join(t.TempDir(), "root")
	if out, err := exec.Command("cp", "-a", "testdata/fixtures/agent-2.2.1/root", root).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v: %s", err, out)
	}
	if err := os.Symlink("/etc/systemd/system/x.service", filepath.Join(root, "etc/systemd/system/dcos.target.wants", hostileUnit)); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, r := range map[string]string{"agent": root, "master": "testdata/fixtures/master-2.2.1/root"} {
		if code := run(t.Context(), []string{"gather", "--root", r, "-o", filepath.Join(dir, name+".json")}, nil, io.Discard, io.Discard); code != 0 {
			t.Fatalf("gather %s: exit %d", name, code)
		}
	}
	page := filepath.Join(t.TempDir(), "review.html")
	var stderr bytes.Buffer
	if code := run(t.Context(), []string{"scan", "--snapshot", dir, "--format", "html=" + page}, nil, io.Discard, &stderr); code != exitFindings {
		t.Fatalf("scan: exit %d: %s", code, stderr.String())
	}
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--dump-dom", "file://"+page)
	var dom bytes.Buffer
	cmd.Stdout = &dom
	if err := cmd.Run(); err != nil || dom.Len() == 0 {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	got := dom.String()
	for _, want := range []string{
		"dcos-audit security review",
		"DCOS-F002",
		"&lt;img src=x onerror=alert(1)&gt;.service", // the name, as text
		`class="cell-foreign">foreign</td>`,          // the matrix
		"Rules not checked",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the page Chromium built lacks %q", want)
		}
	}
	for _, bad := range []string{"<img", "<script"} {
		if strings.Contains(got, bad) {
			t.Errorf("the page Chromium built holds %s: a node's name became markup", bad)
		}
	}
}

// terminalCLI is the CLI as a program named dcos-audit (this test binary:
// TestMain runs the CLI under that name) and a runner of a command line on
// a terminal: the pty util-linux's script gives it, its output and the
// command's both.
func terminalCLI(t *testing.T) (bin string, onTerminal func(cmdline string, env ...string) string) {
	t.Helper()
	script, err := exec.LookPath("script")
	if err != nil {
		t.Fatal("script (util-linux) not found: it gives the command a terminal")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin = filepath.Join(t.TempDir(), "dcos-audit")
	if err := os.Symlink(exe, bin); err != nil {
		t.Fatal(err)
	}
	return bin, func(cmdline string, env ...string) string {
		cmd := exec.Command(script, "-qec", cmdline, "/dev/null")
		cmd.Env = append(os.Environ(), env...)
		out, _ := cmd.Output()
		return string(out)
	}
}

// TestTableColour: the table paints severities on a terminal, and not
// with NO_COLOR set nor into a pipe.
func TestTableColour(t *testing.T) {
	bin, onTerminal := terminalCLI(t)
	scan := bin + " scan --root testdata/fixtures/agent-with-public-unit/root"
	const red = "\x1b[0;31mHIGH    \x1b[0m"
	if out := onTerminal(scan, "NO_COLOR="); !strings.Contains(out, red) {
		t.Errorf("on a terminal: no red HIGH in\n%q", out)
	}
	if out := onTerminal(scan, "NO_COLOR=1"); strings.Contains(out, "\x1b[") || !strings.Contains(out, "HIGH") {
		t.Errorf("NO_COLOR=1: %q", out)
	}
	out, _ := exec.Command(bin, strings.Fields(scan)[1:]...).Output()
	if strings.Contains(string(out), "\x1b[") || !strings.Contains(string(out), "HIGH") {
		t.Errorf("into a pipe: %q", out)
	}
}

// TestProgress: a scan of many nodes shows a progress bar on a terminal,
// and none with --quiet nor into a pipe.
func TestProgress(t *testing.T) {
	bin, onTerminal := terminalCLI(t)
	dir := t.TempDir()
	var snap bytes.Buffer
	if code := run(t.Context(), []string{"gather", "--root", "testdata/fixtures/agent-2.2.1/root"}, nil, &snap, io.Discard); code != 0 {
		t.Fatalf("gather: exit %d", code)
	}
	for i := range 60 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("n%02d.json", i)), snap.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	scan := bin + " scan --fail-on none --format json=" + filepath.Join(t.TempDir(), "out.json") + " --snapshot " + dir
	if out := onTerminal(scan); !strings.Contains(out, "scanning nodes") {
		t.Errorf("on a terminal: no progress in %q", out)
	}
	if out := onTerminal(scan + " --quiet"); strings.Contains(out, "scanning nodes") {
		t.Errorf("--quiet: %q", out)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(bin, strings.Fields(scan)[1:]...)
	cmd.Stderr = &stderr
	cmd.Run()
	if stderr.Len() != 0 {
		t.Errorf("into a pipe: %q", stderr.String())
	}
}
