# METADATA
# title: Unit file writable by others
# description: |
#   A wanted unit's file or drop-in is writable by every user. systemd runs
#   most DC/OS units as root, so anyone who can write the file can run
#   commands as root at the next start.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-s001
#     description: DCOS-S001 in the rule reference
# custom:
#   id: DCOS-S001
#   needs: [files]
#   severity: critical
#   remediation: chmod o-w the file (DC/OS ships 0644), then find out how it became writable.
#   tags: [security]
package dcos_audit.rules.security.writable_unit_file

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), unit, f.path, msg) if {
	some [unit, f] in lib.unit_files
	lib.perm_bit(f.mode, 0, 2)
	msg := sprintf("%s has mode %s: writable by every user", [f.path, f.mode])
}
