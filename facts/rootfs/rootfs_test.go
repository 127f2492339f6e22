package rootfs

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/internal/golden"
)

const fixtures = "../../testdata/fixtures"

func source(root string) Source {
	return Source{
		Root: root,
		Tool: "dcos-audit test",
		Now:  func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
	}
}

func gatherFixture(t testing.TB, scenario string) *facts.Snapshot {
	t.Helper()
	snap, err := source(filepath.Join(fixtures, scenario, "root")).Gather(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	snap.Source.Target = scenario
	return snap
}

// TestGatherGolden pins the snapshot of fixtures that exercise each part of
// the gatherer: both install layouts, drop-ins, broken links, a garbage unit
// file and a corrupt version file.
func TestGatherGolden(t *testing.T) {
	for _, scenario := range []string{
		"master-2.2.1", "agent-1.9.10", "agent-dropin", "agent-escaping-link",
		"agent-link-loop", "agent-dangling-link", "agent-unparsable-unit",
		"agent-bad-version-file", "agent-no-role", "agent-not-a-unit", "agent-upgrade-leftover",
	} {
		t.Run(scenario, func(t *testing.T) {
			snap := gatherFixture(t, scenario)
			// The owner of checked-out files is whoever ran git; keep goldens stable.
			zeroOwners(snap)
			var b bytes.Buffer
			if err := facts.Write(&b, snap); err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, b.Bytes(), filepath.Join("testdata", scenario+".snapshot.golden.json"))
			// What gather writes, scan --snapshot reads back unchanged.
			back, err := facts.Decode(b.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(snap, back); diff != "" {
				t.Errorf("snapshot round trip (-gathered +decoded):\n%s", diff)
			}
		})
	}
}

func zeroOwners(s *facts.Snapshot) {
	for i := range s.Units {
		if f := s.Units[i].File; f != nil {
			f.UID, f.GID = 0, 0
			for j := range f.DropIns {
				f.DropIns[j].UID, f.DropIns[j].GID = 0, 0
			}
		}
	}
}

func TestGatherOldLayoutFollowsPackageLinks(t *testing.T) {
	snap := gatherFixture(t, "agent-1.9.10")
	for _, u := range snap.Units {
		if u.Link == nil || u.Link.Status != facts.LinkOK || u.File == nil {
			t.Fatalf("%s: link %+v file %+v", u.Name, u.Link, u.File)
		}
		if !strings.HasPrefix(u.Link.Resolved, "opt/mesosphere/packages/") {
			t.Errorf("%s resolved to %s, want a package directory", u.Name, u.Link.Resolved)
		}
	}
}

func TestGatherMissingRoot(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	_, err := source(missing).Gather(t.Context())
	if err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "etc/ and opt/") {
		t.Fatalf("err = %v, want the path and what to pass", err)
	}
	file := filepath.Join(t.TempDir(), "file")
	must(t, os.WriteFile(file, nil, 0o644))
	if _, err := source(file).Gather(t.Context()); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("err = %v, want not a directory", err)
	}
}

