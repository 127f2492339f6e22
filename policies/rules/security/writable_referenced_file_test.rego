package dcos_audit.rules.security.writable_referenced_file_test

import data.dcos_audit.rules.security.writable_referenced_file as rule
import data.dcos_audit.test

_ref(directive, mode) := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", [
	{"op": "add", "path": "/file/referenced", "value": [{
		"directive": directive, "path": "/opt/mesosphere/bin/x", "status": "ok", "resolved": "opt/mesosphere/bin/x",
		"stat": {"mode": mode, "uid": 0, "gid": 12, "dir_mode": "0755", "dir_uid": 0},
	}]},
])

test_fires_high_for_world_writable_program if {
	[[f.severity, f.message] | some f in rule.deny] == [[
		"high", "/opt/mesosphere/bin/x (ExecStart of dcos-net.service) has mode 0757: writable by every user",
	]] with input as _ref("ExecStart", "0757")
}

test_fires_medium_for_group_writable_environment_file if {
	[[f.severity, f.message] | some f in rule.deny] == [[
		"medium", "/opt/mesosphere/bin/x (EnvironmentFile of dcos-net.service) has mode 0664: writable by group 12",
	]] with input as _ref("EnvironmentFile", "0664")
}

# Writable by group and others is one finding, the higher.
test_one_finding_for_0777 if {
	[f.severity | some f in rule.deny] == ["high"] with input as _ref("ExecStart", "0777")
}

test_quiet_for_0755 if {
	count(rule.deny) == 0 with input as _ref("ExecStart", "0755")
}
