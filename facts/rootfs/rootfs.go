// Package rootfs gathers the facts of a DC/OS node from its root filesystem
// (a machine image, a mounted disk, or "/"), without a running systemd.
//
// It never writes to the tree it reads: every access is a read through a
// read-only view of the node's root (an os.Root on a directory, or an image
// archive read in place), and symlinks are followed by hand, inside that
// root, as if it were "/".
package rootfs

import (
	"archive/tar"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/unitfile"
)

// Paths inside the node's root that dcos-audit reads.
const (
	hostnameFile = "etc/hostname"
	rolesDir     = "etc/mesosphere/roles"
	versionFile  = "opt/mesosphere/etc/dcos-version.json"
	signalFile   = "opt/mesosphere/etc/dcos-signal-config.json"
)

// dropInDirs are the unit directories whose <unit>.d/*.conf drop-ins apply,
// highest priority first (systemd.unit(5)).
var dropInDirs = []string{"etc/systemd/system", "run/systemd/system", "usr/lib/systemd/system", "lib/systemd/system"}

// maxUnitFile bounds how much of one unit file is read; real ones are a few KB.
const maxUnitFile = 1 << 20

// Source gathers facts from a root directory.
type Source struct {
	// Root is the directory that holds the node's etc/ and opt/.
	Root string
	// Tool names the gathering program and version, for provenance.
	Tool string
	// Now gives the gathering time; time.Now when nil.
	Now func() time.Time
}

