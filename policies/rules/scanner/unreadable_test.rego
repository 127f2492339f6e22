package dcos_audit.rules.scanner.unreadable_test

import data.dcos_audit.rules.scanner.unreadable as rule
import data.dcos_audit.test

_unreadable(path) := json.patch(test.correct("slave", "2.2.1"), [{"op": "add", "path": "/problems/-", "value": {
	"kind": "unreadable", "path": path,
	"detail": "permission denied", "hint": "run dcos-audit as root",
}}])

test_fires_per_unreadable_item if {
	test.brief(rule.deny) == {[
		"DCOS-X001", "", "etc/mesosphere/roles",
		"could not read etc/mesosphere/roles: permission denied (run dcos-audit as root)",
	]} with input as _unreadable("etc/mesosphere/roles")
}

# An unreadable unit file or wants entry names its unit.
test_names_the_unit if {
	file := test.correct("slave", "2.2.1").units[0].file.path
	name := test.correct("slave", "2.2.1").units[0].name
	[f.unit | some f in rule.deny] == [name] with input as _unreadable(file)
	[f.unit | some f in rule.deny] == ["dcos-x.service"] with input as _unreadable("etc/systemd/system/dcos.target.wants/dcos-x.service")
}

test_quiet_for_other_problems if {
	inp := json.patch(test.correct("slave", "2.2.1"), [{"op": "add", "path": "/problems/-", "value": {
		"kind": "malformed_file", "path": "x", "detail": "y", "hint": "z",
	}}])
	count(rule.deny) == 0 with input as inp
}
