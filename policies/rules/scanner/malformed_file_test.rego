package dcos_audit.rules.scanner.malformed_file_test

import data.dcos_audit.rules.scanner.malformed_file as rule
import data.dcos_audit.test

test_fires_for_bad_version_file if {
	inp := json.patch(test.correct("slave", "2.2.1"), [{"op": "add", "path": "/problems/-", "value": {
		"kind": "malformed_file", "path": "opt/mesosphere/etc/dcos-version.json",
		"detail": "invalid character 'n'", "hint": "pass --dcos-version",
	}}])
	test.brief(rule.deny) == {[
		"DCOS-X002", "", "opt/mesosphere/etc/dcos-version.json",
		"opt/mesosphere/etc/dcos-version.json does not parse: invalid character 'n' (pass --dcos-version)",
	]} with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
