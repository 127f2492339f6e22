package live

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	sdbus "github.com/coreos/go-systemd/v22/dbus"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/unitfile"
)

// unitState builds a unit's state from its ListUnitsByNames entry (nil when
// the list was not available) and its properties on every interface, as
// go-systemd decodes them (Variant.Value()). A property of an unexpected
// type reads as its zero value.
func (g *gatherer) unitState(kind string, st *sdbus.UnitStatus, p map[string]any) facts.State {
	s := facts.State{
		Load:             prop[string](p, "LoadState"),
		Active:           prop[string](p, "ActiveState"),
		Sub:              prop[string](p, "SubState"),
		UnitFileState:    prop[string](p, "UnitFileState"),
		FragmentPath:     g.rel(prop[string](p, "FragmentPath")),
		ConditionFailed:  !prop[bool](p, "ConditionResult") && prop[uint64](p, "ConditionTimestampMonotonic") > 0,
		NeedDaemonReload: prop[bool](p, "NeedDaemonReload"),
	}
	if st != nil { // one instant for every unit
		s.Load, s.Active, s.Sub = st.LoadState, st.ActiveState, st.SubState
	}
	for _, d := range prop[[]string](p, "DropInPaths") {
		s.DropInPaths = append(s.DropInPaths, g.rel(d))
	}
	switch kind {
	case "service":
		s.Service = &facts.ServiceState{
			Type:           prop[string](p, "Type"),
			Result:         prop[string](p, "Result"),
			NRestarts:      prop[uint32](p, "NRestarts"),
			MainPID:        prop[uint32](p, "MainPID"),
			User:           prop[string](p, "User"),
			ExecMainStatus: prop[int32](p, "ExecMainStatus"),
			Restart:        prop[string](p, "Restart"),
		}
	case "socket":
		s.Socket = &facts.SocketState{Listen: listen(p["Listen"])}
	case "timer":
		s.Timer = timerState(p)
	}
	return s
}

// listen reads a socket's Listen property, a(ss) of (type, address), as
// "Stream /run/dcos/x.sock".
func listen(v any) []string {
	out := []string{}
	rows, _ := v.([][]any)
	for _, r := range rows {
		if len(r) == 2 {
			typ, _ := r[0].(string)
			addr, _ := r[1].(string)
			out = append(out, typ+" "+addr)
		}
	}
	return out
}

// monotonicOrder is unitfile's order of the monotonic directives, so that
// live and file schedules list them alike.
var monotonicOrder = []string{"OnActiveSec", "OnBootSec", "OnStartupSec", "OnUnitActiveSec", "OnUnitInactiveSec"}

// timerState reads the schedule the manager uses: TimersMonotonic a(stt)
// of (base, µs, next elapse), base "OnUnitActiveUSec" and so on, and
// TimersCalendar a(sst) of ("OnCalendar", normalized spec, next elapse).
func timerState(p map[string]any) *facts.TimerState {
	t := &facts.TimerState{
		Unit:                    prop[string](p, "Unit"),
		Monotonic:               []facts.MonotonicTrigger{},
		Calendar:                []facts.CalendarTrigger{},
		LastTriggerUSec:         prop[uint64](p, "LastTriggerUSec"),
		NextElapseUSecRealtime:  prop[uint64](p, "NextElapseUSecRealtime"),
		NextElapseUSecMonotonic: prop[uint64](p, "NextElapseUSecMonotonic"),
		Persistent:              prop[bool](p, "Persistent"),
	}
	rows, _ := p["TimersMonotonic"].([][]any)
	for _, r := range rows {
		if len(r) != 3 {
			continue
		}
		base, _ := r[0].(string)
		usec, _ := r[1].(uint64)
		d := strings.TrimSuffix(base, "USec") + "Sec"
		t.Monotonic = append(t.Monotonic, facts.MonotonicTrigger{Directive: d, Value: formatTimespan(usec), Seconds: float64(usec) / 1e6})
	}
	slices.SortStableFunc(t.Monotonic, func(a, b facts.MonotonicTrigger) int {
		return cmp.Or(cmp.Compare(orderOf(a.Directive), orderOf(b.Directive)), cmp.Compare(a.Seconds, b.Seconds))
	})
	rows, _ = p["TimersCalendar"].([][]any)
	for _, r := range rows {
		if len(r) != 3 {
			continue
		}
		spec, _ := r[1].(string)
		t.Calendar = append(t.Calendar, facts.CalendarTrigger{Spec: spec, PeriodSeconds: unitfile.CalendarPeriod(spec)})
	}
	return t
}

func orderOf(directive string) int {
	if i := slices.Index(monotonicOrder, directive); i >= 0 {
		return i
	}
	return len(monotonicOrder)
}

// formatTimespan writes µs as systemctl show does for timer triggers:
// "2min", "5s", "1h 30min", "1s 500ms".
func formatTimespan(usec uint64) string {
	if usec == 0 {
		return "0"
	}
	units := []struct {
		name string
		usec uint64
	}{
		{"y", 31557600e6}, {"month", 2629800e6}, {"w", 7 * 86400e6}, {"d", 86400e6},
		{"h", 3600e6}, {"min", 60e6}, {"s", 1e6}, {"ms", 1e3}, {"us", 1},
	}
	var parts []string
	for _, u := range units {
		if usec >= u.usec {
			parts = append(parts, fmt.Sprintf("%d%s", usec/u.usec, u.name))
			usec %= u.usec
		}
	}
	return strings.Join(parts, " ")
}

// prop is a property's value, or T's zero value when the manager did not
// send it or sent another type (a systemd too old to know the property).
func prop[T any](p map[string]any, k string) T {
	v, _ := p[k].(T)
	return v
}
