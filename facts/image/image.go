// Package image reads a node's root filesystem from an image archive, the
// way CI builds them: a filesystem tarball (docker export, tar or tar.gz),
// a docker save archive, or an OCI image layout (a directory or its tar),
// whose layers (plain, gzip or zstd) it applies in order with their
// whiteouts. The gatherer then reads it like a mounted root (rootfs.Read);
// nothing is extracted to disk and only node metadata and unit files are
// kept in memory.
package image

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/rootfs"
)

// Source gathers facts from an image archive or OCI layout directory.
type Source struct {
	Path string
	// Image picks one image of an archive that holds several (a tag or a
	// digest); "" when there is one.
	Image string
	Tool  string
	// Now gives the gathering time; time.Now when nil.
	Now func() time.Time
}

// Gather opens the image and reads the node's facts from it.
func (s Source) Gather(ctx context.Context) (*facts.Snapshot, error) {
	fsys, digest, err := Open(s.Path, s.Image)
	if err != nil {
		return nil, fmt.Errorf("image %s: %w", s.Path, err)
	}
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	return rootfs.Read(ctx, fsys, facts.Provenance{
		Kind: facts.KindImage, Target: s.Path, Digest: digest, Tool: s.Tool, GatheredAt: now().UTC(),
	})
}

// IsImage reports whether p names something Open reads: a regular file
// (an archive) or a directory holding an OCI layout.
func IsImage(p string) bool {
	fi, err := os.Stat(p)
	if err != nil {
		return false
	}
	if fi.Mode().IsRegular() {
		return true
	}
	_, err = os.Stat(path.Join(p, "oci-layout"))
	return fi.IsDir() && err == nil
}

// Open reads an image into a read-only filesystem. digest identifies it:
// the image's manifest digest (OCI), its config digest, which is docker's
// image id (docker save), or the archive's own SHA-256 (a filesystem
// tarball).
//
// go-containerregistry reads the image formats: it finds an image's
// layers and undoes their compression, gzip or zstd. What the layers
// hold is read here (readLayer, apply): names kept inside the root,
// memory bounded, whiteouts applied as container runtimes do.
func Open(p, ref string) (fsys *memFS, digest string, err error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, "", err
	}
	var img v1.Image
	var names []string
	if fi.IsDir() {
		img, names, digest, err = layoutImage(p, ref)
	} else {
		var a *archive
		if a, err = readArchive(p); err != nil {
			return nil, "", err
		}
		switch {
		case a.has("manifest.json"):
			img, names, digest, err = dockerImage(a, ref)
		case a.has("oci-layout") && a.has("index.json"):
			img, names, digest, err = ociArchiveImage(a, ref)
		default:
			if ref != "" {
				return nil, "", fmt.Errorf("--image %s: the archive is a filesystem tarball, not an image archive", ref)
			}
			return filesystemTarball(p)
		}
	}
	if err != nil {
		return nil, "", err
	}
	layers, err := img.Layers()
	if err != nil {
		return nil, "", err
	}
	if len(layers) != len(names) {
		return nil, "", fmt.Errorf("the image has %d layers where its manifest lists %d", len(layers), len(names))
	}
	m := &memFS{entries: map[string]*entry{}}
	var b budget
	for i, l := range layers {
		if err := applyLayer(m, l, &b); err != nil {
			return nil, "", fmt.Errorf("layer %s: %w", names[i], err)
		}
	}
	m.index()
	return m, digest, nil
}

// applyLayer reads a layer's uncompressed tar stream and lays it over m.
// mutate.Extract, go-containerregistry's flattening, is not used: it keeps
// the first of duplicate entries in a layer where extraction keeps the
// last, and drops links that climb out of the root, which the gatherer
// reports. (It does hide what an opaque directory, .wh..wh..opq, held
// below, as apply does.)
func applyLayer(m *memFS, l v1.Layer, b *budget) error {
	r, err := l.Uncompressed()
	if err != nil {
		return err
	}
	defer r.Close()
	entries, err := readLayer(r, b)
	if err != nil {
		return err
	}
	apply(m.entries, entries)
	return nil
}

