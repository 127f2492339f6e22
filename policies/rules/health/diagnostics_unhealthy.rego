# METADATA
# title: DC/OS reports a wanted unit unhealthy
# description: |
#   DC/OS's own health check (dcos-diagnostics, whose report a diagnostics
#   bundle holds) found a unit that dcos.target wants unhealthy: not loaded,
#   in no running state, its main process exited with an error, flapping,
#   or inactive. The UI and `dcos node diagnostics` show the same. The
#   finding quotes the report's explanation. Diagnostics bundles only: a
#   live scan judges systemd's state itself (DCOS-H001 to DCOS-H009).
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-h010
#     description: DCOS-H010 in the rule reference
# custom:
#   id: DCOS-H010
#   severity: high
#   remediation: On the node, read why (systemctl status UNIT, journalctl -u UNIT), fix the cause,
#     then systemctl restart UNIT; a new bundle shows whether DC/OS now counts it healthy.
#   tags: [health, units]
#   needs: [unit_health]
package dcos_audit.rules.health.diagnostics_unhealthy

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.health.status == "unhealthy"
	msg := sprintf("DC/OS reports %s unhealthy (%s)%s", [u.name, u.health.from, _why(u.health)])
}

_why(h) := sprintf(": %s", [trim_space(h.output)]) if trim_space(object.get(h, "output", "")) != ""

else := ""
