package live

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sdbus "github.com/coreos/go-systemd/v22/dbus"
	godbus "github.com/godbus/dbus/v5"
	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/internal/systemdtest"
)

// fake is an in-memory manager: units by name, with their properties as
// go-systemd returns them, and a count of every call.
type fake struct {
	mu     sync.Mutex
	calls  map[string]int
	units  map[string]map[string]any // name → properties (all interfaces)
	wants  []string
	failOn func(method, unit string, n int) error // n: calls of method so far, this one included
}

func newFake(units map[string]map[string]any) *fake {
	f := &fake{calls: map[string]int{}, units: units}
	for n := range units {
		f.wants = append(f.wants, n)
	}
	return f
}

func (f *fake) count(method, unit string) error {
	f.mu.Lock()
	f.calls[method]++
	n := f.calls[method]
	f.mu.Unlock()
	if f.failOn != nil {
		return f.failOn(method, unit, n)
	}
	return nil
}

func (f *fake) ManagerPropertiesContext(ctx context.Context) (map[string]any, error) {
	if err := f.count("ManagerProperties", ""); err != nil {
		return nil, err
	}
	return map[string]any{"Version": "252.38-1~deb12u1", "SystemState": "degraded", "UserspaceTimestamp": uint64(1700000000000000)}, nil
}

func (f *fake) GetUnitPropertyContext(ctx context.Context, unit, name string) (*sdbus.Property, error) {
	if err := f.count("GetUnitProperty", unit); err != nil {
		return nil, err
	}
	if unit != "dcos.target" || name != "Wants" {
		return nil, fmt.Errorf("unexpected property %s of %s", name, unit)
	}
	return &sdbus.Property{Name: name, Value: godbus.MakeVariant(f.wants)}, nil
}

func (f *fake) ListUnitsByNamesContext(ctx context.Context, names []string) ([]sdbus.UnitStatus, error) {
	if err := f.count("ListUnitsByNames", ""); err != nil {
		return nil, err
	}
	var out []sdbus.UnitStatus
	for _, n := range names {
		p, ok := f.units[n]
		if !ok {
			out = append(out, sdbus.UnitStatus{Name: n, LoadState: "not-found", ActiveState: "inactive", SubState: "dead"})
			continue
		}
		out = append(out, sdbus.UnitStatus{Name: n, LoadState: prop[string](p, "LoadState"), ActiveState: prop[string](p, "ActiveState"), SubState: prop[string](p, "SubState")})
	}
	return out, nil
}

func (f *fake) GetAllPropertiesContext(ctx context.Context, unit string) (map[string]any, error) {
	if err := f.count("GetAllProperties", unit); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, ok := f.units[unit]
	if !ok {
		return map[string]any{"LoadState": "not-found", "ActiveState": "inactive", "SubState": "dead"}, nil
	}
	return p, nil
}

func (f *fake) Close() { f.count("Close", "") }

func (f *fake) source(root string) Source {
	return Source{
		Root: root,
		Tool: "test",
		Now:  func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) },
		connect: func(ctx context.Context, address string) (manager, string, error) {
			return f, "fake", nil
		},
	}
}

func service(active, sub string) map[string]any {
	return map[string]any{
		"LoadState": "loaded", "ActiveState": active, "SubState": sub,
		"UnitFileState": "enabled", "FragmentPath": "/etc/systemd/system/x.service",
		"DropInPaths": []string{}, "ConditionResult": true, "ConditionTimestampMonotonic": uint64(5),
		"Type": "simple", "Restart": "always", "Result": "success", "NRestarts": uint32(0),
		"MainPID": uint32(42), "User": "", "ExecMainStatus": int32(0),
	}
}

func timer(mono [][]any, cal [][]any) map[string]any {
	return map[string]any{
		"LoadState": "loaded", "ActiveState": "active", "SubState": "waiting",
		"UnitFileState": "enabled", "FragmentPath": "/etc/systemd/system/x.timer",
		"Unit": "x.service", "TimersMonotonic": mono, "TimersCalendar": cal,
		"LastTriggerUSec": uint64(1700000100000000), "NextElapseUSecRealtime": uint64(0),
		"NextElapseUSecMonotonic": uint64(99), "Persistent": false,
	}
}

