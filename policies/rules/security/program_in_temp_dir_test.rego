package dcos_audit.rules.security.program_in_temp_dir_test

import data.dcos_audit.rules.security.program_in_temp_dir as rule
import data.dcos_audit.test

_runs(ref) := test.changed(test.correct("master", "2.2.1"), "dcos-mesos-master.service", [
	{"op": "add", "path": "/file/referenced", "value": [ref]},
])

test_fires_for_program_in_tmp if {
	test.brief(rule.deny) == {[
		"DCOS-S003", "dcos-mesos-master.service", "etc/systemd/system/dcos-mesos-master.service",
		"dcos-mesos-master.service runs /tmp/.x/mesos-master (ExecStart) from a temporary directory",
	]} with input as _runs({"directive": "ExecStart", "path": "/tmp/.x/mesos-master", "status": "missing"})
}

test_fires_for_world_writable_directory if {
	ref := {
		"directive": "ExecStartPre", "path": "/opt/tools/x", "status": "ok", "resolved": "opt/tools/x",
		"stat": {"mode": "0755", "uid": 0, "gid": 0, "dir_mode": "0777", "dir_uid": 0},
	}
	test.brief(rule.deny) == {[
		"DCOS-S003", "dcos-mesos-master.service", "etc/systemd/system/dcos-mesos-master.service",
		"dcos-mesos-master.service runs /opt/tools/x (ExecStartPre) from a directory writable by every user (mode 0777)",
	]} with input as _runs(ref)
}

test_quiet_for_dcos_programs if {
	ref := {
		"directive": "ExecStart", "path": "/opt/mesosphere/bin/mesos-master", "status": "ok",
		"resolved": "opt/mesosphere/bin/mesos-master",
		"stat": {"mode": "0755", "uid": 0, "gid": 0, "dir_mode": "0755", "dir_uid": 0},
	}
	count(rule.deny) == 0 with input as _runs(ref)
	count(rule.deny) == 0 with input as test.correct("master", "2.2.1")
}

# /tmpfoo is not /tmp.
test_quiet_for_lookalike_prefix if {
	count(rule.deny) == 0 with input as _runs({"directive": "ExecStart", "path": "/tmpfoo/x", "status": "missing"})
}
