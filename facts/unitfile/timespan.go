package unitfile

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Lengths in seconds as systemd defines them (time-util.h).
const (
	minute = 60
	hour   = 60 * minute
	day    = 24 * hour
	week   = 7 * day
	month  = 2629800  // 30.44 days
	year   = 31557600 // 365.25 days
)

// timeUnits are systemd's time span suffixes in µs, in the order systemd
// tries them (extract_multiplier): the first that prefixes the text wins, so
// "ms" is tried before "m", and "M" (month) is not "m" (minute).
var timeUnits = []struct {
	suffix string
	usec   float64
}{
	{"seconds", 1e6}, {"second", 1e6}, {"sec", 1e6}, {"s", 1e6},
	{"minutes", minute * 1e6}, {"minute", minute * 1e6}, {"min", minute * 1e6},
	{"months", month * 1e6}, {"month", month * 1e6}, {"M", month * 1e6},
	{"msec", 1e3}, {"ms", 1e3}, {"m", minute * 1e6},
	{"hours", hour * 1e6}, {"hour", hour * 1e6}, {"hr", hour * 1e6}, {"h", hour * 1e6},
	{"days", day * 1e6}, {"day", day * 1e6}, {"d", day * 1e6},
	{"weeks", week * 1e6}, {"week", week * 1e6}, {"w", week * 1e6},
	{"years", year * 1e6}, {"year", year * 1e6}, {"y", year * 1e6},
	{"usec", 1}, {"us", 1}, {"μs", 1}, {"µs", 1}, // U+03BC and U+00B5
}

// maxUsec is systemd's USEC_INFINITY; a span must stay below it.
const maxUsec = float64(math.MaxUint64)

// timespanError is a value that is not a time span. Timer reports the
// reason next to the directive, which already shows the value.
type timespanError struct {
	value, reason string
}

func (e *timespanError) Error() string {
	return fmt.Sprintf("parse time span %q: %s", e.value, e.reason)
}

// ParseTimespan parses a systemd.time(7) time span ("2min", "1h 30s",
// "1.5h", "10") into seconds, following systemd's parse_sec: components add
// up, spaces between them and before a unit are optional, a bare number is
// seconds. "infinity" is refused: no trigger interval is infinite.
func ParseTimespan(s string) (float64, error) {
	fail := func(format string, args ...any) (float64, error) {
		return 0, &timespanError{value: s, reason: fmt.Sprintf(format, args...)}
	}
	p := strings.TrimSpace(s)
	switch {
	case p == "":
		return fail("empty")
	case p == "infinity":
		return fail("infinity is not a finite span")
	}
	var usec float64
	for {
		p = strings.TrimLeft(p, " \t\n\r")
		if p == "" {
			break
		}
		if p[0] == '-' {
			return fail("negative")
		}
		num, rest := leadingNumber(p)
		if num == "" || num == "." || strings.HasSuffix(num, ".") {
			return fail("expected a number at %q", p)
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil { // the syntax is checked above, so only ErrRange is left
			return fail("out of range")
		}
		mult, afterUnit := 1e6, rest
		spaced := strings.TrimLeft(rest, " \t\n\r")
		matched := false
		for _, u := range timeUnits {
			if after, ok := strings.CutPrefix(spaced, u.suffix); ok {
				mult, afterUnit, matched = u.usec, after, true
				break
			}
		}
		if !matched && rest != "" && rest == spaced {
			// A bare number must end the text or be followed by a space:
			// "5x" and "1.2.3" are errors.
			if c := rest[0]; c >= utf8.RuneSelf || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
				return fail("unknown unit %q", unitWord(rest))
			}
			return fail("unexpected %q after %q", truncate(rest), num)
		}
		usec += v * mult
		if usec >= maxUsec {
			return fail("out of range")
		}
		p = afterUnit
	}
	return usec / 1e6, nil
}

