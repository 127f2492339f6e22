package dcos_audit.rules.roles.conflicting_roles_test

import data.dcos_audit.rules.roles.conflicting_roles as rule
import data.dcos_audit.test

_roles(r) := test.with_node(test.correct("slave", "2.2.1"), [{"op": "replace", "path": "/roles", "value": r}])

test_fires_with_two_roles if {
	test.brief(rule.deny) == {[
		"DCOS-R002", "", "etc/mesosphere/roles",
		"audit incomplete: etc/mesosphere/roles holds 2 roles: slave, slave_public; a node has exactly one, so unit-set checks were not run",
	]} with input as _roles(["slave", "slave_public"])
}

test_quiet_with_one_role if {
	count(rule.deny) == 0 with input as _roles(["slave_public", "azure"])
}
