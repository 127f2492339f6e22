package unitfile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/dcos-audit/dcos-audit/facts"
)

// monotonicDirectives are the relative timer triggers, in the order Timer
// reports them. Options does not keep the order between different keys, so
// this fixed order stands in for file order.
var monotonicDirectives = []string{
	"OnActiveSec", "OnBootSec", "OnStartupSec", "OnUnitActiveSec", "OnUnitInactiveSec",
}

// Timer builds the schedule of a timer unit from its merged options. The
// triggered unit is the last Unit= or, as in systemd, the timer's own name
// with ".service" for ".timer". A trigger value that is not a time span is
// left out of Monotonic and reported in Errors. The slices are never nil.
func Timer(name string, opts Options) facts.Timer {
	sec := opts["Timer"]
	t := facts.Timer{
		Unit:      strings.TrimSuffix(name, ".timer") + ".service",
		Monotonic: []facts.MonotonicTrigger{},
		Calendar:  []facts.CalendarTrigger{},
		Errors:    []string{},
	}
	if u := sec["Unit"]; len(u) > 0 {
		t.Unit = u[len(u)-1]
	}
	for _, d := range monotonicDirectives {
		for _, v := range sec[d] {
			s, err := ParseTimespan(v)
			if err != nil {
				reason := err.Error()
				if te := (*timespanError)(nil); errors.As(err, &te) {
					reason = te.reason
				}
				t.Errors = append(t.Errors, fmt.Sprintf("%s=%q: %s", d, v, reason))
				continue
			}
			t.Monotonic = append(t.Monotonic, facts.MonotonicTrigger{Directive: d, Value: v, Seconds: s})
		}
	}
	for _, v := range sec["OnCalendar"] {
		t.Calendar = append(t.Calendar, facts.CalendarTrigger{Spec: v, PeriodSeconds: CalendarPeriod(v)})
	}
	return t
}