// fleet is n wanted units of every type, and one the manager does not know.
func fleet(n int) map[string]map[string]any {
	units := map[string]map[string]any{}
	for i := range n {
		switch i % 3 {
		case 0:
			units[fmt.Sprintf("dcos-s%02d.service", i)] = service("active", "running")
		case 1:
			units[fmt.Sprintf("dcos-t%02d.timer", i)] = timer([][]any{{"OnUnitActiveUSec", uint64(120e6), uint64(1)}}, [][]any{})
		default:
			units[fmt.Sprintf("dcos-k%02d.socket", i)] = map[string]any{
				"LoadState": "loaded", "ActiveState": "active", "SubState": "listening",
				"Listen": [][]any{{"Stream", "/run/dcos/k.sock"}},
			}
		}
	}
	return units
}

// TestGatherCalls pins the round trips: one call each for the manager's
// properties, dcos.target's Wants and the states of all units, then one per
// loaded unit whatever its type; nothing for a unit the manager lacks.
func TestGatherCalls(t *testing.T) {
	for _, n := range []int{1, 9, 40} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			f := newFake(fleet(n))
			f.wants = append(f.wants, "dcos-gone.service") // wanted, no unit file
			snap, err := f.source(emptyNodeRoot(t)).Gather(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int{"ManagerProperties": 1, "GetUnitProperty": 1, "ListUnitsByNames": 1, "GetAllProperties": n, "Close": 1}
			if diff := cmp.Diff(want, f.calls); diff != "" {
				t.Errorf("calls (-want +got):\n%s", diff)
			}
			if len(snap.Units) != n+1 {
				t.Errorf("%d units, want %d", len(snap.Units), n+1)
			}
			if !slices.IsSortedFunc(snap.Units, func(a, b facts.Unit) int { return strings.Compare(a.Name, b.Name) }) {
				t.Error("units are not sorted by name")
			}
		})
	}
}

