# METADATA
# title: Conflicting node roles
# description: |
#   More than one role file exists in /etc/mesosphere/roles. pkgpanda then
#   merges the units of every role, so the node runs, for example, both Mesos
#   agent flavours. A node must have exactly one role.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-r002
#     description: DCOS-R002 in the rule reference
# custom:
#   id: DCOS-R002
#   severity: high
#   completeness: true
#   remediation: Keep only the role file of the node's intended role and reinstall the node, or pass
#     --role to audit against one role.
#   tags: [role]
package dcos_audit.rules.roles.conflicting_roles

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", "etc/mesosphere/roles", msg) if {
	count(lib.node_roles) > 1
	msg := sprintf("%s holds %d roles: %s; a node has exactly one, so unit-set checks were not run", [
		"audit incomplete: etc/mesosphere/roles",
		count(lib.node_roles), concat(", ", sort(lib.node_roles)),
	])
}
