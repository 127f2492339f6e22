package dcos_audit.rules.wiring.link_escapes_root_test

import data.dcos_audit.rules.wiring.link_escapes_root as rule
import data.dcos_audit.test

test_fires_for_escaping_link if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-rexray.service", [
		{"op": "replace", "path": "/link", "value": {"target": "../../../../../etc/x", "resolved": "", "status": "escapes"}},
		{"op": "remove", "path": "/file"},
	])
	test.brief(rule.deny) == {[
		"DCOS-F004", "dcos-rexray.service", "etc/systemd/system/dcos.target.wants/dcos-rexray.service",
		"etc/systemd/system/dcos.target.wants/dcos-rexray.service links to ../../../../../etc/x, above the node's root; not followed",
	]} with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
