package dcos_audit.rules.wiring.drop_in_test

import data.dcos_audit.rules.wiring.drop_in as rule
import data.dcos_audit.test

test_fires_per_drop_in if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-mesos-slave.service", [{"op": "replace", "path": "/file/drop_ins", "value": [
		{"path": "etc/systemd/system/dcos-mesos-slave.service.d/override.conf", "mode": "0644", "uid": 0, "gid": 0},
	]}])
	test.brief(rule.deny) == {[
		"DCOS-F005", "dcos-mesos-slave.service", "etc/systemd/system/dcos-mesos-slave.service.d/override.conf",
		"dcos-mesos-slave.service is changed by the drop-in etc/systemd/system/dcos-mesos-slave.service.d/override.conf",
	]} with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
