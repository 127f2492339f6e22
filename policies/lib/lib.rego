# METADATA
# description: |
#   The library site rules import (import data.dcos_audit.lib): the node's
#   role and DC/OS version, the catalog profile they select, indexes built
#   once per evaluation, timer schedules and wording. Every public rule and
#   function here is API, documented by its annotations (docs/policies.md
#   shows them); names starting with _ are internal.
package dcos_audit.lib

# METADATA
# description: |
#   finding(chain, unit, path, message) is the finding object every rule
#   emits; chain is rego.metadata.chain() of the rule, whose package
#   annotations give the id, title, severity and remediation. unit and
#   path are "" when the finding has none.
finding(chain, unit, path, message) := {
	"rule_id": a.custom.id,
	"severity": a.custom.severity,
	"title": a.title,
	"unit": unit,
	"path": path,
	"message": message,
	"remediation": a.custom.remediation,
} if {
	some entry in chain
	a := entry.annotations
	a.custom.id
}

# --- indexes over the input ---

# METADATA
# description: unit name → the unit's facts from input.units.
units_by_name := {u.name: u | some u in input.units}

# METADATA
# description: Each unit's file and drop-ins, as [unit name, file facts].
unit_files := [[u.name, f] | some u in input.units; some f in array.concat([u.file], u.file.drop_ins)]

# --- role ---

# METADATA
# description: The set of DC/OS roles of the catalog (master, slave, slave_public).
catalog_roles := {r | some r in data.catalog.roles}

# METADATA
# description: Other names stock installs put in the roles directory (aws, azure_master, ...); not roles.
role_markers := {r | some r in data.catalog.role_markers}

# METADATA
# description: The set of DC/OS roles recorded on the node (cloud markers left out).
node_roles := {r | some r in input.node.roles; r in catalog_roles}

# METADATA
# description: |
#   The node's role, "master", "slave" (private agent) or "slave_public";
#   undefined unless the node records exactly one.
role := r if {
	count(node_roles) == 1
	some r in node_roles
}

# --- version ---

# METADATA
# description: |
#   The node's DC/OS version as x.y.z (parse_version of input.node.version);
#   undefined when absent or not a version.
version_core := parse_version(input.node.version)

# METADATA
# description: |
#   parse_version(s) is a DC/OS version as x.y.z, without pre-release or
#   build suffix ("1.13.11-dev" → "1.13.11", "1.9" → "1.9.0"); a four-part
#   hotfix compares as its release ("1.10.5.1" → "1.10.5"). Undefined when s
#   is not a version.
parse_version(s) := v if {
	parts := split(split(split(s, "-")[0], "+")[0], ".")
	count(parts) in {2, 3, 4}
	nums := [to_number(p) | some p in parts; regex.match(`^[0-9]+$`, p)]
	count(nums) == count(parts)
	v := sprintf("%d.%d.%d", array.slice(array.concat(nums, [0]), 0, 3)) # "1.9" → 1.9.0
}

_line := concat(".", array.slice(split(version_core, "."), 0, 2))

# METADATA
# description: The newest release the catalog knows.
newest := r if {
	some r in data.catalog.releases
	every o in data.catalog.releases {
		semver.compare(r, o) >= 0
	}
}

# METADATA
# scope: document
# description: |
#   The catalog release whose unit set applies: the node's own release, or
#   the last catalogued release of its line when the node runs a later patch
#   release. Undefined for a release older than the catalog or of a line it
#   does not know (2.3, 3.0): its units cannot be guessed from another
#   line's.
catalog_version := version_core if {
	last := data.catalog.releases[_line]
	semver.compare(version_core, last) <= 0
	semver.compare(version_core, data.catalog.oldest) >= 0
}

catalog_version := data.catalog.releases[_line] if {
	semver.compare(version_core, data.catalog.releases[_line]) > 0
}

# --- catalog lookups ---

# METADATA
# description: in_range(v, r) is true when release v is within r.from–r.to of a catalog presence or schedule.
in_range(v, r) if {
	semver.compare(v, r.from) >= 0
	semver.compare(v, r.to) <= 0
}

# METADATA
# description: expected_for(role, version) is the set of units a role wants at a catalog release.
expected_for(r, v) := {name |
	some name, u in data.catalog.units
	some p in u.presence
	r in p.roles
	in_range(v, p)
}

