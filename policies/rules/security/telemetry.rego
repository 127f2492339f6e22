# METADATA
# title: DC/OS Signal reports telemetry
# description: |
#   The node's DC/OS Signal configuration (opt/mesosphere/etc/dcos-signal-config.json,
#   written from config.yaml's telemetry_enabled, "true" by default) has
#   telemetry enabled, on a release that ships dcos-signal (1.8 to 2.1): the
#   masters' dcos-signal service sends cluster usage data to the vendor. Not
#   a deviation; for the reviewer to know what leaves the cluster.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-s008
#     description: DCOS-S008 in the rule reference
# custom:
#   id: DCOS-S008
#   needs: [files]
#   severity: info
#   remediation: Where site policy forbids telemetry, set telemetry_enabled 'false' in the cluster's
#     config.yaml and apply it with the installer (an upgrade to the same release regenerates the file).
#   tags: [security, telemetry]
package dcos_audit.rules.security.telemetry

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", t.from, msg) if {
	t := input.node.telemetry
	t.enabled != "false"
	lib.roles_at_version["dcos-signal.service"]
	msg := sprintf(`%s sets "enabled": "%s": DC/OS %s's dcos-signal reports cluster usage to the vendor`, [
		t.from, t.enabled, lib.catalog_version,
	])
}
