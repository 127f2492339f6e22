package main

import (
	"bytes"
	"context"
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
