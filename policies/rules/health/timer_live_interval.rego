# METADATA
# title: Manager runs a timer at another interval than the catalog's
# description: |
#   The schedule that the running systemd uses for a DC/OS timer (its
#   TimersMonotonic and TimersCalendar) repeats at another interval than the
#   one the node's release ships, beyond the catalog's tolerance. Reported
#   only where the unit files do not already explain it (that is DCOS-T003):
#   the file was changed and the manager not reloaded, or the schedule was
#   set at runtime. Live scans only.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-h007
#     description: DCOS-H007 in the rule reference
# custom:
#   id: DCOS-H007
#   severity: medium
#   remediation: Restore the timer's stock schedule in its unit file and drop-ins, then systemctl
#     daemon-reload and systemctl restart TIMER.
#   tags: [health, timers]
#   live: true
package dcos_audit.rules.health.timer_live_interval

import data.dcos_audit.lib

_repeating := {"OnUnitActiveSec", "OnUnitInactiveSec"}

# Repeating triggers as "directive" → seconds; calendar ones keyed
# "OnCalendar" (the shortest period stands for all OnCalendar lines).
_schedule(monotonic, calendar) := object.union(
	{m.directive: m.seconds | some m in monotonic; m.directive in _repeating},
	_calendar(calendar),
)

_catalog(s) := object.union(
	{d: secs | some d, secs in s.monotonic; d in _repeating},
	_calendar(s.calendar),
)

_calendar(cs) := {"OnCalendar": min({c.period_seconds | some c in cs})} if count(cs) > 0

else := {}

_matches(have, want, d) if {
	abs(have[d] - want[d]) <= (want[d] * data.catalog.timer_tolerance_percent) / 100
}

_same(a, b, d) if a[d] == b[d]

_same(a, b, d) if {
	not d in object.keys(a)
	not d in object.keys(b)
}

# The unit files already give the schedule the manager uses: DCOS-T003's case.
_files_agree(u, live, d) if _same(_schedule(u.timer.monotonic, u.timer.calendar), live, d)

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	t := u.state.timer
	want := _catalog(lib.expected_schedule(u.name))
	have := _schedule(t.monotonic, t.calendar)
	some d in (object.keys(want) | object.keys(have))
	not _matches(have, want, d)
	not _files_agree(u, have, d)
	msg := sprintf("systemd runs %s so that it %s; DC/OS %s ships %s (%s)", [
		u.name, _describe(d, have), lib.catalog_version, _describe(d, want), _why(u),
	])
}

_describe(d, m) := sprintf("repeats every %s (%s)", [lib.duration(m[d]), d]) if m[d] > 0

else := sprintf("has an %s with no fixed period", [d]) if m[d]

else := sprintf("has no %s", [d])

_why(u) := "its unit file changed since systemd loaded it: run systemctl daemon-reload" if u.state.need_daemon_reload

else := "set at runtime, not in the unit files"
