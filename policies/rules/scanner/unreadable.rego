# METADATA
# title: Item could not be read
# description: |
#   A file or directory that the audit needs could not be read (permission
#   denied, I/O error, a symlink that could not be followed). Whatever it
#   holds was not checked, so the scan is incomplete.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-x001
#     description: DCOS-X001 in the rule reference
# custom:
#   id: DCOS-X001
#   severity: high
#   remediation: Run dcos-audit as root, or gather a snapshot on the node (dcos-audit gather) and
#     scan that.
#   tags: [scanner]
package dcos_audit.rules.scanner.unreadable

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", p.path, msg) if {
	some p in input.problems
	p.kind == "unreadable"
	msg := sprintf("could not read %s: %s (%s)", [p.path, p.detail, p.hint])
}
