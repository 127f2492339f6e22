# METADATA
# description: |
#   The aggregate that dcos-audit evaluates: every finding of every rule
#   package, built-in and user, and the catalog profile the node was
#   compared against.
package dcos_audit.main

import data.dcos_audit.lib

findings contains f if some f in data.dcos_audit.rules[_][_].deny

# User rules (--policy), under their own root.
findings contains f if some f in data.custom.dcos_audit.rules[_][_].deny

result := {
	"findings": findings,
	"profile": lib.profile,
}
