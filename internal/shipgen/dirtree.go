package main

import (
	"io/fs"
	"os"
	"path"
	"sort"
)

// dirTree is a checkout on disk, used for tests and for a single working tree.
type dirTree struct{ fsys fs.FS }

func newDirTree(root string) dirTree { return dirTree{os.DirFS(root)} }

func (d dirTree) ReadFile(name string) ([]byte, error) { return fs.ReadFile(d.fsys, name) }

func (d dirTree) ListFiles(dir string) ([]string, error) {
	var out []string
	err := fs.WalkDir(d.fsys, dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() {
			out = append(out, path.Clean(p))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}
