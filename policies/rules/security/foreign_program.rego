# METADATA
# title: Unit outside the catalog runs a program from outside DC/OS's packages
# description: |
#   dcos.target wants a unit that no DC/OS release installs (DCOS-U004), and
#   it runs a program that is neither under /opt/mesosphere, where pkgpanda
#   puts every DC/OS program, nor in the system's root-owned binary
#   directories (/usr/bin, /usr/sbin, /bin, /sbin). Whatever it is, it starts
#   with DC/OS on every boot: the finding shows what it runs so that a
#   reviewer can judge it.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-s006
#     description: DCOS-S006 in the rule reference
# custom:
#   id: DCOS-S006
#   needs: [files]
#   severity: high
#   remediation: Find out who installed the unit and what the program is; move site services out
#     of dcos.target (into multi-user.target), or waive the finding with the review's reference.
#   tags: [security, integrity]
package dcos_audit.rules.security.foreign_program

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some u in input.units
	not data.catalog.units[u.name]
	not lib.optional(u.name)
	some r in lib.programs(u)
	not _trusted(r)
	msg := sprintf("%s, unknown to the catalog, runs %s (%s)", [u.name, r.path, r.directive])
}

_trusted(r) if startswith(r.path, "/opt/mesosphere/")

# A system binary directory, where it is owned by root and not writable by
# others (or its ownership could not be read: a path not in the image).
_trusted(r) if {
	_root_owned_dir(r)
	some d in ["/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/"]
	startswith(r.path, d)
	not contains(trim_prefix(r.path, d), "/")
}

_root_owned_dir(r) if not r.stat

_root_owned_dir(r) if {
	r.stat.dir_uid == 0
	not lib.perm_bit(r.stat.dir_mode, 0, 2)
}
