package dcos_audit.rules.cluster.no_master_test

import data.dcos_audit.cluster_test_fixtures as fx
import data.dcos_audit.rules.cluster.no_master as rule
import data.dcos_audit.test

test_fires_without_master if {
	test.brief(rule.deny) == {["DCOS-C001", "", "", "none of the 2 nodes scanned is a master"]} with input as fx.nodes([
		["a1", "slave", "2.2.1"], ["p1", "slave_public", "2.2.1"],
	])
}

test_quiet_on_healthy_cluster if {
	count(rule.deny) == 0 with input as fx.nodes(fx.healthy)
}
