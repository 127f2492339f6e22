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

// entry is one file of the image: the header fields the gatherer reads,
// and no more (an image's root may have a few hundred thousand).
type entry struct {
	name     string // clean, relative to the root
	linkname string
	size     int64
	mode     int64 // the tar header's mode bits
	uid, gid int
	modTime  time.Time
	typ      byte   // the tar type flag
	kept     bool   // content holds the file's content
	content  []byte // nil unless kept
}

// header is the entry as a tar header: what info's Sys returns, whose Uid
// and Gid the gatherer records.
func (e *entry) header() *tar.Header {
	return &tar.Header{Typeflag: e.typ, Name: e.name, Linkname: e.linkname, Size: e.size,
		Mode: e.mode, Uid: e.uid, Gid: e.gid, ModTime: e.modTime}
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
	return info{e, path.Base(name)}, nil
}

func (m *memFS) ReadLink(name string) (string, error) {
	e, err := m.lookup("readlink", name)
	if err != nil {
		return "", err
	}
	if e.typ != tar.TypeSymlink {
		return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
	}
	return e.linkname, nil
}

func (m *memFS) Open(name string) (fs.File, error) {
	e, err := m.lookup("open", name)
	if err != nil {
		return nil, err
	}
	fi := info{e, path.Base(name)}
	switch {
	case fi.IsDir():
		var list []fs.DirEntry
		for _, c := range m.children[name] {
			list = append(list, fs.FileInfoToDirEntry(info{m.entries[path.Join(name, c)], c}))
		}
		return &dir{fi: fi, entries: list}, nil
	case e.typ == tar.TypeSymlink:
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
		m.entries["."] = dirEntry(".")
	}
	for _, p := range slices.Sorted(maps.Keys(m.entries)) {
		for p != "." {
			parent := path.Dir(p)
			if m.entries[parent] == nil {
				m.entries[parent] = dirEntry(parent)
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

func dirEntry(name string) *entry {
	return &entry{name: name, typ: tar.TypeDir, mode: 0o755}
}

// info is an entry as an fs.FileInfo; Sys is its *tar.Header.
type info struct {
	e    *entry
	name string
}

func (i info) Name() string { return i.name }
func (i info) Size() int64  { return i.e.size }
func (i info) Mode() fs.FileMode {
	return (&tar.Header{Typeflag: i.e.typ, Mode: i.e.mode}).FileInfo().Mode()
}
func (i info) ModTime() time.Time { return i.e.modTime }
func (i info) IsDir() bool        { return i.Mode().IsDir() }
func (i info) Sys() any           { return i.e.header() }

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
