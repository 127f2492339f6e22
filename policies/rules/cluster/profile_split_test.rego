package dcos_audit.rules.cluster.profile_split_test

import data.dcos_audit.cluster_test_fixtures as fx
import data.dcos_audit.rules.cluster.profile_split as rule
import data.dcos_audit.test

test_fires_on_patch_split if {
	test.brief(rule.deny) == {[
		"DCOS-C006", "", "",
		"DC/OS 2.2 nodes are on 2.2.0 (a2), 2.2.1 (a1, m1, m2, m3, p1)",
	]} with input as fx.nodes(array.concat(fx.healthy, [["a2", "slave", "2.2.0"]]))
}

test_quiet_across_lines if {
	count(rule.deny) == 0 with input as fx.nodes([["m1", "master", "2.2.1"], ["a1", "slave", "2.1.2"]])
}

test_quiet_on_healthy_cluster if {
	count(rule.deny) == 0 with input as fx.nodes(fx.healthy)
}
