# METADATA
# title: Wanted socket not listening
# description: |
#   A socket unit that dcos.target wants is loaded but neither listening nor
#   passing connections to its running service (active/listening or
#   active/running): clients of the DC/OS component behind it (Admin Router,
#   the checks, logs and metrics APIs, Mesos executors) cannot connect. Live
#   scans only.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-h008
#     description: DCOS-H008 in the rule reference
# custom:
#   id: DCOS-H008
#   severity: high
#   remediation: Read why the socket did not start (systemctl status SOCKET; the path may be in use
#     or its directory missing), fix it, then systemctl start SOCKET.
#   tags: [health, units]
#   needs: [runtime_state]
package dcos_audit.rules.health.socket_not_listening

import data.dcos_audit.lib

_listening(s) if {
	s.active == "active"
	s.sub in {"listening", "running"}
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind == "socket"
	u.state.load == "loaded"
	not _listening(u.state)
	msg := sprintf("%s is %s/%s, not listening on %s", [
		u.name, u.state.active, u.state.sub,
		concat(", ", object.get(u.state, ["socket", "listen"], [])),
	])
}
