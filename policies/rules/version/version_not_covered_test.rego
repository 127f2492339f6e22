package dcos_audit.rules.version.version_not_covered_test

import data.dcos_audit.rules.version.version_not_covered as rule
import data.dcos_audit.test

_version(v) := test.with_node(test.correct("slave", "2.2.1"), [{"op": "replace", "path": "/version", "value": v}])

test_fires_for_older_release if {
	test.brief(rule.deny) == {[
		"DCOS-V002", "", "opt/mesosphere/etc/dcos-version.json",
		`audit incomplete: DC/OS "1.7.3" is not covered by the catalog (releases 1.8.0 to 2.2.1); unit-set and timer checks not run`,
	]} with input as _version("1.7.3")
}

test_fires_for_garbage if {
	count(rule.deny) == 1 with input as _version("latest")
}

# A release line the catalog does not know is not guessed from another's.
test_fires_for_unknown_line if {
	every v in ["2.3.0", "3.0.0", "9.9.9"] {
		count(rule.deny) == 1 with input as _version(v)
	}
}

test_quiet_for_catalogued_or_later_patch if {
	every v in ["1.8.0", "1.11.5", "2.2.1", "2.2.7", "2.1.4-dev", "1.10.5.1", "1.9"] {
		count(rule.deny) == 0 with input as _version(v)
	}
}
