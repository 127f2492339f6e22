// Package live gathers the facts of a running DC/OS node: the files under
// its root, read by facts/rootfs exactly as an offline scan reads them, and
// the runtime state of every unit dcos.target wants, from the systemd
// manager over D-Bus (go-systemd).
//
// It only reads. It calls no manager method that changes state (no start,
// stop, reload or enable), and never writes to the node.
//
// A gather costs 3 + n calls for n loaded units, whatever their types: the
// manager's properties and dcos.target's Wants (issued together), one
// ListUnitsByNames for every name, then one GetAll per loaded unit on every
// interface at once (org.freedesktop.systemd1.Unit plus Service, Socket or
// Timer), pipelined on one connection. Units the manager does not know
// (LoadState not-found) cost nothing more. docs/live.md has the details.
package live

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	sdbus "github.com/coreos/go-systemd/v22/dbus"
	godbus "github.com/godbus/dbus/v5"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/rootfs"
	"github.com/dcos-audit/dcos-audit/facts/unitfile"
)

// target is the unit whose wants are audited.
const target = "dcos.target"

// parallel is how many property calls are in flight at once. The manager
// answers them one after the other; pipelining saves the wait between a
// reply and the next request (28 units: 24 ms instead of 30 ms).
const parallel = 8

// Source gathers facts from a running node.
type Source struct {
	// Address names the manager: "" for the system manager (the system bus,
	// or as root /run/systemd/private when no bus runs), the absolute path
	// of a manager's private socket, or a D-Bus address ("unix:path=...").
	Address string
	// Root is where the node's files are read ("/" on the node itself; the
	// manager's own root seen from here when it runs in a container).
	// Paths the manager reports are made relative to it.
	Root string
	// Tool names the gathering program and version, for provenance.
	Tool string
	// Now gives the gathering time; time.Now when nil.
	Now func() time.Time

	// connect replaces the D-Bus connection in tests.
	connect func(ctx context.Context, address string) (manager, string, error)
}

// manager is the part of a go-systemd connection that Gather uses; *conn
// implements it over D-Bus, tests with fakes.
type manager interface {
	// ManagerPropertiesContext returns the manager object's properties
	// (Version, SystemState, UserspaceTimestamp, ...).
	ManagerPropertiesContext(ctx context.Context) (map[string]any, error)
	GetUnitPropertyContext(ctx context.Context, unit, propertyName string) (*sdbus.Property, error)
	ListUnitsByNamesContext(ctx context.Context, units []string) ([]sdbus.UnitStatus, error)
	// GetAllPropertiesContext returns the properties of every interface of
	// a unit.
	GetAllPropertiesContext(ctx context.Context, unit string) (map[string]any, error)
	Close()
}

// Gather connects to the manager, reads the node's files under Root, and
// adds the manager's view: dcos.target's Wants and the state of every
// wanted unit.
//
// It fails with a *ConnectError (errors.Is ErrUnreachable) when no manager
// answers. When the manager goes away during the gather, or ctx ends, it
// returns the partial snapshot together with the error (errors.Is
// ErrManagerLost, or the context's error): units not read by then carry
// State.Error. A single unit whose properties cannot be read is not an
// error: its State.Error and a Problem of kind manager_error say why.
func (s Source) Gather(ctx context.Context) (*facts.Snapshot, error) {
	root := s.Root
	if root == "" {
		root = "/"
	}
	connectFn := s.connect
	if connectFn == nil {
		connectFn = connect
	}
	m, addr, err := connectFn(ctx, s.Address)
	if err != nil {
		return nil, err
	}
	defer m.Close()

	snap, err := rootfs.Source{Root: root, Tool: s.Tool, Now: s.Now}.Gather(ctx)
	if err != nil {
		return nil, err
	}
	snap.Source.Kind = facts.KindLive
	snap.Source.Target = addr
	g := newGatherer(m, root, addr, snap)
	err = g.gather(ctx)
	return snap, err
}

type gatherer struct {
	m     manager
	roots []string // Root as given and with symlinks resolved, cleaned
	addr  string
	snap  *facts.Snapshot
}

func newGatherer(m manager, root, addr string, snap *facts.Snapshot) *gatherer {
	g := &gatherer{m: m, addr: addr, snap: snap}
	for _, r := range []string{root, evalSymlinks(root)} {
		if r, err := filepath.Abs(r); err == nil && r != "/" && !slices.Contains(g.roots, r) {
			g.roots = append(g.roots, r)
		}
	}
	return g
}

