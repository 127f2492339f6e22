# METADATA
# description: |
#   Inputs for the Rego tests: a correct node of any role and catalogued
#   release, built from the catalog, and helpers to change one thing in it.
#   (The catalog itself is checked against DC/OS's own unit lists by the
#   fixture tests in Go.)
package dcos_audit.test

import data.dcos_audit.lib

node(role, version) := {
	"hostname": "node-1",
	"roles": [role],
	"roles_from": "etc/mesosphere/roles",
	"version": version,
	"version_from": "opt/mesosphere/etc/dcos-version.json",
	"variant": "open",
	"wants_dir_found": true,
	"leftovers": [],
}

# A correct node of a role at a catalogued release.
correct(role, version) := {
	"schema_version": 1,
	"source": {"kind": "rootfs", "target": "/", "tool": "test", "gathered_at": "2026-01-01T00:00:00Z"},
	"node": node(role, version),
	"units": [shipped_unit(name, role, version) | some name in lib.expected_for(role, version)],
	"problems": [],
}

# The facts of a catalogued unit as DC/OS 1.11+ installs it.
unit(name, version) := object.union(
	{
		"name": name,
		"kind": regex.replace(name, `^.*\.`, ""),
		"path": lib.wants_path(name),
		"entry": "symlink",
		"link": {"target": concat("", ["/etc/systemd/system/", name]), "resolved": concat("", ["etc/systemd/system/", name]), "status": "ok"},
		"file": {"path": concat("", ["etc/systemd/system/", name]), "mode": "0644", "uid": 0, "gid": 0, "drop_ins": [], "options": {}},
		"state": {"load": "unknown", "active": "unknown", "sub": "unknown"},
	},
	_timer(name, version),
)

_timer(name, version) := {"timer": {
	"unit": data.catalog.units[name].timer.triggers,
	"monotonic": [{"directive": d, "value": "", "seconds": secs} | some d, secs in s.monotonic],
	"calendar": [{"spec": c.spec, "period_seconds": c.period_seconds} | some c in s.calendar],
	"errors": [],
}} if {
	some s in data.catalog.units[name].timer.schedules
	lib.in_range(version, s)
} else := {}

# A catalogued unit with the content DC/OS ships for it on a role.
shipped_unit(name, role, version) := json.patch(unit(name, version), [{
	"op": "replace", "path": "/file/options",
	"value": {_sections[regex.replace(name, `^.*\.`, "")]: _shipped_options(name, role, version)},
}])

_sections := {"service": "Service", "socket": "Socket", "timer": "Timer"}

_shipped_options(name, role, version) := e.directives if {
	some e in data.shipped.units[name]
	lib.in_range(version, e)
	role in e.roles
}

without(inp, name) := json.patch(inp, [{"op": "replace", "path": "/units", "value": [u | some u in inp.units; u.name != name]}])

# Add a unit. (It shadows the builtin behind + in this package only, where
# nothing adds numbers; the tests call it as test.plus.)
# regal ignore:rule-shadows-builtin
plus(inp, u) := json.patch(inp, [{"op": "add", "path": "/units/-", "value": u}])

# Replace one unit's facts by a changed copy.
changed(inp, name, patch) := json.patch(inp, [{"op": "replace", "path": "/units", "value": [v |
	some u in inp.units
	v := _patched(u, name, patch)
]}])

_patched(u, name, patch) := json.patch(u, patch) if u.name == name

else := u

with_node(inp, patch) := json.patch(inp, [{"op": "replace", "path": "/node", "value": json.patch(inp.node, patch)}])

# What a test compares: rule, unit, path and message of each finding.
brief(findings) := {[f.rule_id, f.unit, f.path, f.message] | some f in findings}

# The same node gathered live from a healthy systemd: services running
# (timer-driven ones inactive between runs), sockets listening, timers
# waiting on the schedule in their files and fired 30 s ago, every unit
# loaded from the file its wants link leads to; the manager started an hour
# before the facts were gathered.
live(inp) := json.patch(inp, [
	{"op": "replace", "path": "/source/kind", "value": "live"},
	{"op": "add", "path": "/node/manager", "value": {
		"address": "unix:path=/run/dbus/system_bus_socket", "version": "252", "system_state": "running",
		"wants": sort([u.name | some u in inp.units]), "userspace_timestamp_usec": _gathered_usec(inp) - 3600000000,
	}},
	{"op": "replace", "path": "/units", "value": [object.union(u, {"state": _live_state(inp, u)}) | some u in inp.units]},
])

_gathered_usec(inp) := time.parse_rfc3339_ns(inp.source.gathered_at) / 1000

_live_state(inp, u) := object.union(
	{"load": "loaded", "active": "active", "sub": _live_sub[u.kind], "unit_file_state": "enabled", "fragment_path": u.file.path},
	_live_kind(inp, u),
)

_live_sub := {"service": "running", "socket": "listening", "timer": "waiting", "target": "active"}

_live_kind(inp, u) := {"active": "inactive", "sub": "dead", "service": _live_service("oneshot", "no", 0)} if {
	u.kind == "service"
	some t in inp.units
	t.timer.unit == u.name
} else := {"service": _live_service("simple", "always", 4242)} if {
	u.kind == "service"
} else := {"socket": {"listen": [concat("", ["Stream /run/dcos/", u.name])]}} if {
	u.kind == "socket"
} else := {"timer": object.union(object.remove(u.timer, {"errors"}), {
	"last_trigger_usec": _gathered_usec(inp) - 30000000, "next_elapse_usec_realtime": 0,
	"next_elapse_usec_monotonic": 0, "persistent": false,
})} if {
	u.kind == "timer"
} else := {}

_live_service(type, restart, pid) := {
	"type": type, "result": "success", "n_restarts": 0, "main_pid": pid,
	"user": "root", "exec_main_status": 0, "restart": restart,
}