// A FIFO where a unit file should be must not hang the scan.
func TestGatherSpecialFile(t *testing.T) {
	root := tree(t, "etc/systemd/system/dcos.target.wants/x.service -> /etc/systemd/system/x.service")
	must(t, syscall.Mkfifo(filepath.Join(root, "etc/systemd/system/x.service"), 0o644))
	done := make(chan *facts.Snapshot)
	go func() {
		snap, err := source(root).Gather(t.Context())
		if err != nil {
			t.Error(err)
		}
		done <- snap
	}()
	select {
	case snap := <-done:
		if snap == nil {
			return
		}
		f := snap.Units[0].File
		if f == nil || !strings.Contains(f.ParseError, "not a regular file") {
			t.Fatalf("file = %+v, want a parse error naming the special file", f)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("gather blocked on a FIFO")
	}
}

// TestGatherIsReadOnly checks that nothing under the scanned root changes:
// paths, types, modes, sizes, modification times and contents.
func TestGatherIsReadOnly(t *testing.T) {
	root := t.TempDir()
	must(t, os.CopyFS(root, os.DirFS(filepath.Join(fixtures, "agent-dropin", "root"))))
	before := state(t, root)
	if _, err := source(root).Gather(t.Context()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, state(t, root)); diff != "" {
		t.Errorf("the scanned tree changed (-before +after):\n%s", diff)
	}
}

func state(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		sum := ""
		if fi.Mode().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum = fmt.Sprintf("%x", sha256.Sum256(b))
		}
		rel, _ := filepath.Rel(root, p)
		m[rel] = fmt.Sprintf("%v %d %d %s", fi.Mode(), fi.Size(), fi.ModTime().UnixNano(), sum)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestGatherUnreadable: an unreadable unit file and drop-in directory
// become Problems with a hint, and everything else is still gathered. As
// root, mode bits do not stop reads, so the gather runs in a child process
// with dropped privileges.
func TestGatherUnreadable(t *testing.T) {
	if dir := os.Getenv("DCOS_AUDIT_UNREADABLE_ROOT"); dir != "" {
		snap, err := source(dir).Gather(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		must(t, json.NewEncoder(os.Stdout).Encode(snap))
		return
	}
	base := t.TempDir()
	must(t, os.Chmod(base, 0o755))
	must(t, os.Chmod(filepath.Dir(base), 0o755))
	root := filepath.Join(base, "root")
	must(t, os.CopyFS(root, os.DirFS(filepath.Join(fixtures, "agent-2.2.1", "root"))))
	must(t, filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.Type()&fs.ModeSymlink != 0:
			return nil
		case d.IsDir():
			return os.Chmod(p, 0o755)
		}
		return os.Chmod(p, 0o644)
	}))
	if fi, err := os.Lstat(filepath.Join(root, "etc/systemd/system/dcos.target.wants/dcos-net.service")); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Fatalf("the copy lost the wants symlinks (%v)", err)
	}
	must(t, os.Chmod(filepath.Join(root, "etc/systemd/system/dcos-net.service"), 0o600))
	must(t, os.Mkdir(filepath.Join(root, "etc/systemd/system/dcos-telegraf.service.d"), 0o700))

	out := childOutput(t, root)
	var snap facts.Snapshot
	must(t, json.Unmarshal(out, &snap))
	var got []string
	for _, p := range snap.Problems {
		got = append(got, p.Kind+" "+p.Path+": "+p.Detail)
		if p.Hint == "" {
			t.Errorf("problem %s has no hint", p.Path)
		}
	}
	want := []string{
		"unreadable etc/systemd/system/dcos-net.service: permission denied",
		"unreadable etc/systemd/system/dcos-telegraf.service.d: permission denied",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if len(snap.Units) != 28 {
		t.Errorf("gathered %d units, want all 28", len(snap.Units))
	}
	for _, u := range snap.Units {
		if u.Name == "dcos-net.service" && u.File != nil {
			t.Errorf("dcos-net.service has file facts despite being unreadable: %+v", u.File)
		}
		if u.Name == "dcos-telegraf.service" && (u.File == nil || u.File.Options["Unit"] == nil) {
			t.Errorf("dcos-telegraf.service not parsed although only its drop-in dir is unreadable: %+v", u.File)
		}
	}
}

// childOutput runs this test in a child that cannot read what only root can.
func childOutput(t *testing.T, root string) []byte {
	t.Helper()
	exe, err := os.Executable()
	must(t, err)
	cmd := exec.CommandContext(t.Context(), exe, "-test.run=^TestGatherUnreadable$")
	cmd.Env = append(os.Environ(), "DCOS_AUDIT_UNREADABLE_ROOT="+root)
	if os.Geteuid() == 0 {
		// The test binary lives in a private build directory; give the
		// unprivileged child a copy it can execute.
		b, err := os.ReadFile(exe)
		must(t, err)
		cp := filepath.Join(filepath.Dir(root), "rootfs.test")
		must(t, os.WriteFile(cp, b, 0o755))
		cmd.Path, cmd.Args[0] = cp, cp
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, stderr.String())
	}
	// The child's stdout carries the snapshot line, then go test's PASS.
	line, _, _ := bytes.Cut(out, []byte("\n"))
	return line
}

