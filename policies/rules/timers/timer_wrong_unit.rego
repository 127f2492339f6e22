# METADATA
# title: Timer triggers the wrong unit
# description: |
#   A DC/OS timer triggers a unit other than the one DC/OS ships it for
#   (Unit= in its [Timer] section, or the timer's own base name when there is
#   none). The intended job no longer runs on schedule and another one does.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-t002
#     description: DCOS-T002 in the rule reference
# custom:
#   id: DCOS-T002
#   needs: [files]
#   severity: high
#   remediation: Restore the timer's unit file from its package; remove the Unit= override from the
#     file or its drop-ins.
#   tags: [timers]
package dcos_audit.rules.timers.timer_wrong_unit

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some u in input.units
	want := data.catalog.units[u.name].timer.triggers
	u.timer.unit != want
	msg := sprintf("%s triggers %s; DC/OS ships it to trigger %s", [u.name, u.timer.unit, want])
}
