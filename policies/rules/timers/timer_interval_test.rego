package dcos_audit.rules.timers.timer_interval_test

import data.dcos_audit.lib
import data.dcos_audit.rules.timers.timer_interval as rule
import data.dcos_audit.test

_mono(secs) := [{"op": "replace", "path": "/timer/monotonic", "value": [
	{"directive": "OnBootSec", "value": "2min", "seconds": 120},
	{"directive": "OnUnitActiveSec", "value": "x", "seconds": secs},
]}]

test_fires_for_two_hours_instead_of_two_minutes if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-logrotate-agent.timer", _mono(7200))
	test.brief(rule.deny) == {[
		"DCOS-T003", "dcos-logrotate-agent.timer", "etc/systemd/system/dcos-logrotate-agent.timer",
		"dcos-logrotate-agent.timer repeats every 2h (OnUnitActiveSec); DC/OS 2.2.1 ships it repeating every 2min (OnUnitActiveSec)",
	]} with input as inp
}

test_quiet_within_tolerance if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-logrotate-agent.timer", _mono(125))
	count(rule.deny) == 0 with input as inp
}

test_fires_when_repeat_removed if {
	inp := test.changed(test.correct("slave", "2.2.1"), "dcos-logrotate-agent.timer", [{"op": "replace", "path": "/timer/monotonic", "value": []}])
	test.brief(rule.deny) == {[
		"DCOS-T003", "dcos-logrotate-agent.timer", "etc/systemd/system/dcos-logrotate-agent.timer",
		"dcos-logrotate-agent.timer has no OnUnitActiveSec; DC/OS 2.2.1 ships it repeating every 2min (OnUnitActiveSec)",
	]} with input as inp
}

test_fires_for_calendar_change if {
	inp := test.changed(test.correct("master", "2.1.2"), "dcos-signal.timer", [{"op": "replace", "path": "/timer/calendar", "value": [{"spec": "hourly", "period_seconds": 3600}]}])
	test.brief(rule.deny) == {[
		"DCOS-T003", "dcos-signal.timer", "etc/systemd/system/dcos-signal.timer",
		"dcos-signal.timer repeats every 1h (OnCalendar); DC/OS 2.1.2 ships it repeating every 5min (OnCalendar)",
	]} with input as inp
}

test_fires_for_the_schedule_of_its_release if {
	# the spartan watchdog fired every 5 min until 1.8.3, every 2 min from 1.8.4
	count(rule.deny) == 0 with input as test.correct("master", "1.8.0")
	inp := test.changed(test.correct("master", "1.8.10"), "dcos-spartan-watchdog.timer", [{"op": "replace", "path": "/timer/monotonic", "value": [{"directive": "OnUnitActiveSec", "value": "5min", "seconds": 300}, {"directive": "OnBootSec", "value": "5sec", "seconds": 5}]}])
	count(rule.deny) == 1 with input as inp
}

test_cockroach_config_change_keeps_on_boot_until_2_1_2 if {
	# OnBootSec went in 2.1.2 ("Timeout CockroachDB configuration in
	# post-start step", dcos/dcos CHANGES.md); 2.1.1 still ships it
	lib.expected_schedule(_cockroach).monotonic == {"OnBootSec": 5, "OnStartupSec": 300, "OnUnitActiveSec": 600} with input as test.correct("master", "2.1.1")
	lib.expected_schedule(_cockroach).monotonic == {"OnStartupSec": 300, "OnUnitActiveSec": 600} with input as test.correct("master", "2.1.2")
	lib.expected_schedule(_cockroach).monotonic == {"OnUnitActiveSec": 600} with input as test.correct("master", "2.2.0")
	count(rule.deny) == 0 with input as test.correct("master", "2.1.1")
}

_cockroach := "dcos-cockroachdb-config-change.timer"
