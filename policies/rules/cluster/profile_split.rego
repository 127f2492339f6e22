# METADATA
# title: Nodes of one release line on different releases
# description: |
#   Nodes of one DC/OS release line (2.2, 2.1, ...) were compared with
#   different catalog releases (2.2.0 and 2.2.1): a patch upgrade that did
#   not reach every node.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-c006
#     description: DCOS-C006 in the rule reference
# schemas:
#   - input: schema.cluster
# custom:
#   id: DCOS-C006
#   severity: medium
#   remediation: Finish the patch upgrade on the nodes left behind.
#   tags: [cluster, upgrade]
package dcos_audit.rules.cluster.profile_split

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", "", msg) if {
	some line, releases in _by_line
	count(releases) > 1
	where := [sprintf("%s (%s)", [r, concat(", ", sort(names))]) |
		some r in releases
		names := [n.name | some n in input.nodes; n.catalog_version == r]
	]
	msg := sprintf("DC/OS %s nodes are on %s", [line, concat(", ", sort(where))])
}

_by_line := {line: releases |
	some n in input.nodes
	n.catalog_version != ""
	line := _line(n.catalog_version)
	releases := {m.catalog_version | some m in input.nodes; m.catalog_version != ""; _line(m.catalog_version) == line}
}

_line(v) := concat(".", array.slice(split(v, "."), 0, 2))
