# METADATA
# title: Duplicate hostname or IP address
# description: |
#   Two or more of the nodes scanned together report the same hostname, or
#   the same IP address (where the source records one, as a diagnostics
#   bundle does): either one node was scanned twice, or nodes share a name
#   or an address, which confuses Mesos' agent records, DC/OS's DNS, logs
#   and this audit's own per-node reports.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-c007
#     description: DCOS-C007 in the rule reference
# schemas:
#   - input: schema.cluster
# custom:
#   id: DCOS-C007
#   severity: high
#   remediation: Give every node its own hostname and address, and scan each node once.
#   tags: [cluster]
package dcos_audit.rules.cluster.duplicate_hostname

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", "", msg) if {
	some name in {n.hostname | some n in input.nodes; n.hostname != ""}
	sources := [n.source | some n in input.nodes; n.hostname == name]
	count(sources) > 1
	msg := sprintf("%d nodes report hostname %s: %s", [count(sources), name, concat(", ", sort(sources))])
}

deny contains lib.finding(rego.metadata.chain(), "", "", msg) if {
	some ip in {n.ip | some n in input.nodes; n.ip != ""}
	names := [n.name | some n in input.nodes; n.ip == ip]
	count(names) > 1
	msg := sprintf("%d nodes report IP address %s: %s", [count(names), ip, concat(", ", sort(names))])
}
