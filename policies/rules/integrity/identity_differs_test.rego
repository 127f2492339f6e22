package dcos_audit.rules.integrity.identity_differs_test

import data.dcos_audit.rules.integrity.identity_differs as rule
import data.dcos_audit.test

_master := test.correct("master", "2.2.1")

test_fires_when_user_is_removed if {
	inp := test.changed(_master, "dcos-marathon.service", [{"op": "remove", "path": "/file/options/Service/User"}])
	test.brief(rule.deny) == {[
		"DCOS-I003", "dcos-marathon.service", "etc/systemd/system/dcos-marathon.service",
		"dcos-marathon.service runs with no User= (root); DC/OS 2.2.1 ships User=dcos_marathon",
	]} with input as inp
}

test_fires_for_another_group if {
	inp := test.changed(_master, "dcos-marathon.service", [{"op": "add", "path": "/file/options/Service/Group", "value": ["wheel"]}])
	[f.message | some f in rule.deny] == [
		"dcos-marathon.service runs with Group=wheel; DC/OS 2.2.1 ships no Group=",
	] with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as _master
}
