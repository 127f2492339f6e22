# METADATA
# title: Wanted unit is masked
# description: |
#   An entry of dcos.target.wants leads to /dev/null: the unit is masked
#   (systemctl mask), so systemd refuses to start it with dcos.target, or at
#   all. Live scans report the same through the unit's load state (DCOS-H004).
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-f008
#     description: DCOS-F008 in the rule reference
# custom:
#   id: DCOS-F008
#   needs: [files]
#   severity: high
#   remediation: >-
#     Unmask the unit (systemctl unmask) unless it is masked on purpose; then
#     make it optional for this site with --data, or waive the finding.
#   tags: [wiring, units]
package dcos_audit.rules.wiring.masked_unit

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.path, msg) if {
	some u in input.units
	u.link.status == "masked"
	u.state.load == "unknown" # live, DCOS-H004 says it with the manager's word
	msg := sprintf("%s is masked: %s leads to /dev/null", [u.name, u.path])
}
