# METADATA
# title: No private agent
# description: |
#   None of the nodes scanned together is a private agent (slave): the
#   cluster can run nothing but what public agents take, or its private
#   agents were not scanned.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-c008
#     description: DCOS-C008 in the rule reference
# schemas:
#   - input: schema.cluster
# custom:
#   id: DCOS-C008
#   severity: medium
#   remediation: Scan the private agents with the masters, or add private agents to the cluster.
#   tags: [cluster]
package dcos_audit.rules.cluster.no_private_agent

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", "", msg) if {
	count(input.nodes) > 0
	every n in input.nodes {
		n.role != "slave"
	}
	msg := sprintf("none of the %d nodes scanned is a private agent", [count(input.nodes)])
}
