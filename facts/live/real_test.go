package live

// Tests against a REAL systemd (internal/systemdtest): a system manager
// booted as PID 1 of new namespaces with the DC/OS-shaped units of
// testdata/systemd/agent-2.2.1, and a user manager with those of
// testdata/systemd/agent-1.10.11-user. The gathered facts are compared with
// what systemctl show says about the same units, and scanned.

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	sdbus "github.com/coreos/go-systemd/v22/dbus"
	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/unitfile"
	"github.com/dcos-audit/dcos-audit/internal/systemdtest"
	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/scanner"
)

// showProps are the properties compared with systemctl show.
var showProps = []string{
	"LoadState", "ActiveState", "SubState", "UnitFileState", "FragmentPath", "DropInPaths",
	"ConditionResult", "ConditionTimestampMonotonic", "NeedDaemonReload",
	"Type", "Restart", "Result", "NRestarts", "MainPID", "User", "ExecMainStatus",
	"Listen", "Unit", "TimersMonotonic", "TimersCalendar",
}

// agentFindings are the findings the agent-2.2.1 scenario must raise: one
// deviation per health rule (testdata/systemd/README.md).
var agentFindings = [][2]string{
	{"DCOS-H001", "dcos-rexray.service"},
	{"DCOS-H002", "dcos-pkgpanda-api.service"},
	{"DCOS-H003", "dcos-telegraf.service"},
	{"DCOS-H004", "dcos-fluent-bit.service"},
	{"DCOS-H008", "dcos-log-agent.socket"},
	{"DCOS-H009", "dcos-net-watchdog.service"},
}

// waitAgent polls until the scenario's units have settled: the failing
// ones failed, the crashing one waiting for its restart.
func waitAgent(t *testing.T, sys *systemdtest.System) {
	t.Helper()
	want := map[string]string{
		"dcos-rexray.service":       "failed/failed",
		"dcos-telegraf.service":     "activating/auto-restart",
		"dcos-pkgpanda-api.service": "inactive/dead",
		"dcos-log-agent.socket":     "failed/failed",
		"dcos-mesos-slave.service":  "active/running",
	}
	names := slices.Sorted(func(yield func(string) bool) {
		for n := range want {
			if !yield(n) {
				return
			}
		}
	})
	systemdtest.Poll(t, "scenario units settled", func() (bool, string) {
		show := sys.Show(t, names, "ActiveState", "SubState")
		var bad []string
		for _, n := range names {
			if got := show[n].Get("ActiveState") + "/" + show[n].Get("SubState"); got != want[n] {
				bad = append(bad, n+" "+got)
			}
		}
		return len(bad) == 0, strings.Join(bad, ", ")
	})
}

