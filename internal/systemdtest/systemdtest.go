// Package systemdtest runs a REAL systemd for the live-scan tests, from the
// distribution's own binaries: a full system manager as PID 1 of new
// namespaces on a throwaway root (.ci/real-systemd.sh, the default path to
// the manager is then exactly as on a node), or a user manager in a private
// mount namespace reached through its private socket.
//
// Both need root and unshare. Where they cannot run, Require fails the test
// with the reason; DCOS_AUDIT_SKIP_LIVE=1 turns that into a skip. A live test
// never passes silently without a manager.
//
// Every start is stopped in t.Cleanup; nothing is left on the host (see
// .ci/real-systemd.sh). Each start has its own state directory under /tmp,
// so test binaries and tests may run side by side.
package systemdtest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// SkipEnv is the variable that lets live tests skip where they cannot run.
const SkipEnv = "DCOS_AUDIT_SKIP_LIVE"

// timeout bounds every wait for the managers.
const timeout = 30 * time.Second

// Require fails t unless real managers can run here: as root, with unshare
// allowed to create namespaces, systemd and dbus-daemon installed. With
// DCOS_AUDIT_SKIP_LIVE=1 it skips instead.
func Require(t testing.TB) {
	t.Helper()
	if reason := unavailable(); reason != "" {
		if os.Getenv(SkipEnv) == "1" {
			t.Skipf("live test skipped (%s=1): %s", SkipEnv, reason)
		}
		t.Fatalf("live test cannot run: %s. It needs root, util-linux's unshare, systemd and dbus "+
			"(apt-get install systemd dbus util-linux); set %s=1 to skip it explicitly", reason, SkipEnv)
	}
}

var (
	probeOnce   sync.Once
	probeReason string
)

func unavailable() string {
	probeOnce.Do(func() {
		switch {
		case os.Geteuid() != 0:
			probeReason = fmt.Sprintf("not running as root (euid %d)", os.Geteuid())
			return
		case !executable("/lib/systemd/systemd"):
			probeReason = "/lib/systemd/systemd is missing"
			return
		}
		for _, tool := range []string{"unshare", "nsenter", "setpriv", "dbus-daemon", "systemctl"} {
			if _, err := exec.LookPath(tool); err != nil {
				probeReason = tool + " is not installed"
				return
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		out, err := exec.CommandContext(ctx, "unshare", "--pid", "--fork", "--mount", "--propagation", "private",
			"--net", "--ipc", "--uts", "--cgroup", "/bin/true").CombinedOutput()
		if err != nil {
			probeReason = fmt.Sprintf("unshare may not create namespaces here: %v: %s", err, bytes.TrimSpace(out))
		}
	})
	return probeReason
}

func executable(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// RepoRoot is the repository's top directory (where go.mod is), found from
// the test's working directory.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the working directory")
		}
		dir = parent
	}
}

// Scenario is the path of a unit tree under testdata/systemd. Like the
// starts, it requires that real managers can run (Require).
func Scenario(t testing.TB, name string) string {
	t.Helper()
	Require(t)
	p := filepath.Join(RepoRoot(t), "testdata", "systemd", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("scenario %s: %v", name, err)
	}
	return p
}

var starts atomic.Int64

// System is a system manager booted by .ci/real-systemd.sh.
type System struct {
	// State is the harness's state directory (SDTEST_STATE).
	State string
	// PID is the host pid of the sandbox's systemd (PID 1 inside).
	PID int
	// Root is the sandbox's "/" as seen from here (/proc/PID/root).
	Root string
	// BusAddress is the sandbox's system bus, for DBUS_SYSTEM_BUS_ADDRESS.
	BusAddress string
	// PrivateSocket is systemd's /run/systemd/private inside the sandbox;
	// it only accepts clients in the sandbox's pid namespace.
	PrivateSocket string

	script string
}

