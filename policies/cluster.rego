# METADATA
# description: |
#   The aggregate that dcos-audit evaluates once for a scan of several
#   nodes: every finding of every cluster rule package, built-in and user.
#   Its input is input.nodes, one summary per node (docs/policies.md).
# schemas:
#   - input: schema.cluster
package dcos_audit.cluster

findings contains f if {
	some name, f
	data.dcos_audit.rules.cluster[name].deny[f]
}

# User cluster rules (--policy), under their own root.
findings contains f if {
	some name, f
	data.custom.dcos_audit.rules.cluster[name].deny[f]
}

# METADATA
# description: What a scan of several nodes evaluates once (scanner.clusterQuery).
# entrypoint: true
result := {"findings": findings}