// leadingNumber splits p after its leading decimal number (digits with at
// most one '.').
func leadingNumber(p string) (num, rest string) {
	i, dot := 0, false
	for ; i < len(p); i++ {
		c := p[i]
		if c == '.' && !dot {
			dot = true
			continue
		}
		if c < '0' || c > '9' {
			break
		}
	}
	return p[:i], p[i:]
}

// unitWord is the unit-like word at the start of s, for error messages.
func unitWord(s string) string {
	end := strings.IndexAny(s, " \t0123456789")
	if end < 0 {
		end = len(s)
	}
	return truncate(s[:end])
}

// calendarKeywords are systemd's OnCalendar shorthands with their periods.
// Months and years use systemd's average lengths.
var calendarKeywords = map[string]float64{
	"minutely":      minute,
	"hourly":        hour,
	"daily":         day,
	"weekly":        week,
	"monthly":       month,
	"quarterly":     3 * month,
	"semiannually":  6 * month,
	"semi-annually": 6 * month,
	"yearly":        year,
	"annually":      year,
}

// CalendarPeriod returns the repeat period in seconds of a simple periodic
// OnCalendar spec, and 0 when it has none that is fixed.
//
// Simple means a keyword ("hourly", case-insensitive as in systemd) or a
// spec on every day ("*-*-*" or no date; no weekday, no timezone) whose time
// "H:M[:S]" has at most one moving field: "*" or a step "A/N" (A < N, N
// dividing 60, or 24 for hours) with every coarser field "*" and every finer
// field a fixed number. So "*:0/5" is 300, "*-*-* *:00:00" 3600, "*:*:0/10"
// 10, "*-*-* 03:00:00" 86400; "Mon *-*-* 00:00:00", "*-*-01 04:00:00",
// "*:0/7", "*:0,30" and "*:0/5:*" are 0.
func CalendarPeriod(spec string) float64 {
	s := strings.TrimSpace(spec)
	if p, ok := calendarKeywords[strings.ToLower(s)]; ok {
		return p
	}
	var date, clock string
	switch f := strings.Fields(s); {
	case len(f) == 1 && strings.Contains(f[0], ":"):
		clock = f[0]
	case len(f) == 1:
		date = f[0]
	case len(f) == 2:
		date, clock = f[0], f[1]
	default:
		return 0
	}
	if date != "" && date != "*-*-*" {
		return 0
	}
	if clock == "" {
		return day // a date alone means 00:00:00
	}
	parts := strings.Split(clock, ":")
	if len(parts) == 2 {
		parts = append(parts, "00")
	}
	if len(parts) != 3 {
		return 0
	}
	ranges := [3]int{24, 60, 60}
	units := [3]float64{hour, minute, 1}
	var fields [3]calendarField
	moving := -1 // the finest field that is not fixed
	for i, p := range parts {
		f, ok := parseCalendarField(p, ranges[i])
		if !ok {
			return 0
		}
		fields[i] = f
		if f.step > 0 {
			moving = i
		}
	}
	if moving < 0 {
		return day
	}
	for i := 0; i < moving; i++ {
		if fields[i].step != 1 || fields[i].start != 0 { // coarser fields must be "*"
			return 0
		}
	}
	return float64(fields[moving].step) * units[moving] //nolint:gosec // moving is 0–2, set above: an index of both arrays
}

// calendarField is one time field: fixed (step 0) or every step-th value
// from start ("*" is start 0, step 1).
type calendarField struct {
	start, step int
}

func parseCalendarField(s string, rng int) (calendarField, bool) {
	if s == "*" {
		return calendarField{step: 1}, true
	}
	a, n, isStep := strings.Cut(s, "/")
	start, ok := smallNumber(a)
	if !ok || start >= rng {
		return calendarField{}, false
	}
	if !isStep {
		return calendarField{start: start}, true
	}
	step, ok := smallNumber(n)
	if !ok || step < 1 || step >= rng || rng%step != 0 || start >= step {
		return calendarField{}, false // not the same gap every time
	}
	return calendarField{start: start, step: step}, true
}

// smallNumber parses one or two decimal digits.
func smallNumber(s string) (int, bool) {
	if len(s) < 1 || len(s) > 2 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}