// TestRealSystemd gathers from a real system manager through the default
// address (the system bus named by DBUS_SYSTEM_BUS_ADDRESS, as on a node),
// compares every unit with systemctl show, and scans the result.
func TestRealSystemd(t *testing.T) {
	sys := systemdtest.StartSystem(t, systemdtest.Scenario(t, "agent-2.2.1"))
	waitAgent(t, sys)
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", sys.BusAddress)

	var snap *facts.Snapshot
	settled(t, "default address", func() (*facts.Snapshot, []string) {
		snap = gather(t, Source{Root: sys.Root})
		return snap, compareShow(snap, sys.Show(t, unitNames(snap), showProps...), func(p string) string { return "/" + p })
	})
	if snap.Source.Target != sys.BusAddress || snap.Node.Manager.Address != sys.BusAddress {
		t.Errorf("source %q, manager %q; want the system bus %s", snap.Source.Target, snap.Node.Manager.Address, sys.BusAddress)
	}
	if got := snap.Node; got.Hostname != "agent-2-2-1" || !slices.Equal(got.Roles, []string{"slave"}) || got.Version != "2.2.1" {
		t.Errorf("node = %+v", got)
	}
	if m := snap.Node.Manager; !strings.HasPrefix(m.Version, "252") || m.SystemState != "degraded" || m.UserspaceTimestampUSec == 0 {
		t.Errorf("manager = %+v", m)
	}
	checkWants(t, snap, sys.Show(t, []string{"dcos.target"}, "Wants")["dcos.target"])
	checkTimers(t, snap, sys)
	if len(snap.Problems) != 0 {
		t.Errorf("problems: %+v", snap.Problems)
	}
	if diff := cmp.Diff(agentFindings, scan(t, snap)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}

	t.Run("D-Bus address", func(t *testing.T) {
		t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", "unix:path=/nonexistent")
		settled(t, "unix:path=", func() (*facts.Snapshot, []string) {
			snap := gather(t, Source{Address: sys.BusAddress, Root: sys.Root})
			return snap, compareShow(snap, sys.Show(t, unitNames(snap), showProps...), func(p string) string { return "/" + p })
		})
	})

	// systemd drops private-socket clients outside its pid namespace, so
	// the private socket is tested from a process inside it, as dcos-audit
	// would run inside a container.
	t.Run("private socket", func(t *testing.T) {
		settled(t, "/run/systemd/private", func() (*facts.Snapshot, []string) {
			snap := gatherInNamespace(t, sys, "/run/systemd/private")
			return snap, compareShow(snap, sys.Show(t, unitNames(snap), showProps...), func(p string) string { return "/" + p })
		})
	})

	t.Run("private socket from outside", func(t *testing.T) {
		_, err := Source{Address: sys.PrivateSocket, Root: sys.Root}.Gather(t.Context())
		var ce *ConnectError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), "outside its pid namespace") {
			t.Errorf("err = %v, want a *ConnectError saying to run inside the pid namespace", err)
		}
	})

	t.Run("round trips", func(t *testing.T) {
		c := countingConnect()
		snap := gather(t, Source{Root: sys.Root, connect: c.connect})
		loaded := 0
		for _, u := range snap.Units {
			if u.Kind != "" && u.State.Load != "not-found" {
				loaded++
			}
		}
		want := map[string]int64{"ManagerProperties": 1, "GetUnitProperty": 1, "ListUnitsByNames": 1, "GetAllProperties": int64(loaded)}
		if diff := cmp.Diff(want, c.counts()); diff != "" {
			t.Errorf("calls (-want +got):\n%s", diff)
		}
		t.Logf("%d units, %d loaded: %d calls", len(snap.Units), loaded, 3+loaded)
	})
}