// Gather reads the node's facts. It fails only when the root itself cannot
// be opened; everything else that cannot be read becomes a Problem.
func (s Source) Gather(ctx context.Context) (*facts.Snapshot, error) {
	fi, err := os.Stat(s.Root)
	if err != nil {
		return nil, fmt.Errorf("root %s: %w (pass the directory that holds the node's etc/ and opt/)", s.Root, unwrapPath(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("root %s: not a directory (pass the directory that holds the node's etc/ and opt/)", s.Root)
	}
	root, err := os.OpenRoot(s.Root)
	if err != nil {
		return nil, fmt.Errorf("root %s: %w", s.Root, unwrapPath(err))
	}
	defer root.Close()
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return Read(ctx, DirFS(root), facts.Provenance{Kind: facts.KindRootfs, Target: s.Root, Tool: s.Tool, GatheredAt: now().UTC()})
}

// Read gathers a node's facts from fsys, a read-only view of its root. It
// fails when the root holds no etc/ directory (not a node's root at all:
// an unmounted image, a wrong path) or when ctx ends; everything else that
// cannot be read becomes a Problem.
func Read(ctx context.Context, fsys fs.ReadLinkFS, prov facts.Provenance) (*facts.Snapshot, error) {
	fsys = remembered(fsys)
	if fi, err := fsys.Lstat("etc"); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("root %s: %w", prov.Target, ErrNotANode)
	}
	g := &gatherer{root: fsys}
	snap := &facts.Snapshot{SchemaVersion: facts.SchemaVersion, Source: prov}
	snap.Node = g.node()
	units, found, err := g.units(ctx)
	if err != nil {
		return nil, err
	}
	snap.Units, snap.Node.WantsDirFound = units, found
	snap.Problems = g.problems
	if snap.Problems == nil {
		snap.Problems = []facts.Problem{}
	}
	return snap, nil
}

// ErrNotANode is returned for a root without an etc/ directory.
var ErrNotANode = errors.New("no etc/ directory: not a node's root filesystem " +
	"(pass the directory or image that holds the node's etc/ and opt/; is the image mounted?)")

// DirFS is the read-only view of a directory opened as an os.Root. Open
// uses O_NONBLOCK: opening a FIFO planted where a unit file belongs must
// not hang the scan (the gatherer then rejects anything not regular).
func DirFS(root *os.Root) fs.ReadLinkFS { return dirFS{root} }

type dirFS struct{ root *os.Root }

func (d dirFS) Open(name string) (fs.File, error) {
	return d.root.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
func (d dirFS) Lstat(name string) (fs.FileInfo, error) { return d.root.Lstat(name) }
func (d dirFS) ReadLink(name string) (string, error)   { return d.root.Readlink(name) }

// remembered answers each path's Lstat and ReadLink once per gather:
// resolve looks at every prefix of every path, and through an os.Root each
// Lstat walks its whole path again (half of a gather's time). Files are
// still opened, and read, through fsys.
func remembered(fsys fs.ReadLinkFS) fs.ReadLinkFS {
	return &memoFS{ReadLinkFS: fsys, stats: map[string]statResult{}, links: map[string]linkResult{}}
}

type memoFS struct {
	fs.ReadLinkFS
	stats map[string]statResult
	links map[string]linkResult
}

type statResult struct {
	fi  fs.FileInfo
	err error
}

type linkResult struct {
	target string
	err    error
}

func (m *memoFS) Lstat(name string) (fs.FileInfo, error) {
	r, ok := m.stats[name]
	if !ok {
		r.fi, r.err = m.ReadLinkFS.Lstat(name)
		m.stats[name] = r
	}
	return r.fi, r.err
}

func (m *memoFS) ReadLink(name string) (string, error) {
	r, ok := m.links[name]
	if !ok {
		r.target, r.err = m.ReadLinkFS.ReadLink(name)
		m.links[name] = r
	}
	return r.target, r.err
}

type gatherer struct {
	root     fs.ReadLinkFS
	problems []facts.Problem
}

func (g *gatherer) problem(kind, p string, err error, hint string) {
	g.problems = append(g.problems, facts.Problem{Kind: kind, Path: p, Detail: errText(err), Hint: hint})
}

// unreadable records err as a Problem unless it only says the item is absent.
// It reports whether err was nil.
func (g *gatherer) ok(p string, err error) bool {
	if err == nil {
		return true
	}
	if !errors.Is(err, fs.ErrNotExist) {
		g.problem(facts.ProblemUnreadable, p, err, hintFor(err))
	}
	return false
}

// readFile reads a regular file at a root-relative path, following
// symlinks inside the root.
func (g *gatherer) readFile(p string, limit int64) ([]byte, fs.FileInfo, error) {
	res := resolve(g.root, p)
	switch res.status {
	case facts.LinkOK:
	case facts.LinkDangling:
		return nil, nil, fs.ErrNotExist
	case facts.LinkError:
		return nil, nil, res.err
	default:
		return nil, nil, fmt.Errorf("symlink %s", res.status)
	}
	f, err := g.root.Open(res.path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fi, fmt.Errorf("not a regular file (%s)", fi.Mode().Type())
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fi, err
	}
	if int64(len(b)) > limit {
		return nil, fi, fmt.Errorf("larger than %d bytes", limit)
	}
	return b, fi, nil
}

func (g *gatherer) node() facts.Node {
	n := facts.Node{Roles: []string{}, Leftovers: []string{}}
	if b, _, err := g.readFile(hostnameFile, 4096); g.ok(hostnameFile, err) {
		n.Hostname, _, _ = strings.Cut(strings.TrimSpace(string(b)), "\n")
	}
	if entries, err := g.readDir(rolesDir); g.ok(rolesDir, err) {
		for _, e := range entries {
			n.Roles = append(n.Roles, e.Name())
		}
		n.RolesFrom = rolesDir
	}
	if b, _, err := g.readFile(versionFile, 1<<16); g.ok(versionFile, err) {
		var v struct {
			Version string `json:"version"`
			Variant string `json:"dcos-variant"`
		}
		if err := json.Unmarshal(b, &v); err != nil {
			g.problem(facts.ProblemMalformedFile, versionFile, err,
				"the DC/OS version is unknown; pass --dcos-version to choose the catalog profile")
		} else {
			n.Version, n.Variant, n.VersionFrom = v.Version, v.Variant, versionFile
		}
	}
	if b, _, err := g.readFile(signalFile, 1<<16); g.ok(signalFile, err) {
		n.Telemetry = g.telemetry(b)
	}
	for _, dir := range []string{facts.WantsDir + ".new", facts.WantsDir + ".old"} {
		if _, err := g.root.Lstat(dir); g.ok(dir, err) {
			n.Leftovers = append(n.Leftovers, dir)
		}
	}
	return n
}

// telemetry reads the one setting of DC/OS Signal's configuration that an
// audit needs, nothing else of the file.
func (g *gatherer) telemetry(b []byte) *facts.Telemetry {
	var c struct {
		Enabled json.RawMessage `json:"enabled"`
	}
	err := json.Unmarshal(b, &c)
	if err == nil {
		var s string
		var on bool
		switch {
		case json.Unmarshal(c.Enabled, &s) == nil && (s == "true" || s == "false"):
			return &facts.Telemetry{From: signalFile, Enabled: s}
		case json.Unmarshal(c.Enabled, &on) == nil:
			return &facts.Telemetry{From: signalFile, Enabled: strconv.FormatBool(on)}
		}
		err = errors.New(`"enabled" is neither "true" nor "false"`)
		if c.Enabled == nil {
			err = errors.New(`no "enabled" setting`)
		}
	}
	g.problem(facts.ProblemMalformedFile, signalFile, err,
		"whether DC/OS Signal reports telemetry is unknown; the file is written from config.yaml's telemetry_enabled")
	return nil
}

// readDir lists a directory inside the root, sorted by name.
func (g *gatherer) readDir(p string) ([]fs.DirEntry, error) {
	res := resolve(g.root, p)
	switch res.status {
	case facts.LinkOK:
	case facts.LinkDangling:
		return nil, fs.ErrNotExist
	case facts.LinkError:
		return nil, res.err
	default:
		return nil, fmt.Errorf("symlink %s", res.status)
	}
	f, err := g.root.Open(res.path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, ok := f.(fs.ReadDirFile)
	if !ok {
		return nil, fmt.Errorf("not a directory")
	}
	entries, err := d.ReadDir(-1)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return cmp.Compare(a.Name(), b.Name()) })
	return entries, err
}

// units reads every entry of dcos.target.wants; found is false when the
// directory does not exist or cannot be listed (then a Problem says why).
func (g *gatherer) units(ctx context.Context) (units []facts.Unit, found bool, err error) {
	units = []facts.Unit{}
	entries, err := g.readDir(facts.WantsDir)
	if !g.ok(facts.WantsDir, err) {
		return units, false, nil
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return nil, true, err
		}
		units = append(units, g.unit(e))
	}
	return units, true, nil
}

