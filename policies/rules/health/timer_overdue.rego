# METADATA
# title: Timer has not fired on schedule
# description: |
#   A wanted, active timer has not fired for more than three of its
#   intervals: never since the manager started, or not since its last
#   trigger. Its job is stuck (a oneshot that never finishes blocks the next
#   run), or its schedule does not lead to a run. The interval is the
#   shortest repeating trigger the manager uses (OnUnitActiveSec,
#   OnUnitInactiveSec or an OnCalendar period), measured from the time the
#   facts were gathered. Live scans only.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-h006
#     description: DCOS-H006 in the rule reference
# custom:
#   id: DCOS-H006
#   severity: medium
#   remediation: Check the job the timer triggers (systemctl status UNIT, systemctl list-timers
#     TIMER); a stuck run must end before the timer can fire again.
#   tags: [health, timers]
#   needs: [runtime_state]
package dcos_audit.rules.health.timer_overdue

import data.dcos_audit.lib

# How many intervals may pass without a trigger.
_slack := 3

_first := {"OnActiveSec", "OnBootSec", "OnStartupSec"}

_now_usec := time.parse_rfc3339_ns(input.source.gathered_at) / 1000

# How long the manager had been running, in seconds; undefined offline.
_up := (_now_usec - started) / 1000000 if {
	started := input.node.manager.userspace_timestamp_usec
	started > 0
}

# The shortest repeat period of a timer in seconds; undefined without one.
_interval(t) := min(periods) if {
	monotonic := {m.seconds | some m in t.monotonic; m.directive in lib.repeating_directives; m.seconds > 0}
	periods := monotonic | {c.period_seconds | some c in t.calendar; c.period_seconds > 0}
	count(periods) > 0
}

# The longest delay before a first run, in seconds.
_first_delay(t) := max({0} | {m.seconds | some m in t.monotonic; m.directive in _first})

_scheduled(s) if {
	s.active == "active"
	s.sub in {"waiting", "running"}
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind == "timer"
	_scheduled(u.state)
	t := u.state.timer
	t.last_trigger_usec == 0
	iv := _interval(t)
	_up > _first_delay(t) + (_slack * iv)
	msg := sprintf("%s has never fired since the manager started %s ago, although it repeats every %s", [
		u.name, lib.approx_duration(_up), lib.duration(iv),
	])
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind == "timer"
	_scheduled(u.state)
	t := u.state.timer
	t.last_trigger_usec > 0
	iv := _interval(t)
	age := (_now_usec - t.last_trigger_usec) / 1000000
	age > _slack * iv
	msg := sprintf("%s last fired %s ago, although it repeats every %s", [
		u.name, lib.approx_duration(age), lib.duration(iv),
	])
}
