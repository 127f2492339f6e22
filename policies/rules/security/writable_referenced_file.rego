# METADATA
# title: Program or environment file writable by others
# description: |
#   A program that a wanted unit runs, or an EnvironmentFile it loads, is
#   writable by every user (or by its group: medium). Whoever may write it
#   decides what systemd runs, usually as root, at the next start.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-s004
#     description: DCOS-S004 in the rule reference
# custom:
#   id: DCOS-S004
#   needs: [files]
#   severity: high
#   remediation: chmod go-w the file (DC/OS's packages ship programs 0755 and configuration 0644,
#     owned by root), then find out how it became writable.
#   tags: [security, integrity]
package dcos_audit.rules.security.writable_referenced_file

import data.dcos_audit.lib

deny contains f if {
	some u in input.units
	some r in lib.referenced(u)
	lib.perm_bit(r.stat.mode, 0, 2)
	msg := sprintf("%s (%s of %s) has mode %s: writable by every user", [r.path, r.directive, u.name, r.stat.mode])
	f := lib.finding(rego.metadata.chain(), u.name, r.resolved, msg)
}

# Writable by its group only: a smaller circle, medium.
deny contains f if {
	some u in input.units
	some r in lib.referenced(u)
	lib.perm_bit(r.stat.mode, 1, 2)
	not lib.perm_bit(r.stat.mode, 0, 2)
	msg := sprintf("%s (%s of %s) has mode %s: writable by group %d", [
		r.path, r.directive, u.name, r.stat.mode, r.stat.gid,
	])
	f := object.union(lib.finding(rego.metadata.chain(), u.name, r.resolved, msg), {"severity": "medium"})
}
