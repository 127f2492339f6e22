package dcos_audit.rules.health.diagnostics_unhealthy_test

import data.dcos_audit.rules.health.diagnostics_unhealthy as rule
import data.dcos_audit.test

_health(status, output) := [{"op": "add", "path": "/health", "value": {
	"status": status, "output": output,
	"from": "dcos-diagnostics-health.json",
}}]

test_fires_when_dcos_reports_unhealthy if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", _health("unhealthy", "Unit dcos-net.service is dead\n"))
	test.brief(rule.deny) == {[
		"DCOS-H010", "dcos-net.service", "etc/systemd/system/dcos.target.wants/dcos-net.service",
		"DC/OS reports dcos-net.service unhealthy (dcos-diagnostics-health.json): Unit dcos-net.service is dead",
	]} with input as inp
}

test_fires_without_explanation if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", _health("unhealthy", ""))
	test.brief(rule.deny) == {[
		"DCOS-H010", "dcos-net.service", "etc/systemd/system/dcos.target.wants/dcos-net.service",
		"DC/OS reports dcos-net.service unhealthy (dcos-diagnostics-health.json)",
	]} with input as inp
}

test_quiet_when_healthy_or_unknown if {
	every status in ["healthy", "unknown"] {
		inp := test.changed(test.correct("slave", "2.2.1"), "dcos-net.service", _health(status, ""))
		count(rule.deny) == 0 with input as inp
	}
}

test_quiet_without_a_health_report if {
	count(rule.deny) == 0 with input as test.correct("master", "2.2.1")
}
