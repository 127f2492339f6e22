// Package image reads a node's root filesystem from an image archive, the
// way CI builds them: a filesystem tarball (docker export, tar or tar.gz),
// a docker save archive, or an OCI image layout (a directory or its tar),
// whose layers it applies in order with their whiteouts. The gatherer then
// reads it like a mounted root (rootfs.Read); nothing is extracted to disk
// and only node metadata and unit files are kept in memory.
package image

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"

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
		Kind: "image", Target: s.Path, Digest: digest, Tool: s.Tool, GatheredAt: now().UTC(),
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
func Open(p, ref string) (fsys *memFS, digest string, err error) {
	var blobs blobSource
	if fi, err := os.Stat(p); err != nil {
		return nil, "", err
	} else if fi.IsDir() {
		blobs = dirBlobs(p)
	} else {
		if blobs, err = readArchive(p); err != nil {
			return nil, "", err
		}
	}
	layers, digest, err := imageLayers(blobs, ref)
	if err != nil {
		return nil, "", err
	}
	m := &memFS{entries: map[string]*entry{}}
	var b budget
	for _, name := range layers {
		r, err := blobs.open(name)
		if err != nil {
			return nil, "", fmt.Errorf("layer %s: %w", name, err)
		}
		l, err := readLayer(r, &b)
		r.Close()
		if err != nil {
			return nil, "", fmt.Errorf("layer %s: %w", name, err)
		}
		apply(m.entries, l)
	}
	m.index()
	return m, digest, nil
}

// imageLayers finds the layers of the image in blobs, bottom first, and
// its digest. A filesystem tarball is its own only layer. ref picks one
// image of an archive that holds several: a tag (node:2.2.1), a digest
// (sha256:...) or its prefix; "" when there is one.
func imageLayers(b blobSource, ref string) (layers []string, digest string, err error) {
	switch {
	case b.has("manifest.json"):
		var manifest []struct {
			Config   string
			RepoTags []string
			Layers   []string
		}
		if err := decodeBlob(b, "manifest.json", &manifest); err != nil {
			return nil, "", err
		}
		names := make([][]string, len(manifest))
		for i, m := range manifest {
			names[i] = append(slices.Clone(m.RepoTags), "sha256:"+strings.TrimSuffix(path.Base(m.Config), ".json"))
		}
		i, err := pick(names, ref, "docker save archive")
		if err != nil {
			return nil, "", err
		}
		sum, err := sumBlob(b, manifest[i].Config)
		if err != nil {
			return nil, "", fmt.Errorf("config %s: %w", manifest[i].Config, err)
		}
		return manifest[i].Layers, "sha256:" + sum, nil
	case b.has("oci-layout") && b.has("index.json"):
		var index struct {
			Manifests []struct {
				MediaType   string            `json:"mediaType"`
				Digest      string            `json:"digest"`
				Annotations map[string]string `json:"annotations"`
			} `json:"manifests"`
		}
		if err := decodeBlob(b, "index.json", &index); err != nil {
			return nil, "", err
		}
		names := make([][]string, len(index.Manifests))
		for i, m := range index.Manifests {
			names[i] = []string{m.Digest}
			if ref := m.Annotations["org.opencontainers.image.ref.name"]; ref != "" {
				names[i] = append([]string{ref}, names[i]...)
			}
		}
		i, err := pick(names, ref, "OCI layout")
		if err != nil {
			return nil, "", err
		}
		m := index.Manifests[i]
		if strings.Contains(m.MediaType, "index") {
			return nil, "", errors.New("OCI layout points at an image index (several platforms): export one platform's image")
		}
		var manifest struct {
			Layers []struct {
				Digest string `json:"digest"`
			} `json:"layers"`
		}
		if err := decodeBlob(b, blobPath(m.Digest), &manifest); err != nil {
			return nil, "", err
		}
		for _, l := range manifest.Layers {
			layers = append(layers, blobPath(l.Digest))
		}
		return layers, m.Digest, nil
	case b.has(wholeArchive):
		if ref != "" {
			return nil, "", fmt.Errorf("--image %s: the archive is a filesystem tarball, not an image archive", ref)
		}
		sum, err := sumBlob(b, wholeArchive)
		return []string{wholeArchive}, "sha256:" + sum, err
	}
	return nil, "", errors.New("neither an image archive nor an OCI layout (a filesystem tarball, docker save archive or OCI layout)")
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
func blobPath(digest string) string {
	algo, hex, _ := strings.Cut(digest, ":")
	return path.Join("blobs", algo, hex)
}

// blobSource is the files of an image: an OCI layout directory, or what
// an archive holds.
type blobSource interface {
	has(name string) bool
	open(name string) (io.ReadCloser, error)
}

// decodeBlob and sumBlob read a file of a blobSource.
func decodeBlob(b blobSource, name string, v any) error {
	r, err := b.open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := json.NewDecoder(io.LimitReader(r, 1<<20)).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func sumBlob(b blobSource, name string) (string, error) {
	r, err := b.open(name)
	if err != nil {
		return "", err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// dirBlobs is an OCI layout directory.
type dirBlobs string

func (d dirBlobs) has(name string) bool {
	_, err := os.Stat(path.Join(string(d), name))
	return err == nil
}

func (d dirBlobs) open(name string) (io.ReadCloser, error) {
	if !fs.ValidPath(name) {
		return nil, fmt.Errorf("%q: not a path inside the layout", name)
	}
	return os.Open(path.Join(string(d), name))
}