func (g *gatherer) unit(e fs.DirEntry) facts.Unit {
	name := e.Name()
	u := facts.Unit{
		Name:  name,
		Kind:  unitfile.Kind(name),
		Path:  path.Join(facts.WantsDir, name),
		State: facts.UnknownState,
	}
	filePath := u.Path
	switch t := e.Type(); {
	case t&fs.ModeSymlink != 0:
		u.Entry = "symlink"
		target, err := g.root.ReadLink(u.Path)
		if !g.ok(u.Path, err) {
			u.Link = &facts.Link{Status: facts.LinkError}
			return u
		}
		res := resolve(g.root, u.Path)
		u.Link = &facts.Link{Target: target, Status: res.status}
		if res.status == facts.LinkError {
			g.problem(facts.ProblemUnreadable, res.path, res.err, hintFor(res.err))
		}
		if res.status == facts.LinkOK || res.status == facts.LinkMasked {
			u.Link.Resolved = res.path
		}
		if res.status != facts.LinkOK {
			return u
		}
		filePath = res.path
	case t.IsRegular():
		u.Entry = "file"
	case t.IsDir():
		u.Entry = "directory"
		return u
	default:
		u.Entry = "other"
		return u
	}
	if u.Kind == "" {
		return u // not a unit: nothing to parse
	}
	u.File = g.unitFile(name, filePath)
	if u.File != nil && u.Kind == "timer" {
		t := unitfile.Timer(name, u.File.Options)
		u.Timer = &t
	}
	return u
}

// unitFile reads and parses a unit file and its drop-ins; nil when the
// file itself cannot be read (a Problem is recorded).
func (g *gatherer) unitFile(name, p string) *facts.UnitFile {
	data, fi, err := g.readFile(p, maxUnitFile)
	if err != nil && fi == nil {
		g.ok(p, err)
		return nil
	}
	uf := &facts.UnitFile{Path: p, DropIns: []facts.DropIn{}, Options: unitfile.Options{}}
	uf.Mode, uf.UID, uf.GID = owner(fi)
	if err != nil { // readable metadata, unreadable content: not a regular file, too big
		uf.ParseError = fmt.Sprintf("read %s: %v", p, err)
		return uf
	}
	files := []unitfile.File{{Path: p, Data: data}}
	for _, dp := range g.dropIns(name) {
		b, dfi, err := g.readFile(dp, maxUnitFile)
		if err != nil {
			g.ok(dp, err)
			continue
		}
		d := facts.DropIn{Path: dp}
		d.Mode, d.UID, d.GID = owner(dfi)
		uf.DropIns = append(uf.DropIns, d)
		files = append(files, unitfile.File{Path: dp, Data: b})
	}
	opts, err := unitfile.Parse(files...)
	uf.Options = opts
	if err != nil {
		uf.ParseError = err.Error()
	}
	uf.Referenced = g.referenced(opts)
	return uf
}

// dropIns lists the drop-in files of a unit in the order systemd applies
// them: by file name, a name in a higher-priority directory masking the
// same name in lower ones.
func (g *gatherer) dropIns(name string) []string {
	byName := map[string]string{}
	for _, dir := range dropInDirs {
		d := path.Join(dir, name+".d")
		entries, err := g.readDir(d)
		if !g.ok(d, err) {
			continue
		}
		for _, e := range entries {
			if !strings.HasSuffix(e.Name(), ".conf") {
				continue
			}
			if _, masked := byName[e.Name()]; !masked {
				byName[e.Name()] = path.Join(d, e.Name())
			}
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	slices.Sort(names)
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = byName[n]
	}
	return paths
}

// owner reads a file's permission bits and ownership, from the file system
// or from an archive's header.
func owner(fi fs.FileInfo) (mode string, uid, gid int) {
	mode = fmt.Sprintf("%04o", fi.Mode().Perm())
	switch st := fi.Sys().(type) {
	case *syscall.Stat_t:
		uid, gid = int(st.Uid), int(st.Gid)
	case *tar.Header:
		uid, gid = st.Uid, st.Gid
	}
	return mode, uid, gid
}

// errText is an error's reason without the path that Problem.Path carries.
func errText(err error) string {
	return unwrapPath(err).Error()
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func hintFor(err error) string {
	if errors.Is(err, fs.ErrPermission) {
		return "run dcos-audit as root, or gather a snapshot on the node with dcos-audit gather"
	}
	return "check the file system of the scanned root"
}
