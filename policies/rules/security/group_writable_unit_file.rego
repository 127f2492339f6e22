# METADATA
# title: Unit file writable by its group
# description: |
#   A wanted unit's file or drop-in is writable by its group. Members of that
#   group can change what systemd runs, usually as root.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-s002
#     description: DCOS-S002 in the rule reference
# custom:
#   id: DCOS-S002
#   needs: [files]
#   severity: medium
#   remediation: chmod g-w the file (DC/OS ships 0644), or make sure the group has only root in it.
#   tags: [security]
package dcos_audit.rules.security.group_writable_unit_file

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), unit, f.path, msg) if {
	some [unit, f] in lib.unit_files
	lib.perm_bit(f.mode, 1, 2)
	not lib.perm_bit(f.mode, 0, 2) # writable by others too: DCOS-S001, one finding
	msg := sprintf("%s has mode %s: writable by group %d", [f.path, f.mode, f.gid])
}
