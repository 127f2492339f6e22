# METADATA
# title: Unit runs a program from a temporary or world-writable place
# description: |
#   A unit that dcos.target wants, DC/OS's or not, runs a program (any
#   Exec* line) from /tmp, /var/tmp or /dev/shm, or from a directory every
#   user may write to. Anyone on the node can then replace what systemd
#   starts, usually as root: this is how an implant hides among DC/OS's
#   units.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-s003
#     description: DCOS-S003 in the rule reference
# custom:
#   id: DCOS-S003
#   needs: [files]
#   severity: critical
#   remediation: Treat the node as compromised until shown otherwise; restore the unit from its
#     package, and find out who installed the program.
#   tags: [security, integrity]
package dcos_audit.rules.security.program_in_temp_dir

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some u in input.units
	some r in lib.programs(u)
	_temporary(r)
	msg := sprintf("%s runs %s (%s) from %s", [u.name, r.path, r.directive, _where(r)])
}

_temp_dirs := ["/tmp/", "/var/tmp/", "/dev/shm/"]

_temporary(r) if strings.any_prefix_match(r.path, _temp_dirs)

_temporary(r) if lib.perm_bit(r.stat.dir_mode, 0, 2)

_where(r) := "a temporary directory" if strings.any_prefix_match(r.path, _temp_dirs)

else := sprintf("a directory writable by every user (mode %s)", [r.stat.dir_mode])
