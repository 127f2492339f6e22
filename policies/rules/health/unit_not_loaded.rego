# METADATA
# title: Required unit not loaded
# description: |
#   A unit that the node's role requires at its DC/OS release is wanted, but
#   systemd cannot load it: no unit file where systemd looks (LoadState
#   not-found), masked, a setting systemd rejects (bad-setting), or a load
#   error. dcos.target starts without it. (On DC/OS 1.8-1.13 agents
#   dcos-signal.timer triggers a dcos-signal.service that agents do not
#   have; that service is not required on agents and is not reported.) Live
#   scans only.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-h004
#     description: DCOS-H004 in the rule reference
# custom:
#   id: DCOS-H004
#   severity: high
#   remediation: Unmask the unit (systemctl unmask UNIT), or restore its unit file from its package,
#     fix the setting systemctl status reports, then systemctl daemon-reload and start it.
#   tags: [health, units]
#   needs: [runtime_state]
package dcos_audit.rules.health.unit_not_loaded

import data.dcos_audit.lib

_why := {
	"not-found": "there is no unit file for it where systemd looks (LoadState not-found)",
	"masked": "it is masked",
	"bad-setting": "its unit file has a setting systemd rejects (LoadState bad-setting)",
	"error": "loading it failed (LoadState error)",
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.name in lib.required
	why := _why[u.state.load]
	msg := sprintf("%s is required on a %s at DC/OS %s, but systemd cannot load it: %s", [
		u.name, lib.role_labels[lib.role], lib.catalog_version, why,
	])
}
