package dcos_audit.rules.timers.timer_wrong_unit_test

import data.dcos_audit.rules.timers.timer_wrong_unit as rule
import data.dcos_audit.test

test_fires_when_timer_triggers_other_unit if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-gen-resolvconf.timer", [{"op": "replace", "path": "/timer/unit", "value": "dcos-logrotate-agent.service"}])
	test.brief(rule.deny) == {[
		"DCOS-T002", "dcos-gen-resolvconf.timer", "etc/systemd/system/dcos-gen-resolvconf.timer",
		"dcos-gen-resolvconf.timer triggers dcos-logrotate-agent.service; DC/OS ships it to trigger dcos-gen-resolvconf.service",
	]} with input as inp
}

test_quiet_for_signal_timer_naming_absent_service if {
	# on 1.8–1.11.12 agents dcos-signal.timer names a service that exists only on masters
	count(rule.deny) == 0 with input as test.correct("slave_public", "1.10.11")
}
