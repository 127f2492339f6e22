# METADATA
# title: Unit file, program or environment file not owned by root
# description: |
#   A wanted unit's file or drop-in, a program it runs or an EnvironmentFile
#   it loads belongs to a user other than root. DC/OS installs all of them
#   as root; their owner can change what systemd runs, usually as root.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-s005
#     description: DCOS-S005 in the rule reference
# custom:
#   id: DCOS-S005
#   needs: [files]
#   severity: high
#   remediation: chown root the file, then find out who owned it and why.
#   tags: [security, integrity]
package dcos_audit.rules.security.not_owned_by_root

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), unit, f.path, msg) if {
	some [unit, f] in lib.unit_files
	f.uid != 0
	msg := sprintf("%s is owned by uid %d, not root", [f.path, f.uid])
}

deny contains lib.finding(rego.metadata.chain(), u.name, r.resolved, msg) if {
	some u in input.units
	some r in lib.referenced(u)
	r.stat.uid != 0
	msg := sprintf("%s (%s of %s) is owned by uid %d, not root", [r.path, r.directive, u.name, r.stat.uid])
}
