# METADATA
# title: Unit file does not parse
# description: |
#   A wanted unit's file, or one of its drop-ins, is not a valid systemd unit
#   file (no section header, binary content, over-long lines), or a timer
#   value cannot be read as a time span. systemd ignores what it cannot parse,
#   so the unit does not behave as DC/OS ships it.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-f003
#     description: DCOS-F003 in the rule reference
# custom:
#   id: DCOS-F003
#   needs: [files]
#   severity: high
#   remediation: Restore the unit file from its package (reinstall with pkgpanda) and remove broken
#     drop-ins.
#   tags: [wiring, units]
package dcos_audit.rules.wiring.unit_unparsable

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some u in input.units
	u.file.parse_error
	msg := sprintf("%s: %s", [u.name, u.file.parse_error])
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some u in input.units
	some e in u.timer.errors
	msg := sprintf("%s: cannot read %s", [u.name, e])
}
