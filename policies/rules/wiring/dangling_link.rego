# METADATA
# title: Wanted unit link is dangling
# description: |
#   An entry of dcos.target.wants is a symlink whose target does not exist in
#   the node's root, or a symlink loop. systemd cannot load the unit, so
#   dcos.target starts without it.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-f001
#     description: DCOS-F001 in the rule reference
# custom:
#   id: DCOS-F001
#   needs: [files]
#   severity: high
#   remediation: Restore the unit file the link points to (reinstall the package with pkgpanda), or
#     remove the stale link.
#   tags: [wiring, units]
package dcos_audit.rules.wiring.dangling_link

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.link.status == "dangling"
	msg := sprintf("%s links to %s, which does not exist in the scanned root", [u.path, u.link.target])
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.link.status == "loop"
	msg := sprintf("%s is a symlink loop (via %s)", [u.path, u.link.target])
}
