package dcos_audit.rules.integrity.arguments_differ_test

import data.dcos_audit.rules.integrity.arguments_differ as rule
import data.dcos_audit.test

_master := test.correct("master", "2.2.1")

_exec(v) := test.changed(_master, "dcos-mesos-master.service", [
	{"op": "replace", "path": "/file/options/Service/ExecStart", "value": [v]},
])

test_fires_for_other_arguments if {
	test.brief(rule.deny) == {[
		"DCOS-I002", "dcos-mesos-master.service", "etc/systemd/system/dcos-mesos-master.service",
		concat("", [
			`dcos-mesos-master.service: ExecStart runs "/opt/mesosphere/packages/mesos/bin/start_mesos.sh /bin/sh"; `,
			`DC/OS 2.2.1 ships "/opt/mesosphere/packages/mesos/bin/start_mesos.sh `,
			`/opt/mesosphere/packages/mesos/bin/mesos-master"`,
		]),
	]} with input as _exec("/opt/mesosphere/packages/mesos--1/bin/start_mesos.sh /bin/sh")
}

# Spacing and systemd's prefixes are not arguments.
test_quiet_for_other_spacing if {
	v := "-/opt/mesosphere/packages/mesos/bin/start_mesos.sh    /opt/mesosphere/packages/mesos/bin/mesos-master"
	count(rule.deny) == 0 with input as _exec(v)
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as _master
}
