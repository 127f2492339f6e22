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

deny contains lib.finding(rego.metadata.chain(), _unit(p.path), p.path, msg) if {
	some p in input.problems
	p.kind == "unreadable"
	msg := sprintf("could not read %s: %s (%s)", [p.path, p.detail, p.hint])
}

# The unit an unreadable item belongs to: its wants entry, unit file or
# drop-in; none for node-wide items.
default _unit(_) := ""

_unit(path) := name if {
	some name, u in lib.units_by_name
	path in {u.path, object.get(u, ["file", "path"], "")}
} else := name if {
	some name, u in lib.units_by_name
	some d in object.get(u, ["file", "drop_ins"], [])
	d.path == path
} else := name if {
	name := trim_prefix(path, "etc/systemd/system/dcos.target.wants/")
	name != path
	not contains(name, "/")
}
