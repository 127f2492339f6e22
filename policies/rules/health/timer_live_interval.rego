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
#   needs: [runtime_state]
package dcos_audit.rules.health.timer_live_interval

import data.dcos_audit.lib

_same(a, b, d) if a[d] == b[d]

_same(a, b, d) if {
	not d in object.keys(a)
	not d in object.keys(b)
}

# The unit files already give the schedule the manager uses: DCOS-T003's case.
_files_agree(u, live, d) if _same(lib.repeats(u.timer.monotonic, u.timer.calendar), live, d)

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	t := u.state.timer
	want := lib.shipped_repeats(lib.expected_schedule(u.name))
	have := lib.repeats(t.monotonic, t.calendar)
	some d in (object.keys(want) | object.keys(have))
	not lib.repeat_matches(have, want, d)
	not _files_agree(u, have, d)
	msg := sprintf("systemd runs %s so that it %s; DC/OS %s ships it %s (%s)", [
		u.name, lib.describe_repeat(d, have), lib.catalog_version, lib.describe_shipped(d, want), _why(u),
	])
}

_why(u) := "its unit file changed since systemd loaded it: run systemctl daemon-reload" if u.state.need_daemon_reload

else := "set at runtime, not in the unit files"
