package dcos_audit.rules.health.socket_not_listening_test

import data.dcos_audit.rules.health.socket_not_listening as rule
import data.dcos_audit.test

test_fires_when_socket_failed if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-log-agent.socket", [
		{"op": "replace", "path": "/state/active", "value": "failed"},
		{"op": "replace", "path": "/state/sub", "value": "failed"},
		{"op": "replace", "path": "/state/socket/listen", "value": ["Stream /run/dcos/dcos-log.sock"]},
	])
	test.brief(rule.deny) == {[
		"DCOS-H008", "dcos-log-agent.socket", "etc/systemd/system/dcos.target.wants/dcos-log-agent.socket",
		"dcos-log-agent.socket is failed/failed, not listening on Stream /run/dcos/dcos-log.sock",
	]} with input as inp
}

test_quiet_while_its_service_runs if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-log-agent.socket", [{"op": "replace", "path": "/state/sub", "value": "running"}])
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
