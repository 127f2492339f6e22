# METADATA
# title: DC/OS service runs as another user or group than its release ships
# description: |
#   A DC/OS service's User=, Group= or SupplementaryGroups= differ from what
#   its release ships: most often a service DC/OS runs as a dedicated
#   dcos_* user now runs as root (no User=), so a flaw in it is a flaw of
#   the whole node.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-i003
#     description: DCOS-I003 in the rule reference
# custom:
#   id: DCOS-I003
#   needs: [files]
#   severity: high
#   remediation: Restore the unit from its package so that the service runs as the user DC/OS
#     gives it, and find out who changed it.
#   tags: [security, integrity]
package dcos_audit.rules.integrity.identity_differs

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some name, keys in lib.changed
	some key in ["User", "Group", "SupplementaryGroups"]
	key in keys
	u := lib.units_by_name[name]
	u.kind == "service"
	have := lib.found(u)
	ship := lib.shipped(name)
	_value(have, key) != _value(ship, key)
	msg := sprintf("%s runs with %s; DC/OS %s ships %s", [
		u.name, _describe(have, key), lib.catalog_version, _describe(ship, key),
	])
}

# The setting in force: the last value (an empty one resets).
_value(m, key) := v if {
	values := object.get(m, key, [])
	count(values) > 0
	v := values[count(values) - 1]
} else := ""

_describe(m, "User") := sprintf("User=%s", [_value(m, "User")]) if _value(m, "User") != ""

else := "no User= (root)"

_describe(m, key) := sprintf("%s=%s", [key, _value(m, key)]) if {
	key != "User"
	_value(m, key) != ""
}

_describe(m, key) := sprintf("no %s=", [key]) if {
	key != "User"
	_value(m, key) == ""
}
