# METADATA
# title: DC/OS unit runs another program than its release ships
# description: |
#   An Exec* line of a DC/OS unit (its file and drop-ins, as systemd merges
#   them) runs a program that DC/OS does not ship in that line for the
#   node's release and role. A drop-in that resets ExecStart= and sets
#   another is the same finding as an edited file. The shipped content is
#   generated from DC/OS's build sources (policies/shipped/data.json).
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-i001
#     description: DCOS-I001 in the rule reference
# custom:
#   id: DCOS-I001
#   needs: [files]
#   severity: high
#   remediation: Treat the node as tampered with until shown otherwise; restore the unit from its
#     package (remove drop-ins that change what it runs) and find out who changed it.
#   tags: [security, integrity]
package dcos_audit.rules.integrity.program_differs

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some name, keys in lib.changed
	some key in keys
	startswith(key, "Exec")
	u := lib.units_by_name[name]
	shipped := object.get(lib.shipped(name), key, [])
	some v in lib.found(u)[key]
	not v in shipped # as shipped, to the letter: the common case, and cheap
	shipped_programs := {lib.command_words(s)[0] | some s in shipped}
	program := lib.command_words(v)[0]
	not program in shipped_programs
	msg := sprintf("%s: %s runs %s; DC/OS %s ships %s", [
		u.name, key, program, lib.catalog_version, _shipped(key, shipped_programs),
	])
}

_shipped(key, programs) := concat(" or ", sort(programs)) if count(programs) > 0

else := sprintf("no %s", [key])
