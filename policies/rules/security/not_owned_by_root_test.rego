package dcos_audit.rules.security.not_owned_by_root_test

import data.dcos_audit.rules.security.not_owned_by_root as rule
import data.dcos_audit.test

test_fires_for_unit_file_of_another_owner if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", [{"op": "replace", "path": "/file/uid", "value": 1000}])
	test.brief(rule.deny) == {[
		"DCOS-S005", "dcos-net.service", "etc/systemd/system/dcos-net.service",
		"etc/systemd/system/dcos-net.service is owned by uid 1000, not root",
	]} with input as inp
}

test_fires_for_program_of_another_owner if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", [{"op": "add", "path": "/file/referenced", "value": [{
		"directive": "ExecStart", "path": "/opt/mesosphere/bin/x", "status": "ok", "resolved": "opt/mesosphere/bin/x",
		"stat": {"mode": "0755", "uid": 1000, "gid": 0, "dir_mode": "0755", "dir_uid": 0},
	}]}])
	test.brief(rule.deny) == {[
		"DCOS-S005", "dcos-net.service", "opt/mesosphere/bin/x",
		"/opt/mesosphere/bin/x (ExecStart of dcos-net.service) is owned by uid 1000, not root",
	]} with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