// TestRealSystemdDrift changes the node under a running manager: a timer's
// schedule reloaded then reverted on disk without a reload, and a runtime
// drop-in. The manager's view differs from the files; DCOS-H007 and
// DCOS-H009 say so, the offline rules cannot.
func TestRealSystemdDrift(t *testing.T) {
	sys := systemdtest.StartSystem(t, systemdtest.Scenario(t, "agent-2.2.1"))
	waitAgent(t, sys)
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", sys.BusAddress)

	timerFile := filepath.Join(sys.Root, "etc/systemd/system/dcos-logrotate-agent.timer")
	stock, err := os.ReadFile(timerFile)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(stock), "OnUnitActiveSec=2min", "OnUnitActiveSec=2h", 1)
	if changed == string(stock) {
		t.Fatal("the timer has no OnUnitActiveSec=2min")
	}
	if err := os.WriteFile(timerFile, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	sys.Exec(t, "systemctl", "daemon-reload")
	if err := os.WriteFile(timerFile, stock, 0o644); err != nil { // no reload: the manager keeps 2h
		t.Fatal(err)
	}
	sys.Exec(t, "systemctl", "set-property", "--runtime", "dcos-net.service", "CPUWeight=50")
	waitAgent(t, sys)

	var snap *facts.Snapshot
	settled(t, "after the changes", func() (*facts.Snapshot, []string) {
		snap = gather(t, Source{Root: sys.Root})
		return snap, compareShow(snap, sys.Show(t, unitNames(snap), showProps...), func(p string) string { return "/" + p })
	})
	byName := units(snap)
	lr := byName["dcos-logrotate-agent.timer"]
	if !lr.State.NeedDaemonReload || lr.Timer.Monotonic[1].Seconds != 120 || lr.State.Timer.Monotonic[1].Seconds != 7200 {
		t.Errorf("logrotate timer: file %+v, manager %+v, need reload %v", lr.Timer.Monotonic, lr.State.Timer.Monotonic, lr.State.NeedDaemonReload)
	}
	if d := byName["dcos-net.service"].State.DropInPaths; len(d) != 1 || !strings.HasPrefix(d[0], "etc/systemd/system.control/dcos-net.service.d/") && !strings.HasPrefix(d[0], "run/systemd/system.control/dcos-net.service.d/") {
		t.Errorf("dcos-net.service drop-ins = %q", d)
	}
	want := append(slices.Clone(agentFindings), [2]string{"DCOS-H007", "dcos-logrotate-agent.timer"}, [2]string{"DCOS-H009", "dcos-net.service"})
	slices.SortFunc(want, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	if diff := cmp.Diff(want, scan(t, snap)); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}

// TestRealSystemdGone kills the manager (PID 1 of the sandbox, and with it
// the bus) in the middle of a gather: partial results, ErrManagerLost, no
// panic.
func TestRealSystemdGone(t *testing.T) {
	sys := systemdtest.StartSystem(t, systemdtest.Scenario(t, "agent-2.2.1"))
	t.Setenv("DBUS_SYSTEM_BUS_ADDRESS", sys.BusAddress)
	src := Source{Root: sys.Root, connect: func(ctx context.Context, address string) (manager, string, error) {
		m, addr, err := connect(ctx, address)
		if err != nil {
			return nil, "", err
		}
		return &killAfterList{manager: m, kill: func() { sys.Kill(t) }}, addr, nil
	}}
	snap, err := src.Gather(t.Context())
	if !errors.Is(err, ErrManagerLost) {
		t.Fatalf("err = %v, want ErrManagerLost", err)
	}
	if snap == nil || len(snap.Units) == 0 {
		t.Fatal("no partial snapshot")
	}
	for _, u := range snap.Units {
		if !strings.HasPrefix(u.State.Error, "not read: the manager was lost") {
			t.Errorf("%s: state %+v", u.Name, u.State)
		}
	}
	t.Logf("error: %v", err)
}

// killAfterList kills the manager once it has listed the units.
type killAfterList struct {
	manager
	kill func()
}

func (k *killAfterList) ListUnitsByNamesContext(ctx context.Context, names []string) ([]sdbus.UnitStatus, error) {
	st, err := k.manager.ListUnitsByNamesContext(ctx, names)
	k.kill()
	return st, err
}

// TestRealUserManager gathers from a user manager through its private
// socket (--systemd PATH): DC/OS 1.10.11 agent units, where dcos-signal.timer
// is wanted but agents have no dcos-signal.service; the timer cannot start,
// as on a real 1.10 agent, and that is no finding.
func TestRealUserManager(t *testing.T) {
	u := systemdtest.StartUser(t, systemdtest.Scenario(t, "agent-1.10.11-user"))
	systemdtest.Poll(t, "dcos-mesos-slave.service running", func() (bool, string) {
		s := u.Show(t, []string{"dcos-mesos-slave.service"}, "SubState")["dcos-mesos-slave.service"].Get("SubState")
		return s == "running", s
	})
	var snap *facts.Snapshot
	settled(t, "user manager", func() (*facts.Snapshot, []string) {
		snap = gather(t, Source{Address: u.PrivateSocket, Root: u.Dir})
		return snap, compareShow(snap, u.Show(t, unitNames(snap), showProps...), func(p string) string { return filepath.Join(u.Dir, p) })
	})
	if snap.Node.Manager.Address != u.PrivateSocket || snap.Node.Version != "1.10.11" {
		t.Errorf("manager %+v, node %+v", snap.Node.Manager, snap.Node)
	}
	sig := units(snap)["dcos-signal.timer"]
	if sig.State.Active != "inactive" || sig.State.Load != "loaded" {
		t.Errorf("dcos-signal.timer = %+v, want loaded and inactive (its service does not exist)", sig.State)
	}
	checkWants(t, snap, u.Show(t, []string{"dcos.target"}, "Wants")["dcos.target"])
	if got := scan(t, snap); len(got) != 0 {
		t.Errorf("findings on a healthy 1.10.11 agent: %v", got)
	}
}

// TestHelperGather is not a test: it is the process that
// gatherInNamespace runs inside the sandbox's pid namespace.
func TestHelperGather(t *testing.T) {
	if os.Getenv("DCOS_AUDIT_HELPER_ADDRESS") == "" {
		t.Skip("helper process only")
	}
	snap, err := Source{Address: os.Getenv("DCOS_AUDIT_HELPER_ADDRESS"), Root: os.Getenv("DCOS_AUDIT_HELPER_ROOT")}.Gather(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	facts.Write(os.Stdout, snap)
	os.Exit(0)
}

// gatherInNamespace gathers from inside the sandbox's pid namespace (this
// test binary, run there by nsenter), with Address as given.
func gatherInNamespace(t *testing.T, sys *systemdtest.System, address string) *facts.Snapshot {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The private socket path is the sandbox's; from this mount namespace
	// it is under /proc/PID/root.
	cmd := exec.Command("nsenter", "-t", strconv.Itoa(sys.PID), "-p", "--", exe, "-test.run=^TestHelperGather$")
	cmd.Env = append(os.Environ(),
		"DCOS_AUDIT_HELPER_ADDRESS="+filepath.Join(sys.Root, address),
		"DCOS_AUDIT_HELPER_ROOT="+sys.Root)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		errors.As(err, &ee)
		t.Fatalf("gather inside the sandbox: %v\n%s", err, ee.Stderr)
	}
	snap, err := facts.Decode(out)
	if err != nil {
		t.Fatalf("helper output: %v\n%s", err, out)
	}
	return snap
}

// BenchmarkGatherLive gathers from the harness's system manager: 28
// DC/OS units of a private agent, files and manager state.
func BenchmarkGatherLive(b *testing.B) {
	sys := systemdtest.StartSystem(b, systemdtest.Scenario(b, "agent-2.2.1"))
	b.Setenv("DBUS_SYSTEM_BUS_ADDRESS", sys.BusAddress)
	c := countingConnect()
	src := Source{Root: sys.Root, connect: c.connect}
	n := 0
	for b.Loop() {
		if _, err := src.Gather(b.Context()); err != nil {
			b.Fatal(err)
		}
		n++
	}
	var calls int64
	for _, v := range c.counts() {
		calls += v
	}
	b.ReportMetric(float64(calls)/float64(n), "calls/op")
}

// --- helpers -------------------------------------------------------------

func gather(t testing.TB, src Source) *facts.Snapshot {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	snap, err := src.Gather(ctx)
	if err != nil {
		t.Fatalf("gather: %v", err)
	}
	return snap
}

// settled retries a gather and its comparison until they agree: a oneshot
// that a timer starts between the two calls changes its state.
func settled(t *testing.T, what string, try func() (*facts.Snapshot, []string)) {
	t.Helper()
	var diffs []string
	for range 5 {
		if _, diffs = try(); len(diffs) == 0 {
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Errorf("%s: gathered facts differ from systemctl show:\n  %s", what, strings.Join(diffs, "\n  "))
}

func unitNames(snap *facts.Snapshot) []string {
	var names []string
	for _, u := range snap.Units {
		if u.Kind != "" {
			names = append(names, u.Name)
		}
	}
	return names
}

func units(snap *facts.Snapshot) map[string]facts.Unit {
	m := map[string]facts.Unit{}
	for _, u := range snap.Units {
		m[u.Name] = u
	}
	return m
}

// compareShow lists every difference between the gathered state of each
// unit and systemctl show's properties. abs turns a snapshot path back into
// the manager's.
func compareShow(snap *facts.Snapshot, show map[string]systemdtest.Props, abs func(string) string) []string {
	var diffs []string
	diff := func(unit, prop, got, want string) {
		if got != want {
			diffs = append(diffs, fmt.Sprintf("%s %s: gathered %q, systemctl show %q", unit, prop, got, want))
		}
	}
	for _, u := range snap.Units {
		if u.Kind == "" {
			continue
		}
		p, ok := show[u.Name]
		if !ok {
			diffs = append(diffs, u.Name+": not in systemctl show's output")
			continue
		}
		s := u.State
		if s.Error != "" {
			diffs = append(diffs, u.Name+": "+s.Error)
			continue
		}
		diff(u.Name, "LoadState", s.Load, p.Get("LoadState"))
		diff(u.Name, "ActiveState", s.Active, p.Get("ActiveState"))
		diff(u.Name, "SubState", s.Sub, p.Get("SubState"))
		diff(u.Name, "UnitFileState", s.UnitFileState, p.Get("UnitFileState"))
		if s.FragmentPath != "" || p.Get("FragmentPath") != "" {
			diff(u.Name, "FragmentPath", abs(s.FragmentPath), p.Get("FragmentPath"))
		}
		var dropIns []string
		for _, d := range s.DropInPaths {
			dropIns = append(dropIns, abs(d))
		}
		diff(u.Name, "DropInPaths", strings.Join(dropIns, " "), p.Get("DropInPaths"))
		diff(u.Name, "NeedDaemonReload", yesNo(s.NeedDaemonReload), p.Get("NeedDaemonReload"))
		condFailed := p.Get("ConditionResult") == "no" && p.Get("ConditionTimestampMonotonic") != "0"
		diff(u.Name, "ConditionResult", yesNo(s.ConditionFailed), yesNo(condFailed))
		if s.Load == "not-found" {
			continue
		}
		switch u.Kind {
		case "service":
			sv := s.Service
			if sv == nil {
				diffs = append(diffs, u.Name+": no service state")
				continue
			}
			diff(u.Name, "Type", sv.Type, p.Get("Type"))
			diff(u.Name, "Restart", sv.Restart, p.Get("Restart"))
			diff(u.Name, "Result", sv.Result, p.Get("Result"))
			diff(u.Name, "NRestarts", fmt.Sprint(sv.NRestarts), p.Get("NRestarts"))
			diff(u.Name, "MainPID", fmt.Sprint(sv.MainPID), p.Get("MainPID"))
			diff(u.Name, "User", sv.User, p.Get("User"))
			diff(u.Name, "ExecMainStatus", fmt.Sprint(sv.ExecMainStatus), p.Get("ExecMainStatus"))
		case "socket":
			var listen []string
			for _, l := range s.Socket.Listen {
				typ, addr, _ := strings.Cut(l, " ")
				listen = append(listen, addr+" ("+typ+")")
			}
			diff(u.Name, "Listen", strings.Join(listen, "|"), strings.Join(p["Listen"], "|"))
		case "timer":
			tm := s.Timer
			diff(u.Name, "Unit", tm.Unit, p.Get("Unit"))
			var mono, cal []string
			for _, m := range tm.Monotonic {
				mono = append(mono, strings.TrimSuffix(m.Directive, "Sec")+"USec="+m.Value)
			}
			var showMono []string
			for _, v := range p["TimersMonotonic"] { // { OnUnitActiveUSec=2min ; next_elapse=... }
				base, val := timerField(v)
				showMono = append(showMono, base+"="+val)
				secs, err := unitfile.ParseTimespan(val)
				if i := slices.IndexFunc(tm.Monotonic, func(m facts.MonotonicTrigger) bool { return strings.TrimSuffix(m.Directive, "Sec")+"USec" == base }); err != nil || i < 0 || tm.Monotonic[i].Seconds != secs {
					diffs = append(diffs, fmt.Sprintf("%s %s: systemctl show %s, gathered %+v", u.Name, base, val, tm.Monotonic))
				}
			}
			slices.Sort(mono)
			slices.Sort(showMono)
			diff(u.Name, "TimersMonotonic", strings.Join(mono, " "), strings.Join(showMono, " "))
			for _, c := range tm.Calendar {
				cal = append(cal, "OnCalendar="+c.Spec)
			}
			var showCal []string
			for _, v := range p["TimersCalendar"] {
				base, val := timerField(v)
				showCal = append(showCal, base+"="+val)
			}
			diff(u.Name, "TimersCalendar", strings.Join(cal, " "), strings.Join(showCal, " "))
		}
	}
	return diffs
}

// timerField reads "{ OnUnitActiveUSec=2min ; next_elapse=... }".
func timerField(v string) (base, value string) {
	v = strings.TrimPrefix(strings.TrimSpace(v), "{ ")
	first, _, _ := strings.Cut(v, " ; ")
	base, value, _ = strings.Cut(first, "=")
	return base, value
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// checkWants compares the manager's dcos.target Wants with systemctl's.
func checkWants(t *testing.T, snap *facts.Snapshot, p systemdtest.Props) {
	t.Helper()
	want := strings.Fields(p.Get("Wants"))
	slices.Sort(want)
	if diff := cmp.Diff(want, snap.Node.Manager.Wants); diff != "" {
		t.Errorf("dcos.target Wants (-systemctl +gathered):\n%s", diff)
	}
}

// checkTimers compares the timers' trigger times with the manager's own
// numbers (busctl prints them in µs, where systemctl show formats dates).
func checkTimers(t *testing.T, snap *facts.Snapshot, sys *systemdtest.System) {
	t.Helper()
	for _, u := range snap.Units {
		if u.Kind != "timer" || u.State.Timer == nil {
			continue
		}
		out := sys.Exec(t, "busctl", "get-property", "org.freedesktop.systemd1",
			"/org/freedesktop/systemd1/unit/"+sdbus.PathBusEscape(u.Name), "org.freedesktop.systemd1.Timer",
			"LastTriggerUSec", "Persistent")
		lines := strings.Fields(out) // t N b B
		if len(lines) != 4 {
			t.Errorf("%s: busctl said %q", u.Name, out)
			continue
		}
		last, _ := strconv.ParseUint(lines[1], 10, 64)
		// a timer may fire between the gather and busctl: only a later
		// trigger is allowed
		if last < u.State.Timer.LastTriggerUSec || u.State.Timer.LastTriggerUSec == 0 && last != 0 && time.Since(time.UnixMicro(int64(last))) > time.Minute {
			t.Errorf("%s LastTriggerUSec: gathered %d, busctl %d", u.Name, u.State.Timer.LastTriggerUSec, last)
		}
		if (lines[3] == "true") != u.State.Timer.Persistent {
			t.Errorf("%s Persistent: gathered %v, busctl %s", u.Name, u.State.Timer.Persistent, lines[3])
		}
	}
}

// scan evaluates the built-in policies on the snapshot and returns the
// (rule, unit) pairs found, sorted. The harness runs stand-ins (/bin/sleep,
// /bin/true) where DC/OS's programs would run, which the integrity rules
// rightly flag; these tests are about runtime state, so they are left out.
func scan(t *testing.T, snap *facts.Snapshot) [][2]string {
	t.Helper()
	sc, err := scanner.New(t.Context(), scanner.Options{Tool: report.Tool{Name: "dcos-audit", Version: "test"}, SkipRules: []string{"DCOS-I*"}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sc.Scan(t.Context(), snap)
	if err != nil {
		t.Fatal(err)
	}
	got := [][2]string{}
	for _, f := range rep.Findings {
		got = append(got, [2]string{f.RuleID, f.Unit})
		t.Logf("%s %s: %s", f.RuleID, f.Unit, f.Message)
	}
	slices.SortFunc(got, func(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) })
	return slices.Compact(got)
}

// counting wraps the real connection and counts its calls.
type counting struct {
	manager
	n map[string]*atomic.Int64
}

func countingConnect() *counting {
	c := &counting{n: map[string]*atomic.Int64{}}
	for _, m := range []string{"ManagerProperties", "GetUnitProperty", "ListUnitsByNames", "GetAllProperties"} {
		c.n[m] = new(atomic.Int64)
	}
	return c
}

func (c *counting) connect(ctx context.Context, address string) (manager, string, error) {
	m, addr, err := connect(ctx, address)
	if err != nil {
		return nil, "", err
	}
	return &counting{manager: m, n: c.n}, addr, nil
}

func (c *counting) counts() map[string]int64 {
	out := map[string]int64{}
	for k, v := range c.n {
		if n := v.Load(); n > 0 {
			out[k] = n
		}
	}
	return out
}

func (c *counting) ManagerPropertiesContext(ctx context.Context) (map[string]any, error) {
	c.n["ManagerProperties"].Add(1)
	return c.manager.ManagerPropertiesContext(ctx)
}

func (c *counting) GetUnitPropertyContext(ctx context.Context, unit, name string) (*sdbus.Property, error) {
	c.n["GetUnitProperty"].Add(1)
	return c.manager.GetUnitPropertyContext(ctx, unit, name)
}

func (c *counting) ListUnitsByNamesContext(ctx context.Context, names []string) ([]sdbus.UnitStatus, error) {
	c.n["ListUnitsByNames"].Add(1)
	return c.manager.ListUnitsByNamesContext(ctx, names)
}

func (c *counting) GetAllPropertiesContext(ctx context.Context, unit string) (map[string]any, error) {
	c.n["GetAllProperties"].Add(1)
	return c.manager.GetAllPropertiesContext(ctx, unit)
}
