# METADATA
# title: Service keeps crashing
# description: |
#   A service that dcos.target wants is crashing and being restarted: it is
#   waiting for its next restart (activating/auto-restart), or systemd has
#   restarted it at least three times since it was last started by hand or
#   at boot (NRestarts). A flapping DC/OS component is unavailable for part
#   of the time and often fails for the same reason each time. Live scans
#   only.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-h003
#     description: DCOS-H003 in the rule reference
# custom:
#   id: DCOS-H003
#   severity: medium
#   remediation: Read the service's log across restarts (journalctl -u UNIT -b) and fix the cause of
#     the crashes.
#   tags: [health, units]
#   needs: [runtime_state]
package dcos_audit.rules.health.service_flapping

import data.dcos_audit.lib

# Restarts from which a service counts as flapping.
_many := 3

_auto_restart(u) if {
	u.state.active == "activating"
	u.state.sub == "auto-restart"
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind == "service"
	_auto_restart(u)
	msg := sprintf("%s crashed and is waiting to be restarted (activating/auto-restart, result %s, %d restarts so far)", [
		u.name,
		object.get(u.state, ["service", "result"], "unknown"),
		object.get(u.state, ["service", "n_restarts"], 0),
	])
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind == "service"
	not _auto_restart(u)
	n := u.state.service.n_restarts
	n >= _many
	msg := sprintf("%s has been restarted %d times after crashing (now %s/%s)", [u.name, n, u.state.active, u.state.sub])
}
