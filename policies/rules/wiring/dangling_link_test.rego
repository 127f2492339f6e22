package dcos_audit.rules.wiring.dangling_link_test

import data.dcos_audit.rules.wiring.dangling_link as rule
import data.dcos_audit.test

_link(status) := [
	{"op": "replace", "path": "/link", "value": {"target": "/etc/systemd/system/dcos-rexray.service", "resolved": "", "status": status}},
	{"op": "remove", "path": "/file"},
]

test_fires_for_dangling_link if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-rexray.service", _link("dangling"))
	test.brief(rule.deny) == {[
		"DCOS-F001", "dcos-rexray.service", "etc/systemd/system/dcos.target.wants/dcos-rexray.service",
		"etc/systemd/system/dcos.target.wants/dcos-rexray.service links to /etc/systemd/system/dcos-rexray.service, which does not exist in the scanned root",
	]} with input as inp
}

test_fires_for_loop if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-rexray.service", _link("loop"))
	test.brief(rule.deny) == {[
		"DCOS-F001", "dcos-rexray.service", "etc/systemd/system/dcos.target.wants/dcos-rexray.service",
		"etc/systemd/system/dcos.target.wants/dcos-rexray.service is a symlink loop (via /etc/systemd/system/dcos-rexray.service)",
	]} with input as inp
}

test_quiet_for_escaping_link if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-rexray.service", _link("escapes"))
	count(rule.deny) == 0 with input as inp
}
