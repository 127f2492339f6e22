package dcos_audit.rules.integrity.environment_added_test

import data.dcos_audit.rules.integrity.environment_added as rule
import data.dcos_audit.test

_master := test.correct("master", "2.2.1")

_add(key, values) := test.changed(_master, "dcos-exhibitor.service", [
	{"op": "add", "path": concat("/", ["/file/options/Service", key]), "value": values},
])

test_fires_high_for_a_loader_variable if {
	[[f.severity, f.message] | some f in rule.deny] == [[
		"high",
		"dcos-exhibitor.service sets LD_PRELOAD, which changes what the service loads or runs; DC/OS 2.2.1 does not set it",
	]] with input as _add("Environment", ["AWS_REGION=x LD_PRELOAD=/usr/lib/x.so"])
}

test_fires_medium_for_an_added_environment_file if {
	[f.severity | some f in rule.deny] == ["medium"] with input as _add("EnvironmentFile", ["/tmp/env"])
}

# Other variables are the drop-in's business (DCOS-F005), not this rule's.
test_quiet_for_other_variables if {
	count(rule.deny) == 0 with input as _add("Environment", ["AWS_SECRET_ACCESS_KEY=<redacted> TZ=UTC"])
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as _master
}
