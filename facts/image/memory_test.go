package image

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestArchiveMemory gathers hostile archives in a child process and holds
// its peak RSS under 256 MiB: a 2 GiB entry, megabyte PAX records on many
// entries, the most entries and the most kept content an archive may have,
// and more than that (refused, with the reason).
func TestArchiveMemory(t *testing.T) {
	if p := os.Getenv("DCOS_AUDIT_MEMORY_ARCHIVE"); p != "" {
		_, err := Source{Path: p}.Gather(t.Context())
		fmt.Printf("gathered: %v\n", err)
		return
	}
	const limitKiB = 256 << 10
	dir := t.TempDir()
	for _, tc := range []struct {
		name    string
		entries func(tw *tar.Writer) error
		want    string // in the child's error, "<nil>" when there is none (a
		// root of nothing but the hostile entries is not a node: what
		// matters is that the reader got through it)
	}{
		{"a 2 GiB entry", func(tw *tar.Writer) error {
			return tarEntry(tw, &tar.Header{Name: "etc/huge.conf", Size: 2 << 30}, zeros{})
		}, "<nil>"},
		{"a megabyte of PAX records on each of 400 entries", func(tw *tar.Writer) error {
			pad := strings.Repeat("x", 1000<<10)
			for i := range 400 {
				h := &tar.Header{Name: fmt.Sprintf("usr/share/f%d", i), PAXRecords: map[string]string{"comment": pad}, Format: tar.FormatPAX}
				if err := tarEntry(tw, h, nil); err != nil {
					return err
				}
			}
			return nil
		}, "no etc/ directory"},
		{"the most entries", func(tw *tar.Writer) error { return many(tw, maxEntries-1000) }, "no etc/ directory"},
		{"too many entries", func(tw *tar.Writer) error { return many(tw, maxEntries+1) }, "more than 300000 entries"},
		{"too much kept content", func(tw *tar.Writer) error {
			for i := range 80 {
				if err := tarEntry(tw, &tar.Header{Name: fmt.Sprintf("etc/big%d.conf", i), Size: maxKept}, zeros{}); err != nil {
					return err
				}
			}
			return nil
		}, "more than 64 MiB of node metadata"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".tar.gz")
			if err := writeArchive(p, tc.entries); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestArchiveMemory$")
			cmd.Env = append(os.Environ(), "DCOS_AUDIT_MEMORY_ARCHIVE="+p)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			got := string(out)
			if i := strings.Index(got, "gathered: "); i >= 0 {
				got, _, _ = strings.Cut(got[i+len("gathered: "):], "\n")
			}
			if !strings.Contains(got, tc.want) {
				t.Errorf("child: %s, want %q", got, tc.want)
			}
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
			t.Logf("%s; peak RSS %d MiB", got, rss>>10)
			if rss > limitKiB {
				t.Errorf("peak RSS %d MiB, over 256 MiB", rss>>10)
			}
		})
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func tarEntry(tw *tar.Writer, h *tar.Header, body io.Reader) error {
	h.Typeflag, h.Mode = tar.TypeReg, 0o644
	if err := tw.WriteHeader(h); err != nil {
		return err
	}
	if h.Size > 0 {
		_, err := io.CopyN(tw, body, h.Size)
		return err
	}
	return nil
}

func many(tw *tar.Writer, n int) error {
	for i := range n {
		if err := tarEntry(tw, &tar.Header{Name: fmt.Sprintf("usr/share/d%d/f%d", i/1000, i)}, nil); err != nil {
			return err
		}
	}
	return nil
}

func writeArchive(p string, entries func(*tar.Writer) error) error {
	f, err := os.Create(p)
	if err != nil {
		return err
	}
	defer f.Close()
	bw := bufio.NewWriter(f)
	zw, _ := gzip.NewWriterLevel(bw, gzip.BestSpeed)
	tw := tar.NewWriter(zw)
	if err := entries(tw); err != nil {
		return err
	}
	for _, c := range []io.Closer{tw, zw} {
		if err := c.Close(); err != nil {
			return err
		}
	}
	return bw.Flush()
}