# METADATA
# description: |
#   unit name → the roles that get it at catalog_version, in order;
#   computed once per evaluation, or once per profile in a scan of many
#   nodes (profile_values).
roles_at_version := _memo.roles_at_version if _memo

else := _roles_at_version

_roles_at_version := {name: sort(roles) |
	some name, u in data.catalog.units
	roles := {r | some p in u.presence; in_range(catalog_version, p); some r in p.roles}
	count(roles) > 0
}

# METADATA
# description: The set of unit names the node's role wants at catalog_version.
expected := {name | some name, roles in roles_at_version; role in roles}

# METADATA
# description: |
#   The expected units whose absence is a finding: all of DC/OS's own, less
#   what a site's --data marks optional ("required": false).
required := {name | some name in expected; data.catalog.units[name].required}

# METADATA
# description: optional(name) is true for installer, cloud and Enterprise units (the catalog's optional_units).
optional(name) if {
	some o in data.catalog.optional_units
	glob.match(o.pattern, [], name)
}

# METADATA
# description: expected_schedule(name) is the catalog's schedule of a timer at catalog_version.
expected_schedule(name) := s if {
	some s in data.catalog.units[name].timer.schedules
	in_range(catalog_version, s)
}

# --- referenced files ---

# METADATA
# description: |
#   referenced(u) is the set of files unit u of the input makes systemd use (Exec*
#   programs, EnvironmentFiles) found in the root: directive, path, resolved, stat.
referenced(u) := _referenced_by_unit[u.name]

_referenced_by_unit := {u.name: {r | some r in object.get(u, ["file", "referenced"], []); r.status == "ok"} |
	some u in input.units
}

# METADATA
# description: |
#   programs(u) is the set of programs of the Exec* lines of unit u of the
#   input, found or not, each with directive, path and, when found, stat.
programs(u) := _programs_by_unit[u.name]

_programs_by_unit := {u.name: {r |
	some r in object.get(u, ["file", "referenced"], [])
	startswith(r.directive, "Exec")
	r.status != "not_absolute"
} |
	some u in input.units
}

# --- shipped unit content ---

# METADATA
# description: |
#   shipped(name) is what DC/OS ships in unit name of the input for the
#   node's role at catalog_version (data.shipped, generated from dcos/dcos):
#   directive → values in order, package paths without build ids. Undefined
#   for a unit or release the shipped content does not cover. Computed once
#   per evaluation.
shipped(name) := _shipped_by_unit[name]

_shipped_by_unit := {u.name: d | some u in input.units; d := _memo.shipped[u.name]} if _memo

else := {u.name: d | some u in input.units; d := _shipped(u.name)}

_shipped(name) := _shipped_entry(name).directives

_shipped_entry(name) := e if {
	some e in data.shipped.units[name]
	_shipped_release[e.from] <= _shipped_index
	_shipped_index <= _shipped_release[e.to]
	role in e.roles
}

_shipped_index := _shipped_release[catalog_version]

# The position of each release the shipped content covers, in order: a
# range check by index, not by parsing versions for every unit.
_shipped_release := {r: i | some i, r in data.shipped.releases}

# METADATA
# description: |
#   found(u) is what unit u of the input sets in the section of its type
#   ([Service], [Socket], [Timer]) of its file and drop-ins, in systemd's
#   order: directive → values, package paths without build ids (comparable
#   with shipped, whose directives all live there). Computed once per
#   evaluation.
found(u) := _found_by_unit[u.name]

_found_by_unit := {u.name: _settings(section) |
	some u in input.units
	section := object.get(u, ["file", "options", _type_sections[u.kind]], {})
}

# METADATA
# description: |
#   unit name → the Exec*, environment, identity and socket directives of
#   a DC/OS unit whose values in found(u) differ from shipped(name); units
#   whose file does not parse left out. Computed once per evaluation: the
#   integrity rules look only at what changed, on most nodes nothing.
changed := {u.name: keys |
	some u in input.units
	ship := _shipped_by_unit[u.name]
	not u.file.parse_error
	keys := _changed(found(u), ship)
	count(keys) > 0
}

# Most units are as shipped, which set operations tell without a loop.
_changed(have, ship) := set() if {
	object.union(have, ship) == have
	count(_judged(object.remove(have, object.keys(ship)))) == 0
} else := {k |
	some k in (_judged(have) | _judged(ship))
	object.get(have, k, []) != object.get(ship, k, [])
}

_judged(settings) := {k | some k, _ in settings; startswith(k, "Exec")} | (object.keys(settings) & _judged_settings)

