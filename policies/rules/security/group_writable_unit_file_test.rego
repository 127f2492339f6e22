package dcos_audit.rules.security.group_writable_unit_file_test

import data.dcos_audit.rules.security.group_writable_unit_file as rule
import data.dcos_audit.test

test_fires_for_group_writable_file if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", [
		{"op": "replace", "path": "/file/mode", "value": "0664"},
		{"op": "replace", "path": "/file/gid", "value": 50},
	])
	test.brief(rule.deny) == {[
		"DCOS-S002", "dcos-net.service", "etc/systemd/system/dcos-net.service",
		"etc/systemd/system/dcos-net.service has mode 0664: writable by group 50",
	]} with input as inp
}

test_quiet_for_0644 if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}

# Writable by others as well is DCOS-S001's finding alone: one per problem.
test_quiet_when_also_world_writable if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", [
		{"op": "replace", "path": "/file/mode", "value": "0666"},
	])
	count(rule.deny) == 0 with input as inp
}
