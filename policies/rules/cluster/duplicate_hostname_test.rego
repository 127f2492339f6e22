package dcos_audit.rules.cluster.duplicate_hostname_test

import data.dcos_audit.cluster_test_fixtures as fx
import data.dcos_audit.rules.cluster.duplicate_hostname as rule
import data.dcos_audit.test

test_fires_on_duplicate if {
	inp := fx.nodes(fx.healthy)
	dup := json.patch(inp, [{"op": "replace", "path": "/nodes/4/hostname", "value": "a1"}])
	test.brief(rule.deny) == {["DCOS-C007", "", "", "2 nodes report hostname a1: a1.json, p1.json"]} with input as dup
}

test_quiet_on_healthy_cluster if {
	count(rule.deny) == 0 with input as fx.nodes(fx.healthy)
}

test_fires_on_duplicate_ip if {
	inp := json.patch(fx.nodes(fx.healthy), [
		{"op": "replace", "path": "/nodes/0/ip", "value": "10.0.0.1"},
		{"op": "replace", "path": "/nodes/3/ip", "value": "10.0.0.1"},
		{"op": "replace", "path": "/nodes/4/ip", "value": "10.0.0.5"},
	])
	test.brief(rule.deny) == {["DCOS-C007", "", "", "2 nodes report IP address 10.0.0.1: a1, m1"]} with input as inp
}
