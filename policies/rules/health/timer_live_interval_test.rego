package dcos_audit.rules.health.timer_live_interval_test

import data.dcos_audit.rules.health.timer_live_interval as rule
import data.dcos_audit.test

_live_every(secs) := [{"op": "replace", "path": "/state/timer/monotonic", "value": [
	{"directive": "OnBootSec", "value": "2min", "seconds": 120},
	{"directive": "OnUnitActiveSec", "value": "x", "seconds": secs},
]}]

_file_every(secs) := [{"op": "replace", "path": "/timer/monotonic", "value": [
	{"directive": "OnBootSec", "value": "2min", "seconds": 120},
	{"directive": "OnUnitActiveSec", "value": "x", "seconds": secs},
]}]

test_fires_for_runtime_schedule if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", _live_every(7200))
	test.brief(rule.deny) == {[
		"DCOS-H007", "dcos-logrotate-agent.timer", "etc/systemd/system/dcos.target.wants/dcos-logrotate-agent.timer",
		"systemd runs dcos-logrotate-agent.timer so that it repeats every 2h (OnUnitActiveSec); DC/OS 2.2.1 ships it repeating every 2min (OnUnitActiveSec) (set at runtime, not in the unit files)",
	]} with input as inp
}

test_fires_when_file_changed_without_reload if {
	patch := array.concat(_live_every(7200), [{"op": "add", "path": "/state/need_daemon_reload", "value": true}])
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", patch)
	test.brief(rule.deny) == {[
		"DCOS-H007", "dcos-logrotate-agent.timer", "etc/systemd/system/dcos.target.wants/dcos-logrotate-agent.timer",
		"systemd runs dcos-logrotate-agent.timer so that it repeats every 2h (OnUnitActiveSec); DC/OS 2.2.1 ships it repeating every 2min (OnUnitActiveSec) (its unit file changed since systemd loaded it: run systemctl daemon-reload)",
	]} with input as inp
}

test_quiet_when_the_file_says_so if {
	# DCOS-T003 reports a schedule changed in the unit file
	patch := array.concat(_live_every(7200), _file_every(7200))
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", patch)
	count(rule.deny) == 0 with input as inp
}

test_quiet_within_tolerance if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", _live_every(125))
	count(rule.deny) == 0 with input as inp
}

test_fires_for_calendar_change if {
	inp := test.changed(test.live(test.correct("master", "2.1.2")), "dcos-signal.timer", [{"op": "replace", "path": "/state/timer/calendar", "value": [{"spec": "*-*-* *:00:00", "period_seconds": 3600}]}])
	test.brief(rule.deny) == {[
		"DCOS-H007", "dcos-signal.timer", "etc/systemd/system/dcos.target.wants/dcos-signal.timer",
		"systemd runs dcos-signal.timer so that it repeats every 1h (OnCalendar); DC/OS 2.1.2 ships it repeating every 5min (OnCalendar) (set at runtime, not in the unit files)",
	]} with input as inp
}

test_quiet_on_healthy_live_nodes if {
	every version in data.catalog.releases {
		every role in data.catalog.roles {
			count(rule.deny) == 0 with input as test.live(test.correct(role, version))
		}
	}
}

test_quiet_offline if {
	count(rule.deny) == 0 with input as test.correct("slave", "2.2.1")
}
