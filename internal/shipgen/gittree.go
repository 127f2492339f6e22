package main

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// gaTag matches the GA release tags; -rc, -beta and -hotfix tags are not
// releases that reach users.
var gaTag = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+(\.[0-9]+)?$`)

// gitTree reads one tag of a git repository with the git command, so that
// bare mirrors work and no checkout is needed.
type gitTree struct {
	dir, tag string
	files    []string // every path under packages/, listed once per tag
	blobs    *catFile
}

func (g *gitTree) git(args ...string) ([]byte, error) {
	cmd := exec.Command("git", append([]string{"-C", g.dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// ref is spelled out in full because some release names are also branch
// names in dcos/dcos (2.1.2, 2.2.0), which makes the short name ambiguous.
func (g *gitTree) ref() string { return "refs/tags/" + g.tag }

func (g *gitTree) ReadFile(name string) ([]byte, error) {
	return g.blobs.read(g.ref() + ":" + name)
}

func (g *gitTree) ListFiles(dir string) ([]string, error) {
	if g.files == nil {
		out, err := g.git("ls-tree", "-r", "--name-only", g.ref(), "packages")
		if err != nil {
			return nil, err
		}
		g.files = strings.Split(strings.TrimSpace(string(out)), "\n")
		sort.Strings(g.files)
	}
	var res []string
	for _, f := range g.files {
		if strings.HasPrefix(f, dir+"/") {
			res = append(res, f)
		}
	}
	return res, nil
}

// gitReleases returns the GA tags of the repository from..to inclusive, in
// version order, each as a Tree.
func gitReleases(dir, from, to string) ([]Release, error) {
	out, err := (&gitTree{dir: dir}).git("tag", "--list")
	if err != nil {
		return nil, err
	}
	var tags []string
	for _, t := range strings.Fields(string(out)) {
		if gaTag.MatchString(t) && compareVersions(t, from) >= 0 && compareVersions(t, to) <= 0 {
			tags = append(tags, t)
		}
	}
	sort.Slice(tags, func(i, j int) bool { return compareVersions(tags[i], tags[j]) < 0 })
	blobs, err := startCatFile(dir)
	if err != nil {
		return nil, err
	}
	rels := make([]Release, len(tags))
	for i, t := range tags {
		rels[i] = Release{Name: t, Tree: &gitTree{dir: dir, tag: t, blobs: blobs}}
	}
	return rels, nil
}

// compareVersions orders dotted numeric versions; 1.10.5 < 1.10.5.1 < 1.10.6.
func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		var x, y int
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		} else {
			x = -1
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		} else {
			y = -1
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
