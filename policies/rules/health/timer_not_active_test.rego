package dcos_audit.rules.health.timer_not_active_test

import data.dcos_audit.rules.health.timer_not_active as rule
import data.dcos_audit.test

_stopped := [
	{"op": "replace", "path": "/state/active", "value": "inactive"},
	{"op": "replace", "path": "/state/sub", "value": "dead"},
]

test_fires_when_timer_stopped if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", _stopped)
	test.brief(rule.deny) == {[
		"DCOS-H005", "dcos-logrotate-agent.timer", "etc/systemd/system/dcos.target.wants/dcos-logrotate-agent.timer",
		"dcos-logrotate-agent.timer is inactive/dead, not waiting: dcos-logrotate-agent.service is no longer started on schedule",
	]} with input as inp
}

test_fires_for_elapsed_timer if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-gen-resolvconf.timer", [{"op": "replace", "path": "/state/sub", "value": "elapsed"}])
	{[f.rule_id, f.unit] | some f in rule.deny} == {["DCOS-H005", "dcos-gen-resolvconf.timer"]} with input as inp
}

test_quiet_for_dcos_signal_on_old_agents if {
	every version in ["1.8.10", "1.9.10", "1.10.11", "1.13.5"] {
		inp := test.changed(test.live(test.correct("slave", version)), "dcos-signal.timer", _stopped)
		count(rule.deny) == 0 with input as inp
	}
}

test_fires_for_dcos_signal_on_masters if {
	inp := test.changed(test.live(test.correct("master", "1.10.11")), "dcos-signal.timer", _stopped)
	{[f.rule_id, f.unit] | some f in rule.deny} == {["DCOS-H005", "dcos-signal.timer"]} with input as inp
}

test_quiet_when_not_loaded if {
	# DCOS-H004 reports a timer systemd cannot load
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", array.concat(_stopped, [{"op": "replace", "path": "/state/load", "value": "masked"}]))
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
