# METADATA
# title: Timer interval differs from the catalog
# description: |
#   A DC/OS timer repeats at an interval other than the one its release
#   ships: a repeating trigger (OnUnitActiveSec, OnUnitInactiveSec or an
#   OnCalendar period) is missing, added, or off by more than the catalog's
#   tolerance (timer_tolerance_percent). One-off triggers such as OnBootSec
#   are not compared. Log rotation that runs every two hours instead of
#   every two minutes can fill a disk.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-t003
#     description: DCOS-T003 in the rule reference
# custom:
#   id: DCOS-T003
#   severity: medium
#   remediation: Restore the timer's unit file from its package and remove drop-ins that change its
#     schedule, then reload systemd.
#   tags: [timers]
package dcos_audit.rules.timers.timer_interval

import data.dcos_audit.lib

_repeating := {"OnUnitActiveSec", "OnUnitInactiveSec"}

# Repeating triggers as "directive" → seconds, calendar ones keyed "OnCalendar".
_want(s) := object.union(
	{d: secs | some d, secs in s.monotonic; d in _repeating},
	_calendar(s.calendar),
)

_have(t) := object.union(
	{m.directive: m.seconds | some m in t.monotonic; m.directive in _repeating},
	_calendar(t.calendar),
)

# The shortest calendar period stands for all OnCalendar lines.
_calendar(cs) := {"OnCalendar": min({c.period_seconds | some c in cs})} if count(cs) > 0

else := {}

# Whether directive d repeats as often as wanted, within the tolerance.
_matches(have, want, d) if {
	abs(have[d] - want[d]) <= (want[d] * data.catalog.timer_tolerance_percent) / 100
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some u in input.units
	u.timer
	want := _want(lib.expected_schedule(u.name))
	have := _have(u.timer)
	some d in (object.keys(want) | object.keys(have))
	not _matches(have, want, d)
	msg := sprintf("%s %s; DC/OS %s ships %s", [
		u.name, _describe(d, have), lib.catalog_version, _describe(d, want),
	])
}

_describe(d, m) := sprintf("repeats every %s (%s)", [lib.duration(m[d]), d]) if m[d] > 0

else := sprintf("has an %s with no fixed period", [d]) if m[d]

else := sprintf("has no %s", [d])
