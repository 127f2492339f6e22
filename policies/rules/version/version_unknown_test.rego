package dcos_audit.rules.version.version_unknown_test

import data.dcos_audit.rules.version.version_unknown as rule
import data.dcos_audit.test

_version(v) := test.with_node(test.correct("slave", "2.2.1"), [{"op": "replace", "path": "/version", "value": v}])

test_fires_without_version if {
	test.brief(rule.deny) == {[
		"DCOS-V001", "", "opt/mesosphere/etc/dcos-version.json",
		"audit incomplete: the DC/OS version is not recorded; unit-set and timer checks not run",
	]} with input as _version("")
}

# A version file that does not parse leaves the audit just as incomplete:
# one finding, that says why.
test_fires_when_version_file_is_malformed if {
	inp := json.patch(_version(""), [{"op": "add", "path": "/problems/-", "value": {
		"kind": "malformed_file", "path": "opt/mesosphere/etc/dcos-version.json", "detail": "unexpected end of JSON input", "hint": "y",
	}}])
	test.brief(rule.deny) == {[
		"DCOS-V001", "", "opt/mesosphere/etc/dcos-version.json",
		"audit incomplete: opt/mesosphere/etc/dcos-version.json does not parse (unexpected end of JSON input); unit-set and timer checks not run",
	]} with input as inp
}

test_quiet_with_version if {
	count(rule.deny) == 0 with input as _version("1.12.5")
}
