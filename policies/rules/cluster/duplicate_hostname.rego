# METADATA
# title: Duplicate hostname
# description: |
#   Two or more of the nodes scanned together report the same hostname:
#   either one node was scanned twice, or nodes share a name, which confuses
#   Mesos' agent records, logs and this audit's own per-node reports.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-c007
#     description: DCOS-C007 in the rule reference
# schemas:
#   - input: schema.cluster
# custom:
#   id: DCOS-C007
#   severity: high
#   remediation: Give every node its own hostname, and scan each node once.
#   tags: [cluster]
package dcos_audit.rules.cluster.duplicate_hostname

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", "", msg) if {
	some name in {n.hostname | some n in input.nodes; n.hostname != ""}
	sources := [n.source | some n in input.nodes; n.hostname == name]
	count(sources) > 1
	msg := sprintf("%d nodes report hostname %s: %s", [count(sources), name, concat(", ", sort(sources))])
}