// StartSystem boots systemd on a throwaway root with the unit tree at
// overlay copied over it (units under etc/systemd/system, and the node's
// etc/mesosphere and opt/mesosphere files), waits until the boot has
// finished (dcos.target started), and stops it when the test ends.
func StartSystem(t testing.TB, overlay string) *System {
	t.Helper()
	Require(t)
	s := &System{
		State:  fmt.Sprintf("/tmp/dcos-audit-sdtest-%d-%d", os.Getpid(), starts.Add(1)),
		script: filepath.Join(RepoRoot(t), ".ci", "real-systemd.sh"),
	}
	t.Cleanup(func() {
		if out, err := s.harness("stop").CombinedOutput(); err != nil {
			t.Errorf("stop the systemd harness: %v\n%s", err, out)
		}
	})
	out, err := s.harness("start", overlay).CombinedOutput()
	if err != nil {
		t.Fatalf("boot systemd (bash %s start %s): %v\n%s", s.script, overlay, err, out)
	}
	env, err := readEnv(filepath.Join(s.State, "env"))
	if err != nil {
		t.Fatalf("boot systemd: %v\n%s", err, out)
	}
	s.PID, _ = strconv.Atoi(env["SDTEST_PID"])
	s.Root = fmt.Sprintf("/proc/%d/root", s.PID)
	s.BusAddress = env["DBUS_SYSTEM_BUS_ADDRESS"]
	s.PrivateSocket = env["SDTEST_SYSTEMD_PRIVATE"]
	if s.PID == 0 || s.BusAddress == "" {
		t.Fatalf("boot systemd: incomplete environment %v", env)
	}
	return s
}

func (s *System) harness(args ...string) *exec.Cmd {
	cmd := exec.Command("bash", append([]string{s.script}, args...)...)
	cmd.Env = append(os.Environ(), "SDTEST_STATE="+s.State, fmt.Sprintf("SDTEST_TIMEOUT=%d", int(timeout.Seconds())))
	return cmd
}

// Exec runs a command inside the sandbox's namespaces and returns its
// standard output.
func (s *System) Exec(t testing.TB, args ...string) string {
	t.Helper()
	out, err := s.Command(args...).Output()
	if err != nil {
		t.Fatalf("in the sandbox: %s: %v\n%s", strings.Join(args, " "), err, stderrOf(err))
	}
	return string(out)
}

// Command is a command to run inside the sandbox's namespaces.
func (s *System) Command(args ...string) *exec.Cmd {
	cmd := exec.Command("nsenter", append([]string{"-t", strconv.Itoa(s.PID), "-m", "-p", "-n", "-i", "-u", "-r", "-w", "--"}, args...)...)
	for _, e := range os.Environ() { // the host's bus addresses mean nothing inside
		if !strings.HasPrefix(e, "DBUS_") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	return cmd
}

// Show runs systemctl show for units inside the sandbox.
func (s *System) Show(t testing.TB, units []string, props ...string) map[string]Props {
	t.Helper()
	return ParseShow(s.Exec(t, showArgs(units, props)...), units)
}

// Kill ends the sandbox's systemd at once (SIGKILL); the kernel then ends
// every process of its pid namespace. It returns when systemd is gone.
func (s *System) Kill(t testing.TB) {
	t.Helper()
	if err := syscall.Kill(s.PID, syscall.SIGKILL); err != nil {
		t.Fatalf("kill systemd (pid %d): %v", s.PID, err)
	}
	waitGone(t, s.PID)
}

// User is a user manager (systemd --user) in a private mount namespace.
type User struct {
	// Dir is the node tree: its etc/systemd/user holds the units
	// (XDG_CONFIG_HOME=Dir/etc), and it reads as a node root.
	Dir string
	// RuntimeDir is the manager's XDG_RUNTIME_DIR.
	RuntimeDir string
	// PrivateSocket is RuntimeDir/systemd/private.
	PrivateSocket string
	// PID is the manager's pid.
	PID int

	cmd  *exec.Cmd
	done chan struct{}
}

// startUserScript fakes "booted with systemd" for systemd --user with a
// tmpfs over /run/systemd in the private mount namespace.
const startUserScript = `mount -t tmpfs tmpfs /run/systemd && mkdir -p /run/systemd/system || exit 1
exec /lib/systemd/systemd --user --log-target=console --log-level=notice`

// StartUser copies the unit tree at tree into a temporary directory, starts a
// user manager on it, starts dcos.target, and stops the manager when the
// test ends.
func StartUser(t testing.TB, tree string) *User {
	t.Helper()
	Require(t)
	base, err := os.MkdirTemp("/tmp", "dcos-audit-sduser-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	u := &User{Dir: filepath.Join(base, "node"), RuntimeDir: filepath.Join(base, "run"), done: make(chan struct{})}
	u.PrivateSocket = filepath.Join(u.RuntimeDir, "systemd", "private")
	if err := os.MkdirAll(u.Dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-a", tree+"/.", u.Dir+"/").CombinedOutput(); err != nil {
		t.Fatalf("copy %s: %v\n%s", tree, err, out)
	}
	if err := os.Mkdir(u.RuntimeDir, 0o700); err != nil {
		t.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(base, "manager.log"))
	if err != nil {
		t.Fatal(err)
	}
	u.cmd = exec.Command("unshare", "--mount", "--propagation", "private", "/bin/sh", "-c", startUserScript)
	u.cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+u.RuntimeDir, "XDG_CONFIG_HOME="+filepath.Join(u.Dir, "etc"), "HOME="+base)
	u.cmd.Stdout, u.cmd.Stderr = logf, logf
	u.cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Pdeathsig: syscall.SIGTERM}
	if err := u.cmd.Start(); err != nil {
		t.Fatalf("start systemd --user: %v", err)
	}
	u.PID = u.cmd.Process.Pid // unshare execs the shell, which execs systemd
	go func() { u.cmd.Wait(); logf.Close(); close(u.done) }()
	t.Cleanup(func() { u.Stop(t) })

	deadline := time.Now().Add(timeout)
	for {
		if fi, err := os.Stat(u.PrivateSocket); err == nil && fi.Mode()&os.ModeSocket != 0 {
			break
		}
		select {
		case <-u.done:
			t.Fatalf("systemd --user exited during start:\n%s", readFile(filepath.Join(base, "manager.log")))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("systemd --user did not create %s within %s:\n%s", u.PrivateSocket, timeout, readFile(filepath.Join(base, "manager.log")))
		}
	}
	u.Systemctl(t, "start", "dcos.target")
	return u
}

