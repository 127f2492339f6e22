package image

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

var (
	errSymlink = errors.New("is a symlink")
	errNotKept = errors.New("content not read from the image (only node metadata and unit files are)")
)

// layer is one tar stream's entries, in archive order.
type layer []*entry

// readLayer reads a tar stream, gzip-compressed or not, keeping the
// content of the files keep selects. Names are made relative and clean;
// names that climb out of the root are an error, not a file elsewhere.
func readLayer(r io.Reader) (layer, error) {
	r, err := decompress(r)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(r)
	var l layer
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return l, nil
		}
		if err != nil {
			return nil, err
		}
		name, ok := cleanName(hdr.Name)
		if !ok {
			return nil, fmt.Errorf("entry %q climbs out of the root", hdr.Name)
		}
		hdr.Name = name
		if hdr.Typeflag == tar.TypeLink {
			if hdr.Linkname, ok = cleanName(hdr.Linkname); !ok {
				return nil, fmt.Errorf("hard link %q points out of the root", name)
			}
		}
		e := &entry{hdr: hdr}
		if hdr.Typeflag == tar.TypeReg && keep(name, hdr.Size) {
			if e.content, err = io.ReadAll(tr); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			e.kept = true
		}
		l = append(l, e)
	}
}

// decompress undoes gzip when the stream starts with its magic number.
func decompress(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(magic, []byte{0x1f, 0x8b}):
		return gzip.NewReader(br)
	case bytes.Equal(magic, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return nil, errors.New("zstd-compressed layer: not supported (export the image uncompressed or gzip-compressed)")
	}
	return br, nil
}

// cleanName makes an entry's name relative to the root and clean; false
// when it climbs out of it.
func cleanName(name string) (string, bool) {
	n := path.Clean(strings.TrimLeft(name, "/"))
	if n == ".." || strings.HasPrefix(n, "../") {
		return "", false
	}
	return n, true
}

// apply lays l over the entries of the layers below, as container
// runtimes do: an opaque marker (dir/.wh..wh..opq) hides all that the
// lower layers had in dir, a whiteout (dir/.wh.name) removes name, and
// a hard link is a copy of its target's entry.
func apply(entries map[string]*entry, l layer) {
	for _, e := range l {
		if base := path.Base(e.hdr.Name); base == ".wh..wh..opq" {
			removeUnder(entries, path.Dir(e.hdr.Name))
		}
	}
	for _, e := range l {
		name, base := e.hdr.Name, path.Base(e.hdr.Name)
		switch {
		case base == ".wh..wh..opq":
		case strings.HasPrefix(base, ".wh."):
			gone := path.Join(path.Dir(name), strings.TrimPrefix(base, ".wh."))
			delete(entries, gone)
			removeUnder(entries, gone)
		case e.hdr.Typeflag == tar.TypeLink:
			if t := entries[e.hdr.Linkname]; t != nil {
				hdr := *t.hdr
				hdr.Name = name
				entries[name] = &entry{hdr: &hdr, content: t.content, kept: t.kept}
			}
		default:
			// A file replacing a directory hides what the directory held; a
			// directory over a directory changes only its own metadata.
			if old := entries[name]; old != nil && old.hdr.Typeflag == tar.TypeDir && e.hdr.Typeflag != tar.TypeDir {
				removeUnder(entries, name)
			}
			entries[name] = e
		}
	}
}

func removeUnder(entries map[string]*entry, dir string) {
	prefix := dir + "/"
	if dir == "." {
		prefix = ""
	}
	for p := range entries {
		if strings.HasPrefix(p, prefix) && p != dir {
			delete(entries, p)
		}
	}
}
