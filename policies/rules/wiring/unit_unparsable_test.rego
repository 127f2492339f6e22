package dcos_audit.rules.wiring.unit_unparsable_test

import data.dcos_audit.rules.wiring.unit_unparsable as rule
import data.dcos_audit.test

test_fires_for_parse_error if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-telegraf.service", [{"op": "add", "path": "/file/parse_error", "value": "parse etc/systemd/system/dcos-telegraf.service: no section"}])
	test.brief(rule.deny) == {[
		"DCOS-F003", "dcos-telegraf.service", "etc/systemd/system/dcos-telegraf.service",
		"dcos-telegraf.service: parse etc/systemd/system/dcos-telegraf.service: no section",
	]} with input as inp
}

test_fires_for_bad_timer_value if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-docker-gc.timer", [{"op": "replace", "path": "/timer/errors", "value": [`OnBootSec="soon": unknown unit`]}])
	test.brief(rule.deny) == {[
		"DCOS-F003", "dcos-docker-gc.timer", "etc/systemd/system/dcos-docker-gc.timer",
		`dcos-docker-gc.timer: cannot read OnBootSec="soon": unknown unit`,
	]} with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("public_slave", "2.2.1")
}
