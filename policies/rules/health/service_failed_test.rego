package dcos_audit.rules.health.service_failed_test

import data.dcos_audit.rules.health.service_failed as rule
import data.dcos_audit.test

_failed := [
	{"op": "replace", "path": "/state/active", "value": "failed"},
	{"op": "replace", "path": "/state/sub", "value": "failed"},
	{"op": "replace", "path": "/state/service/result", "value": "exit-code"},
	{"op": "replace", "path": "/state/service/exec_main_status", "value": 1},
]

test_fires_when_service_failed if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-rexray.service", _failed)
	test.brief(rule.deny) == {[
		"DCOS-H001", "dcos-rexray.service", "etc/systemd/system/dcos.target.wants/dcos-rexray.service",
		"dcos-rexray.service has failed (result exit-code, exit status 1)",
	]} with input as inp
}

test_quiet_for_failed_socket if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-log-agent.socket", [
		{"op": "replace", "path": "/state/active", "value": "failed"},
		{"op": "replace", "path": "/state/sub", "value": "failed"},
	])
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
