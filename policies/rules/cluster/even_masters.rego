# METADATA
# title: Even number of masters
# description: |
#   The cluster has an even number of masters. ZooKeeper (run by Exhibitor
#   on every master) needs a majority: four masters survive the loss of one,
#   as three do, and two survive none, so an even count adds a machine that
#   can fail without adding tolerance. DC/OS supports 1, 3, 5 or 7 masters.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-c002
#     description: DCOS-C002 in the rule reference
# schemas:
#   - input: schema.cluster
# custom:
#   id: DCOS-C002
#   severity: high
#   remediation: Run an odd number of masters (3 or 5), listed in the cluster's master_list.
#   tags: [cluster, quorum]
package dcos_audit.rules.cluster.even_masters

import data.dcos_audit.lib
import data.dcos_audit.lib.cluster

deny contains lib.finding(rego.metadata.chain(), "", "", msg) if {
	n := count(cluster.masters)
	n > 0
	n % 2 == 0
	msg := sprintf("%d masters (%s): a ZooKeeper majority is %d, which survives the loss of %d, as %d masters would", [
		n, concat(", ", sort([m.name | some m in cluster.masters])), (n / 2) + 1, (n / 2) - 1, n - 1,
	])
}
