package dcos_audit.rules.units.other_role_unit_test

import data.dcos_audit.rules.units.other_role_unit as rule
import data.dcos_audit.test

test_fires_public_agent_unit_on_private_agent if {
	inp := test.plus(test.correct("slave", "2.2.1"), test.unit("dcos-mesos-slave-public.service", "2.2.1"))
	test.brief(rule.deny) == {[
		"DCOS-U002", "dcos-mesos-slave-public.service", "etc/systemd/system/dcos.target.wants/dcos-mesos-slave-public.service",
		"dcos-mesos-slave-public.service belongs on public agent (slave_public), not on a private agent (slave) (DC/OS 2.2.1)",
	]} with input as inp
}

test_fires_agent_unit_on_master if {
	inp := test.plus(test.correct("master", "1.10.11"), test.unit("dcos-adminrouter-agent.service", "1.10.11"))
	test.brief(rule.deny) == {[
		"DCOS-U002", "dcos-adminrouter-agent.service", "etc/systemd/system/dcos.target.wants/dcos-adminrouter-agent.service",
		"dcos-adminrouter-agent.service belongs on private agent (slave) and public agent (slave_public), not on a master (DC/OS 1.10.11)",
	]} with input as inp
}

test_fires_master_unit_on_agent if {
	inp := test.plus(test.correct("slave_public", "2.0.6"), test.unit("dcos-mesos-master.service", "2.0.6"))
	count(rule.deny) == 1 with input as inp
}

test_quiet_for_signal_timer_on_1_9_agent if {
	# DC/OS 1.8–1.11.12 installs dcos-signal.timer on every role: a fact, not a finding.
	count(rule.deny) == 0 with input as test.correct("slave", "1.9.10")
}

test_quiet_without_role if {
	inp := test.with_node(test.plus(test.correct("slave", "2.2.1"), test.unit("dcos-mesos-slave-public.service", "2.2.1")), [{"op": "replace", "path": "/roles", "value": []}])
	count(rule.deny) == 0 with input as inp
}
