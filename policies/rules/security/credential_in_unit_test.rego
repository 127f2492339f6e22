package dcos_audit.rules.security.credential_in_unit_test

import data.dcos_audit.rules.security.credential_in_unit as rule
import data.dcos_audit.test

_master := test.correct("master", "2.2.1")

test_fires_for_a_credential_in_environment if {
	inp := test.changed(_master, "dcos-exhibitor.service", [{"op": "add", "path": "/file/options/Service/Environment", "value": [
		"AWS_SECRET_ACCESS_KEY=<redacted> AWS_REGION=us-east-1",
	]}])
	test.brief(rule.deny) == {[
		"DCOS-S007", "dcos-exhibitor.service", "etc/systemd/system/dcos-exhibitor.service",
		"dcos-exhibitor.service sets AWS_SECRET_ACCESS_KEY in Environment= of its unit files (value not shown)",
	]} with input as inp
}

test_fires_for_a_readable_environment_file_with_a_secret if {
	inp := test.changed(_master, "dcos-exhibitor.service", [{"op": "add", "path": "/file/referenced", "value": [{
		"directive": "EnvironmentFile", "path": "/etc/dcos/site.env", "status": "ok", "resolved": "etc/dcos/site.env",
		"stat": {"mode": "0644", "uid": 0, "gid": 0, "dir_mode": "0755", "dir_uid": 0}, "secret_keys": ["DB_PASSWORD"],
	}]}])
	[f.message | some f in rule.deny] == [
		"/etc/dcos/site.env (EnvironmentFile of dcos-exhibitor.service) holds DB_PASSWORD and is readable by every user (mode 0644)",
	] with input as inp
}

test_quiet_for_a_private_environment_file if {
	inp := test.changed(_master, "dcos-exhibitor.service", [{"op": "add", "path": "/file/referenced", "value": [{
		"directive": "EnvironmentFile", "path": "/etc/dcos/site.env", "status": "ok", "resolved": "etc/dcos/site.env",
		"stat": {"mode": "0600", "uid": 0, "gid": 0, "dir_mode": "0755", "dir_uid": 0}, "secret_keys": ["DB_PASSWORD"],
	}]}])
	count(rule.deny) == 0 with input as inp
}

test_quiet_on_correct_node if {
	count(rule.deny) == 0 with input as _master
}
