# METADATA
# title: DC/OS version not covered by the catalog
# description: |
#   The node's DC/OS version is older than the catalog's first release, is on
#   a release line the catalog does not know, or is not a version number, so
#   its expected unit set is unknown and the unit-set and timer checks were
#   skipped.
# custom:
#   id: DCOS-V002
#   severity: medium
#   remediation: Check the version (opt/mesosphere/etc/dcos-version.json or --dcos-version); audit
#     releases older than the catalog by other means.
#   tags: [version]
package dcos_audit.rules.version.version_not_covered

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", lib.version_evidence, msg) if {
	input.node.version != ""
	not lib.catalog_version
	msg := sprintf("DC/OS %q is not covered by the catalog (releases %s to %s): unit-set and timer checks skipped", [
		input.node.version, data.catalog.oldest, lib.newest,
	])
}
