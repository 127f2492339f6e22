package dcos_audit.rules.integrity.socket_wider_test

import data.dcos_audit.rules.integrity.socket_wider as rule
import data.dcos_audit.test

_master := test.correct("master", "2.2.1")

_socket(patch) := test.changed(_master, "dcos-diagnostics.socket", patch)

test_fires_for_a_wider_mode if {
	test.brief(rule.deny) == {[
		"DCOS-I004", "dcos-diagnostics.socket", "etc/systemd/system/dcos-diagnostics.socket",
		"dcos-diagnostics.socket has SocketMode=0666; DC/OS 2.2.1 ships SocketMode=0660",
	]} with input as _socket([{"op": "replace", "path": "/file/options/Socket/SocketMode", "value": ["0666"]}])
}

# No SocketMode= is systemd's default, 0666.
test_fires_without_mode if {
	count(rule.deny) == 1 with input as _socket([{"op": "remove", "path": "/file/options/Socket/SocketMode"}])
}

test_fires_for_another_group if {
	[f.message | some f in rule.deny] == [
		"dcos-diagnostics.socket has SocketGroup=users; DC/OS 2.2.1 ships SocketGroup=dcos_adminrouter",
	] with input as _socket([{"op": "replace", "path": "/file/options/Socket/SocketGroup", "value": ["users"]}])
}

# A narrower mode is not wider.
test_quiet_for_a_narrower_mode if {
	count(rule.deny) == 0 with input as _socket([{"op": "replace", "path": "/file/options/Socket/SocketMode", "value": ["0600"]}])
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as _master
}
