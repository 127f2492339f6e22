package dcos_audit.rules.timers.timer_missing_test

import data.dcos_audit.rules.timers.timer_missing as rule
import data.dcos_audit.test

test_fires_when_timer_missing_and_service_present if {
	inp := test.without(test.correct("slave", "2.2.1"), "dcos-logrotate-agent.timer")
	test.brief(rule.deny) == {[
		"DCOS-T001", "dcos-logrotate-agent.timer", "etc/systemd/system/dcos.target.wants/dcos-logrotate-agent.timer",
		"dcos-logrotate-agent.timer is required on a private agent (slave) at DC/OS 2.2.1 but is not in dcos.target.wants; dcos-logrotate-agent.service is wanted but nothing triggers it again after boot",
	]} with input as inp
}

test_fires_when_both_missing if {
	inp := test.without(test.without(test.correct("master", "1.9.10"), "dcos-adminrouter-reload.timer"), "dcos-adminrouter-reload.service")
	test.brief(rule.deny) == {[
		"DCOS-T001", "dcos-adminrouter-reload.timer", "etc/systemd/system/dcos.target.wants/dcos-adminrouter-reload.timer",
		"dcos-adminrouter-reload.timer is required on a master at DC/OS 1.9.10 but is not in dcos.target.wants; dcos-adminrouter-reload.service, which it triggers, is not wanted either",
	]} with input as inp
}

test_quiet_for_signal_timer_on_later_agents if {
	# dcos-signal.timer moved to masters only in 1.13.6
	count(rule.deny) == 0 with input as test.without(test.correct("slave", "1.13.9"), "dcos-signal.timer")
}
