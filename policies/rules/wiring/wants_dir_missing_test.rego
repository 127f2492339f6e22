package dcos_audit.rules.wiring.wants_dir_missing_test

import data.dcos_audit.rules.wiring.wants_dir_missing as rule
import data.dcos_audit.test

_no_wants := json.patch(
	test.with_node(test.correct("slave", "2.2.1"), [{"op": "replace", "path": "/wants_dir_found", "value": false}]),
	[{"op": "replace", "path": "/units", "value": []}],
)

test_fires_without_wants_dir if {
	test.brief(rule.deny) == {[
		"DCOS-F007", "", "etc/systemd/system/dcos.target.wants",
		"audit incomplete: etc/systemd/system/dcos.target.wants does not exist, so no DC/OS unit starts with dcos.target",
	]} with input as _no_wants
}

test_quiet_when_unreadable if {
	inp := json.patch(_no_wants, [{"op": "add", "path": "/problems/-", "value": {
		"kind": "unreadable", "path": "etc/systemd/system/dcos.target.wants", "detail": "permission denied", "hint": "h",
	}}])
	count(rule.deny) == 0 with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