// Systemctl runs systemctl --user against the manager and returns its
// standard output. A unit that does not start is not an error here (the
// scenarios have some on purpose).
func (u *User) Systemctl(t testing.TB, args ...string) string {
	t.Helper()
	cmd := exec.Command("systemctl", append([]string{"--user", "--no-pager"}, args...)...)
	cmd.Env = append(os.Environ(), "XDG_RUNTIME_DIR="+u.RuntimeDir)
	out, err := cmd.Output()
	if err != nil && (len(args) == 0 || args[0] != "start") {
		t.Fatalf("systemctl --user %s: %v\n%s", strings.Join(args, " "), err, stderrOf(err))
	}
	return string(out)
}

// Show runs systemctl --user show for units.
func (u *User) Show(t testing.TB, units []string, props ...string) map[string]Props {
	t.Helper()
	return ParseShow(u.Systemctl(t, showArgs(units, props)[1:]...), units)
}

// Stop ends the manager with SIGTERM (it stops its units first) and waits
// for it; SIGKILL after the timeout.
func (u *User) Stop(t testing.TB) {
	select {
	case <-u.done:
		return
	default:
	}
	_ = u.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-u.done:
	case <-time.After(timeout):
		_ = u.cmd.Process.Kill()
		<-u.done
		t.Errorf("systemd --user (pid %d) did not stop on SIGTERM within %s", u.PID, timeout)
	}
}

// Props are one unit's properties from systemctl show: every value of
// each property, in order (TimersMonotonic has one line per trigger).
type Props map[string][]string

// Get is a property's first value ("" when absent).
func (p Props) Get(k string) string {
	if v := p[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

func showArgs(units, props []string) []string {
	args := []string{"systemctl", "show", "--no-pager"}
	if len(props) > 0 {
		args = append(args, "-p", strings.Join(props, ","))
	}
	return append(args, units...)
}

// ParseShow splits systemctl show output for several units (blank-line
// separated, in the order asked) into properties per unit.
func ParseShow(out string, units []string) map[string]Props {
	res := map[string]Props{}
	i := 0
	cur := Props{}
	flush := func() {
		if len(cur) > 0 && i < len(units) {
			res[units[i]] = cur
			i++
		}
		cur = Props{}
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" {
			flush()
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		cur[k] = append(cur[k], v)
	}
	flush()
	return res
}

// Poll calls cond until it returns true, failing t after the timeout with
// the last description cond gave.
func Poll(t testing.TB, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within %s; last: %s", what, timeout, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func waitGone(t testing.TB, pid int) {
	t.Helper()
	Poll(t, fmt.Sprintf("pid %d gone", pid), func() (bool, string) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if errors.Is(err, os.ErrNotExist) {
			return true, ""
		}
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "State:") {
				return strings.Contains(l, "Z"), l // a zombie is gone
			}
		}
		return false, "no State line"
	})
}

func readEnv(p string) (map[string]string, error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	for _, l := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(l, "="); ok {
			env[k] = v
		}
	}
	return env, nil
}

func readFile(p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}

func stderrOf(err error) string {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return string(ee.Stderr)
	}
	return ""
}
