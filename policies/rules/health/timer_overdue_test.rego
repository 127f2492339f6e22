package dcos_audit.rules.health.timer_overdue_test

import data.dcos_audit.rules.health.timer_overdue as rule
import data.dcos_audit.test

# gathered_at of test.correct, in µs
_now := time.parse_rfc3339_ns("2026-01-01T00:00:00Z") / 1000

_minutes(n) := n * 60000000

_last(inp, name, usec) := test.changed(inp, name, [{"op": "replace", "path": "/state/timer/last_trigger_usec", "value": usec}])

_started(inp, usec) := test.with_node(inp, [{"op": "replace", "path": "/manager/userspace_timestamp_usec", "value": usec}])

test_fires_when_never_fired_long_after_start if {
	inp := _last(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", 0)
	test.brief(rule.deny) == {[
		"DCOS-H006", "dcos-logrotate-agent.timer", "etc/systemd/system/dcos.target.wants/dcos-logrotate-agent.timer",
		"dcos-logrotate-agent.timer has never fired since the manager started 1h ago, although it repeats every 2min",
	]} with input as inp
}

test_quiet_when_never_fired_soon_after_start if {
	# OnBootSec=2min plus three 2min intervals have not passed yet
	inp := _started(_last(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", 0), _now - _minutes(7))
	count(rule.deny) == 0 with input as inp
}

test_fires_when_overdue if {
	inp := _last(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", _now - _minutes(10))
	test.brief(rule.deny) == {[
		"DCOS-H006", "dcos-logrotate-agent.timer", "etc/systemd/system/dcos.target.wants/dcos-logrotate-agent.timer",
		"dcos-logrotate-agent.timer last fired 10min ago, although it repeats every 2min",
	]} with input as inp
}

test_quiet_within_three_intervals if {
	inp := _last(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", _now - _minutes(5))
	count(rule.deny) == 0 with input as inp
}

test_fires_for_calendar_timer if {
	# OnCalendar=minutely
	inp := _last(test.live(test.correct("slave", "2.2.1")), "dcos-checks-poststart.timer", _now - _minutes(4))
	test.brief(rule.deny) == {[
		"DCOS-H006", "dcos-checks-poststart.timer", "etc/systemd/system/dcos.target.wants/dcos-checks-poststart.timer",
		"dcos-checks-poststart.timer last fired 4min ago, although it repeats every 1min",
	]} with input as inp
}

test_quiet_for_inactive_timer if {
	inp := test.changed(_last(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", 0), "dcos-logrotate-agent.timer", [{"op": "replace", "path": "/state/active", "value": "inactive"}])
	count(rule.deny) == 0 with input as inp
}

test_quiet_without_repeating_trigger if {
	inp := test.changed(_last(test.live(test.correct("slave", "2.2.1")), "dcos-logrotate-agent.timer", 0), "dcos-logrotate-agent.timer", [{"op": "replace", "path": "/state/timer/monotonic", "value": [{"directive": "OnBootSec", "value": "2min", "seconds": 120}]}])
	count(rule.deny) == 0 with input as inp
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
