package dcos_audit.rules.units.required_unit_missing_test

import data.dcos_audit.rules.units.required_unit_missing as rule
import data.dcos_audit.test

test_fires_when_required_service_missing if {
	inp := test.without(test.correct("slave", "2.2.1"), "dcos-net.service")
	test.brief(rule.deny) == {[
		"DCOS-U001", "dcos-net.service", "etc/systemd/system/dcos.target.wants/dcos-net.service",
		"dcos-net.service is required on a private agent (slave) at DC/OS 2.2.1 but is not in dcos.target.wants",
	]} with input as inp
}

test_fires_for_the_release_not_the_line if {
	# dcos-diagnostics-mesos-state.* exist in 1.13.4+ but not 1.13.0–1.13.3.
	inp := test.without(test.correct("master", "1.13.4"), "dcos-diagnostics-mesos-state.service")
	count(rule.deny) == 1 with input as inp
	count(rule.deny) == 0 with input as test.correct("master", "1.13.3")
}

test_quiet_for_missing_timer if {
	# timers are DCOS-T001's
	count(rule.deny) == 0 with input as test.without(test.correct("slave", "2.2.1"), "dcos-logrotate-agent.timer")
}

test_quiet_without_role if {
	inp := test.with_node(test.without(test.correct("slave", "2.2.1"), "dcos-net.service"), [{"op": "replace", "path": "/roles", "value": []}])
	count(rule.deny) == 0 with input as inp
}

test_quiet_without_wants_dir if {
	inp := test.with_node(test.correct("slave", "2.2.1"), [{"op": "replace", "path": "/wants_dir_found", "value": false}])
	count(rule.deny) == 0 with input as json.patch(inp, [{"op": "replace", "path": "/units", "value": []}])
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as test.correct("master", "1.9.10")
}

test_quiet_for_unit_a_site_made_optional if {
	inp := test.without(test.correct("slave", "2.2.1"), "dcos-rexray.service")
	count(rule.deny) == 0 with input as inp with data.catalog.units["dcos-rexray.service"].required as false
}
