package image

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// wholeArchive names the archive itself as a blob: a filesystem tarball
// is its own only layer.
const wholeArchive = "\x00archive"

// archive is an image archive file: the names it holds and its small
// top-level and blobs/ files (manifests, configs), read in one pass; a
// large blob is streamed from the file when opened.
type archive struct {
	path  string
	names map[string]bool
	small map[string][]byte
}

func readArchive(p string) (*archive, error) {
	a := &archive{path: p, names: map[string]bool{wholeArchive: true}, small: map[string][]byte{}}
	err := a.scan(func(name string, hdr *tar.Header, r io.Reader) (bool, error) {
		a.names[name] = true
		if hdr.Typeflag == tar.TypeReg && hdr.Size <= 1<<20 && (!strings.Contains(name, "/") || strings.HasPrefix(name, "blobs/")) {
			b, err := io.ReadAll(r)
			a.small[name] = b
			return false, err
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// scan walks the archive's entries until visit says stop.
func (a *archive) scan(visit func(name string, hdr *tar.Header, r io.Reader) (stop bool, err error)) error {
	f, err := os.Open(a.path)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := decompress(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(r)
	for first := true; ; first = false {
		hdr, err := tr.Next()
		if err == io.EOF {
			if first {
				return errors.New("empty archive")
			}
			return nil
		}
		if err != nil {
			if first {
				return fmt.Errorf("not a tar archive (plain or gzip-compressed): %w", err)
			}
			return err
		}
		name, _ := cleanName(hdr.Name)
		if stop, err := visit(name, hdr, tr); err != nil || stop {
			return err
		}
	}
}

func (a *archive) has(name string) bool { return a.names[name] }

func (a *archive) open(name string) (io.ReadCloser, error) {
	if name == wholeArchive {
		return os.Open(a.path)
	}
	if b, ok := a.small[name]; ok {
		return io.NopCloser(bytes.NewReader(b)), nil
	}
	if !a.names[name] {
		return nil, fmt.Errorf("%s: not in the archive", name)
	}
	// A layer is streamed from the file, not held in memory: the scan
	// writes the entry into a pipe that the caller reads.
	pr, pw := io.Pipe()
	go func() {
		err := a.scan(func(n string, _ *tar.Header, r io.Reader) (bool, error) {
			if n != name {
				return false, nil
			}
			_, err := io.Copy(pw, r)
			return true, err
		})
		pw.CloseWithError(err)
	}()
	return pr, nil
}
