package dcos_audit.rules.units.other_version_unit_test

import data.dcos_audit.rules.units.other_version_unit as rule
import data.dcos_audit.test

test_fires_for_spartan_on_2_2 if {
	inp := test.plus(test.correct("slave", "2.2.1"), test.unit("dcos-spartan.service", "1.10.11"))
	test.brief(rule.deny) == {[
		"DCOS-U003", "dcos-spartan.service", "etc/systemd/system/dcos.target.wants/dcos-spartan.service",
		"dcos-spartan.service is a unit of DC/OS 1.8.0–1.10.11, not of 2.2.1",
	]} with input as inp
}

test_quiet_for_unit_of_another_role if {
	inp := test.plus(test.correct("slave", "2.2.1"), test.unit("dcos-mesos-master.service", "2.2.1"))
	count(rule.deny) == 0 with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "1.8.10")
}
