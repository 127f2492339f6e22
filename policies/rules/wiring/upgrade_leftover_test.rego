package dcos_audit.rules.wiring.upgrade_leftover_test

import data.dcos_audit.rules.wiring.upgrade_leftover as rule
import data.dcos_audit.test

test_fires_for_staging_dir if {
	inp := test.with_node(test.correct("slave", "2.2.1"), [{"op": "replace", "path": "/leftovers", "value": ["etc/systemd/system/dcos.target.wants.new"]}])
	test.brief(rule.deny) == {[
		"DCOS-F006", "", "etc/systemd/system/dcos.target.wants.new",
		"etc/systemd/system/dcos.target.wants.new exists: a pkgpanda upgrade did not finish",
	]} with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
