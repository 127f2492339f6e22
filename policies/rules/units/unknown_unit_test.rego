package dcos_audit.rules.units.unknown_unit_test

import data.dcos_audit.rules.units.unknown_unit as rule
import data.dcos_audit.test

_unit(name) := object.union(test.unit("dcos-net.service", "2.2.1"), {"name": name, "path": concat("/", ["etc/systemd/system/dcos.target.wants", name])})

test_fires_for_foreign_unit if {
	inp := test.plus(test.correct("slave", "2.2.1"), _unit("dcos-acme-sidecar.service"))
	test.brief(rule.deny) == {[
		"DCOS-U004", "dcos-acme-sidecar.service", "etc/systemd/system/dcos.target.wants/dcos-acme-sidecar.service",
		"dcos-acme-sidecar.service is not a DC/OS unit of any catalogued release (1.8.0 to 2.2.1)",
	]} with input as inp
}

# The reviewer sees what a foreign unit runs.
test_fires_with_its_programs if {
	u := json.patch(_unit("dcos-acme-sidecar.service"), [{"op": "add", "path": "/file/referenced", "value": [
		{"directive": "ExecStartPre", "path": "/usr/bin/env", "status": "missing"},
		{"directive": "ExecStart", "path": "/opt/acme/bin/sidecar", "status": "missing"},
	]}])
	[f.message | some f in rule.deny] == [concat("", [
		"dcos-acme-sidecar.service is not a DC/OS unit of any catalogued release (1.8.0 to 2.2.1); ",
		"it runs /opt/acme/bin/sidecar, /usr/bin/env",
	])] with input as test.plus(test.correct("slave", "2.2.1"), u)
}

test_quiet_for_enterprise_and_installer_units if {
	inp := test.plus(test.plus(test.correct("master", "2.2.1"), _unit("dcos-iam.service")), _unit("dcos-setup.service"))
	count(rule.deny) == 0 with input as inp
}

test_quiet_for_non_units if {
	inp := test.plus(test.correct("slave", "2.2.1"), object.union(_unit("README"), {"kind": ""}))
	count(rule.deny) == 0 with input as inp
}
