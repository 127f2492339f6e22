# METADATA
# title: Unit state could not be read from systemd
# description: |
#   The systemd manager did not return the properties of a wanted unit (or
#   of dcos.target, or its own): the D-Bus call was refused or failed. That
#   unit's runtime health was not checked, so the scan is incomplete.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-x003
#     description: DCOS-X003 in the rule reference
# custom:
#   id: DCOS-X003
#   severity: high
#   remediation: Run dcos-audit as root on the node (or with --systemd naming a manager you may
#     query), and check the unit with systemctl status.
#   tags: [scanner, health]
#   needs: [runtime_state]
package dcos_audit.rules.health.unit_unreadable

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), _unit(p.path), p.path, msg) if {
	some p in input.problems
	p.kind == "manager_error"
	msg := sprintf("systemd did not return the properties of %s: %s (%s)", [p.path, p.detail, p.hint])
}

_unit(item) := item if lib.units_by_name[item]

else := ""
