package cli

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dcos-audit/dcos-audit/report"
)

// TestScanEscapesControls scans a node whose hostname sets the terminal's
// title (OSC) and whose dcos.target.wants has entries named with colour
// sequences (CSI, 7-bit and 8-bit), from a root whose own path has one:
// no text format lets a control through, and JSON keeps the exact values.
// It is a Go test, not a script, because txtar cannot name a file with an
// ESC in it.
func TestScanEscapesControls(t *testing.T) {
	const (
		osc  = "\x1b]0;pwned\x07"
		evil = "dcos-\x1b[31mevil\u009b1m.service"
		gone = "dcos-\x1b[2Jgone.service"
	)
	root := filepath.Join(t.TempDir(), "root\x1b[7m")
	copyTree(t, "testdata/fixtures/agent-unknown-unit/root", root)
	sys := filepath.Join(root, "etc/systemd/system")
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(root, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("etc/hostname", "agent"+osc+"\n")
	write("etc/systemd/system/"+evil, "[Unit]\nDescription=\x1b[31mred\n[Service]\nExecStart=/bin/\x1b[31mtrue\n")
	for _, name := range []string{evil, gone} {
		if err := os.Symlink("/etc/systemd/system/"+name, filepath.Join(sys, "dcos.target.wants", name)); err != nil {
			t.Fatal(err)
		}
	}

	for _, format := range report.Formats() {
		t.Run(format, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), []string{"scan", "--root", root, "--format", format}, nil, &stdout, &stderr)
			if code != exitOK && code != exitFindings {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			out := stdout.Bytes()
			if format == "json" {
				r, err := report.Read(out)
				if err != nil {
					t.Fatal(err)
				}
				var units []string
				for _, f := range r.Findings {
					units = append(units, f.Unit)
				}
				if r.Node.Hostname != "agent"+osc || r.Source.Target != root ||
					!strings.Contains(strings.Join(units, " "), evil) || !strings.Contains(strings.Join(units, " "), gone) {
					t.Errorf("JSON does not keep the node's values: hostname %q, target %q, units %q", r.Node.Hostname, r.Source.Target, units)
				}
			}
			if bytes.IndexByte(out, 0x1b) >= 0 {
				t.Errorf("raw ESC in the output:\n%q", out)
			}
			if format == "json" || format == "sarif" {
				return // JSON escapes C0; C1 and bidi are valid JSON text
			}
			for i := 0; i < len(out); {
				c, size := utf8.DecodeRune(out[i:])
				if c == utf8.RuneError && size == 1 || c < 0x20 && c != '\n' && c != '\t' || c >= 0x7f && c <= 0x9f {
					t.Errorf("byte %d: control %U in %q", i, c, out[max(0, i-30):min(len(out), i+30)])
				}
				i += size
			}
			if !bytes.Contains(out, []byte("pwned")) {
				t.Errorf("the hostname is not shown:\n%s", out)
			}
		})
	}
}

// copyTree copies a fixture root, symlinks as symlinks.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(dst, b, 0o644)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}
