package dcos_audit.rules.integrity.program_differs_test

import data.dcos_audit.rules.integrity.program_differs as rule
import data.dcos_audit.test

_master := test.correct("master", "2.2.1")

_set(name, section, key, values) := test.changed(_master, name, [
	{"op": "add", "path": concat("/", ["/file/options", section, key]), "value": values},
])

test_fires_for_another_program if {
	test.brief(rule.deny) == {[
		"DCOS-I001", "dcos-mesos-master.service", "etc/systemd/system/dcos-mesos-master.service",
		"dcos-mesos-master.service: ExecStart runs /tmp/.x/mesos-master; DC/OS 2.2.1 ships /opt/mesosphere/packages/mesos/bin/start_mesos.sh",
	]} with input as _set("dcos-mesos-master.service", "Service", "ExecStart", ["/tmp/.x/mesos-master"])
}

test_fires_for_an_added_exec_line if {
	[f.message | some f in rule.deny] == [
		"dcos-marathon.service: ExecStartPost runs /usr/bin/curl; DC/OS 2.2.1 ships no ExecStartPost",
	] with input as _set("dcos-marathon.service", "Service", "ExecStartPost", ["-/usr/bin/curl http://x"])
}

# The build id of a package path is not a difference.
test_quiet_for_the_same_program_of_another_build if {
	inp := _set("dcos-mesos-master.service", "Service", "ExecStart", [concat(" ", [
		"/opt/mesosphere/packages/mesos--0123abcd/bin/start_mesos.sh",
		"/opt/mesosphere/packages/mesos--0123abcd/bin/mesos-master",
	])])
	count(rule.deny) == 0 with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as _master
}
