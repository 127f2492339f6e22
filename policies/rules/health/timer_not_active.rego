# METADATA
# title: Wanted timer not active
# description: |
#   A timer that dcos.target wants is loaded but not active and waiting (or
#   running its job): the periodic job it drives (log rotation, resolv.conf
#   generation, checks, garbage collection) no longer runs. Not reported for
#   DC/OS's own quirk: on 1.8-1.13 agents dcos-signal.timer is wanted but
#   the dcos-signal.service it triggers is only installed on masters, so the
#   timer cannot start; DC/OS itself counts that as healthy. Live scans
#   only.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-h005
#     description: DCOS-H005 in the rule reference
# custom:
#   id: DCOS-H005
#   severity: high
#   remediation: Find out why it stopped (systemctl status TIMER), then systemctl start TIMER; check
#     that the unit it triggers exists.
#   tags: [health, timers]
#   needs: [runtime_state]
package dcos_audit.rules.health.timer_not_active

import data.dcos_audit.lib

_scheduled(s) if {
	s.active == "active"
	s.sub in {"waiting", "running"}
}

# The timer triggers a unit that the node's role does not get at its release.
_triggers_other_role(name) if {
	expected := lib.expected
	t := data.catalog.units[name].timer.triggers
	not t in expected
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind == "timer"
	u.state.load == "loaded"
	not _scheduled(u.state)
	not _triggers_other_role(u.name)
	msg := sprintf("%s is %s/%s, not waiting: %s is no longer started on schedule", [
		u.name, u.state.active, u.state.sub,
		object.get(u.state, ["timer", "unit"], "the unit it triggers"),
	])
}
