package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// committed is the fixtures tree checked into the repository, relative to
// this package directory.
const committed = "../../testdata/fixtures"

const regenHint = "fixtures are stale: run `go run ./internal/fixturegen -out testdata/fixtures` from the repository root"

type entry struct {
	kind    string // "dir", "file", "symlink", "other"
	perm    fs.FileMode
	target  string
	content []byte
}

// snapshot records everything under root without following symlinks.
func snapshot(t *testing.T, root string) map[string]entry {
	t.Helper()
	out := map[string]entry{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		if rel == "." {
			return nil
		}
		info, err := os.Lstat(p)
		if err != nil {
			return err
		}
		// Group/other write bits are masked: git checks files out with
		// 0666&^umask, so they depend on the checkout's umask, not on the
		// generator (which always writes 0644 / 0755).
		e := entry{perm: info.Mode().Perm() &^ 0o022}
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			e.kind, e.perm = "symlink", 0
			if e.target, err = os.Readlink(p); err != nil {
				return err
			}
		case info.IsDir():
			e.kind = "dir"
		case info.Mode().IsRegular():
			e.kind = "file"
			if e.content, err = os.ReadFile(p); err != nil {
				return err
			}
		default:
			e.kind = "other"
		}
		out[filepath.ToSlash(rel)] = e
		return nil
	})
	if err != nil {
		t.Fatalf("walking %s: %v", root, err)
	}
	return out
}

func describe(e entry, ok bool) string {
	if !ok {
		return "absent"
	}
	switch e.kind {
	case "symlink":
		return "symlink -> " + e.target
	case "file":
		return fmt.Sprintf("file %04o, %d bytes", e.perm, len(e.content))
	}
	return fmt.Sprintf("%s %04o", e.kind, e.perm)
}

// TestCommittedFixturesUpToDate regenerates into a temp dir and requires the
// committed scenario directories and README.md to be identical.
func TestCommittedFixturesUpToDate(t *testing.T) {
	gen := t.TempDir()
	if err := generate(gen); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(committed); err != nil {
		t.Fatalf("%v; %s", err, regenHint)
	}
	// Only owned paths are compared; other fixtures may live next to them.
	owned := []string{"README.md"}
	for _, sc := range scenarios() {
		owned = append(owned, sc.name)
	}
	for _, name := range owned {
		want := snapshotOwned(t, gen, name)
		got := snapshotOwned(t, committed, name)
		var paths []string
		for p := range want {
			paths = append(paths, p)
		}
		for p := range got {
			if _, ok := want[p]; !ok {
				paths = append(paths, p)
			}
		}
		sort.Strings(paths)
		for _, p := range paths {
			w, wok := want[p]
			g, gok := got[p]
			if wok && gok && w.kind == g.kind && w.perm == g.perm && w.target == g.target && bytes.Equal(w.content, g.content) {
				continue
			}
			what := describe(g, gok) + ", want " + describe(w, wok)
			if wok && gok && w.kind == g.kind && w.perm == g.perm && w.target == g.target {
				what = "content differs"
			}
			t.Fatalf("testdata/fixtures/%s: %s; %s", p, what, regenHint)
		}
	}
}

