package dcos_audit.main_test

import data.dcos_audit.main
import data.dcos_audit.test

# Every role at every catalogued release comes out without a finding.
test_quiet_on_correct_nodes if {
	every version in data.catalog.releases {
		every role in data.catalog.roles {
			count(main.findings) == 0 with input as test.correct(role, version)
		}
	}
}

test_quiet_on_first_release if {
	every role in data.catalog.roles {
		count(main.findings) == 0 with input as test.correct(role, data.catalog.oldest)
	}
}

test_result_carries_profile if {
	r := main.result with input as test.correct("slave", "2.1.2")
	r.profile == {"role": "slave", "dcos_version": "2.1.2", "catalog_version": "2.1.2", "note": "role from etc/mesosphere/roles, release from opt/mesosphere/etc/dcos-version.json"}
}

test_profile_without_role_or_version if {
	inp := test.with_node(test.correct("slave", "2.2.1"), [
		{"op": "replace", "path": "/roles", "value": ["slave", "master"]},
		{"op": "replace", "path": "/version", "value": ""},
	])
	r := main.result with input as inp
	r.profile == {"role": "", "dcos_version": "", "catalog_version": "", "note": "no single DC/OS role recorded: unit-set checks not run (pass --role)"}
}

# Only the rule packages the scanner lists for the source's kind are
# evaluated: here an unknown unit (DCOS-U004) on a node whose source only
# the timer rules are listed for draws nothing; listed, it draws its finding.
test_only_runnable_packages_are_evaluated if {
	inp := test.plus(test.correct("slave", "2.2.1"), test.unit("site-agent.service", "2.2.1"))
	_rule_ids(main.findings) == {"DCOS-U004"} with input as inp
	_rule_ids(main.findings) == set() with input as inp
		with data.scan.runnable as {"rootfs": {"builtin": [["timers", "timer_missing"]], "custom": []}}
	_rule_ids(main.findings) == {"DCOS-U004"} with input as inp
		with data.scan.runnable as {"rootfs": {"builtin": [["units", "unknown_unit"]], "custom": []}}
}

_rule_ids(findings) := {f.rule_id | some f in findings}
