# METADATA
# title: No node role recorded
# description: |
#   A DC/OS node records its role as an empty file in /etc/mesosphere/roles:
#   master, slave (private agent) or slave_public (public agent). pkgpanda
#   picks the role's units from it. Without one, the node only gets the
#   all-roles units and its unit set cannot be checked.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-r001
#     description: DCOS-R001 in the rule reference
# custom:
#   id: DCOS-R001
#   severity: high
#   completeness: true
#   remediation: Create exactly one of /etc/mesosphere/roles/master, slave or slave_public (as the
#     installer does), or pass --role to audit against a role.
#   tags: [role]
package dcos_audit.rules.roles.no_role

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", "etc/mesosphere/roles", _message) if {
	count(lib.node_roles) == 0
}

_not_run := "no role file (master, slave or slave_public); unit-set checks not run"

_message := concat(" ", ["audit incomplete: etc/mesosphere/roles holds", _not_run]) if {
	count(input.node.roles) == 0
} else := sprintf("audit incomplete: etc/mesosphere/roles holds %s but %s", [
	concat(", ", input.node.roles), _not_run,
])
