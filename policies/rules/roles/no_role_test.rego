package dcos_audit.rules.roles.no_role_test

import data.dcos_audit.rules.roles.no_role as rule
import data.dcos_audit.test

_roles(r) := test.with_node(test.correct("slave", "2.2.1"), [{"op": "replace", "path": "/roles", "value": r}])

test_fires_without_role_file if {
	test.brief(rule.deny) == {[
		"DCOS-R001", "", "etc/mesosphere/roles",
		"audit incomplete: etc/mesosphere/roles holds no role file (master, slave or slave_public); unit-set checks not run",
	]} with input as _roles([])
}

test_fires_with_only_cloud_markers if {
	test.brief(rule.deny) == {[
		"DCOS-R001", "", "etc/mesosphere/roles",
		"audit incomplete: etc/mesosphere/roles holds aws but no role file (master, slave or slave_public); unit-set checks not run",
	]} with input as _roles(["aws"])
}

test_quiet_with_one_role_and_marker if {
	count(rule.deny) == 0 with input as _roles(["aws", "slave"])
}
