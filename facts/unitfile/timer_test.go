package unitfile

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/google/go-cmp/cmp"
)

func TestTimer(t *testing.T) {
	tests := []struct {
		name  string
		timer string
		opts  Options
		want  facts.Timer
	}{
		{
			name:  "monotonic, unit from the name",
			timer: "dcos-logrotate-agent.timer",
			opts:  Options{"Timer": {"OnBootSec": {"2min"}, "OnUnitActiveSec": {"2min"}}},
			want: facts.Timer{
				Unit: "dcos-logrotate-agent.service",
				Monotonic: []facts.MonotonicTrigger{
					{Directive: "OnBootSec", Value: "2min", Seconds: 120},
					{Directive: "OnUnitActiveSec", Value: "2min", Seconds: 120},
				},
				Calendar: []facts.CalendarTrigger{},
				Errors:   []string{},
			},
		},
		{
			name:  "calendar with Unit=",
			timer: "dcos-signal.timer",
			opts:  Options{"Timer": {"Unit": {"other.service", "dcos-signal.service"}, "OnCalendar": {"hourly", "*:0/5", "Mon *-*-* 00:00:00"}}},
			want: facts.Timer{
				Unit:      "dcos-signal.service",
				Monotonic: []facts.MonotonicTrigger{},
				Calendar: []facts.CalendarTrigger{
					{Spec: "hourly", PeriodSeconds: 3600},
					{Spec: "*:0/5", PeriodSeconds: 300},
					{Spec: "Mon *-*-* 00:00:00", PeriodSeconds: 0},
				},
				Errors: []string{},
			},
		},
		{
			name:  "directive order fixed, values in file order",
			timer: "x@a.timer",
			opts: Options{"Timer": {
				"OnUnitInactiveSec": {"5"},
				"OnUnitActiveSec":   {"10min", "1h"},
				"OnStartupSec":      {"3s"},
				"OnBootSec":         {"2s"},
				"OnActiveSec":       {"1s"},
			}},
			want: facts.Timer{
				Unit: "x@a.service",
				Monotonic: []facts.MonotonicTrigger{
					{Directive: "OnActiveSec", Value: "1s", Seconds: 1},
					{Directive: "OnBootSec", Value: "2s", Seconds: 2},
					{Directive: "OnStartupSec", Value: "3s", Seconds: 3},
					{Directive: "OnUnitActiveSec", Value: "10min", Seconds: 600},
					{Directive: "OnUnitActiveSec", Value: "1h", Seconds: 3600},
					{Directive: "OnUnitInactiveSec", Value: "5", Seconds: 5},
				},
				Calendar: []facts.CalendarTrigger{},
				Errors:   []string{},
			},
		},
		{
			name:  "unparsable value is reported and left out",
			timer: "x.timer",
			opts:  Options{"Timer": {"OnBootSec": {"5sec", "-5s"}, "OnUnitActiveSec": {"banana", "infinity", "2x"}}},
			want: facts.Timer{
				Unit:      "x.service",
				Monotonic: []facts.MonotonicTrigger{{Directive: "OnBootSec", Value: "5sec", Seconds: 5}},
				Calendar:  []facts.CalendarTrigger{},
				Errors: []string{
					`OnBootSec="-5s": negative`,
					`OnUnitActiveSec="banana": expected a number at "banana"`,
					`OnUnitActiveSec="infinity": infinity is not a finite span`,
					`OnUnitActiveSec="2x": unknown unit "x"`,
				},
			},
		},
		{
			name:  "Unit= reset falls back to the name",
			timer: "x.timer",
			opts:  Options{"Timer": {"Unit": {}}},
			want:  facts.Timer{Unit: "x.service", Monotonic: []facts.MonotonicTrigger{}, Calendar: []facts.CalendarTrigger{}, Errors: []string{}},
		},
		{
			name:  "no options",
			timer: "x.timer",
			opts:  nil,
			want:  facts.Timer{Unit: "x.service", Monotonic: []facts.MonotonicTrigger{}, Calendar: []facts.CalendarTrigger{}, Errors: []string{}},
		},
		{
			name:  "options of another section are ignored",
			timer: "x.timer",
			opts:  Options{"Unit": {"OnBootSec": {"1s"}, "Unit": {"y.service"}}},
			want:  facts.Timer{Unit: "x.service", Monotonic: []facts.MonotonicTrigger{}, Calendar: []facts.CalendarTrigger{}, Errors: []string{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Timer(tt.timer, tt.opts)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Timer() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTimerFromParse runs a timer file through Parse and Timer, and checks
// that empty lists encode as [] rather than null.
func TestTimerFromParse(t *testing.T) {
	opts, err := Parse(
		file("etc/systemd/system/dcos-signal.timer", "[Unit]\nDescription=Signal\n[Timer]\nOnCalendar=hourly\nUnit=dcos-signal.service\n"),
		file("etc/systemd/system/dcos-signal.timer.d/override.conf", "[Timer]\nOnCalendar=\nOnCalendar=*:0/5\n"),
	)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(Timer("dcos-signal.timer", opts))
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	want := `{"unit":"dcos-signal.service","monotonic":[],"calendar":[{"spec":"*:0/5","period_seconds":300}],"errors":[]}`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Timer() JSON mismatch (-want +got):\n%s", diff)
	}
	if strings.Contains(got, "null") {
		t.Errorf("Timer() JSON has null: %s", got)
	}
}
