# METADATA
# title: Agent newer than the masters
# description: |
#   An agent runs a newer DC/OS release than every master. DC/OS upgrades
#   the masters first; an agent ahead of them runs against masters that may
#   not speak its release.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-c005
#     description: DCOS-C005 in the rule reference
# schemas:
#   - input: schema.cluster
# custom:
#   id: DCOS-C005
#   severity: high
#   remediation: Upgrade the masters to the agent's release, or reinstall the agent with the masters' release.
#   tags: [cluster, upgrade]
package dcos_audit.rules.cluster.agent_newer

import data.dcos_audit.lib
import data.dcos_audit.lib.cluster

deny contains lib.finding(rego.metadata.chain(), "", "", msg) if {
	some a in cluster.agents
	v := lib.parse_version(a.version)
	semver.compare(v, _newest_master) > 0
	msg := sprintf("%s (%s) runs DC/OS %s, newer than every master (newest %s)", [
		a.name, a.role, a.version, _newest_master,
	])
}

_newest_master := v if {
	vs := {v | some m in cluster.masters; v := lib.parse_version(m.version)}
	some v in vs
	every o in vs {
		semver.compare(v, o) >= 0
	}
}