// filesystemTarball reads a filesystem tarball (docker export): it is its
// own only layer.
func filesystemTarball(p string) (*memFS, string, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, "", err
	}
	l, err := readLayer(f, &budget{})
	if err != nil {
		return nil, "", err
	}
	m := &memFS{entries: map[string]*entry{}}
	apply(m.entries, l)
	m.index()
	return m, "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

// maxConfig bounds an image config that go-containerregistry reads into
// memory: far above a real image's (a few KiB).
const maxConfig = 8 << 20

// dockerImage is the image of a docker save archive that ref picks, read
// in place by go-containerregistry's tarball package; names are its
// layers' paths in the archive.
func dockerImage(a *archive, ref string) (v1.Image, []string, string, error) {
	// manifest.json and the config are read whole by tarball: each must
	// be a regular file, small, the only one of its name.
	b, err := a.read("manifest.json", maxSmall)
	if err != nil {
		return nil, nil, "", err
	}
	var manifest tarball.Manifest
	if err := json.Unmarshal(b, &manifest); err != nil {
		return nil, nil, "", fmt.Errorf("manifest.json: %w", err)
	}
	images := make([][]string, len(manifest))
	for i, d := range manifest {
		images[i] = append(slices.Clone(d.RepoTags), "sha256:"+strings.TrimSuffix(path.Base(d.Config), ".json"))
	}
	i, err := pick(images, ref, "docker save archive")
	if err != nil {
		return nil, nil, "", err
	}
	d := manifest[i]
	if err := a.file(d.Config, maxConfig); err != nil {
		return nil, nil, "", fmt.Errorf("config: %w", err)
	}
	// tarball picks an image by tag: one that names this image alone.
	var tag *name.Tag
	if len(manifest) > 1 {
		if tag, err = ownTag(manifest, i); err != nil {
			return nil, nil, "", err
		}
	}
	img, err := tarball.Image(a.opener, tag)
	if err != nil {
		return nil, nil, "", err
	}
	// Both are the config read into memory: nothing else is read yet.
	id, err := img.ConfigName()
	if err != nil {
		return nil, nil, "", err
	}
	cfg, err := img.ConfigFile()
	if err != nil {
		return nil, nil, "", fmt.Errorf("config %s: %w", d.Config, err)
	}
	if n := len(cfg.RootFS.DiffIDs); n != len(d.Layers) {
		return nil, nil, "", fmt.Errorf("config %s has %d rootfs.diff_ids for the %d layers of manifest.json: docker load refuses such an image", d.Config, n, len(d.Layers))
	}
	return img, d.Layers, id.String(), nil
}

// ownTag is a tag of image i that no other image of manifest has.
func ownTag(manifest tarball.Manifest, i int) (*name.Tag, error) {
	count := map[string]int{}
	var tags []name.Tag
	for j, d := range manifest {
		for _, t := range d.RepoTags {
			tag, err := name.NewTag(t)
			if err != nil {
				return nil, fmt.Errorf("manifest.json: tag %q: %w", t, err)
			}
			count[tag.Name()]++
			if j == i {
				tags = append(tags, tag)
			}
		}
	}
	for _, tag := range tags {
		if count[tag.Name()] == 1 {
			return &tag, nil
		}
	}
	return nil, fmt.Errorf("image sha256:%s of the docker save archive has no tag of its own, by which it could be read: save it alone, or tag it", strings.TrimSuffix(path.Base(manifest[i].Config), ".json"))
}

