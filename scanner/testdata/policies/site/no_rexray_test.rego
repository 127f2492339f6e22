package custom.dcos_audit.rules.site.no_rexray_test

import data.custom.dcos_audit.rules.site.no_rexray as rule
import data.dcos_audit.test

test_fires_on_stock_agent if {
	count(rule.deny) == 1 with input as test.correct("slave", "2.2.1")
}

test_quiet_without_rexray if {
	count(rule.deny) == 0 with input as test.without(test.correct("slave", "2.2.1"), "dcos-rexray.service")
}
