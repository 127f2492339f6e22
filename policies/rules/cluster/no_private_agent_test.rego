package dcos_audit.rules.cluster.no_private_agent_test

import data.dcos_audit.cluster_test_fixtures as fx
import data.dcos_audit.rules.cluster.no_private_agent as rule
import data.dcos_audit.test

test_fires_without_private_agent if {
	test.brief(rule.deny) == {["DCOS-C008", "", "", "none of the 2 nodes scanned is a private agent"]} with input as fx.nodes([
		["m1", "master", "2.2.1"], ["p1", "slave_public", "2.2.1"],
	])
}

test_quiet_on_healthy_cluster if {
	count(rule.deny) == 0 with input as fx.nodes(fx.healthy)
}
