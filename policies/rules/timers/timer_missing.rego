# METADATA
# title: Expected timer missing
# description: |
#   A timer that DC/OS installs for the node's role and release is not in
#   dcos.target.wants. Its service is timer-driven (log rotation, resolv.conf
#   generation, post-start checks, ...): without the timer it runs at most
#   once per boot, and the job it does silently stops.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-t001
#     description: DCOS-T001 in the rule reference
# custom:
#   id: DCOS-T001
#   severity: high
#   remediation: Restore the timer with pkgpanda (reinstall or upgrade the node), then check that
#     the job it drives has been running.
#   tags: [timers, units]
package dcos_audit.rules.timers.timer_missing

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), name, lib.wants_path(name), msg) if {
	input.node.wants_dir_found
	some name in lib.required
	endswith(name, ".timer")
	not lib.units_by_name[name]
	service := data.catalog.units[name].timer.triggers
	msg := sprintf("%s is required on a %s at DC/OS %s but is not in dcos.target.wants; %s", [
		name, lib.role_labels[lib.role], lib.catalog_version, _consequence(service),
	])
}

_consequence(service) := sprintf("%s is wanted but nothing triggers it again after boot", [service]) if {
	lib.units_by_name[service]
} else := sprintf("%s, which it triggers, is not wanted either", [service])
