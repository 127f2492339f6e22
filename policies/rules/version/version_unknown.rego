# METADATA
# title: Audit incomplete, DC/OS version unknown
# description: |
#   The node's DC/OS version is not recorded in
#   /opt/mesosphere/etc/dcos-version.json, or that file does not parse, and
#   none was given with --dcos-version. The expected unit set depends on the
#   exact release, so the unit-set and timer checks were not run: the audit
#   is incomplete.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-v001
#     description: DCOS-V001 in the rule reference
# custom:
#   id: DCOS-V001
#   severity: high
#   completeness: true
#   remediation: Pass --dcos-version with the node's release, or restore
#     opt/mesosphere/etc/dcos-version.json (package dcos-metadata).
#   tags: [version]
package dcos_audit.rules.version.version_unknown

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", "opt/mesosphere/etc/dcos-version.json", msg) if {
	input.node.version == ""
	count(_malformed) == 0
	msg := "audit incomplete: the DC/OS version is not recorded; unit-set and timer checks not run"
}

deny contains lib.finding(rego.metadata.chain(), "", p.path, msg) if {
	input.node.version == ""
	some p in _malformed
	msg := sprintf("audit incomplete: %s does not parse (%s); unit-set and timer checks not run", [p.path, p.detail])
}

_malformed contains p if {
	some p in input.problems
	p.kind == "malformed_file"
	p.path == "opt/mesosphere/etc/dcos-version.json"
}
