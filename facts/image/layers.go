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

// budget bounds what one archive, all its layers together, may make the
// scanner hold in memory: a node's root has far fewer entries, and far
// less metadata and unit-file content, so an archive beyond it is hostile
// or not a node, and refused rather than obeyed.
type budget struct {
	entries int
	kept    int64
}

const (
	maxEntries   = 300_000
	maxKeptTotal = 64 << 20
	maxNameLen   = 4096 // PATH_MAX
)

// readLayer reads a tar stream, gzip-compressed or not (a filesystem
// tarball, or a layer that go-containerregistry leaves compressed),
// keeping the content of the files keep selects. Names are made relative
// and clean; names that climb out of the root are an error, not a file
// elsewhere.
// Only the header fields the gatherer reads are kept (no PAX records,
// which may be a megabyte an entry).
func readLayer(r io.Reader, b *budget) (layer, error) {
	r, err := decompress(r)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(r)
	var l layer
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return l, nil
		}
		if err != nil {
			return nil, err
		}
		if b.entries++; b.entries > maxEntries {
			return nil, fmt.Errorf("more than %d entries: a node's root has far fewer (refused, to bound memory)", maxEntries)
		}
		if len(hdr.Name) > maxNameLen || len(hdr.Linkname) > maxNameLen {
			return nil, fmt.Errorf("entry %.64q...: a name longer than %d bytes", hdr.Name, maxNameLen)
		}
		name, ok := cleanName(hdr.Name)
		if !ok {
			return nil, fmt.Errorf("entry %q climbs out of the root", hdr.Name)
		}
		linkname := hdr.Linkname
		if hdr.Typeflag == tar.TypeLink {
			if linkname, ok = cleanName(linkname); !ok {
				return nil, fmt.Errorf("hard link %q points out of the root", name)
			}
		}
		e := &entry{name: name, linkname: linkname, size: hdr.Size, mode: hdr.Mode,
			uid: hdr.Uid, gid: hdr.Gid, modTime: hdr.ModTime, typ: hdr.Typeflag}
		if hdr.Typeflag == tar.TypeReg && keep(name, hdr.Size) {
			if b.kept += hdr.Size; b.kept > maxKeptTotal {
				return nil, fmt.Errorf("%s: more than %d MiB of node metadata and unit files (refused, to bound memory)", name, maxKeptTotal>>20)
			}
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
	case bytes.Equal(magic, zstdMagic):
		// A zstd layer reaches here only from a docker save archive
		// whose first layer is not compressed: go-containerregistry
		// decides from the first how all are read.
		return nil, errors.New("zstd-compressed layer in a docker save archive whose first layer is not compressed: save the image with its layers compressed alike")
	}
	return br, nil
}

var (
	zstdMagic      = []byte{0x28, 0xb5, 0x2f, 0xfd}
	errZstdArchive = errors.New("zstd-compressed archive: not supported (decompress it, or compress it with gzip; zstd layers inside a docker save archive or an OCI layout are read)")
)

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
	// What the layer hides below it, in one pass over what is there (a
	// removal per whiteout would make many whiteouts quadratic): the
	// content of opaque directories, whited-out paths and what they held,
	// and what a directory held that a file of this layer replaces.
	emptied := map[string]bool{} // directories whose content goes
	gone := map[string]bool{}    // paths that go
	for _, e := range l {
		dir, base := path.Dir(e.name), path.Base(e.name)
		switch {
		case base == ".wh..wh..opq":
			emptied[dir] = true
		case strings.HasPrefix(base, ".wh."):
			p := path.Join(dir, strings.TrimPrefix(base, ".wh."))
			gone[p], emptied[p] = true, true
		case e.typ != tar.TypeDir:
			if old := entries[e.name]; old != nil && old.typ == tar.TypeDir {
				emptied[e.name] = true
			}
		}
	}
	if len(emptied) > 0 {
		for p := range entries {
			if gone[p] || under(p, emptied) {
				delete(entries, p)
			}
		}
	}
	for _, e := range l {
		base := path.Base(e.name)
		switch {
		case strings.HasPrefix(base, ".wh."):
		case e.typ == tar.TypeLink:
			if t := entries[e.linkname]; t != nil {
				link := *t
				link.name = e.name
				entries[e.name] = &link
			}
		default:
			entries[e.name] = e
		}
	}
}

// under reports whether one of p's ancestors is in dirs.
func under(p string, dirs map[string]bool) bool {
	for p != "." {
		p = path.Dir(p)
		if dirs[p] {
			return true
		}
	}
	return false
}
