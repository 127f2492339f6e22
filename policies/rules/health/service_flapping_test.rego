package dcos_audit.rules.health.service_flapping_test

import data.dcos_audit.rules.health.service_flapping as rule
import data.dcos_audit.test

test_fires_when_waiting_for_restart if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-telegraf.service", [
		{"op": "replace", "path": "/state/active", "value": "activating"},
		{"op": "replace", "path": "/state/sub", "value": "auto-restart"},
		{"op": "replace", "path": "/state/service/result", "value": "exit-code"},
		{"op": "replace", "path": "/state/service/n_restarts", "value": 7},
	])
	test.brief(rule.deny) == {[
		"DCOS-H003", "dcos-telegraf.service", "etc/systemd/system/dcos.target.wants/dcos-telegraf.service",
		"dcos-telegraf.service crashed and is waiting to be restarted (activating/auto-restart, result exit-code, 7 restarts so far)",
	]} with input as inp
}

test_fires_after_many_restarts if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-net.service", [{"op": "replace", "path": "/state/service/n_restarts", "value": 3}])
	test.brief(rule.deny) == {[
		"DCOS-H003", "dcos-net.service", "etc/systemd/system/dcos.target.wants/dcos-net.service",
		"dcos-net.service has been restarted 3 times after crashing (now active/running)",
	]} with input as inp
}

test_quiet_after_few_restarts if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-net.service", [{"op": "replace", "path": "/state/service/n_restarts", "value": 2}])
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
