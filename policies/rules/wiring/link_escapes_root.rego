# METADATA
# title: Wanted unit link leaves the node's root
# description: |
#   An entry of dcos.target.wants is a relative symlink that climbs above the
#   root directory ("../../.."). DC/OS writes absolute links; on the node such
#   a link resolves somewhere unexpected, and in an image it points outside
#   the image. dcos-audit does not follow it.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-f004
#     description: DCOS-F004 in the rule reference
# custom:
#   id: DCOS-F004
#   needs: [files]
#   severity: high
#   remediation: Replace the link with an absolute link to `/etc/systemd/system/<unit>`, as pkgpanda
#     writes it.
#   tags: [wiring, security]
package dcos_audit.rules.wiring.link_escapes_root

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.link.status == "escapes"
	msg := sprintf("%s links to %s, above the node's root; not followed", [u.path, u.link.target])
}
