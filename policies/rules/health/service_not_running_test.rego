package dcos_audit.rules.health.service_not_running_test

import data.dcos_audit.rules.health.service_not_running as rule
import data.dcos_audit.test

_stopped(status) := [
	{"op": "replace", "path": "/state/active", "value": "inactive"},
	{"op": "replace", "path": "/state/sub", "value": "dead"},
	{"op": "replace", "path": "/state/service/main_pid", "value": 0},
	{"op": "replace", "path": "/state/service/exec_main_status", "value": status},
]

test_fires_when_restart_always_daemon_is_inactive if {
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-pkgpanda-api.service", _stopped(0))
	test.brief(rule.deny) == {[
		"DCOS-H002", "dcos-pkgpanda-api.service", "etc/systemd/system/dcos.target.wants/dcos-pkgpanda-api.service",
		"dcos-pkgpanda-api.service is not running (inactive/dead, last exit status 0) although it is a long-running service (Type=simple, Restart=always)",
	]} with input as inp
}

test_fires_when_simple_service_was_stopped if {
	patch := array.concat(_stopped(15), [{"op": "replace", "path": "/state/service/restart", "value": "no"}])
	inp := test.changed(test.live(test.correct("master", "2.2.1")), "dcos-bouncer-migrate-users.service", patch)
	test.brief(rule.deny) == {[
		"DCOS-H002", "dcos-bouncer-migrate-users.service", "etc/systemd/system/dcos.target.wants/dcos-bouncer-migrate-users.service",
		"dcos-bouncer-migrate-users.service is not running (inactive/dead, last exit status 15) although it is a long-running service (Type=simple, Restart=no)",
	]} with input as inp
}

test_quiet_when_one_off_job_ended_well if {
	# dcos-bouncer-migrate-users runs a migration and exits 0 (Restart=on-failure)
	patch := array.concat(_stopped(0), [{"op": "replace", "path": "/state/service/restart", "value": "on-failure"}])
	inp := test.changed(test.live(test.correct("master", "2.2.1")), "dcos-bouncer-migrate-users.service", patch)
	count(rule.deny) == 0 with input as inp
}

test_quiet_when_condition_not_met if {
	# Calico is off: ConditionPathExists= fails and systemd skips the daemon
	patch := array.concat(_stopped(0), [{"op": "add", "path": "/state/condition_failed", "value": true}])
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-calico-felix.service", patch)
	count(rule.deny) == 0 with input as inp
}

test_quiet_for_timer_driven_service if {
	patch := array.concat(_stopped(0), [{"op": "replace", "path": "/state/service/type", "value": "simple"}])
	inp := test.changed(test.live(test.correct("slave", "2.2.1")), "dcos-gen-resolvconf.service", patch)
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
