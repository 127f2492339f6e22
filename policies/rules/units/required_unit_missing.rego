# METADATA
# title: Required unit missing
# description: |
#   A unit that DC/OS installs into dcos.target.wants for the node's role and
#   release is not there, so systemd never starts it with dcos.target. The
#   expected set comes from the catalog (policies/catalog/data.json), keyed by
#   the exact release. Timers are checked by DCOS-T001.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-u001
#     description: DCOS-U001 in the rule reference
# custom:
#   id: DCOS-U001
#   severity: high
#   remediation: Restore the unit with pkgpanda (reinstall or upgrade the node with its intended
#     role), or find out who removed it.
#   tags: [role, units]
package dcos_audit.rules.units.required_unit_missing

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), name, lib.wants_path(name), msg) if {
	input.node.wants_dir_found
	some name in lib.required
	not endswith(name, ".timer")
	not lib.units_by_name[name]
	msg := sprintf("%s is required on a %s at DC/OS %s but is not in dcos.target.wants", [
		name, lib.role_labels[lib.role], lib.catalog_version,
	])
}
