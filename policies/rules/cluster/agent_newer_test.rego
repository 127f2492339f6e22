package dcos_audit.rules.cluster.agent_newer_test

import data.dcos_audit.cluster_test_fixtures as fx
import data.dcos_audit.rules.cluster.agent_newer as rule
import data.dcos_audit.test

test_fires_on_agent_ahead if {
	test.brief(rule.deny) == {[
		"DCOS-C005", "", "",
		"a1 (slave) runs DC/OS 2.2.1, newer than every master (newest 2.2.0)",
	]} with input as fx.nodes([["m1", "master", "2.2.0"], ["a1", "slave", "2.2.1"], ["p1", "slave_public", "2.2.0"]])
}

test_fires_on_hotfix_ahead if {
	count(rule.deny) == 1 with input as fx.nodes([["m1", "master", "1.10.4"], ["a1", "slave", "1.10.5.1"]])
}

test_quiet_on_agent_behind if {
	count(rule.deny) == 0 with input as fx.nodes([["m1", "master", "2.2.1"], ["a1", "slave", "2.2.0"]])
}

test_quiet_without_masters if {
	count(rule.deny) == 0 with input as fx.nodes([["a1", "slave", "2.2.1"]])
}