// TestGather checks the facts built from the manager's answers, for units
// in dcos.target.wants and units only the manager wants.
func TestGather(t *testing.T) {
	root := t.TempDir()
	wants := filepath.Join(root, facts.WantsDir)
	if err := os.MkdirAll(wants, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(root, "etc/systemd/system/dcos-net.service"), "[Service]\nExecStart=/bin/sleep infinity\n")
	if err := os.Symlink("/etc/systemd/system/dcos-net.service", filepath.Join(wants, "dcos-net.service")); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(wants, "README"), "not a unit")

	net := service("active", "running")
	net["FragmentPath"] = "/etc/systemd/system/dcos-net.service"
	net["DropInPaths"] = []string{"/run/systemd/system.control/dcos-net.service.d/50-CPUWeight.conf"}
	tm := timer(
		[][]any{{"OnUnitActiveUSec", uint64(60e6), uint64(7)}, {"OnBootUSec", uint64(5e6), uint64(0)}},
		[][]any{{"OnCalendar", "*-*-* *:00:00", uint64(1700003600000000)}},
	)
	tm["FragmentPath"] = filepath.Join(root, "etc/systemd/system/dcos-gen-resolvconf.timer") // as a manager on this host names it
	off := service("inactive", "dead")
	off["ConditionResult"] = false
	f := newFake(map[string]map[string]any{"dcos-net.service": net, "dcos-gen-resolvconf.timer": tm, "dcos-calico-felix.service": off})

	snap, err := f.source(root).Gather(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if snap.Source.Kind != "live" || snap.Source.Target != "fake" {
		t.Errorf("source = %+v", snap.Source)
	}
	wantMgr := &facts.Manager{
		Address: "fake", Version: "252.38-1~deb12u1", SystemState: "degraded",
		Wants:                  []string{"dcos-calico-felix.service", "dcos-gen-resolvconf.timer", "dcos-net.service"},
		UserspaceTimestampUSec: 1700000000000000,
	}
	if diff := cmp.Diff(wantMgr, snap.Node.Manager); diff != "" {
		t.Errorf("manager (-want +got):\n%s", diff)
	}
	got := map[string]facts.Unit{}
	for _, u := range snap.Units {
		got[u.Name] = u
	}
	if u := got["README"]; !cmp.Equal(u.State, facts.UnknownState) {
		t.Errorf("README state = %+v, want unknown (not a unit, not asked)", u.State)
	}
	wantNet := facts.State{
		Load: "loaded", Active: "active", Sub: "running", UnitFileState: "enabled",
		FragmentPath: "etc/systemd/system/dcos-net.service",
		DropInPaths:  []string{"run/systemd/system.control/dcos-net.service.d/50-CPUWeight.conf"},
		Service:      &facts.ServiceState{Type: "simple", Result: "success", MainPID: 42, Restart: "always"},
	}
	if diff := cmp.Diff(wantNet, got["dcos-net.service"].State); diff != "" {
		t.Errorf("dcos-net.service (-want +got):\n%s", diff)
	}
	if u := got["dcos-net.service"]; u.Entry != "symlink" || u.File == nil {
		t.Errorf("dcos-net.service lost its file facts: %+v", u)
	}
	timerUnit := got["dcos-gen-resolvconf.timer"]
	if timerUnit.Entry != "" || timerUnit.Path != "" || timerUnit.Kind != "timer" {
		t.Errorf("manager-only unit = %+v, want kind timer and no entry", timerUnit)
	}
	wantTimer := facts.State{
		Load: "loaded", Active: "active", Sub: "waiting", UnitFileState: "enabled",
		FragmentPath: "etc/systemd/system/dcos-gen-resolvconf.timer",
		Timer: &facts.TimerState{
			Unit: "x.service",
			Monotonic: []facts.MonotonicTrigger{
				{Directive: "OnBootSec", Value: "5s", Seconds: 5},
				{Directive: "OnUnitActiveSec", Value: "1min", Seconds: 60},
			},
			Calendar:                []facts.CalendarTrigger{{Spec: "*-*-* *:00:00", PeriodSeconds: 3600}},
			LastTriggerUSec:         1700000100000000,
			NextElapseUSecMonotonic: 99,
		},
	}
	if diff := cmp.Diff(wantTimer, timerUnit.State); diff != "" {
		t.Errorf("timer (-want +got):\n%s", diff)
	}
	if s := got["dcos-calico-felix.service"].State; !s.ConditionFailed || s.Active != "inactive" {
		t.Errorf("condition-failed service = %+v", s)
	}
	if len(snap.Problems) != 0 {
		t.Errorf("problems: %+v", snap.Problems)
	}
}

