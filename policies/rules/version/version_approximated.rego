# METADATA
# title: DC/OS release not in the catalog, compared with its nearest
# description: |
#   The node runs a release newer than the last one the catalog lists for
#   its line (for example a later patch release or a -dev build). Unit sets
#   did not change within a line after its last catalogued release, so the
#   node was compared with that release; the finding records the choice.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-v003
#     description: DCOS-V003 in the rule reference
# custom:
#   id: DCOS-V003
#   severity: info
#   remediation: None needed if the comparison is right; extend the catalog when a newer release
#     changes its units.
#   tags: [version]
package dcos_audit.rules.version.version_approximated

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", lib.version_evidence, msg) if {
	lib.catalog_version != input.node.version
	msg := sprintf("DC/OS %s is not in the catalog; compared with %s", [input.node.version, lib.catalog_version])
}
