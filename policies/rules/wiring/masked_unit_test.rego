package dcos_audit.rules.wiring.masked_unit_test

import data.dcos_audit.rules.wiring.masked_unit as rule
import data.dcos_audit.test

_masked := [
	{"op": "replace", "path": "/link", "value": {"target": "/dev/null", "resolved": "dev/null", "status": "masked"}},
	{"op": "remove", "path": "/file"},
]

test_fires_for_masked_unit_offline if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-fluent-bit.service", _masked)
	test.brief(rule.deny) == {[
		"DCOS-F008", "dcos-fluent-bit.service", "etc/systemd/system/dcos.target.wants/dcos-fluent-bit.service",
		"dcos-fluent-bit.service is masked: etc/systemd/system/dcos.target.wants/dcos-fluent-bit.service leads to /dev/null",
	]} with input as inp
}

test_quiet_live_where_load_state_says_it if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-fluent-bit.service", _masked)
	count(rule.deny) == 0 with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
