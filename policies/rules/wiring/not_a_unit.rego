# METADATA
# title: Wants entry is not a unit
# description: |
#   dcos.target.wants holds an entry that systemd cannot use as a unit: its
#   name has no unit type suffix (a README, a backup copy such as
#   x.service.bak), or it is a directory or special file.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-f002
#     description: DCOS-F002 in the rule reference
# custom:
#   id: DCOS-F002
#   needs: [files]
#   severity: medium
#   remediation: Remove the entry from dcos.target.wants; keep notes and backups elsewhere.
#   tags: [wiring]
package dcos_audit.rules.wiring.not_a_unit

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind == ""
	msg := sprintf("%s is not a unit name", [u.path])
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind != ""
	u.entry in {"directory", "other"}
	msg := sprintf("%s is a %s, not a unit file", [u.path, _what[u.entry]])
}

_what := {"directory": "directory", "other": "special file"}
