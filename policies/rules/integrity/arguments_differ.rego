# METADATA
# title: DC/OS unit runs its program with other arguments than its release ships
# description: |
#   An Exec* line of a DC/OS unit runs the program DC/OS ships for it, but
#   with other arguments: a flag added, removed or changed can open a port,
#   turn off authentication or point the service elsewhere.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-i002
#     description: DCOS-I002 in the rule reference
# custom:
#   id: DCOS-I002
#   needs: [files]
#   severity: medium
#   remediation: Restore the unit from its package; configure DC/OS through its installer's
#     config.yaml, not by editing units.
#   tags: [security, integrity]
package dcos_audit.rules.integrity.arguments_differ

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some name, keys in lib.changed
	some key in keys
	startswith(key, "Exec")
	u := lib.units_by_name[name]
	ship := lib.shipped(name)
	some v in lib.found(u)[key]
	not v in object.get(ship, key, []) # as shipped, to the letter: the common case, and cheap
	words := lib.command_words(v)
	same_program := [s | some s in object.get(ship, key, []); lib.command_words(s)[0] == words[0]]
	count(same_program) > 0
	every s in same_program {
		lib.command_words(s) != words
	}
	msg := sprintf("%s: %s runs %q; DC/OS %s ships %q", [
		u.name, key, concat(" ", words), lib.catalog_version, concat(" ", lib.command_words(same_program[0])),
	])
}
