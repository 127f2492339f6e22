# METADATA
# title: Interrupted pkgpanda upgrade
# description: |
#   pkgpanda stages a new unit set in dcos.target.wants.new and keeps the old
#   one in dcos.target.wants.old while it swaps them. Either left behind means
#   an upgrade or install was interrupted; pkgpanda itself refuses to go on
#   ("broken past deploy").
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-f006
#     description: DCOS-F006 in the rule reference
# custom:
#   id: DCOS-F006
#   needs: [files]
#   severity: medium
#   remediation: Finish or roll back the upgrade with pkgpanda (see
#     /opt/mesosphere/install_progress) before trusting the unit set.
#   tags: [wiring, upgrade]
package dcos_audit.rules.wiring.upgrade_leftover

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", d, msg) if {
	some d in input.node.leftovers
	msg := sprintf("%s exists: a pkgpanda upgrade did not finish", [d])
}
