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
#   needs: [files]
#   severity: medium
#   remediation: Restore the timer's unit file from its package and remove drop-ins that change its
#     schedule, then reload systemd.
#   tags: [timers]
package dcos_audit.rules.timers.timer_interval

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some u in input.units
	u.timer
	want := lib.shipped_repeats(lib.expected_schedule(u.name))
	have := lib.repeats(u.timer.monotonic, u.timer.calendar)
	some d in (object.keys(want) | object.keys(have))
	not lib.repeat_matches(have, want, d)
	msg := sprintf("%s %s; DC/OS %s ships it %s", [
		u.name, lib.describe_repeat(d, have), lib.catalog_version, lib.describe_shipped(d, want),
	])
}
