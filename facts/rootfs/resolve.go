package rootfs

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/dcos-audit/dcos-audit/facts"
)

// maxHops is how many symlinks one resolution may follow; Linux allows 40.
const maxHops = 40

// resolution is where a path inside the root leads.
type resolution struct {
	// path is the final root-relative path with every symlink followed.
	path string
	// status is one of the facts.Link* values.
	status string
	// err is set with status facts.LinkError: a component could not be read.
	err error
}

// resolve follows p (root-relative or absolute-as-seen-from-the-node)
// through every symlink with chroot semantics: an absolute link target is
// re-anchored at the root, never at the host's "/". A target that climbs
// above the root is not followed. Each step is an Lstat or ReadLink through
// the root's view, so nothing outside the root is ever touched.
func resolve(root fs.ReadLinkFS, p string) resolution {
	var done []string // resolved components, each an existing non-symlink
	todo := splitPath(p)
	hops := 0
	for len(todo) > 0 {
		c := todo[0]
		todo = todo[1:]
		switch c {
		case "", ".":
			continue
		case "..":
			if len(done) == 0 {
				return resolution{status: facts.LinkEscapes}
			}
			done = done[:len(done)-1]
			continue
		}
		cur := path.Join(append(done, c)...)
		fi, err := root.Lstat(cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return resolution{path: cur, status: facts.LinkDangling}
		case err != nil:
			return resolution{path: cur, status: facts.LinkError, err: err}
		case fi.Mode()&fs.ModeSymlink == 0:
			done = append(done, c)
			continue
		}
		hops++
		if hops > maxHops {
			return resolution{path: cur, status: facts.LinkLoop}
		}
		target, err := root.ReadLink(cur)
		if err != nil {
			return resolution{path: cur, status: facts.LinkError, err: err}
		}
		if strings.HasPrefix(target, "/") {
			done = done[:0]
		}
		todo = append(splitPath(target), todo...)
		// A link to /dev/null masks a unit (systemctl mask); no image needs
		// a dev/ for that to mean what it means on the node.
		if path.Join(append(slices.Clone(done), todo...)...) == "dev/null" {
			return resolution{path: "dev/null", status: facts.LinkMasked}
		}
	}
	return resolution{path: path.Join(done...), status: facts.LinkOK}
}

func splitPath(p string) []string {
	return strings.Split(strings.Trim(p, "/"), "/")
}
