package image

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// maxSmall bounds a file that the archive scan keeps in memory: an index,
// a manifest, a config.
const maxSmall = 1 << 20

// archive is an image archive file: its top-level and blobs/ files (the
// names and the manifests of the image formats), and the small ones'
// content, read in one pass; a large blob is streamed from the file when
// opened. Nothing else of it is held: a filesystem tarball's entries are
// read as a layer.
type archive struct {
	path    string
	members map[string]member
	small   map[string][]byte
}

// member is what the scan saw of a name.
type member struct {
	typ  byte
	size int64
	n    int // entries of that name
}

func readArchive(p string) (*archive, error) {
	a := &archive{path: p, members: map[string]member{}, small: map[string][]byte{}}
	var kept int64
	err := a.scan(func(name string, hdr *tar.Header, r io.Reader) (bool, error) {
		if strings.Contains(name, "/") && !strings.HasPrefix(name, "blobs/") {
			return false, nil
		}
		m := a.members[name]
		a.members[name] = member{typ: hdr.Typeflag, size: hdr.Size, n: m.n + 1}
		if len(a.members) > maxEntries {
			return false, fmt.Errorf("more than %d entries: a node's root has far fewer (refused, to bound memory)", maxEntries)
		}
		// The first of a name, as a scan that opens it finds it.
		if m.n == 0 && hdr.Typeflag == tar.TypeReg && hdr.Size <= maxSmall && kept+hdr.Size <= maxKeptTotal {
			b, err := io.ReadAll(r)
			a.small[name] = b
			kept += int64(len(b))
			return false, err
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// opener opens the archive as a tar stream: the file itself when it is
// not compressed, so that a tar reader skips what it passes over by
// seeking, or the file through gzip.
func (a *archive) opener() (io.ReadCloser, error) {
	f, err := os.Open(a.path)
	if err != nil {
		return nil, err
	}
	var magic [4]byte
	n, _ := f.ReadAt(magic[:], 0)
	switch {
	case bytes.HasPrefix(magic[:n], []byte{0x1f, 0x8b}):
		zr, err := gzip.NewReader(f)
		if err != nil {
			f.Close()
			return nil, err
		}
		return struct {
			io.Reader
			io.Closer
		}{zr, f}, nil
	case bytes.Equal(magic[:n], zstdMagic):
		f.Close()
		return nil, errZstdArchive
	}
	return f, nil
}

// scan walks the archive's entries until visit says stop.
func (a *archive) scan(visit func(name string, hdr *tar.Header, r io.Reader) (stop bool, err error)) error {
	f, err := a.opener()
	if err != nil {
		return err
	}
	defer f.Close()
	tr := tar.NewReader(f)
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

func (a *archive) has(name string) bool { return a.members[name].n > 0 }

// file checks that name is one regular file of at most limit bytes, as a
// reader that takes the first entry of a name, follows links and reads
// the file whole may be given.
func (a *archive) file(name string, limit int64) error {
	name, _ = cleanName(name)
	switch m := a.members[name]; {
	case m.n == 0:
		return fmt.Errorf("%s: not in the archive", name)
	case m.n > 1:
		return fmt.Errorf("%s: %d entries of that name in the archive", name, m.n)
	case m.typ != tar.TypeReg:
		return fmt.Errorf("%s: not a regular file", name)
	case m.size > limit:
		return fmt.Errorf("%s: larger than %d MiB", name, limit>>20)
	}
	return nil
}

// read is the content of name, checked by file.
func (a *archive) read(name string, limit int64) ([]byte, error) {
	if err := a.file(name, limit); err != nil {
		return nil, err
	}
	r, err := a.open(name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, limit))
}

func (a *archive) open(name string) (io.ReadCloser, error) {
	if b, ok := a.small[name]; ok {
		return io.NopCloser(bytes.NewReader(b)), nil
	}
	if !a.has(name) {
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

// ociArchiveImage is the image of an OCI layout's tar that ref picks:
// go-containerregistry's layout package needs a directory, so its blobs
// come from the archive here (ociImage).
func ociArchiveImage(a *archive, ref string) (v1.Image, []string, string, error) {
	b, err := a.read("index.json", maxSmall)
	if err != nil {
		return nil, nil, "", err
	}
	im, err := v1.ParseIndexManifest(bytes.NewReader(b))
	if err != nil {
		return nil, nil, "", fmt.Errorf("index.json: %w", err)
	}
	desc, err := pickManifest(im, ref)
	if err != nil {
		return nil, nil, "", err
	}
	manifest, err := a.read(blobPath(desc.Digest), maxSmall)
	if err != nil {
		return nil, nil, "", fmt.Errorf("manifest: %w", err)
	}
	img, err := partial.CompressedToImage(&ociImage{a: a, desc: desc, manifest: manifest})
	if err != nil {
		return nil, nil, "", err
	}
	return checkManifest(img, desc)
}

// ociImage is the core of an image whose blobs are in an archive, from
// which partial makes a v1.Image.
type ociImage struct {
	a        *archive
	desc     v1.Descriptor
	manifest []byte
}

func (i *ociImage) MediaType() (types.MediaType, error) { return i.desc.MediaType, nil }
func (i *ociImage) RawManifest() ([]byte, error)        { return i.manifest, nil }

func (i *ociImage) RawConfigFile() ([]byte, error) {
	m, err := v1.ParseManifest(bytes.NewReader(i.manifest))
	if err != nil {
		return nil, err
	}
	return i.a.read(blobPath(m.Config.Digest), maxConfig)
}

func (i *ociImage) LayerByDigest(h v1.Hash) (partial.CompressedLayer, error) {
	m, err := v1.ParseManifest(bytes.NewReader(i.manifest))
	if err != nil {
		return nil, err
	}
	for _, l := range m.Layers {
		if l.Digest == h {
			return ociBlob{i.a, l}, nil
		}
	}
	return nil, fmt.Errorf("layer %s: not in the manifest", h)
}

// ociBlob is a layer's blob in the archive, as the manifest describes it.
type ociBlob struct {
	a    *archive
	desc v1.Descriptor
}

func (b ociBlob) Digest() (v1.Hash, error)            { return b.desc.Digest, nil }
func (b ociBlob) Size() (int64, error)                { return b.desc.Size, nil }
func (b ociBlob) MediaType() (types.MediaType, error) { return b.desc.MediaType, nil }
func (b ociBlob) Compressed() (io.ReadCloser, error)  { return b.a.open(blobPath(b.desc.Digest)) }
