package dcos_audit.rules.scanner.malformed_file_test

import data.dcos_audit.rules.scanner.malformed_file as rule
import data.dcos_audit.test

_malformed(path) := json.patch(test.correct("slave", "2.2.1"), [{"op": "add", "path": "/problems/-", "value": {
	"kind": "malformed_file", "path": path,
	"detail": "invalid character 'n'", "hint": "restore it from the package",
}}])

test_fires_for_bad_metadata_file if {
	test.brief(rule.deny) == {[
		"DCOS-X002", "", "opt/mesosphere/etc/expanded.config.json",
		"opt/mesosphere/etc/expanded.config.json does not parse: invalid character 'n' (restore it from the package)",
	]} with input as _malformed("opt/mesosphere/etc/expanded.config.json")
}

# DCOS-V001 reports a version file that does not parse: one finding per problem.
test_quiet_for_bad_version_file if {
	count(rule.deny) == 0 with input as _malformed("opt/mesosphere/etc/dcos-version.json")
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
