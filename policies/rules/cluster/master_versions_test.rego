package dcos_audit.rules.cluster.master_versions_test

import data.dcos_audit.cluster_test_fixtures as fx
import data.dcos_audit.rules.cluster.master_versions as rule
import data.dcos_audit.test

test_fires_on_mixed_masters if {
	test.brief(rule.deny) == {[
		"DCOS-C004", "", "",
		"the masters run 2.1.2 on m3, 2.2.1 on m1, 2.2.1 on m2",
	]} with input as fx.nodes([["m1", "master", "2.2.1"], ["m2", "master", "2.2.1"], ["m3", "master", "2.1.2"]])
}

test_quiet_on_healthy_cluster if {
	count(rule.deny) == 0 with input as fx.nodes(fx.healthy)
}
