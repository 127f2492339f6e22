package dcos_audit.rules.security.telemetry_test

import data.dcos_audit.rules.security.telemetry as rule
import data.dcos_audit.test

signal(enabled) := [{"op": "add", "path": "/telemetry", "value": {
	"from": "opt/mesosphere/etc/dcos-signal-config.json",
	"enabled": enabled,
}}]

test_fires_on_agent_when_enabled if {
	inp := test.with_node(test.correct("slave", "2.1.2"), signal("true"))
	test.brief(rule.deny) == {[
		"DCOS-S008", "", "opt/mesosphere/etc/dcos-signal-config.json",
		`opt/mesosphere/etc/dcos-signal-config.json sets "enabled": "true": DC/OS 2.1.2's dcos-signal reports cluster usage to the vendor`,
	]} with input as inp
}

test_fires_on_oldest_release if {
	count(rule.deny) == 1 with input as test.with_node(test.correct("master", "1.8.0"), signal("true"))
}

test_quiet_when_disabled if {
	count(rule.deny) == 0 with input as test.with_node(test.correct("master", "2.1.2"), signal("false"))
}

test_quiet_without_config if {
	count(rule.deny) == 0 with input as test.correct("master", "2.1.2")
}

test_quiet_on_release_without_signal if {
	count(rule.deny) == 0 with input as test.with_node(test.correct("master", "2.2.1"), signal("true"))
}