_judged_settings := {
	"Environment", "EnvironmentFile", "User", "Group", "SupplementaryGroups",
	"SocketMode", "SocketUser", "SocketGroup",
}

# One regular expression over the section's JSON text, not a call per
# value: the same build ids go (_build_id).
_settings(section) := json.unmarshal(regex.replace(text, _build_id, "$1")) if {
	text := json.marshal(section)
	contains(text, "/opt/mesosphere/packages/")
} else := section

_type_sections := {"service": "Service", "socket": "Socket", "timer": "Timer"}

# METADATA
# description: |
#   without_build_id(s) writes /opt/mesosphere/packages/<pkg>--<build id>
#   as /opt/mesosphere/packages/<pkg>: a package compares as itself, not as
#   one build of it.
without_build_id(s) := regex.replace(s, _build_id, "$1")

# A package's name stops at / and whitespace, and at all that JSON escapes
# (" \ < > & control characters, U+2028/9), so that a section's JSON text
# loses the build ids its values lose. internal/shipgen strips the same.
_build_id := `(/opt/mesosphere/packages/[^/\s"'\\<>&\x00-\x1f\x{2028}\x{2029}]+?)--[0-9a-zA-Z._-]+`

# METADATA
# description: |
#   command_words(v) is an Exec* value as words, systemd's prefixes (@, -,
#   :, +, !) dropped from the program: ["/bin/x", "--flag", ...].
command_words(v) := array.concat([trim_left(words[0], "@-:+!")], array.slice(words, 1, count(words))) if {
	words := regex.split(`\s+`, trim_space(v))
}

# METADATA
# description: environment_keys(v) is the set of variable names an Environment= value assigns.
environment_keys(v) := {m[1] |
	some m in regex.find_all_string_submatch_n(`(?:^|\s)["']?([A-Za-z_][A-Za-z0-9_]*)=`, v, -1)
}

# --- timers ---

# METADATA
# description: The monotonic directives that make a timer repeat.
repeating_directives := {"OnUnitActiveSec", "OnUnitInactiveSec"}

# METADATA
# description: |
#   repeats(monotonic, calendar) is how a timer of the input repeats, from
#   its monotonic triggers ([{directive, seconds}]) and calendar triggers
#   ([{period_seconds}]): directive → seconds, with the shortest calendar
#   period under "OnCalendar".
repeats(monotonic, calendar) := object.union(
	{m.directive: m.seconds | some m in monotonic; m.directive in repeating_directives},
	_calendar(calendar),
)

# METADATA
# description: shipped_repeats(schedule) is how a catalog schedule (expected_schedule) repeats, in the form of repeats.
shipped_repeats(s) := object.union(
	{d: secs | some d, secs in s.monotonic; d in repeating_directives},
	_calendar(s.calendar),
)

_calendar(cs) := {"OnCalendar": min({c.period_seconds | some c in cs})} if count(cs) > 0

else := {}

# METADATA
# description: |
#   repeat_matches(have, want, d) is true when directive d repeats as often
#   in have as in want (both of the form of repeats), within the catalog's
#   timer_tolerance_percent.
repeat_matches(have, want, d) if {
	abs(have[d] - want[d]) <= (want[d] * data.catalog.timer_tolerance_percent) / 100
}

# METADATA
# description: |
#   describe_repeat(d, m) says how directive d of m (of the form of repeats)
#   repeats, for messages: "repeats every 2min (OnUnitActiveSec)",
#   "has no OnUnitActiveSec".
describe_repeat(d, m) := sprintf("repeats every %s (%s)", [duration(m[d]), d]) if m[d] > 0

else := sprintf("has an %s with no fixed period", [d]) if m[d]

else := sprintf("has no %s", [d])

# METADATA
# description: |
#   describe_shipped(d, m) is describe_repeat for what DC/OS ships, to
#   follow "DC/OS 2.2.1 ships it": "repeating every 2min (OnUnitActiveSec)",
#   "without OnUnitActiveSec".
describe_shipped(d, m) := sprintf("repeating every %s (%s)", [duration(m[d]), d]) if m[d] > 0

else := sprintf("with an %s with no fixed period", [d]) if m[d]

else := sprintf("without %s", [d])

# --- profile ---

