# METADATA
# title: Drop-in changes a DC/OS unit
# description: |
#   A drop-in (`<unit>.d/*.conf`) changes a unit that DC/OS wants. pkgpanda
#   never writes drop-ins, so someone else did: the unit no longer runs as
#   shipped. Often legitimate (proxy settings, resource limits), but it must
#   be known and reviewed.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-f005
#     description: DCOS-F005 in the rule reference
# custom:
#   id: DCOS-F005
#   needs: [files]
#   severity: low
#   remediation: Review the drop-in; keep it only if the change is intended, documented and still
#     needed.
#   tags: [wiring, units]
package dcos_audit.rules.wiring.drop_in

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, d.path, msg) if {
	some u in input.units
	some d in u.file.drop_ins
	msg := sprintf("%s is changed by the drop-in %s", [u.name, d.path])
}