// TestGatherUnitError: a unit whose properties the manager refuses is
// marked unknown with the error and listed as a problem; the rest goes on.
func TestGatherUnitError(t *testing.T) {
	f := newFake(fleet(6))
	f.failOn = func(method, unit string, _ int) error {
		if method == "GetAllProperties" && unit == "dcos-t01.timer" {
			return godbus.Error{Name: "org.freedesktop.DBus.Error.AccessDenied", Body: []any{"Access denied"}}
		}
		return nil
	}
	snap, err := f.source(emptyNodeRoot(t)).Gather(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range snap.Units {
		switch {
		case u.Name == "dcos-t01.timer":
			if u.State.Load != facts.Unknown || u.State.Error != "Access denied" {
				t.Errorf("refused unit state = %+v", u.State)
			}
		case u.State.Error != "" || u.State.Load != "loaded":
			t.Errorf("%s: state = %+v", u.Name, u.State)
		}
	}
	want := []facts.Problem{{Kind: facts.ProblemManager, Path: "dcos-t01.timer", Detail: "Access denied", Hint: unitHint}}
	if diff := cmp.Diff(want, snap.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestGatherListRefused: without the list, every unit is asked on its own
// and its states come from its properties.
func TestGatherListRefused(t *testing.T) {
	f := newFake(fleet(3))
	f.failOn = func(method, _ string, _ int) error {
		if method == "ListUnitsByNames" {
			return godbus.Error{Name: "org.freedesktop.DBus.Error.UnknownMethod", Body: []any{"no such method"}}
		}
		return nil
	}
	snap, err := f.source(emptyNodeRoot(t)).Gather(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range snap.Units {
		if u.State.Load != "loaded" || u.State.Active != "active" {
			t.Errorf("%s: state = %+v", u.Name, u.State)
		}
	}
}

// TestGatherManagerLost: the connection breaks after some units were read.
// Gather returns what it has and an ErrManagerLost error, and does not
// panic; the units not read say so.
func TestGatherManagerLost(t *testing.T) {
	for _, tc := range []struct {
		name   string
		method string
		after  int
		err    error
	}{
		{"properties", "GetAllProperties", 4, godbus.ErrClosed},
		{"bus says gone", "GetAllProperties", 2, godbus.Error{Name: "org.freedesktop.DBus.Error.ServiceUnknown", Body: []any{"The name is not activatable"}}},
		{"list", "ListUnitsByNames", 0, errors.New("read unix @->/run/systemd/private: EOF")},
		{"wants", "GetUnitProperty", 0, godbus.ErrClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(fleet(30))
			f.failOn = func(method, _ string, n int) error {
				if method == tc.method && n > tc.after {
					return tc.err
				}
				return nil
			}
			snap, err := f.source(emptyNodeRoot(t)).Gather(t.Context())
			if !errors.Is(err, ErrManagerLost) {
				t.Fatalf("err = %v, want ErrManagerLost", err)
			}
			if !strings.Contains(err.Error(), "fake") {
				t.Errorf("error %q does not name the address", err)
			}
			if snap == nil {
				t.Fatal("no partial snapshot")
			}
			if tc.method == "GetUnitProperty" {
				return // no unit known yet (the root has none)
			}
			read, notRead := 0, 0
			for _, u := range snap.Units {
				switch {
				case u.State.Error == "" && u.State.Load == "loaded":
					read++
				case strings.HasPrefix(u.State.Error, "not read"):
					notRead++
				default:
					t.Errorf("%s: state = %+v", u.Name, u.State)
				}
			}
			if notRead == 0 || read+notRead != len(snap.Units) {
				t.Errorf("%d read, %d not read of %d", read, notRead, len(snap.Units))
			}
			if tc.method == "GetAllProperties" && read < tc.after {
				t.Errorf("only %d units read before the loss, want at least %d", read, tc.after)
			}
		})
	}
}

// TestGatherCancelled: an interrupted gather returns the context's error.
func TestGatherCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	f := newFake(fleet(30))
	f.failOn = func(method, _ string, n int) error {
		if method == "GetAllProperties" && n == 3 {
			cancel()
		}
		return nil
	}
	snap, err := f.source(emptyNodeRoot(t)).Gather(ctx)
	if !errors.Is(err, context.Canceled) || snap == nil {
		t.Fatalf("err = %v, snapshot %v; want context.Canceled and a partial snapshot", err, snap != nil)
	}
}

func TestEndpoints(t *testing.T) {
	t.Setenv(systemBusEnv, "")
	for _, tc := range []struct {
		in   string
		want []endpoint
		err  string
	}{
		{in: "/run/systemd/private", want: []endpoint{{what: "private socket", address: "unix:path=/run/systemd/private", shown: "/run/systemd/private"}}},
		{in: "/tmp/a b,c/private", want: []endpoint{{what: "private socket", address: "unix:path=/tmp/a%20b%2cc/private", shown: "/tmp/a b,c/private"}}},
		{in: "unix:path=/run/dbus/system_bus_socket", want: []endpoint{{what: "bus", address: "unix:path=/run/dbus/system_bus_socket", shown: "unix:path=/run/dbus/system_bus_socket", hello: true}}},
		{in: "run/systemd/private", err: "absolute path"},
	} {
		got, err := endpoints(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("endpoints(%q) error = %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("endpoints(%q): %v", tc.in, err)
			continue
		}
		if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(endpoint{})); diff != "" {
			t.Errorf("endpoints(%q) (-want +got):\n%s", tc.in, diff)
		}
	}
	def, _ := endpoints("")
	if def[0].address != "unix:path=/run/dbus/system_bus_socket" || !def[0].hello {
		t.Errorf("default endpoint = %+v", def[0])
	}
	if wantPrivate := os.Geteuid() == 0; (len(def) == 2) != wantPrivate {
		t.Errorf("default endpoints = %+v; the private socket is tried only as root", def)
	}
}

// TestUnreachable: no manager at the address is a *ConnectError naming the
// address, the reason and what to do instead.
func TestUnreachable(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(systemBusEnv, "unix:path="+filepath.Join(dir, "no_bus"))
	for _, tc := range []struct {
		address string
		parts   []string
	}{
		{filepath.Join(dir, "private"), []string{"private socket " + filepath.Join(dir, "private"), "no such file or directory", "--root /", "--systemd ADDRESS"}},
		{"unix:path=" + filepath.Join(dir, "bus"), []string{"bus unix:path=" + filepath.Join(dir, "bus"), "no such file or directory", "--root /"}},
		{"", []string{"system bus unix:path=" + filepath.Join(dir, "no_bus"), "--systemd ADDRESS"}},
	} {
		snap, err := Source{Address: tc.address, Root: dir}.Gather(t.Context())
		var ce *ConnectError
		if snap != nil || !errors.As(err, &ce) || !errors.Is(err, ErrUnreachable) {
			t.Fatalf("Gather(%q) = %v, %v; want a *ConnectError", tc.address, snap, err)
		}
		for _, p := range tc.parts {
			if !strings.Contains(err.Error(), p) {
				t.Errorf("Gather(%q) error %q lacks %q", tc.address, err, p)
			}
		}
	}
}

// TestNotAManager: something that is not a manager's socket answers the
// handshake wrongly or not at all; the error says so within the timeouts.
func TestNotAManager(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "private")
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("hello, I am not D-Bus\r\n"))
			c.Close()
		}
	}()
	_, err = Source{Address: sock, Root: t.TempDir()}.Gather(t.Context())
	if !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), sock) {
		t.Fatalf("err = %v", err)
	}
}

