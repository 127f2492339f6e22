package dcos_audit.rules.wiring.not_a_unit_test

import data.dcos_audit.rules.wiring.not_a_unit as rule
import data.dcos_audit.test

test_fires_for_readme if {
	inp := test.plus(test.correct("slave", "2.2.1"), {
		"name": "README.txt", "kind": "", "entry": "file", "state": {},
		"path": "etc/systemd/system/dcos.target.wants/README.txt",
	})
	test.brief(rule.deny) == {[
		"DCOS-F002", "README.txt", "etc/systemd/system/dcos.target.wants/README.txt",
		"etc/systemd/system/dcos.target.wants/README.txt is not a unit name",
	]} with input as inp
}

test_fires_for_directory if {
	inp := test.plus(test.correct("slave", "2.2.1"), {
		"name": "x.service", "kind": "service", "entry": "directory", "state": {},
		"path": "etc/systemd/system/dcos.target.wants/x.service",
	})
	test.brief(rule.deny) == {[
		"DCOS-F002", "x.service", "etc/systemd/system/dcos.target.wants/x.service",
		"etc/systemd/system/dcos.target.wants/x.service is a directory, not a unit file",
	]} with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
