package dcos_audit.rules.health.unit_not_loaded_test

import data.dcos_audit.rules.health.unit_not_loaded as rule
import data.dcos_audit.test

_load(state) := [
	{"op": "replace", "path": "/state/load", "value": state},
	{"op": "replace", "path": "/state/active", "value": "inactive"},
	{"op": "replace", "path": "/state/sub", "value": "dead"},
]

test_fires_when_required_unit_masked if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-fluent-bit.service", _load("masked"))
	test.brief(rule.deny) == {[
		"DCOS-H004", "dcos-fluent-bit.service", "etc/systemd/system/dcos.target.wants/dcos-fluent-bit.service",
		"dcos-fluent-bit.service is required on a private agent (slave) at DC/OS 2.2.1, but systemd cannot load it: it is masked",
	]} with input as inp
}

test_fires_for_every_load_failure if {
	every state in ["not-found", "bad-setting", "error"] {
		inp := test.changed(test.live(test.correct("master", "2.1.2")), "dcos-signal.timer", _load(state))
		{[f.rule_id, f.unit] | some f in rule.deny} == {["DCOS-H004", "dcos-signal.timer"]} with input as inp
	}
}

test_quiet_for_unit_the_role_does_not_require if {
	u := object.union(test.unit("dcos-acme.service", "2.2.1"), {"state": {"load": "not-found", "active": "inactive", "sub": "dead"}})
	inp := test.plus(test.live(test.correct("slave", "2.2.1")), u)
	count(rule.deny) == 0 with input as inp
}

test_quiet_for_dcos_signal_on_old_agents if {
	# 1.10 agents want dcos-signal.timer, whose service only masters have:
	# the service is not found and the timer stays inactive, as in DC/OS.
	timer := test.changed(test.live(test.correct("slave", "1.10.11")), "dcos-signal.timer", [
		{"op": "replace", "path": "/state/active", "value": "inactive"},
		{"op": "replace", "path": "/state/sub", "value": "dead"},
	])
	service := {"name": "dcos-signal.service", "kind": "service", "path": "", "entry": "", "state": {"load": "not-found", "active": "inactive", "sub": "dead"}}
	count(rule.deny) == 0 with input as test.plus(timer, service)
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
