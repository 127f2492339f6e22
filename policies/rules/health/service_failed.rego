# METADATA
# title: Wanted service failed
# description: |
#   A service that dcos.target wants is in the failed state: its process
#   exited with an error, was killed, timed out or hit its start limit, and
#   systemd gave up on it. DC/OS's own health check (dcos-diagnostics)
#   counts a failed unit as unhealthy. Live scans only.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-h001
#     description: DCOS-H001 in the rule reference
# custom:
#   id: DCOS-H001
#   severity: high
#   remediation: Read why it failed (systemctl status UNIT, journalctl -u UNIT), fix the cause, then
#     systemctl restart UNIT.
#   tags: [health, units]
#   needs: [runtime_state]
package dcos_audit.rules.health.service_failed

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind == "service"
	u.state.active == "failed"
	msg := sprintf("%s has failed (result %s, exit status %d)", [
		u.name,
		object.get(u.state, ["service", "result"], "unknown"),
		object.get(u.state, ["service", "exec_main_status"], 0),
	])
}