// snapshotOwned snapshots one owned top-level entry (a scenario dir or a
// file), keyed by its path relative to the fixtures directory.
func snapshotOwned(t *testing.T, base, name string) map[string]entry {
	t.Helper()
	out := map[string]entry{}
	info, err := os.Lstat(filepath.Join(base, name))
	if os.IsNotExist(err) {
		return out
	}
	if err != nil {
		t.Fatal(err)
	}
	if !info.IsDir() {
		data, err := os.ReadFile(filepath.Join(base, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = entry{kind: "file", perm: info.Mode().Perm() &^ 0o022, content: data}
		return out
	}
	out[name] = entry{kind: "dir", perm: info.Mode().Perm() &^ 0o022}
	for p, e := range snapshot(t, filepath.Join(base, name)) {
		out[name+"/"+p] = e
	}
	return out
}

// Unit counts per role, counted from dcos/dcos packages/*/build at each tag
// (master / private agent / public agent).
var unitCounts = map[string][3]int{
	"1.8.0":   {24, 19, 19},
	"1.8.10":  {26, 20, 20},
	"1.9.10":  {29, 24, 24},
	"1.10.11": {27, 22, 22},
	"1.11.13": {26, 20, 20},
	"1.12.5":  {30, 22, 22},
	"1.13.9":  {37, 23, 23},
	"2.0.6":   {37, 23, 23},
	"2.1.2":   {40, 28, 28},
	"2.2.1":   {38, 28, 28},
}

func TestCorrectScenarioUnitCounts(t *testing.T) {
	gen := t.TempDir()
	if err := generate(gen); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, sc := range scenarios() {
		if sc.version == "" {
			continue
		}
		seen++
		counts, ok := unitCounts[sc.version]
		if !ok {
			t.Fatalf("%s: no unit count for %s", sc.name, sc.version)
		}
		want := counts[map[string]int{roleMaster: 0, roleSlave: 1, roleSlavePublic: 2}[sc.role]]
		ents, err := os.ReadDir(filepath.Join(gen, sc.name, "root/etc/systemd/system/dcos.target.wants"))
		if err != nil {
			t.Fatal(err)
		}
		if len(ents) != want {
			t.Errorf("%s: %d wants entries, dcos/dcos has %d", sc.name, len(ents), want)
		}
	}
	// 10 releases × 3 roles, minus public-agent-1.8.0.
	if seen != 29 {
		t.Errorf("%d correct scenarios, want 29", seen)
	}
}

// resolve follows a symlink chain inside root (absolute targets are relative
// to root, ".." never leaves root) and returns the final path.
func resolve(root, rel string) (string, error) {
	cur := path.Clean("/" + rel)
	for hops := 0; hops < 40; hops++ {
		p := filepath.Join(root, filepath.FromSlash(cur))
		info, err := os.Lstat(p)
		if err != nil {
			return "", err
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return p, nil
		}
		target, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if !path.IsAbs(target) {
			target = path.Join(path.Dir(cur), target)
		}
		cur = path.Clean(target)
	}
	return "", fmt.Errorf("%s: too many symlinks", rel)
}

// TestCorrectScenariosWellFormed checks that every wants entry of a correct
// node is an absolute symlink that resolves, inside the root, to a regular
// unit file laid out as pkgpanda installs it, and that the file looks like a unit.
func TestCorrectScenariosWellFormed(t *testing.T) {
	gen := t.TempDir()
	if err := generate(gen); err != nil {
		t.Fatal(err)
	}
	for _, sc := range scenarios() {
		if sc.version == "" {
			continue
		}
		root := filepath.Join(gen, sc.name, "root")
		wantsDir := "etc/systemd/system/dcos.target.wants"
		ents, err := os.ReadDir(filepath.Join(root, wantsDir))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			rel := wantsDir + "/" + e.Name()
			target, err := os.Readlink(filepath.Join(root, rel))
			if err != nil {
				t.Errorf("%s: %s: not a symlink: %v", sc.name, rel, err)
				continue
			}
			prefix := "/etc/systemd/system/"
			if linkedLayout(sc.version) {
				prefix = "/opt/mesosphere/packages/"
			}
			if !strings.HasPrefix(target, prefix) || path.Base(target) != e.Name() {
				t.Errorf("%s: %s -> %s, want an absolute link under %s", sc.name, rel, target, prefix)
			}
			final, err := resolve(root, rel)
			if err != nil {
				t.Errorf("%s: %s: %v", sc.name, rel, err)
				continue
			}
			data, err := os.ReadFile(final)
			if err != nil {
				t.Errorf("%s: %s: %v", sc.name, rel, err)
				continue
			}
			text := string(data)
			if !strings.HasPrefix(text, "[Unit]\nDescription=") {
				t.Errorf("%s: %s does not start with [Unit] Description=", sc.name, rel)
			}
			desc := strings.SplitN(strings.SplitN(text, "Description=", 2)[1], "\n", 2)[0]
			if strings.Count(desc, ": ") != 1 {
				t.Errorf("%s: %s: Description %q must have exactly one \": \"", sc.name, rel, desc)
			}
			kind := strings.TrimPrefix(path.Ext(e.Name()), ".")
			section := map[string]string{"service": "[Service]", "socket": "[Socket]", "timer": "[Timer]"}[kind]
			if section == "" || !strings.Contains(text, "\n"+section+"\n") {
				t.Errorf("%s: %s lacks its %s section", sc.name, rel, section)
			}
		}
		if _, err := os.Stat(filepath.Join(root, "etc/mesosphere/roles", sc.role)); err != nil {
			t.Errorf("%s: role file: %v", sc.name, err)
		}
	}
}

// TestCockroachConfigChangeTimer pins the release at which the timer lost
// OnBootSec=5sec: 2.1.2 ("Timeout CockroachDB configuration in post-start
// step", dcos/dcos CHANGES.md), not 2.1.1. 2.2.0 also dropped OnStartupSec.
func TestCockroachConfigChangeTimer(t *testing.T) {
	cases := []struct{ version, timer string }{
		{"1.13.0", "OnBootSec=5sec\nOnStartupSec=5min\nOnUnitActiveSec=10min\n"},
		{"2.1.0", "OnBootSec=5sec\nOnStartupSec=5min\nOnUnitActiveSec=10min\n"},
		{"2.1.1", "OnBootSec=5sec\nOnStartupSec=5min\nOnUnitActiveSec=10min\n"},
		{"2.1.2", "OnStartupSec=5min\nOnUnitActiveSec=10min\n"},
		{"2.2.0", "# The first activation is done by dcos-cockroach.service.\nOnUnitActiveSec=10min\n"},
	}
	for _, c := range cases {
		text := timerText("dcos-cockroachdb-config-change.timer", c.version)
		got := strings.SplitN(strings.SplitN(text, "[Timer]\n", 2)[1], "\n[", 2)[0]
		if got != c.timer {
			t.Errorf("%s: [Timer] section is\n%s\nwant\n%s", c.version, got, c.timer)
		}
	}
}
