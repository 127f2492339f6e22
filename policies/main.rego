# METADATA
# description: |
#   The aggregate that dcos-audit evaluates: every finding of every rule
#   package, and the catalog profile the node was compared against.
package dcos_audit.main

import data.dcos_audit.lib

findings contains f if some f in data.dcos_audit.rules[_][_].deny

result := {
	"findings": findings,
	"profile": lib.profile,
}
