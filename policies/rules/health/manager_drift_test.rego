package dcos_audit.rules.health.manager_drift_test

import data.dcos_audit.rules.health.manager_drift as rule
import data.dcos_audit.test

_pkg := "opt/mesosphere/packages/dcos-net--1/dcos.target.wants/dcos-net-watchdog.service"

test_fires_when_a_copy_shadows_the_wanted_file if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-net-watchdog.service", [
		{"op": "replace", "path": "/link", "value": {"target": concat("", ["/", _pkg]), "resolved": _pkg, "status": "ok"}},
		{"op": "replace", "path": "/file/path", "value": _pkg},
	])
	test.brief(rule.deny) == {[
		"DCOS-H009", "dcos-net-watchdog.service", "etc/systemd/system/dcos.target.wants/dcos-net-watchdog.service",
		"systemd runs dcos-net-watchdog.service from etc/systemd/system/dcos-net-watchdog.service, not from opt/mesosphere/packages/dcos-net--1/dcos.target.wants/dcos-net-watchdog.service that dcos.target.wants links to",
	]} with input as inp
}

test_quiet_when_the_linked_file_is_a_link if {
	# wants → /etc/systemd/system/x (or ../x) → /opt/...: systemd names the first link
	every target in ["/etc/systemd/system/dcos-net-watchdog.service", "../dcos-net-watchdog.service"] {
		inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-net-watchdog.service", [
			{"op": "replace", "path": "/link", "value": {"target": target, "resolved": _pkg, "status": "ok"}},
			{"op": "replace", "path": "/file/path", "value": _pkg},
			{"op": "replace", "path": "/state/fragment_path", "value": "etc/systemd/system/dcos-net-watchdog.service"},
		])
		count(rule.deny) == 0 with input as inp
	}
}

test_fires_for_runtime_drop_in if {
	d := "run/systemd/system.control/dcos-net.service.d/50-CPUWeight.conf"
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-net.service", [{"op": "add", "path": "/state/drop_in_paths", "value": [d]}])
	test.brief(rule.deny) == {[
		"DCOS-H009", "dcos-net.service", d,
		"systemd applies the drop-in run/systemd/system.control/dcos-net.service.d/50-CPUWeight.conf to dcos-net.service, which is not in the unit directories that were read",
	]} with input as inp
}

test_quiet_for_drop_in_on_disk if {
	# DCOS-F005 reports drop-ins found in the unit directories
	d := "etc/systemd/system/dcos-net.service.d/override.conf"
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-net.service", [
		{"op": "add", "path": "/state/drop_in_paths", "value": [d]},
		{"op": "add", "path": "/file/drop_ins/-", "value": {"path": d, "mode": "0644", "uid": 0, "gid": 0}},
	])
	count(rule.deny) == 0 with input as inp
}

test_fires_for_unit_wanted_elsewhere if {
	u := {"name": "dcos-extra.service", "kind": "service", "path": "", "entry": "", "state": {"load": "loaded", "active": "active", "sub": "running"}}
	inp := test.plus(test.live(test.correct("slave", "2.2.1")), u)
	test.brief(rule.deny) == {[
		"DCOS-H009", "dcos-extra.service", "",
		"the running dcos.target wants dcos-extra.service, but dcos.target.wants has no entry for it",
	]} with input as inp
}

test_fires_for_link_the_manager_does_not_know if {
	live := test.live(test.correct("slave", "2.2.1"))
	inp := test.with_node(live, [{"op": "replace", "path": "/manager/wants", "value": [w | some w in live.node.manager.wants; w != "dcos-net.service"]}])
	test.brief(rule.deny) == {[
		"DCOS-H009", "dcos-net.service", "etc/systemd/system/dcos.target.wants/dcos-net.service",
		"dcos-net.service is in dcos.target.wants, but the running dcos.target does not want it (changed without a daemon-reload)",
	]} with input as inp
}

test_quiet_when_wants_unread if {
	live := test.with_node(test.live(test.correct("slave", "2.2.1")), [{"op": "replace", "path": "/manager/wants", "value": []}])
	inp := json.patch(live, [{"op": "add", "path": "/problems/-", "value": {
		"kind": "manager_error", "path": "dcos.target", "detail": "Access denied", "hint": "",
	}}])
	count(rule.deny) == 0 with input as inp
}

test_quiet_on_healthy_live_nodes if {
	every version in data.catalog.releases {
		every role in data.catalog.roles {
			count(rule.deny) == 0 with input as test.live(test.correct(role, version))
		}
	}
}

test_quiet_offline if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
