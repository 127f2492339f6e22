package dcos_audit.rules.cluster.single_master_test

import data.dcos_audit.cluster_test_fixtures as fx
import data.dcos_audit.rules.cluster.single_master as rule
import data.dcos_audit.test

test_fires_on_one_master if {
	test.brief(rule.deny) == {["DCOS-C003", "", "", "one master (m1): no high availability"]} with input as fx.nodes([
		["m1", "master", "2.2.1"], ["a1", "slave", "2.2.1"],
	])
}

test_quiet_on_three_masters if {
	count(rule.deny) == 0 with input as fx.nodes(fx.healthy)
}
