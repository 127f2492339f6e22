# METADATA
# title: REX-Ray wanted on an agent
# description: |
#   Site policy: this cluster uses no external volumes, so no agent may run
#   REX-Ray.
# related_resources:
#   - ref: https://wiki.example.com/storage/rexray
# custom:
#   id: SITE-001
#   severity: high
#   remediation: Remove dcos-rexray.service from dcos.target.wants on the agent.
#   tags: [site, units]
package custom.dcos_audit.rules.site.no_rexray

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	lib.role in {"slave", "slave_public"}
	some u in input.units
	u.name == "dcos-rexray.service"
	msg := sprintf("%s is wanted on a %s; this site runs no REX-Ray", [u.name, lib.role_labels[lib.role]])
}