# METADATA
# description: |
#   What this package computes from the node's role and catalog release
#   alone (roles_at_version, and the shipped content of every unit): the
#   same for every node of a profile. A scan of many nodes evaluates it once
#   per profile and keeps it at data.scan.profiles[catalog_version][role],
#   where roles_at_version and shipped read it; without it (one node, opa
#   test, conftest) each evaluation computes what it needs.
profile_values := {
	"roles_at_version": _roles_at_version,
	"shipped": {name: d | some name, _ in data.shipped.units; d := _shipped(name)},
}

_memo := data.scan.profiles[catalog_version][role]

# METADATA
# description: |
#   The catalog profile the node was compared with, as reports show it:
#   role, dcos_version, catalog_version ("" when undefined) and a note on how
#   it was chosen.
profile := {
	"role": object.get(_known, "role", ""),
	"dcos_version": input.node.version,
	"catalog_version": object.get(_known, "catalog_version", ""),
	"note": _profile_note,
}

# The parts of the profile that may be undefined.
_known["role"] := role

_known["catalog_version"] := catalog_version

_profile_note := "no single DC/OS role recorded: unit-set checks not run (pass --role)" if not role

_profile_note := "no readable DC/OS version recorded: unit sets not checked (pass --dcos-version)" if {
	role
	not version_core
}

_profile_note := sprintf(
	"DC/OS %s is not covered by the catalog (%s to %s): unit sets not checked",
	[version_core, data.catalog.oldest, newest],
) if {
	role
	version_core
	not catalog_version
}

_profile_note := sprintf("role from %s, release from %s", [_from_roles, _from_version]) if {
	role
	catalog_version == version_core
}

_profile_note := sprintf(
	"DC/OS %s is not in the catalog: compared with %s, the last catalogued release of its line; role from %s",
	[version_core, catalog_version, _from_roles],
) if {
	role
	catalog_version != version_core
}

default _from_roles := "etc/mesosphere/roles"

_from_roles := "--role" if input.node.roles_from == "flag"

default _from_version := "opt/mesosphere/etc/dcos-version.json"

_from_version := "--dcos-version" if input.node.version_from == "flag"

# --- wording ---

# METADATA
# description: role → wording for messages ("slave" → "private agent (slave)").
role_labels := {
	"master": "master",
	"slave": "private agent (slave)",
	"slave_public": "public agent (slave_public)",
}

# METADATA
# description: wants_path(name) is etc/systemd/system/dcos.target.wants/<name>.
wants_path(name) := concat("/", ["etc/systemd/system/dcos.target.wants", name])

# METADATA
# description: duration(secs) is an exact short duration, 120 → "2min", 30 → "30s", 3600 → "1h".
duration(secs) := sprintf("%dd", [secs / 86400]) if {
	secs >= 86400
	secs % 86400 == 0
} else := sprintf("%dh", [secs / 3600]) if {
	secs >= 3600
	secs % 3600 == 0
} else := sprintf("%dmin", [secs / 60]) if {
	secs >= 60
	secs % 60 == 0
} else := sprintf("%vs", [secs])

# METADATA
# description: approx_duration(secs) rounds down to the largest unit, 5000 → "1h", 90 → "1min".
approx_duration(secs) := sprintf("%dd", [floor(secs / 86400)]) if {
	secs >= 86400
} else := sprintf("%dh", [floor(secs / 3600)]) if {
	secs >= 3600
} else := sprintf("%dmin", [floor(secs / 60)]) if {
	secs >= 60
} else := sprintf("%ds", [floor(secs)])

# METADATA
# description: releases(name) is a catalog unit's release ranges, for messages ("1.8.0–1.10.11").
releases(name) := concat(", ", [r |
	some p in data.catalog.units[name].presence
	r := sprintf("%s–%s", [p.from, p.to])
])

# METADATA
# scope: document
# description: The file a version finding points at; "" when --dcos-version gave the version.
default version_evidence := "opt/mesosphere/etc/dcos-version.json"

version_evidence := "" if input.node.version_from == "flag"

# METADATA
# description: |
#   perm_bit(mode, digit, bit) is true when an octal mode string ("0644")
#   has bit set in digit, counted from the right from 0 (others) to 2
#   (owner): perm_bit(m, 0, 2) is "writable by others".
perm_bit(mode, digit, bit) if bits.and(_digit(mode, digit), bit) != 0

# A digit's value by lookup, in a function with a value, which OPA keeps
# per evaluation (not a false or undefined one): a node has few modes.
_digit(mode, digit) := _octal[substring(mode, (count(mode) - 1) - digit, 1)]

_octal := {"0": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7}
