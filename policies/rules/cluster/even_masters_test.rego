package dcos_audit.rules.cluster.even_masters_test

import data.dcos_audit.cluster_test_fixtures as fx
import data.dcos_audit.rules.cluster.even_masters as rule
import data.dcos_audit.test

test_fires_on_two_masters if {
	test.brief(rule.deny) == {[
		"DCOS-C002", "", "",
		"2 masters (m1, m2): a ZooKeeper majority is 2, which survives the loss of 0, as 1 masters would",
	]} with input as fx.nodes(array.slice(fx.healthy, 0, 2))
}

test_fires_on_four_masters if {
	count(rule.deny) == 1 with input as fx.nodes(array.concat(fx.healthy, [["m4", "master", "2.2.1"]]))
}

test_quiet_on_three_masters if {
	count(rule.deny) == 0 with input as fx.nodes(fx.healthy)
}

test_quiet_on_one_master if {
	count(rule.deny) == 0 with input as fx.nodes([["m1", "master", "2.2.1"]])
}