// layoutImage is the image of an OCI layout directory that ref picks.
func layoutImage(p, ref string) (v1.Image, []string, string, error) {
	lp, err := layout.FromPath(p)
	if err != nil {
		return nil, nil, "", fmt.Errorf("not an OCI layout: %w", err)
	}
	// layout reads index.json and the manifest whole: bound them first.
	if err := smallFile(filepath.Join(p, "index.json")); err != nil {
		return nil, nil, "", err
	}
	index, err := lp.ImageIndex()
	if err != nil {
		return nil, nil, "", err
	}
	im, err := index.IndexManifest()
	if err != nil {
		return nil, nil, "", fmt.Errorf("index.json: %w", err)
	}
	desc, err := pickManifest(im, ref)
	if err != nil {
		return nil, nil, "", err
	}
	if err := smallFile(filepath.Join(p, blobPath(desc.Digest))); err != nil {
		return nil, nil, "", err
	}
	img, err := lp.Image(desc.Digest)
	if err != nil {
		return nil, nil, "", err
	}
	return checkManifest(img, desc)
}

// pickManifest is the descriptor of index.json that ref picks, known by
// its digest and its org.opencontainers.image.ref.name annotation.
func pickManifest(im *v1.IndexManifest, ref string) (v1.Descriptor, error) {
	images := make([][]string, len(im.Manifests))
	for i, m := range im.Manifests {
		images[i] = []string{m.Digest.String()}
		if n := m.Annotations["org.opencontainers.image.ref.name"]; n != "" {
			images[i] = append([]string{n}, images[i]...)
		}
	}
	i, err := pick(images, ref, "OCI layout")
	if err != nil {
		return v1.Descriptor{}, err
	}
	if im.Manifests[i].MediaType.IsIndex() {
		return v1.Descriptor{}, errors.New("OCI layout points at an image index (several platforms): export one platform's image")
	}
	return im.Manifests[i], nil
}

// checkManifest verifies the manifest against the digest the index gives
// it (it is in memory: hashing it is free) and names the layers by digest.
func checkManifest(img v1.Image, desc v1.Descriptor) (v1.Image, []string, string, error) {
	if d, err := img.Digest(); err != nil {
		return nil, nil, "", fmt.Errorf("manifest %s: %w", desc.Digest, err)
	} else if d != desc.Digest {
		return nil, nil, "", fmt.Errorf("manifest %s: its content's digest is %s (corrupt or tampered)", desc.Digest, d)
	}
	m, err := img.Manifest()
	if err != nil {
		return nil, nil, "", fmt.Errorf("manifest %s: %w", desc.Digest, err)
	}
	var names []string
	for _, l := range m.Layers {
		names = append(names, l.Digest.String())
	}
	return img, names, desc.Digest.String(), nil
}

// smallFile refuses a file that a manifest cannot be.
func smallFile(p string) error {
	fi, err := os.Stat(p)
	if err != nil {
		return err
	}
	if fi.Size() > maxSmall {
		return fmt.Errorf("%s: larger than %d MiB, more than any index or manifest", p, maxSmall>>20)
	}
	return nil
}

// pick chooses the image ref names among images, each known by its names
// (tags, digests); with no ref, the only one. Anything else is an error
// that lists the images, so that the operator can name one with --image.
func pick(images [][]string, ref, what string) (int, error) {
	var list []string
	for _, names := range images {
		list = append(list, strings.Join(names, " "))
	}
	if ref == "" {
		if len(images) == 1 {
			return 0, nil
		}
		return 0, fmt.Errorf("%s holds %d images (%s): name one with --image", what, len(images), strings.Join(list, "; "))
	}
	found := -1
	for i, names := range images {
		if slices.ContainsFunc(names, func(n string) bool {
			return n == ref || strings.HasPrefix(n, "sha256:") && strings.HasPrefix(n, ref) && len(ref) > len("sha256:")
		}) {
			if found >= 0 {
				return 0, fmt.Errorf("--image %s names more than one image of the %s (%s)", ref, what, strings.Join(list, "; "))
			}
			found = i
		}
	}
	if found < 0 {
		return 0, fmt.Errorf("--image %s: no such image in the %s (%s)", ref, what, strings.Join(list, "; "))
	}
	return found, nil
}

// blobPath is where an OCI layout keeps the blob of a digest.
func blobPath(h v1.Hash) string {
	return path.Join("blobs", h.Algorithm, h.Hex)
}