func TestFormatTimespan(t *testing.T) {
	for usec, want := range map[uint64]string{
		0: "0", 1e6: "1s", 5e6: "5s", 45e6: "45s", 60e6: "1min", 120e6: "2min", 65e6: "1min 5s",
		3600e6: "1h", 86400e6: "1d", 1500e3: "1s 500ms", 600e6: "10min",
	} {
		if got := formatTimespan(usec); got != want {
			t.Errorf("formatTimespan(%d) = %q, want %q", usec, got, want)
		}
	}
}

func TestRel(t *testing.T) {
	g := newGatherer(nil, "/srv/node", "x", &facts.Snapshot{})
	for in, want := range map[string]string{
		"":                                   "",
		"/etc/systemd/system/x.service":      "etc/systemd/system/x.service",
		"/srv/node/etc/systemd/user/x":       "etc/systemd/user/x",
		"/srv/nodeX/y":                       "srv/nodeX/y",
		"/etc/systemd/system/../system/x.tm": "etc/systemd/system/x.tm",
	} {
		if got := g.rel(in); got != want {
			t.Errorf("rel(%q) = %q, want %q", in, got, want)
		}
	}
	if got := newGatherer(nil, "/", "x", &facts.Snapshot{}).rel("/etc/x"); got != "etc/x" {
		t.Errorf("rel at / = %q", got)
	}
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCompareShow makes sure the comparison with systemctl show that the
// live tests rely on does see differences.
func TestCompareShow(t *testing.T) {
	show := systemdtest.ParseShow(`LoadState=loaded
ActiveState=active
SubState=waiting
UnitFileState=enabled
FragmentPath=/etc/systemd/system/x.timer
DropInPaths=
NeedDaemonReload=no
ConditionResult=yes
ConditionTimestampMonotonic=5
Unit=x.service
TimersMonotonic={ OnUnitActiveUSec=1min ; next_elapse=1h }
TimersMonotonic={ OnBootUSec=5s ; next_elapse=0 }
TimersCalendar={ OnCalendar=*-*-* *:00:00 ; next_elapse=Thu 2026-01-01 }
`, []string{"x.timer"})
	state := (&gatherer{}).unitState("timer", nil, timer(
		[][]any{{"OnUnitActiveUSec", uint64(60e6), uint64(7)}, {"OnBootUSec", uint64(5e6), uint64(0)}},
		[][]any{{"OnCalendar", "*-*-* *:00:00", uint64(1)}},
	))
	snap := func(s facts.State) *facts.Snapshot {
		return &facts.Snapshot{Units: []facts.Unit{{Name: "x.timer", Kind: "timer", State: s}}}
	}
	abs := func(p string) string { return "/" + p }
	if d := compareShow(snap(state), show, abs); len(d) != 0 {
		t.Fatalf("same facts differ: %q", d)
	}
	for name, change := range map[string]func(*facts.State){
		"sub":      func(s *facts.State) { s.Sub = "elapsed" },
		"fragment": func(s *facts.State) { s.FragmentPath = "etc/x.timer" },
		"interval": func(s *facts.State) { s.Timer.Monotonic[1].Seconds, s.Timer.Monotonic[1].Value = 7200, "2h" },
		"calendar": func(s *facts.State) { s.Timer.Calendar[0].Spec = "*-*-* 00:00:00" },
		"trigger":  func(s *facts.State) { s.Timer.Monotonic = s.Timer.Monotonic[1:] },
		"unit":     func(s *facts.State) { s.Timer.Unit = "y.service" },
	} {
		s := (&gatherer{}).unitState("timer", nil, timer(
			[][]any{{"OnUnitActiveUSec", uint64(60e6), uint64(7)}, {"OnBootUSec", uint64(5e6), uint64(0)}},
			[][]any{{"OnCalendar", "*-*-* *:00:00", uint64(1)}},
		))
		change(&s)
		if d := compareShow(snap(s), show, abs); len(d) == 0 {
			t.Errorf("%s: a changed %s is not seen", name, name)
		}
	}
}

// TestGatherWantsRefused: without dcos.target's Wants the units of
// dcos.target.wants are still checked, and the problem is listed.
func TestGatherWantsRefused(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "etc/systemd/system/dcos-s00.service"), "[Service]\nExecStart=/bin/true\n")
	if err := os.MkdirAll(filepath.Join(root, facts.WantsDir), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../dcos-s00.service", filepath.Join(root, facts.WantsDir, "dcos-s00.service")); err != nil {
		t.Fatal(err)
	}
	f := newFake(fleet(3))
	f.failOn = func(method, _ string, _ int) error {
		if method == "GetUnitProperty" {
			return godbus.Error{Name: "org.freedesktop.DBus.Error.AccessDenied", Body: []any{"Access denied"}}
		}
		return nil
	}
	snap, err := f.source(root).Gather(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Units) != 1 || snap.Units[0].State.Active != "active" {
		t.Errorf("units = %+v", snap.Units)
	}
	if w := snap.Node.Manager.Wants; w == nil || len(w) != 0 {
		t.Errorf("wants = %#v, want empty and not nil", w)
	}
	want := []facts.Problem{{Kind: facts.ProblemManager, Path: "dcos.target", Detail: "Access denied", Hint: "only the units in dcos.target.wants were checked"}}
	if diff := cmp.Diff(want, snap.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// emptyNodeRoot is a node root with nothing but an empty etc/: the manager
// alone supplies the units.
func emptyNodeRoot(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "etc"), 0o755); err != nil {
		t.Fatal(err)
	}
	return root
}
