package dcos_audit.rules.health.unit_unreadable_test

import data.dcos_audit.rules.health.unit_unreadable as rule
import data.dcos_audit.test

_problem(path) := {"kind": "manager_error", "path": path, "detail": "Access denied", "hint": "run dcos-audit as root"}

test_fires_per_unit_not_read if {
	inp := json.patch(test.live(test.correct("slave", "2.2.1")), [{"op": "add", "path": "/problems/-", "value": _problem("dcos-net.service")}])
	test.brief(rule.deny) == {[
		"DCOS-X003", "dcos-net.service", "dcos-net.service",
		"systemd did not return the properties of dcos-net.service: Access denied (run dcos-audit as root)",
	]} with input as inp
}

test_fires_for_target_not_read if {
	inp := json.patch(test.live(test.correct("slave", "2.2.1")), [{"op": "add", "path": "/problems/-", "value": _problem("dcos.target")}])
	{[f.rule_id, f.unit, f.path] | some f in rule.deny} == {["DCOS-X003", "", "dcos.target"]} with input as inp
}

test_quiet_for_unreadable_files if {
	inp := json.patch(test.correct("slave", "2.2.1"), [{"op": "add", "path": "/problems/-", "value": {"kind": "unreadable", "path": "x", "detail": "y", "hint": "z"}}])
	count(rule.deny) == 0 with input as inp
}
