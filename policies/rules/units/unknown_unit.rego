# METADATA
# title: Unit unknown to the catalog
# description: |
#   dcos.target.wants holds a unit that no DC/OS release of the catalog
#   installs and that is not a known optional unit (installer, cloud template
#   or DC/OS Enterprise). Something outside pkgpanda added it to DC/OS's
#   target; it may be legitimate site tooling, or not.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-u004
#     description: DCOS-U004 in the rule reference
# custom:
#   id: DCOS-U004
#   severity: low
#   remediation: Find out who added the unit and why; move site units to a target of their own, or
#     accept it with a waiver.
#   tags: [units]
package dcos_audit.rules.units.unknown_unit

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind != ""
	not data.catalog.units[u.name]
	not lib.optional(u.name)
	msg := sprintf("%s is not a DC/OS unit of any catalogued release (%s to %s)%s", [
		u.name, data.catalog.oldest, lib.newest, _runs(u),
	])
}

# What it runs, for the reviewer.
_runs(u) := sprintf("; it runs %s", [concat(", ", sort({r.path | some r in lib.programs(u)}))]) if {
	count(lib.programs(u)) > 0
} else := ""
