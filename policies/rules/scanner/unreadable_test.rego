package dcos_audit.rules.scanner.unreadable_test

import data.dcos_audit.rules.scanner.unreadable as rule
import data.dcos_audit.test

test_fires_per_unreadable_item if {
	inp := json.patch(test.correct("slave", "2.2.1"), [{"op": "add", "path": "/problems/-", "value": {
		"kind": "unreadable", "path": "etc/systemd/system/dcos-net.service",
		"detail": "permission denied", "hint": "run dcos-audit as root",
	}}])
	test.brief(rule.deny) == {[
		"DCOS-X001", "", "etc/systemd/system/dcos-net.service",
		"could not read etc/systemd/system/dcos-net.service: permission denied (run dcos-audit as root)",
	]} with input as inp
}

test_quiet_for_other_problems if {
	inp := json.patch(test.correct("slave", "2.2.1"), [{"op": "add", "path": "/problems/-", "value": {
		"kind": "malformed_file", "path": "x", "detail": "y", "hint": "z",
	}}])
	count(rule.deny) == 0 with input as inp
}
