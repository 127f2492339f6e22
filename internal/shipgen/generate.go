package main

import (
	"fmt"
	"path"
	"sort"
	"strings"
)

// allRoles are the roles a unit in dcos.target.wants (no suffix) is
// installed on.
var allRoles = []string{"master", "slave", "slave_public"}

// installed is one unit as one release installs it on some roles.
type installed struct {
	name, pkg  string
	roles      []string
	directives []string
}

// scanRelease interprets every packages/<pkg>/build of a release and returns
// the units they put into dcos.target.wants, and what it could not
// interpret.
func scanRelease(tree Tree) ([]installed, []string, error) {
	files, err := tree.ListFiles("packages")
	if err != nil {
		return nil, nil, err
	}
	var units []installed
	var problems []string
	for _, f := range files {
		parts := strings.Split(f, "/")
		if len(parts) != 3 || parts[2] != "build" {
			continue
		}
		src, err := tree.ReadFile(f)
		if err != nil {
			return nil, nil, err
		}
		s := newScript(tree, parts[1])
		s.installsUnits = strings.Contains(string(src), "dcos.target.wants")
		s.run(splitLines(string(src)))
		u, p := s.units()
		units = append(units, u...)
		problems = append(problems, s.problems...)
		problems = append(problems, p...)
	}
	return units, problems, nil
}

// units returns what the script left in its unit directories, one entry per
// unit name and distinct content, with the roles that get that content.
func (s *script) units() ([]installed, []string) {
	byKey := map[string]*installed{}
	var problems []string
	paths := make([]string, 0, len(s.files))
	for p := range s.files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		dir := path.Dir(p)
		m := wantsDir.FindStringSubmatch(dir)
		if m == nil || !strings.HasPrefix(dir, pkgPath(s.pkg)+"/") {
			continue
		}
		roles := allRoles
		if m[1] != "" {
			roles = []string{strings.TrimPrefix(m[1], "_")}
		}
		f := s.files[p]
		name := path.Base(p)
		for _, pr := range f.problems {
			problems = append(problems, fmt.Sprintf("%s: %s: %s", s.name, name, pr))
		}
		d, err := directives(f.data)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s: unit does not parse: %v", s.name, name, err))
			continue
		}
		key := name + "\x00" + strings.Join(d, "\x00")
		u := byKey[key]
		if u == nil {
			u = &installed{name: name, pkg: s.pkg, directives: d}
			byKey[key] = u
		}
		u.roles = append(u.roles, roles...)
	}
	var out []installed
	for _, u := range byKey {
		u.roles = uniqueSorted(u.roles)
		out = append(out, *u)
	}
	return out, problems
}

func uniqueSorted(xs []string) []string {
	sort.Strings(xs)
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
