package unitfile

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseTimespan(t *testing.T) {
	tests := []struct {
		in   string
		want float64
	}{
		{"10", 10},
		{" 10 ", 10},
		{"0", 0},
		{"5sec", 5},
		{"5s", 5},
		{"5 seconds", 5},
		{"1second", 1},
		{"2min", 120},
		{"2m", 120},
		{"2 minutes", 120},
		{"1minute", 60},
		{"1h", 3600},
		{"2hr", 7200},
		{"1hour", 3600},
		{"3hours", 10800},
		{"1.5h", 5400},
		{".5s", 0.5},
		{"1h 30s", 3630},
		{"1h30s", 3630},
		{"1h30", 3630},
		{"1h 30m 5s", 5405},
		{"100ms", 0.1},
		{"100msec", 0.1},
		{"1us", 1e-6},
		{"1usec", 1e-6},
		{"1µs", 1e-6}, // U+00B5 micro sign
		{"1μs", 1e-6}, // U+03BC mu
		{"1d", 86400},
		{"2days", 172800},
		{"1w", 604800},
		{"1weeks", 604800},
		{"1M", 2629800},
		{"1month", 2629800},
		{"2months", 5259600},
		{"1y", 31557600},
		{"1year", 31557600},
		{"1years 1day", 31644000},
		{"30 s", 30},
		{"5 10s", 15},
	}
	for _, tt := range tests {
		got, err := ParseTimespan(tt.in)
		if err != nil {
			t.Errorf("ParseTimespan(%q) error: %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("ParseTimespan(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseTimespanErrors(t *testing.T) {
	tests := []string{
		"",
		"   ",
		"infinity",
		"-1",
		"-0",
		"1h -5s",
		"banana",
		"1x",
		"5S",
		"1h 5x",
		"5secs", // systemd takes "sec", then "s" is not a number
		"5.",
		"3.sec",
		"1.2.3",
		"1e3",
		"+5",
		"s",
		"99999999999999y",
		strings.Repeat("9", 400),
	}
	for _, in := range tests {
		got, err := ParseTimespan(in)
		if err == nil {
			t.Errorf("ParseTimespan(%q) = %v, want an error", in, got)
			continue
		}
		if !strings.Contains(err.Error(), strconv.Quote(in)) {
			t.Errorf("ParseTimespan(%q) error %q does not name the value", in, err)
		}
	}
}

func TestCalendarPeriod(t *testing.T) {
	tests := []struct {
		spec string
		want float64
	}{
		{"minutely", 60},
		{"hourly", 3600},
		{"Hourly", 3600},
		{"HOURLY", 3600},
		{" daily ", 86400},
		{"weekly", 604800},
		{"monthly", 2629800},
		{"quarterly", 3 * 2629800},
		{"semiannually", 6 * 2629800},
		{"semi-annually", 6 * 2629800},
		{"yearly", 31557600},
		{"annually", 31557600},
		{"*-*-* *:*:00", 60},
		{"*-*-* *:00:00", 3600},
		{"*-*-* 00:00:00", 86400},
		{"*-*-*", 86400},
		{"*-*-* 03:00:00", 86400},
		{"00:00", 86400},
		{"*:00", 3600},
		{"*:*", 60},
		{"*:0/5", 300},
		{"*:00/15", 900},
		{"*:0/1", 60},
		{"*:0/30", 1800},
		{"*:5/15", 900},
		{"*-*-* *:00/5:00", 300},
		{"*-*-* *:0/5:00", 300},
		{"*-*-*  *:0/10:00", 600},
		{"*:*:0/10", 10},
		{"*:*:00/30", 30},
		{"*-*-* *:*:0/15", 15},
		{"0/6:00:00", 21600},
		// No fixed period.
		{"", 0},
		{"banana", 0},
		{"Mon *-*-* 00:00:00", 0},
		{"*-*-01 04:00:00", 0},
		{"*-01-01 00:00:00", 0},
		{"*-*-* 00:00:00 UTC", 0},
		{"*:0/7", 0},
		{"*:0/0", 0},
		{"*:0/60", 0},
		{"*:20/15", 0},
		{"*:0,30", 0},
		{"*:0/5:*", 0},
		{"0/2:*:00", 0},
		{"*:60", 0},
		{"24:00", 0},
		{"*:0/5:00:00", 0},
		{"1:2:3:4", 0},
	}
	for _, tt := range tests {
		if got := CalendarPeriod(tt.spec); got != tt.want {
			t.Errorf("CalendarPeriod(%q) = %v, want %v", tt.spec, got, tt.want)
		}
	}
}
