# METADATA
# description: |
#   The library of cluster rules (import data.dcos_audit.lib.cluster): views
#   of input.nodes, the summary of each node of a scan of several nodes
#   (docs/policies.md). Node rules cannot import it: their input is one
#   node.
# schemas:
#   - input: schema.cluster
package dcos_audit.lib.cluster

# METADATA
# description: The nodes whose profile role is master.
masters := [n | some n in input.nodes; n.role == "master"]

# METADATA
# description: The nodes whose profile role is an agent, private (slave) or public (slave_public).
agents := [n | some n in input.nodes; n.role in {"slave", "slave_public"}]
