# METADATA
# title: Unit of another DC/OS release wanted
# description: |
#   dcos.target.wants holds a DC/OS unit that no role has at the node's
#   release, e.g. dcos-spartan.service (merged into dcos-net in 1.11) on a 2.x
#   node. Usually a leftover of an upgrade that did not finish, or a unit
#   copied from another node.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-u003
#     description: DCOS-U003 in the rule reference
# custom:
#   id: DCOS-U003
#   severity: medium
#   remediation: Check the node's upgrade history; remove the stale unit from dcos.target.wants or
#     complete the upgrade with pkgpanda.
#   tags: [version, units]
package dcos_audit.rules.units.other_version_unit

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	v := lib.catalog_version
	some u in input.units
	data.catalog.units[u.name]
	not lib.roles_at_version[u.name]
	msg := sprintf("%s is a unit of DC/OS %s, not of %s", [u.name, lib.releases(u.name), v])
}
