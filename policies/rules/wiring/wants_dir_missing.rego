# METADATA
# title: dcos.target.wants missing
# description: |
#   /etc/systemd/system/dcos.target.wants does not exist, so no DC/OS
#   component starts with dcos.target. Either this is not a DC/OS node (or
#   image), or its installation never completed.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-f007
#     description: DCOS-F007 in the rule reference
# custom:
#   id: DCOS-F007
#   severity: high
#   completeness: true
#   remediation: Check that the scanned root is a DC/OS node; complete the installation
#     (dcos_install.sh) if it is.
#   tags: [wiring]
package dcos_audit.rules.wiring.wants_dir_missing

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", "etc/systemd/system/dcos.target.wants", msg) if {
	not input.node.wants_dir_found
	not _unreadable
	msg := concat(" ", [
		"audit incomplete: etc/systemd/system/dcos.target.wants does not exist,",
		"so no DC/OS unit starts with dcos.target",
	])
}

# An unreadable directory is reported by DCOS-X001 instead.
_unreadable if {
	some p in input.problems
	p.path == "etc/systemd/system/dcos.target.wants"
}
