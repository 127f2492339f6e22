package dcos_audit.rules.version.version_approximated_test

import data.dcos_audit.lib
import data.dcos_audit.rules.version.version_approximated as rule
import data.dcos_audit.test

_version(v) := test.with_node(test.correct("slave", "2.1.2"), [{"op": "replace", "path": "/version", "value": v}])

test_fires_for_later_patch_release if {
	test.brief(rule.deny) == {[
		"DCOS-V003", "", "opt/mesosphere/etc/dcos-version.json",
		"DC/OS 2.1.4-dev is not in the catalog; compared with 2.1.2",
	]} with input as _version("2.1.4-dev")
}

# A line the catalog does not know is not approximated (DCOS-V002 fires).
test_newer_line_is_not_approximated if {
	not lib.catalog_version with input as _version("2.3.0")
	count(rule.deny) == 0 with input as _version("3.0.0")
}

# A four-part hotfix compares as its release.
test_hotfix_compares_as_its_release if {
	lib.catalog_version == "1.10.5" with input as _version("1.10.5.1")
	lib.version_core == "1.11.9" with input as _version("1.11.9.1")
}

test_clamps_within_its_line if {
	lib.catalog_version == "1.13.9" with input as _version("1.13.11")
	lib.catalog_version == "1.11.13" with input as _version("1.11.14")
}

test_quiet_for_catalogued_releases if {
	every v in ["1.8.0", "1.8.5", "2.1.2"] {
		count(rule.deny) == 0 with input as _version(v)
	}
}

test_fires_without_path_for_flag_version if {
	inp := test.with_node(_version("2.1.4-dev"), [{"op": "replace", "path": "/version_from", "value": "flag"}])
	[f.path | some f in rule.deny] == [""] with input as inp
}
