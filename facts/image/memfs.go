package image

import (
	"archive/tar"
	"bytes"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"time"
)

// memFS is a node's root filesystem as an image's layers leave it: every
// entry's metadata, and the content of the files the gatherer reads. It is
// read-only and does not follow symlinks (the gatherer resolves them).
type memFS struct {
	entries  map[string]*entry   // by clean relative path; "." is the root
	children map[string][]string // directory → sorted child names
}

// entry is one file of the image.
type entry struct {
	hdr     *tar.Header
	content []byte // nil unless kept
	kept    bool
}

func (m *memFS) lookup(op, name string) (*entry, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	e, ok := m.entries[name]
	if !ok {
		return nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist}
	}
	return e, nil
}

func (m *memFS) Lstat(name string) (fs.FileInfo, error) {
	e, err := m.lookup("lstat", name)
	if err != nil {
		return nil, err
	}
	return info{e.hdr, path.Base(name)}, nil
}

func (m *memFS) ReadLink(name string) (string, error) {
	e, err := m.lookup("readlink", name)
	if err != nil {
		return "", err
	}
	if e.hdr.Typeflag != tar.TypeSymlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return e.hdr.Linkname, nil
}

func (m *memFS) Open(name string) (fs.File, error) {
	e, err := m.lookup("open", name)
	if err != nil {
		return nil, err
	}
	fi := info{e.hdr, path.Base(name)}
	switch {
	case fi.IsDir():
		var list []fs.DirEntry
		for _, c := range m.children[name] {
			list = append(list, fs.FileInfoToDirEntry(info{m.entries[path.Join(name, c)].hdr, c}))
		}
		return &dir{fi: fi, entries: list}, nil
	case e.hdr.Typeflag == tar.TypeSymlink:
		return nil, &fs.PathError{Op: "open", Path: name, Err: errSymlink}
	case fi.Mode().IsRegular() && !e.kept:
		// Only what the gatherer reads is kept in memory; a program's
		// content is never needed, its owner and mode are.
		return nil, &fs.PathError{Op: "open", Path: name, Err: errNotKept}
	}
	return &file{fi: fi, r: bytes.NewReader(e.content)}, nil
}

// index builds the directory listings, adding the directories that the
// archive implies but does not list.
func (m *memFS) index() {
	m.children = map[string][]string{}
	if m.entries["."] == nil {
		m.entries["."] = &entry{hdr: dirHeader(".")}
	}
	for _, p := range slices.Sorted(maps.Keys(m.entries)) {
		for p != "." {
			parent := path.Dir(p)
			if m.entries[parent] == nil {
				m.entries[parent] = &entry{hdr: dirHeader(parent)}
			}
			kids := m.children[parent]
			name := path.Base(p)
			if i, found := slices.BinarySearch(kids, name); !found {
				m.children[parent] = slices.Insert(kids, i, name)
			}
			p = parent
		}
	}
}

func dirHeader(name string) *tar.Header {
	return &tar.Header{Name: name, Typeflag: tar.TypeDir, Mode: 0o755}
}

// info is a tar header as an fs.FileInfo; Sys is the *tar.Header, whose
// Uid and Gid the gatherer records.
type info struct {
	hdr  *tar.Header
	name string
}

func (i info) Name() string       { return i.name }
func (i info) Size() int64        { return i.hdr.Size }
func (i info) Mode() fs.FileMode  { return i.hdr.FileInfo().Mode() }
func (i info) ModTime() time.Time { return i.hdr.ModTime }
func (i info) IsDir() bool        { return i.Mode().IsDir() }
func (i info) Sys() any           { return i.hdr }

type file struct {
	fi fs.FileInfo
	r  *bytes.Reader
}

func (f *file) Stat() (fs.FileInfo, error) { return f.fi, nil }
func (f *file) Read(b []byte) (int, error) { return f.r.Read(b) }
func (f *file) Close() error               { return nil }

type dir struct {
	fi      fs.FileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dir) Stat() (fs.FileInfo, error) { return d.fi, nil }
func (d *dir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.fi.Name(), Err: fs.ErrInvalid}
}
func (d *dir) Close() error { return nil }

func (d *dir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n > 0 && len(rest) == 0 {
		return nil, io.EOF
	}
	if n > 0 && n < len(rest) {
		rest = rest[:n]
	}
	d.off += len(rest)
	return rest, nil
}

// keep says whether the gatherer may read a file's content: node metadata
// and unit files, which are small. Everything else keeps only its header.
func keep(name string, size int64) bool {
	if size > maxKept {
		return false
	}
	for _, p := range []string{"etc/", "usr/lib/systemd/", "lib/systemd/", "run/systemd/", "opt/mesosphere/etc/"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	switch path.Ext(name) {
	case ".service", ".socket", ".timer", ".target", ".path", ".mount", ".conf":
		return true
	}
	return false
}

// maxKept bounds one kept file, as the gatherer bounds a unit file.
const maxKept = 1 << 20
