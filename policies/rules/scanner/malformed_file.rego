# METADATA
# title: Node metadata file does not parse
# description: |
#   A DC/OS metadata file that the audit reads (such as
#   opt/mesosphere/etc/dcos-version.json) is not valid, so the fact it holds
#   is unknown.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-x002
#     description: DCOS-X002 in the rule reference
# custom:
#   id: DCOS-X002
#   severity: medium
#   remediation: Restore the file from its package (dcos-metadata); pass --dcos-version meanwhile.
#   tags: [scanner]
package dcos_audit.rules.scanner.malformed_file

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", p.path, msg) if {
	some p in input.problems
	p.kind == "malformed_file"
	p.path != "opt/mesosphere/etc/dcos-version.json" # DCOS-V001 reports it
	msg := sprintf("%s does not parse: %s (%s)", [p.path, p.detail, p.hint])
}
