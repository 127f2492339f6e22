# METADATA
# title: Audit incomplete, DC/OS version not covered by the catalog
# description: |
#   The node's DC/OS version is older than the catalog's first release, is on
#   a release line the catalog does not know (its units cannot be guessed
#   from another line's), or is not a version number. Its expected unit set
#   is unknown, so the unit-set and timer checks were not run: the audit is
#   incomplete.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-v002
#     description: DCOS-V002 in the rule reference
# custom:
#   id: DCOS-V002
#   severity: high
#   completeness: true
#   remediation: Check the version (opt/mesosphere/etc/dcos-version.json or --dcos-version); audit
#     releases the catalog does not cover by other means, or add them with --data.
#   tags: [version]
package dcos_audit.rules.version.version_not_covered

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", lib.version_evidence, msg) if {
	input.node.version != ""
	not lib.catalog_version
	msg := sprintf("audit incomplete: DC/OS %q is not covered by the catalog (releases %s to %s); %s", [
		input.node.version, data.catalog.oldest, lib.newest, "unit-set and timer checks not run",
	])
}