func evalSymlinks(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// rel makes a path the manager reports relative to the node's root: the
// manager's "/" is Root, unless the path is under Root as seen from here (a
// manager sharing this machine's file system, such as a user manager).
func (g *gatherer) rel(p string) string {
	if p == "" {
		return ""
	}
	p = filepath.Clean(p)
	for _, r := range g.roots {
		if rest, ok := strings.CutPrefix(p, r+"/"); ok {
			return rest
		}
	}
	return strings.TrimPrefix(p, "/")
}

// call runs one manager call with the per-call deadline.
func call[T any](ctx context.Context, f func(context.Context) (T, error)) (T, error) {
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	v, err := f(cctx)
	if err != nil && ctx.Err() == nil && errors.Is(cctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("no answer within %s", callTimeout)
	}
	return v, err
}

// lostNames are error replies that mean the manager itself is gone (the
// bus answers for it).
var lostNames = []string{
	"org.freedesktop.DBus.Error.ServiceUnknown",
	"org.freedesktop.DBus.Error.NameHasNoOwner",
	"org.freedesktop.DBus.Error.NoReply",
	"org.freedesktop.DBus.Error.Disconnected",
	"org.freedesktop.DBus.Error.NoServer",
	"org.freedesktop.DBus.Error.TimedOut",
}

// fatal reports whether err ends the gather: anything but an error reply
// about the one item asked for.
func fatal(ctx context.Context, err error) bool {
	var de godbus.Error
	if ctx.Err() != nil || !errors.As(err, &de) {
		return true
	}
	return slices.Contains(lostNames, de.Name)
}

// lost wraps a fatal error for the caller.
func (g *gatherer) lost(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("gather from the systemd manager at %s: %w", g.addr, ctx.Err())
	}
	if errors.Is(err, godbus.ErrClosed) {
		err = errors.New("the connection was closed")
	}
	return fmt.Errorf("%w: %s: %w (run the scan again; units not read are marked in the snapshot)", ErrManagerLost, g.addr, err)
}

func (g *gatherer) problem(item string, err error, hint string) {
	g.snap.Problems = append(g.snap.Problems, facts.Problem{
		Kind: facts.ProblemManager, Path: item, Detail: err.Error(), Hint: hint,
	})
}

const unitHint = "its runtime health was not checked; check it with systemctl status, or run dcos-audit as root"

func (g *gatherer) gather(ctx context.Context) error {
	if err := g.managerFacts(ctx); err != nil {
		return err
	}
	statuses, err := g.listStates(ctx)
	if err != nil {
		return err
	}
	return g.unitProperties(ctx, statuses)
}

// managerFacts reads the manager's own properties and dcos.target's Wants,
// both calls in flight at once, and adds the units only the manager wants.
func (g *gatherer) managerFacts(ctx context.Context) error {
	mgr := &facts.Manager{Address: g.addr, Wants: []string{}}
	g.snap.Node.Manager = mgr
	var (
		wg             sync.WaitGroup
		props          map[string]any
		wants          *sdbus.Property
		propsErr, wErr error
	)
	wg.Add(2)
	go func() {
		defer wg.Done()
		props, propsErr = call(ctx, g.m.ManagerPropertiesContext)
	}()
	go func() {
		defer wg.Done()
		wants, wErr = call(ctx, func(ctx context.Context) (*sdbus.Property, error) {
			return g.m.GetUnitPropertyContext(ctx, target, "Wants")
		})
	}()
	wg.Wait()
	for _, err := range []error{propsErr, wErr} {
		if err != nil && fatal(ctx, err) {
			g.markAll(err)
			return g.lost(ctx, err)
		}
	}
	if propsErr != nil {
		g.problem("manager", propsErr, "the manager's version and start time are unknown")
	} else {
		mgr.Version = prop[string](props, "Version")
		mgr.SystemState = prop[string](props, "SystemState")
		mgr.UserspaceTimestampUSec = prop[uint64](props, "UserspaceTimestamp")
	}
	if wErr != nil {
		g.problem(target, wErr, "only the units in dcos.target.wants were checked")
		return nil //nolint:nilerr // recorded as a problem of the snapshot; the scan goes on
	}
	w, _ := wants.Value.Value().([]string)
	mgr.Wants = append(mgr.Wants, w...)
	slices.Sort(mgr.Wants)
	g.addWanted(mgr.Wants)
	return nil
}

