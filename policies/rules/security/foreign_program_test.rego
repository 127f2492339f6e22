package dcos_audit.rules.security.foreign_program_test

import data.dcos_audit.rules.security.foreign_program as rule
import data.dcos_audit.test

_with_unit(name, program) := json.patch(test.correct("slave", "2.2.1"), [{"op": "add", "path": "/units/-", "value": {
	"name": name, "kind": "service", "path": concat("/", ["etc/systemd/system/dcos.target.wants", name]),
	"entry": "file", "state": {"load": "unknown", "active": "unknown", "sub": "unknown"},
	"file": {
		"path": concat("/", ["etc/systemd/system/dcos.target.wants", name]), "mode": "0644", "uid": 0, "gid": 0,
		"drop_ins": [], "options": {}, "referenced": [{"directive": "ExecStart", "path": program, "status": "missing"}],
	},
}}])

test_fires_for_foreign_unit_outside_opt_mesosphere if {
	test.brief(rule.deny) == {[
		"DCOS-S006", "dcos-acme.service", "etc/systemd/system/dcos.target.wants/dcos-acme.service",
		"dcos-acme.service, unknown to the catalog, runs /usr/local/bin/acme (ExecStart)",
	]} with input as _with_unit("dcos-acme.service", "/usr/local/bin/acme")
}

test_quiet_for_foreign_unit_in_opt_mesosphere if {
	count(rule.deny) == 0 with input as _with_unit("dcos-acme.service", "/opt/mesosphere/bin/acme")
}

# A system binary (/usr/bin/env, /bin/sh) is the system's, not a stranger's.
test_quiet_for_system_binaries if {
	count(rule.deny) == 0 with input as _with_unit("dcos-acme.service", "/usr/bin/env")
}

# Enterprise and installer units are known by name (optional_units).
test_quiet_for_optional_units if {
	count(rule.deny) == 0 with input as _with_unit("dcos-setup.service", "/usr/bin/setup")
}
