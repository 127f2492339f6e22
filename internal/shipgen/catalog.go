package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
)

// Catalog is the generated file. Field order is alphabetical and maps are
// sorted by encoding/json, so the output is deterministic.
type Catalog struct {
	Releases      []string           `json:"releases"`
	Uninterpreted []Problem          `json:"uninterpreted"`
	Units         map[string][]Entry `json:"units"`
}

// Entry is a run of consecutive releases in which a unit has the same
// package, roles and directives.
type Entry struct {
	// Directives maps each kept directive to its values in file order, as
	// the scanner's facts hold a unit's options: policies look a
	// directive up rather than parse lines.
	Directives map[string][]string `json:"directives"`
	From       string              `json:"from"`
	Package    string              `json:"package"`
	Roles      []string            `json:"roles"`
	To         string              `json:"to"`
}

// Problem is something a build script does that the generator did not
// interpret, with the release ranges where it occurs.
type Problem struct {
	Message  string   `json:"message"`
	Releases []string `json:"releases"`
}

// lineNo is dropped from problems in the catalog so that one problem is one
// entry even when lines move between releases; stderr keeps the numbers.
var lineNo = regexp.MustCompile(`^(packages/[^:]+/build):\d+:`)

type scanned struct {
	release  string
	units    []installed
	problems []string
}

// buildCatalog joins per-release scans (in release order) into ranges.
func buildCatalog(scans []scanned) Catalog {
	c := Catalog{Releases: []string{}, Uninterpreted: []Problem{}, Units: map[string][]Entry{}}
	type run struct {
		name        string
		entry       *Entry
		first, last int
	}
	open := map[string]*run{} // unit and content → its latest run
	var all []*run
	probs := map[string][]int{}
	for i, sc := range scans {
		c.Releases = append(c.Releases, sc.release)
		for _, u := range sc.units {
			key := strings.Join(append([]string{u.name, u.pkg, strings.Join(u.roles, ",")}, u.directives...), "\x00")
			if r := open[key]; r != nil && r.last == i-1 {
				r.entry.To, r.last = sc.release, i
				continue
			}
			r := &run{name: u.name, first: i, last: i,
				entry: &Entry{Directives: byKey(u.directives), From: sc.release, Package: u.pkg, Roles: u.roles, To: sc.release}}
			open[key] = r
			all = append(all, r)
		}
		seen := map[string]bool{}
		for _, p := range sc.problems {
			m := lineNo.ReplaceAllString(p, "$1:")
			if !seen[m] {
				seen[m] = true
				probs[m] = append(probs[m], i)
			}
		}
	}
	// Runs of one unit in release order; equal starts by roles, then package.
	sort.SliceStable(all, func(a, b int) bool {
		x, y := all[a], all[b]
		if x.first != y.first {
			return x.first < y.first
		}
		if rx, ry := strings.Join(x.entry.Roles, ","), strings.Join(y.entry.Roles, ","); rx != ry {
			return rx < ry
		}
		return x.entry.Package < y.entry.Package
	})
	for _, r := range all {
		c.Units[r.name] = append(c.Units[r.name], *r.entry)
	}
	for m, idx := range probs {
		c.Uninterpreted = append(c.Uninterpreted, Problem{Message: m, Releases: ranges(idx, c.Releases)})
	}
	sort.Slice(c.Uninterpreted, func(a, b int) bool { return c.Uninterpreted[a].Message < c.Uninterpreted[b].Message })
	return c
}

// ranges writes sorted release indexes as "a..b" runs of consecutive
// releases ("a" alone for a run of one).
func ranges(idx []int, rels []string) []string {
	var out []string
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && idx[j+1] == idx[j]+1 {
			j++
		}
		if i == j {
			out = append(out, rels[idx[i]])
		} else {
			out = append(out, rels[idx[i]]+".."+rels[idx[j]])
		}
		i = j + 1
	}
	return out
}

// marshal renders the catalog as indented JSON with a final newline. HTML
// escaping is off so that "2>&1" in a command line reads as written.
func (c Catalog) marshal() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// byKey groups "Key=Value" directives by key, values in order.
func byKey(directives []string) map[string][]string {
	m := map[string][]string{}
	for _, d := range directives {
		k, v, _ := strings.Cut(d, "=")
		m[k] = append(m[k], v)
	}
	return m
}
