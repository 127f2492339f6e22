# METADATA
# title: Manager runs something other than what is installed
# description: |
#   What the running systemd does with a DC/OS unit differs from what the
#   node's files say: it loaded the unit from another file than the one the
#   dcos.target.wants link points to (an edited copy shadows the package's
#   file), it applies drop-ins that the unit directories do not show
#   (systemctl set-property, runtime or generated drop-ins; the ones on disk
#   are DCOS-F005), or its dcos.target wants a unit that dcos.target.wants
#   does not list, or does not want one it lists (links changed without a
#   daemon-reload). An audit of the files alone would miss the difference.
#   Live scans only.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-h009
#     description: DCOS-H009 in the rule reference
# custom:
#   id: DCOS-H009
#   severity: medium
#   remediation: Remove the shadowing copy or runtime change (systemctl revert UNIT), restore the
#     package's wants links, then systemctl daemon-reload and restart the unit.
#   tags: [health, wiring]
#   needs: [runtime_state]
package dcos_audit.rules.health.manager_drift

import data.dcos_audit.lib

# The file the wants link leads to, in any of the ways it can be named.
_wants_target(u) := {p |
	some p in [
		object.get(u, ["link", "resolved"], ""),
		object.get(u, ["file", "path"], ""),
		_link_path(u.link.target),
	]
	p != ""
}

_link_path(t) := substring(t, 1, -1) if startswith(t, "/")

else := replace(concat("", ["etc/systemd/system/dcos.target.wants/", t]), "dcos.target.wants/../", "")

_manager_wants := {w | some w in input.node.manager.wants}

# The manager did not say what dcos.target wants (DCOS-X003 reports it).
_wants_unread if {
	some p in input.problems
	p.kind == "manager_error"
	p.path == "dcos.target"
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.link.status == "ok"
	u.state.load == "loaded"
	f := u.state.fragment_path
	f != ""
	not f in _wants_target(u)
	msg := sprintf("systemd runs %s from %s, not from %s that dcos.target.wants links to", [u.name, f, u.link.resolved])
}

deny contains lib.finding(rego.metadata.chain(), u.name, d, msg) if {
	some u in input.units
	some d in u.state.drop_in_paths
	not d in {x.path | some x in u.file.drop_ins}
	msg := sprintf(
		"systemd applies the drop-in %s to %s, which is not in the unit directories that were read",
		[d, u.name],
	)
}

deny contains lib.finding(rego.metadata.chain(), u.name, "", msg) if {
	some u in input.units
	u.entry == ""
	u.state.load != "unknown"
	msg := sprintf("the running dcos.target wants %s, but dcos.target.wants has no entry for it", [u.name])
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	input.node.manager
	not _wants_unread
	some u in input.units
	u.entry == "symlink"
	u.state.load == "loaded"
	not u.name in _manager_wants
	msg := sprintf(
		"%s is in dcos.target.wants, but the running dcos.target does not want it (changed without a daemon-reload)",
		[u.name],
	)
}
