package dcos_audit.rules.waivers.waiver_expired_test

import data.dcos_audit.rules.waivers.waiver_expired as rule
import data.dcos_audit.test

# The findings come from dcos-audit, not from Rego: the rule never fires.
test_quiet_on_any_node if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
