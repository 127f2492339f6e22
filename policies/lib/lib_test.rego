package dcos_audit.lib_test

import data.dcos_audit.lib
import data.dcos_audit.main
import data.dcos_audit.test

test_parse_version if {
	lib.parse_version("1.9") == "1.9.0"
	lib.parse_version("2.2.1") == "2.2.1"
	lib.parse_version("1.13.11-dev") == "1.13.11"
	lib.parse_version("2.2.1+build.7") == "2.2.1"
	lib.parse_version("1.10.5.1") == "1.10.5" # a hotfix compares as its release
}

test_parse_version_refuses_what_is_not_a_version if {
	every s in ["v2.2.1", "latest", "", "1", "1.2.3.4.5", " 2.2.1", "2..1"] {
		not lib.parse_version(s)
	}
}

_version(v) := test.with_node(test.correct("slave", "2.2.1"), [{"op": "replace", "path": "/version", "value": v}])

test_catalog_version_of_catalogued_releases if {
	lib.catalog_version == "2.2.1" with input as _version("2.2.1")
	lib.catalog_version == "1.8.0" with input as _version("1.8")
}

test_catalog_version_of_later_patch_is_last_of_its_line if {
	lib.catalog_version == "2.2.1" with input as _version("2.2.7")
	lib.catalog_version == "1.13.9" with input as _version("1.13.11-dev")
}

test_catalog_version_undefined_outside_the_catalog if {
	every v in ["2.3.0", "3.0.0", "1.7.3", "bogus"] {
		not lib.catalog_version with input as _version(v)
	}
}

_roles(r) := test.with_node(test.correct("slave", "2.2.1"), [{"op": "replace", "path": "/roles", "value": r}])

test_role_needs_exactly_one if {
	lib.role == "slave_public" with input as _roles(["aws", "slave_public"])
	not lib.role with input as _roles(["slave", "master"])
	not lib.role with input as _roles([])
	not lib.role with input as _roles(["aws", "minuteman"])
}

test_profile_of_a_correct_node if {
	lib.profile == {
		"role": "master", "dcos_version": "2.1.2", "catalog_version": "2.1.2",
		"note": "role from etc/mesosphere/roles, release from opt/mesosphere/etc/dcos-version.json",
	} with input as test.correct("master", "2.1.2")
}

test_profile_names_the_flag if {
	inp := test.with_node(test.correct("slave", "2.2.1"), [
		{"op": "replace", "path": "/version_from", "value": "flag"},
		{"op": "replace", "path": "/roles_from", "value": "flag"},
	])
	lib.profile.note == "role from --role, release from --dcos-version" with input as inp
}

test_profile_without_role if {
	lib.profile.role == "" with input as _roles([])
	lib.profile.catalog_version == "2.2.1" with input as _roles([])
}

test_durations if {
	lib.duration(120) == "2min"
	lib.duration(3600) == "1h"
	lib.duration(86400) == "1d"
	lib.duration(90) == "90s"
	lib.approx_duration(5000) == "1h"
	lib.approx_duration(90) == "1min"
	lib.approx_duration(59) == "59s"
}

test_repeats_and_tolerance if {
	have := lib.repeats(
		[{"directive": "OnUnitActiveSec", "seconds": 125}, {"directive": "OnBootSec", "seconds": 5}],
		[{"period_seconds": 3600}, {"period_seconds": 60}],
	)
	have == {"OnUnitActiveSec": 125, "OnCalendar": 60}
	want := lib.shipped_repeats({"monotonic": {"OnUnitActiveSec": 120, "OnBootSec": 5}, "calendar": []})
	want == {"OnUnitActiveSec": 120}
	lib.repeat_matches(have, want, "OnUnitActiveSec") # 125 is within 10% of 120
	not lib.repeat_matches({"OnUnitActiveSec": 7200}, want, "OnUnitActiveSec")
}

test_describe_repeats if {
	lib.describe_repeat("OnUnitActiveSec", {"OnUnitActiveSec": 120}) == "repeats every 2min (OnUnitActiveSec)"
	lib.describe_repeat("OnUnitActiveSec", {}) == "has no OnUnitActiveSec"
	lib.describe_shipped("OnCalendar", {"OnCalendar": 300}) == "repeating every 5min (OnCalendar)"
	lib.describe_shipped("OnUnitActiveSec", {}) == "without OnUnitActiveSec"
}

test_perm_bit if {
	lib.perm_bit("0646", 0, 2) # others may write
	not lib.perm_bit("0644", 0, 2)
	lib.perm_bit("0664", 1, 2) # group may write
	not lib.perm_bit("0644", 1, 2)
}

# changed lists the judged directives of a DC/OS unit that differ from what
# its release ships: added, changed or removed, in its file or a drop-in.
# A directive no integrity rule judges, or a unit file that does not
# parse, leaves it out.
test_changed if {
	node := test.correct("master", "2.2.1")
	count(lib.changed) == 0 with input as node
	cosmos := "dcos-cosmos.service"
	cases := [
		[{"op": "add", "path": "/file/options/Service/ExecStartPre", "value": ["/tmp/x"]}, {cosmos: {"ExecStartPre"}}],
		[{"op": "remove", "path": "/file/options/Service/User"}, {cosmos: {"User"}}],
		[{"op": "add", "path": "/file/options/Service/Environment", "value": ["LD_PRELOAD=/tmp/x.so"]}, {cosmos: {"Environment"}}],
		[{"op": "add", "path": "/file/options/Service/Nice", "value": ["5"]}, {}],
	]
	every c in cases {
		lib.changed == c[1] with input as test.changed(node, cosmos, [c[0]])
	}
	wider := test.changed(node, "dcos-checks-api.socket", [{"op": "replace", "path": "/file/options/Socket/SocketMode", "value": ["0666"]}])
	lib.changed == {"dcos-checks-api.socket": {"SocketMode"}} with input as wider
	broken := test.changed(node, cosmos, [
		{"op": "add", "path": "/file/options/Service/ExecStartPre", "value": ["/tmp/x"]},
		{"op": "add", "path": "/file/parse_error", "value": "line 3: no section"},
	])
	count(lib.changed) == 0 with input as broken
}

# A node evaluated with its profile's values kept (data.scan.profiles, as a
# scan of many nodes keeps them) comes out as when it computes them: for a
# correct node of every role at the newest release, and for an agent with
# a public agent's unit and a changed shipped unit. Kept values that are
# wrong change the result: they are read. (The Go tests compare every
# fixture node the same way.)
test_profile_values_change_no_result if {
	every role in data.catalog.roles {
		correct := test.correct(role, lib.newest)
		kept := {"profiles": {lib.newest: {role: lib.profile_values}}} with input as correct
		computed := main.result with input as correct
		computed == main.result with input as correct with data.scan as kept
	}
	tampered := json.patch(test.correct("slave", "2.2.1"), [
		{"op": "add", "path": "/units/-", "value": test.shipped_unit("dcos-mesos-slave-public.service", "slave_public", "2.2.1")},
		{"op": "replace", "path": "/units/0/file/options", "value": {"Service": {"ExecStart": ["/tmp/x"]}}},
	])
	count(main.findings) >= 2 with input as tampered
	kept := {"profiles": {"2.2.1": {"slave": lib.profile_values}}} with input as tampered
	computed := main.result with input as tampered
	computed == main.result with input as tampered with data.scan as kept
	wrong := {"profiles": {"2.2.1": {"slave": {"roles_at_version": {}, "shipped": {}}}}}
	computed != main.result with input as tampered with data.scan as wrong
}
