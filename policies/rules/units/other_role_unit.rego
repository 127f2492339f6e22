# METADATA
# title: Unit of another role wanted
# description: |
#   dcos.target.wants holds a unit that DC/OS installs only on other roles at
#   this release, e.g. dcos-mesos-slave-public.service on a private agent or a
#   Mesos agent unit on a master. The node is running a component of the wrong
#   role, or was installed with two roles' packages.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-u002
#     description: DCOS-U002 in the rule reference
# custom:
#   id: DCOS-U002
#   severity: high
#   remediation: Remove the unit from dcos.target.wants, or reinstall the node with the role it
#     should have.
#   tags: [role, units]
package dcos_audit.rules.units.other_role_unit

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	expected := lib.expected
	some u in input.units
	not u.name in expected
	roles := lib.roles_at_version[u.name]
	labels := sort([label | some r in roles; label := lib.role_labels[r]])
	msg := sprintf("%s belongs on %s, not on a %s (DC/OS %s)", [
		u.name, concat(" and ", labels), lib.role_labels[lib.role], lib.catalog_version,
	])
}
