package dcos_audit.rules.security.writable_unit_file_test

import data.dcos_audit.rules.security.writable_unit_file as rule
import data.dcos_audit.test

test_fires_for_world_writable_file if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", [{"op": "replace", "path": "/file/mode", "value": "0666"}])
	test.brief(rule.deny) == {[
		"DCOS-S001", "dcos-net.service", "etc/systemd/system/dcos-net.service",
		"etc/systemd/system/dcos-net.service has mode 0666: writable by every user",
	]} with input as inp
}

test_fires_for_world_writable_drop_in if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", [{"op": "replace", "path": "/file/drop_ins", "value": [
		{"path": "etc/systemd/system/dcos-net.service.d/a.conf", "mode": "0602", "uid": 0, "gid": 0},
	]}])
	count(rule.deny) == 1 with input as inp
}

test_quiet_for_group_writable if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", [{"op": "replace", "path": "/file/mode", "value": "0664"}])
	count(rule.deny) == 0 with input as inp
}