// listStates asks for the load, active and sub state of every unit in one
// call. The result is nil when the manager refused the call; every unit is
// then asked on its own.
func (g *gatherer) listStates(ctx context.Context) (map[string]*sdbus.UnitStatus, error) {
	var names []string
	for _, u := range g.snap.Units {
		if u.Kind != "" {
			names = append(names, u.Name)
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	statuses, err := call(ctx, func(ctx context.Context) ([]sdbus.UnitStatus, error) {
		return g.m.ListUnitsByNamesContext(ctx, names)
	})
	if err != nil {
		if fatal(ctx, err) {
			g.markAll(err)
			return nil, g.lost(ctx, err)
		}
		return nil, nil
	}
	byName := map[string]*sdbus.UnitStatus{}
	for i := range statuses {
		byName[statuses[i].Name] = &statuses[i]
	}
	if len(statuses) == len(names) { // an alias is answered under its unit's own name
		for i, n := range names {
			if byName[n] == nil {
				byName[n] = &statuses[i]
			}
		}
	}
	return byName, nil
}

// unitProperties reads the rest of each unit's properties, all interfaces
// in one call per unit, up to parallel calls in flight. Units the manager
// does not know need no call.
func (g *gatherer) unitProperties(ctx context.Context, statuses map[string]*sdbus.UnitStatus) error {
	type job struct {
		u  *facts.Unit
		st *sdbus.UnitStatus
	}
	var jobs []job
	for i := range g.snap.Units {
		u := &g.snap.Units[i]
		if u.Kind == "" {
			continue
		}
		st := statuses[u.Name]
		if st != nil && st.LoadState == "not-found" {
			u.State = facts.State{Load: st.LoadState, Active: st.ActiveState, Sub: st.SubState}
			continue
		}
		jobs = append(jobs, job{u, st})
	}
	results := make([]map[string]any, len(jobs))
	errs := make([]error, len(jobs))
	// A fatal error cancels the calls not yet answered; their errors are
	// then this cancellation, not the cause.
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	sem := make(chan struct{}, parallel)
	for i, j := range jobs {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			if cctx.Err() != nil {
				errs[i] = cctx.Err()
				return
			}
			results[i], errs[i] = call(cctx, func(ctx context.Context) (map[string]any, error) {
				return g.m.GetAllPropertiesContext(ctx, j.u.Name)
			})
			if errs[i] != nil && fatal(ctx, errs[i]) {
				cancel()
			}
		}()
	}
	wg.Wait()

	var cause error // the first fatal error, if any
	if ctx.Err() != nil {
		cause = ctx.Err()
	}
	for _, err := range errs {
		if cause == nil && err != nil && fatal(ctx, err) && !errors.Is(err, context.Canceled) {
			cause = err
		}
	}
	for i, j := range jobs {
		switch err := errs[i]; {
		case err == nil:
			j.u.State = g.unitState(j.u.Kind, j.st, results[i])
		case fatal(ctx, err):
			if cause != nil {
				err = cause
			}
			j.u.State = unknown("not read: the manager was lost during the scan: " + err.Error())
		default:
			j.u.State = unknown(err.Error())
			g.problem(j.u.Name, err, unitHint)
		}
	}
	if cause != nil {
		return g.lost(ctx, cause)
	}
	return nil
}

// addWanted adds the units the manager's dcos.target wants that are not in
// dcos.target.wants (wanted through a Wants= line, a drop-in or another
// wants directory): no entry, no file, only the manager's view.
func (g *gatherer) addWanted(wants []string) {
	have := map[string]bool{}
	for _, u := range g.snap.Units {
		have[u.Name] = true
	}
	added := false
	for _, w := range wants {
		if have[w] {
			continue
		}
		g.snap.Units = append(g.snap.Units, facts.Unit{
			Name:  w,
			Kind:  unitfile.Kind(w),
			State: facts.UnknownState,
		})
		added = true
	}
	if added {
		slices.SortFunc(g.snap.Units, func(a, b facts.Unit) int { return strings.Compare(a.Name, b.Name) })
	}
}

// markAll marks every unit as not read after an early fatal error.
func (g *gatherer) markAll(err error) {
	for i := range g.snap.Units {
		if g.snap.Units[i].Kind != "" {
			g.snap.Units[i].State = unknown("not read: " + err.Error())
		}
	}
}

func unknown(reason string) facts.State {
	s := facts.UnknownState
	s.Error = reason
	return s
}
