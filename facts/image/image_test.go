package image

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/klauspost/compress/zstd"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/rootfs"
)

const fixture = "../../testdata/fixtures/agent-2.2.1/root"

// tfile is one entry of a test layer.
type tfile struct {
	name, body, link string
	typ              byte
}

// tarOf writes entries as a tar stream, owned by root.
func tarOf(t *testing.T, files []tfile) []byte {
	t.Helper()
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, f := range files {
		hdr := &tar.Header{Name: f.name, Typeflag: cmpOr(f.typ, tar.TypeReg), Mode: 0o644, Linkname: f.link, Size: int64(len(f.body))}
		if hdr.Typeflag != tar.TypeReg {
			hdr.Size = 0
		}
		if hdr.Typeflag == tar.TypeDir {
			hdr.Mode = 0o755
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if hdr.Typeflag == tar.TypeReg {
			tw.Write([]byte(f.body))
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func cmpOr(a, b byte) byte {
	if a != 0 {
		return a
	}
	return b
}

// treeOf reads a fixture directory as tar entries.
func treeOf(t *testing.T, dir string) []tfile {
	t.Helper()
	var files []tfile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		name := "./" + filepath.ToSlash(rel)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			files = append(files, tfile{name: name, link: target, typ: tar.TypeSymlink})
			return err
		case d.IsDir():
			files = append(files, tfile{name: name + "/", typ: tar.TypeDir})
		default:
			b, err := os.ReadFile(p)
			files = append(files, tfile{name: name, body: string(b)})
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func gz(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// config is a docker image config whose rootfs lists layers, each
// uncompressed or gzip- or zstd-compressed, by their diff ids.
func config(t *testing.T, layers ...[]byte) string {
	t.Helper()
	var ids []string
	for _, l := range layers {
		var r io.Reader = bytes.NewReader(l)
		switch {
		case bytes.HasPrefix(l, []byte{0x1f, 0x8b}):
			zr, err := gzip.NewReader(r)
			if err != nil {
				t.Fatal(err)
			}
			r = zr
		case bytes.HasPrefix(l, []byte{0x28, 0xb5, 0x2f, 0xfd}):
			zr, err := zstd.NewReader(r)
			if err != nil {
				t.Fatal(err)
			}
			defer zr.Close()
			r = zr
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, "sha256:"+sum(b))
	}
	b, _ := json.Marshal(map[string]any{"architecture": "amd64", "os": "linux", "rootfs": map[string]any{"type": "layers", "diff_ids": ids}})
	return string(b)
}

func write(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func gather(t *testing.T, p string) *facts.Snapshot {
	t.Helper()
	s, err := Source{Path: p, Tool: "test", Now: func() time.Time { return time.Unix(0, 0) }}.Gather(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// units is what a test compares of two snapshots: the node and the units.
func units(s *facts.Snapshot) any { return []any{s.Node, s.Units, s.Problems} }

// A filesystem tarball, plain or gzip-compressed, reads exactly as the
// directory it was made from; its digest is the archive's.
func TestFilesystemTarball(t *testing.T) {
	want, err := rootfs.Source{Root: fixture, Tool: "test"}.Gather(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	raw := tarOf(t, treeOf(t, fixture))
	for name, b := range map[string][]byte{"node.tar": raw, "node.tar.gz": gz(t, raw)} {
		p := write(t, t.TempDir(), name, b)
		got := gather(t, p)
		if diff := cmp.Diff(units(want), units(got)); diff != "" {
			t.Errorf("%s differs from the directory (-dir +image):\n%s", name, diff)
		}
		if got.Source.Kind != "image" || got.Source.Digest != "sha256:"+sum(b) {
			t.Errorf("%s: source %+v", name, got.Source)
		}
	}
}

// layered builds a base layer from the fixture, gzip-compressed, and a
// top layer, uncompressed, that removes the Mesos agent's wants link
// (whiteout), empties the roles directory and sets a new role (opaque),
// and adds a unit through a hard link.
func layered(t *testing.T) (base, top []byte) {
	base, top = layerTars(t)
	return gz(t, base), top
}

// layerTars is layered's layers, both uncompressed.
func layerTars(t *testing.T) (base, top []byte) {
	base = tarOf(t, treeOf(t, fixture))
	top = tarOf(t, []tfile{
		{name: "etc/systemd/system/dcos.target.wants/.wh.dcos-mesos-slave.service"},
		{name: "etc/mesosphere/roles/", typ: tar.TypeDir},
		{name: "etc/mesosphere/roles/.wh..wh..opq"},
		{name: "etc/mesosphere/roles/slave_public"},
		{name: "etc/systemd/system/dcos-extra.service", link: "etc/systemd/system/dcos-net.service", typ: tar.TypeLink},
		{name: "etc/systemd/system/dcos.target.wants/dcos-extra.service", link: "/etc/systemd/system/dcos-extra.service", typ: tar.TypeSymlink},
	})
	return base, top
}

func checkLayered(t *testing.T, s *facts.Snapshot) {
	t.Helper()
	if !slices.Equal(s.Node.Roles, []string{"slave_public"}) {
		t.Errorf("roles %v: the opaque directory should leave only slave_public", s.Node.Roles)
	}
	var names []string
	for _, u := range s.Units {
		names = append(names, u.Name)
		if u.Name == "dcos-extra.service" && (u.File == nil || u.File.Options["Service"]["ExecStart"] == nil) {
			t.Errorf("the hard-linked unit has no content: %+v", u.File)
		}
	}
	if slices.Contains(names, "dcos-mesos-slave.service") || !slices.Contains(names, "dcos-extra.service") {
		t.Errorf("units %v: want the whiteout applied and dcos-extra.service added", names)
	}
}

// dockerSave is a docker save archive of one image, tagged node:1, of
// layers, and its config.
func dockerSave(t *testing.T, layers ...[]byte) (archive, cfg []byte) {
	cfg = []byte(config(t, layers...))
	var names []string
	var files []tfile
	for i, l := range slices.Backward(layers) {
		names = append([]string{fmt.Sprintf("l%d/layer.tar", i)}, names...)
		files = append(files, tfile{name: names[0], body: string(l)})
	}
	manifest, _ := json.Marshal([]map[string]any{{"Config": "cfg.json", "RepoTags": []string{"node:1"}, "Layers": names}})
	// docker save writes the manifest last: the reader must not need it first.
	files = append(files, tfile{name: "cfg.json", body: string(cfg)}, tfile{name: "manifest.json", body: string(manifest)})
	return tarOf(t, files), cfg
}

func TestDockerSave(t *testing.T) {
	base, top := layered(t)
	archive, cfg := dockerSave(t, base, top)
	s := gather(t, write(t, t.TempDir(), "node.tar", archive))
	checkLayered(t, s)
	if s.Source.Digest != "sha256:"+sum(cfg) {
		t.Errorf("digest %s, want the config's (docker's image id)", s.Source.Digest)
	}
}

// ociLayout is the files of an OCI layout of one image of layers, each
// with its media type, and the image's manifest.
func ociLayout(t *testing.T, layers ...[2]string) (files []tfile, manifest []byte) {
	var descs []map[string]any
	for _, l := range layers {
		descs = append(descs, map[string]any{"mediaType": l[0], "digest": "sha256:" + sum([]byte(l[1])), "size": len(l[1])})
	}
	manifest, _ = json.Marshal(map[string]any{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "layers": descs})
	index, _ := json.Marshal(map[string]any{"schemaVersion": 2, "manifests": []map[string]any{{
		"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + sum(manifest), "size": len(manifest),
	}}})
	files = []tfile{
		{name: "oci-layout", body: `{"imageLayoutVersion":"1.0.0"}`},
		{name: "index.json", body: string(index)},
		{name: "blobs/sha256/" + sum(manifest), body: string(manifest)},
	}
	for _, l := range layers {
		files = append(files, tfile{name: "blobs/sha256/" + sum([]byte(l[1])), body: l[1]})
	}
	return files, manifest
}

// ociPaths writes an OCI layout as a directory and as a tar.
func ociPaths(t *testing.T, files []tfile) []string {
	dir := t.TempDir()
	for _, f := range files {
		write(t, dir, f.name, []byte(f.body))
	}
	return []string{dir, write(t, t.TempDir(), "oci.tar", tarOf(t, files))}
}

func TestOCILayout(t *testing.T) {
	base, top := layered(t)
	files, manifest := ociLayout(t,
		[2]string{"application/vnd.oci.image.layer.v1.tar+gzip", string(base)},
		[2]string{"application/vnd.oci.image.layer.v1.tar", string(top)})
	for _, p := range ociPaths(t, files) {
		s := gather(t, p)
		checkLayered(t, s)
		if s.Source.Digest != "sha256:"+sum(manifest) {
			t.Errorf("%s: digest %s, want the manifest's", p, s.Source.Digest)
		}
	}
}

func zst(t *testing.T, b []byte) []byte {
	zw, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer zw.Close()
	return zw.EncodeAll(b, nil)
}

// Layers compressed with zstd read as gzip-compressed ones do, in a docker
// save archive and in an OCI layout (a directory and its tar).
func TestZstdLayers(t *testing.T) {
	baseTar, topTar := layerTars(t)
	images := func(compress func(*testing.T, []byte) []byte, mediaType string) []string {
		base, top := compress(t, baseTar), compress(t, topTar)
		archive, _ := dockerSave(t, base, top)
		files, _ := ociLayout(t, [2]string{mediaType, string(base)}, [2]string{mediaType, string(top)})
		return append([]string{write(t, t.TempDir(), "node.tar", archive)}, ociPaths(t, files)...)
	}
	gzipped := images(gz, "application/vnd.oci.image.layer.v1.tar+gzip")
	for i, p := range images(zst, "application/vnd.oci.image.layer.v1.tar+zstd") {
		got, want := gather(t, p), gather(t, gzipped[i])
		checkLayered(t, got)
		if diff := cmp.Diff(units(want), units(got)); diff != "" {
			t.Errorf("%s differs from its gzip twin (-gzip +zstd):\n%s", p, diff)
		}
	}
}

// Archives that cannot be a node's image are refused with what to do.
func TestBadArchives(t *testing.T) {
	tests := []struct {
		name string
		b    []byte
		want string
	}{
		{"not a tar", []byte("garbage garbage garbage"), "not a tar archive"},
		{"zstd", []byte{0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0}, "zstd"},
		{"climbs out", tarOf(t, []tfile{{name: "../../etc/passwd", body: "x"}}), "climbs out of the root"},
		{"two images", tarOf(t, []tfile{{name: "manifest.json", body: `[{},{}]`}}), "holds 2 images"},
		{"no etc", tarOf(t, []tfile{{name: "usr/bin/x", body: "x"}}), "not a node's root filesystem"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Source{Path: write(t, t.TempDir(), "x.tar", tt.b)}.Gather(t.Context())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzReadLayer: any bytes give entries or an error, never a panic, and
// never an entry outside the root.
func FuzzReadLayer(f *testing.F) {
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, b []byte) {
		l, err := readLayer(bytes.NewReader(b), &budget{})
		if err != nil {
			return
		}
		m := &memFS{entries: map[string]*entry{}}
		apply(m.entries, l)
		m.index()
		for name := range m.entries {
			if !fs.ValidPath(name) {
				t.Errorf("entry %q is not a path inside the root", name)
			}
		}
	})
}

// Hostile archives: each case is contained (nothing outside the root is
// named, read or written) and explained.
func TestHostileArchives(t *testing.T) {
	base := treeOf(t, fixture)
	with := func(extra ...tfile) []byte { return tarOf(t, append(slices.Clone(base), extra...)) }
	wants := "./etc/systemd/system/dcos.target.wants/"

	t.Run("absolute names stay inside", func(t *testing.T) {
		s := gather(t, write(t, t.TempDir(), "x.tar", with(tfile{name: "/etc/hostname", body: "inside\n"})))
		if s.Node.Hostname != "inside" {
			t.Errorf("hostname %q: /etc/hostname is the image's etc/hostname", s.Node.Hostname)
		}
	})
	t.Run("a symlink out of the root is a finding, not a read", func(t *testing.T) {
		s := gather(t, write(t, t.TempDir(), "x.tar", with(tfile{name: wants + "dcos-evil.service", link: "../../../../../../../../etc/passwd", typ: tar.TypeSymlink})))
		i := slices.IndexFunc(s.Units, func(u facts.Unit) bool { return u.Name == "dcos-evil.service" })
		if i < 0 || s.Units[i].Link == nil || s.Units[i].Link.Status != facts.LinkEscapes || s.Units[i].File != nil {
			t.Errorf("dcos-evil.service: %+v", s.Units[i])
		}
	})
	t.Run("a hard link out of the root is refused", func(t *testing.T) {
		_, err := Source{Path: write(t, t.TempDir(), "x.tar", with(tfile{name: "etc/x", link: "../../etc/shadow", typ: tar.TypeLink}))}.Gather(t.Context())
		if err == nil || !strings.Contains(err.Error(), "points out of the root") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("the last of duplicate entries wins", func(t *testing.T) {
		s := gather(t, write(t, t.TempDir(), "x.tar", with(tfile{name: "etc/hostname", body: "first\n"}, tfile{name: "etc/hostname", body: "last\n"})))
		if s.Node.Hostname != "last" {
			t.Errorf("hostname %q, want the last entry's", s.Node.Hostname)
		}
	})
	t.Run("a device node is not read", func(t *testing.T) {
		s := gather(t, write(t, t.TempDir(), "x.tar", with(tfile{name: wants + "dcos-dev.service", typ: tar.TypeChar})))
		i := slices.IndexFunc(s.Units, func(u facts.Unit) bool { return u.Name == "dcos-dev.service" })
		if i < 0 || s.Units[i].Entry != "other" || s.Units[i].File != nil {
			t.Errorf("dcos-dev.service: %+v", s.Units[i])
		}
	})
	t.Run("an entry larger than the archive is explained", func(t *testing.T) {
		var b bytes.Buffer
		tw := tar.NewWriter(&b)
		tw.WriteHeader(&tar.Header{Name: "etc/huge", Typeflag: tar.TypeReg, Mode: 0o644, Size: 2 << 30})
		tw.Write(make([]byte, 4096)) // the rest of the 2 GiB never comes
		_, err := Source{Path: write(t, t.TempDir(), "x.tar", b.Bytes())}.Gather(t.Context())
		if err == nil || !strings.Contains(err.Error(), "EOF") {
			t.Fatalf("err = %v, want the truncation named", err)
		}
	})
	t.Run("a gzip bomb of zeros is an empty archive", func(t *testing.T) {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zeros := make([]byte, 1<<20)
		for range 64 {
			zw.Write(zeros) // 64 MiB of zeros, a few hundred KiB compressed
		}
		zw.Close()
		_, err := Source{Path: write(t, t.TempDir(), "x.tar.gz", b.Bytes())}.Gather(t.Context())
		if err == nil || !strings.Contains(err.Error(), "empty archive") {
			t.Fatalf("err = %v", err)
		}
	})
}

// An archive of several images needs --image; a tag or a digest picks one.
func TestPickImage(t *testing.T) {
	base, top := layered(t)
	manifest, _ := json.Marshal([]map[string]any{
		{"Config": "aaaa1111.json", "RepoTags": []string{"node:base"}, "Layers": []string{"l1/layer.tar"}},
		{"Config": "bbbb2222.json", "RepoTags": []string{"node:top"}, "Layers": []string{"l1/layer.tar", "l2/layer.tar"}},
	})
	p := write(t, t.TempDir(), "two.tar", tarOf(t, []tfile{
		{name: "l1/layer.tar", body: string(base)}, {name: "l2/layer.tar", body: string(top)},
		{name: "aaaa1111.json", body: config(t, base)}, {name: "bbbb2222.json", body: config(t, base, top)},
		{name: "manifest.json", body: string(manifest)},
	}))
	_, err := Source{Path: p}.Gather(t.Context())
	if err == nil || !strings.Contains(err.Error(), "holds 2 images (node:base sha256:aaaa1111; node:top sha256:bbbb2222): name one with --image") {
		t.Fatalf("err = %v", err)
	}
	for _, ref := range []string{"node:top", "sha256:bbbb"} {
		s, err := Source{Path: p, Image: ref}.Gather(t.Context())
		if err != nil {
			t.Fatalf("--image %s: %v", ref, err)
		}
		checkLayered(t, s)
	}
	if _, err := (Source{Path: p, Image: "node:nope"}).Gather(t.Context()); err == nil || !strings.Contains(err.Error(), "no such image") {
		t.Errorf("--image node:nope: err = %v", err)
	}
}

// Image archives that no runtime would run as they stand are refused,
// with the reason.
func TestBadImages(t *testing.T) {
	base, top := layered(t)
	archive := func(files ...tfile) string { return write(t, t.TempDir(), "x.tar", tarOf(t, files)) }
	manifest := func(images ...map[string]any) string { b, _ := json.Marshal(images); return string(b) }
	oci, _ := ociLayout(t, [2]string{"application/vnd.oci.image.layer.v1.tar+gzip", string(base)})
	tampered := slices.Clone(oci)
	tampered[2].body = strings.Replace(tampered[2].body, `"schemaVersion":2`, `"schemaVersion":2 `, 1)
	index := slices.Clone(oci)
	index[1].body = `{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:` + sum(nil) + `"}]}`

	tests := []struct {
		name  string
		paths []string
		ref   string // --image
		want  string
	}{
		{"a multi-platform index", ociPaths(t, index), "", "OCI layout points at an image index (several platforms): export one platform's image"},
		{"a manifest not matching its digest", ociPaths(t, tampered), "", "its content's digest is sha256:"},
		{"a config listing fewer layers", []string{archive(
			tfile{name: "l1.tar", body: string(base)}, tfile{name: "l2.tar", body: string(top)}, tfile{name: "cfg.json", body: config(t, base)},
			tfile{name: "manifest.json", body: manifest(map[string]any{"Config": "cfg.json", "Layers": []string{"l1.tar", "l2.tar"}})},
		)}, "", "config cfg.json has 1 rootfs.diff_ids for the 2 layers of manifest.json: docker load refuses such an image"},
		{"a config that is a link", []string{archive(
			tfile{name: "l1.tar", body: string(base)}, tfile{name: "cfg.json", link: "l1.tar", typ: tar.TypeSymlink},
			tfile{name: "manifest.json", body: manifest(map[string]any{"Config": "cfg.json", "Layers": []string{"l1.tar"}})},
		)}, "", "config: cfg.json: not a regular file"},
		{"an untagged image among several", []string{archive(
			tfile{name: "l1.tar", body: string(base)}, tfile{name: "aaaa.json", body: config(t, base)}, tfile{name: "bbbb.json", body: config(t, base)},
			tfile{name: "manifest.json", body: manifest(
				map[string]any{"Config": "aaaa.json", "Layers": []string{"l1.tar"}},
				map[string]any{"Config": "bbbb.json", "RepoTags": []string{"node:1"}, "Layers": []string{"l1.tar"}})},
		)}, "sha256:aa", "image sha256:aaaa of the docker save archive has no tag of its own"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, p := range tt.paths {
				_, err := Source{Path: p, Image: tt.ref}.Gather(t.Context())
				if err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s: err = %v, want %q", p, err, tt.want)
				}
			}
		})
	}
}
