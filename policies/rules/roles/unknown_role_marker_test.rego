package dcos_audit.rules.roles.unknown_role_marker_test

import data.dcos_audit.rules.roles.unknown_role_marker as rule
import data.dcos_audit.test

_roles(r) := test.with_node(test.correct("master", "2.2.1"), [{"op": "replace", "path": "/roles", "value": r}])

test_fires_for_unknown_file if {
	test.brief(rule.deny) == {[
		"DCOS-R003", "", "etc/mesosphere/roles/agent",
		"etc/mesosphere/roles/agent is not a DC/OS role or known marker",
	]} with input as _roles(["agent", "master"])
}

test_quiet_for_cloud_markers if {
	count(rule.deny) == 0 with input as _roles(["aws", "aws_master", "master"])
}
