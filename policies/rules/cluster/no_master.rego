# METADATA
# title: No master
# description: |
#   None of the nodes scanned together is a master: a DC/OS cluster has one,
#   three or five masters (ZooKeeper, Exhibitor, the Mesos masters), and
#   without one nothing is scheduled. Either the masters were not scanned
#   or none has a master role.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-c001
#     description: DCOS-C001 in the rule reference
# schemas:
#   - input: schema.cluster
# custom:
#   id: DCOS-C001
#   severity: critical
#   remediation: Scan the masters with the agents (a snapshot of every node, or a diagnostics bundle).
#   tags: [cluster, quorum]
package dcos_audit.rules.cluster.no_master

import data.dcos_audit.lib
import data.dcos_audit.lib.cluster

deny contains lib.finding(rego.metadata.chain(), "", "", msg) if {
	count(input.nodes) > 0
	count(cluster.masters) == 0
	msg := sprintf("none of the %d nodes scanned is a master", [count(input.nodes)])
}
