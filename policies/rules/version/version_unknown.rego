# METADATA
# title: DC/OS version unknown
# description: |
#   The node's DC/OS version is not recorded in
#   /opt/mesosphere/etc/dcos-version.json and none was given with
#   --dcos-version. The expected unit set depends on the exact release, so
#   the unit-set and timer checks were skipped.
# custom:
#   id: DCOS-V001
#   severity: medium
#   remediation: Pass --dcos-version with the node's release, or restore
#     opt/mesosphere/etc/dcos-version.json (package dcos-metadata).
#   tags: [version]
package dcos_audit.rules.version.version_unknown

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", "opt/mesosphere/etc/dcos-version.json", msg) if {
	input.node.version == ""
	not _malformed
	msg := "the DC/OS version is not recorded: unit-set and timer checks skipped"
}

# A version file that does not parse is reported by DCOS-X002 instead.
_malformed if {
	some p in input.problems
	p.kind == "malformed_file"
	p.path == "opt/mesosphere/etc/dcos-version.json"
}
