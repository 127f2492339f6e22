# METADATA
# title: Long-running service not running
# description: |
#   A daemon that dcos.target wants is inactive although its start
#   conditions were met: a service with Restart=always, or a simple, exec,
#   notify, dbus or forking service that did not end with exit status 0, and
#   that no DC/OS timer starts. Someone stopped it, or it exited and systemd
#   was told not to restart it. Services that run on a timer (log rotation,
#   resolv.conf generation, checks), feature-gated services whose
#   ConditionPathExists= is not met (Calico, Docker GC) and one-off jobs that
#   ended with status 0 are inactive by design and are not reported. Live
#   scans only.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-h002
#     description: DCOS-H002 in the rule reference
# custom:
#   id: DCOS-H002
#   severity: high
#   remediation: Find out why it stopped (systemctl status UNIT, journalctl -u UNIT), then systemctl
#     start UNIT.
#   tags: [health, units]
#   needs: [runtime_state]
package dcos_audit.rules.health.service_not_running

import data.dcos_audit.lib

# Services started by a timer: in the catalog, in the timers' unit files,
# or as the manager reports them.
_timer_driven contains t.timer.triggers if some t in data.catalog.units

_timer_driven contains u.timer.unit if some u in input.units

_timer_driven contains u.state.timer.unit if some u in input.units

_daemon_types := {"simple", "exec", "notify", "notify-reload", "dbus", "forking"}

_long_running(s) if s.restart == "always"

_long_running(s) if {
	s.type in _daemon_types
	not _ran_to_completion(s)
}

_ran_to_completion(s) if {
	s.result == "success"
	s.exec_main_status == 0
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.kind == "service"
	u.state.active == "inactive"
	not u.state.condition_failed
	not u.name in _timer_driven
	s := u.state.service
	_long_running(s)
	msg := sprintf(
		"%s is not running (inactive/%s, last exit status %d) although it is a long-running service (Type=%s, Restart=%s)",
		[u.name, u.state.sub, s.exec_main_status, s.type, s.restart],
	)
}
