# METADATA
# title: Single master
# description: |
#   The cluster has one master: it works, but the loss of that machine stops
#   scheduling and loses ZooKeeper's state. For the reviewer to weigh.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-c003
#     description: DCOS-C003 in the rule reference
# schemas:
#   - input: schema.cluster
# custom:
#   id: DCOS-C003
#   severity: info
#   remediation: Run three masters where the cluster must survive the loss of one.
#   tags: [cluster, quorum]
package dcos_audit.rules.cluster.single_master

import data.dcos_audit.lib
import data.dcos_audit.lib.cluster

deny contains lib.finding(rego.metadata.chain(), "", "", msg) if {
	count(cluster.masters) == 1
	msg := sprintf("one master (%s): no high availability", [cluster.masters[0].name])
}
