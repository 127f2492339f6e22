# METADATA
# title: Masters on different releases
# description: |
#   The masters run different DC/OS releases. DC/OS upgrades masters one at
#   a time, then the agents; masters left on different releases are an
#   upgrade that stopped half-way.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-c004
#     description: DCOS-C004 in the rule reference
# schemas:
#   - input: schema.cluster
# custom:
#   id: DCOS-C004
#   severity: high
#   remediation: Finish the upgrade of the masters (the same release on each) before upgrading agents.
#   tags: [cluster, upgrade]
package dcos_audit.rules.cluster.master_versions

import data.dcos_audit.lib
import data.dcos_audit.lib.cluster

deny contains lib.finding(rego.metadata.chain(), "", "", msg) if {
	versions := {m.version | some m in cluster.masters}
	count(versions) > 1
	msg := sprintf("the masters run %s", [concat(", ", sort([sprintf("%s on %s", [m.version, m.name]) |
		some m in cluster.masters
	]))])
}
