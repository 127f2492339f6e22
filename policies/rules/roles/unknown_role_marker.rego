# METADATA
# title: Unknown file in the roles directory
# description: |
#   /etc/mesosphere/roles holds a file that is neither a DC/OS role nor a
#   marker that DC/OS's cloud templates write (aws, azure, ...). pkgpanda
#   treats every file name there as a role and merges that role's units.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-r003
#     description: DCOS-R003 in the rule reference
# custom:
#   id: DCOS-R003
#   severity: low
#   remediation: Remove the file unless a package that ships units for that role name is installed
#     on purpose.
#   tags: [role]
package dcos_audit.rules.roles.unknown_role_marker

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", concat("/", ["etc/mesosphere/roles", r]), msg) if {
	some r in input.node.roles
	not r in lib.catalog_roles
	not r in lib.role_markers
	msg := sprintf("etc/mesosphere/roles/%s is not a DC/OS role or known marker", [r])
}