func BenchmarkGatherRootfs(b *testing.B) {
	src := source(filepath.Join(fixtures, "master-2.2.1", "root"))
	for b.Loop() {
		if _, err := src.Gather(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGatherLooksOnce: a gather asks for each path's Lstat and ReadLink
// once, however many paths lead through it.
func TestGatherLooksOnce(t *testing.T) {
	root, err := os.OpenRoot(filepath.Join(fixtures, "master-2.2.1", "root"))
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	c := &countingFS{ReadLinkFS: DirFS(root), calls: map[string]int{}}
	snap, err := Read(t.Context(), c, facts.Provenance{Kind: facts.KindRootfs})
	if err != nil || len(snap.Units) < 20 {
		t.Fatalf("gather: %v", err)
	}
	for call, n := range c.calls {
		if n > 1 {
			t.Errorf("%s: %d times", call, n)
		}
	}
}

type countingFS struct {
	fs.ReadLinkFS
	calls map[string]int
}

func (c *countingFS) Lstat(name string) (fs.FileInfo, error) {
	c.calls["Lstat "+name]++
	return c.ReadLinkFS.Lstat(name)
}

func (c *countingFS) ReadLink(name string) (string, error) {
	c.calls["ReadLink "+name]++
	return c.ReadLinkFS.ReadLink(name)
}

// TestNotANode: a directory without etc/ (an unmounted image's mount point)
// is a mistake to report, not a node to judge.
func TestNotANode(t *testing.T) {
	_, err := Source{Root: t.TempDir()}.Gather(t.Context())
	if !errors.Is(err, ErrNotANode) {
		t.Fatalf("err = %v, want ErrNotANode", err)
	}
}

// TestGatherTelemetry reads DC/OS Signal's switch, written as DC/OS's
// template writes it (a string) or as a JSON boolean, and nothing else of
// the file; a file it cannot read as such is a problem, not a guess.
func TestGatherTelemetry(t *testing.T) {
	for _, tc := range []struct {
		content string
		want    *facts.Telemetry
		problem string
	}{
		{`{"gen_provider": "onprem", "customer_key": "s3cret", "enabled": "true"}`, &facts.Telemetry{From: signalFile, Enabled: "true"}, ""},
		{`{"enabled": "false"}`, &facts.Telemetry{From: signalFile, Enabled: "false"}, ""},
		{`{"enabled": false}`, &facts.Telemetry{From: signalFile, Enabled: "false"}, ""},
		{`{"enabled": "maybe"}`, nil, `"enabled" is neither "true" nor "false"`},
		{`{"gen_provider": "onprem"}`, nil, `no "enabled" setting`},
		{`{"enabled": "true"`, nil, "unexpected end of JSON input"},
	} {
		root := filepath.Join(t.TempDir(), "root")
		must(t, os.CopyFS(root, os.DirFS(filepath.Join(fixtures, "master-2.1.2", "root"))))
		must(t, os.WriteFile(filepath.Join(root, signalFile), []byte(tc.content), 0o644))
		snap, err := source(root).Gather(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(tc.want, snap.Node.Telemetry); d != "" {
			t.Errorf("%s: telemetry (-want +got):\n%s", tc.content, d)
		}
		var problems []string
		for _, p := range snap.Problems {
			if p.Path == signalFile {
				problems = append(problems, p.Kind+": "+p.Detail)
			}
		}
		if tc.problem == "" && len(problems) > 0 || tc.problem != "" && (len(problems) != 1 || !strings.Contains(problems[0], tc.problem)) {
			t.Errorf("%s: problems %q, want one with %q", tc.content, problems, tc.problem)
		}
		if b, _ := json.Marshal(snap); strings.Contains(string(b), "s3cret") {
			t.Errorf("%s: the snapshot holds more of the file than the switch", tc.content)
		}
	}
}
