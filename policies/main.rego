# METADATA
# description: |
#   The aggregate that dcos-audit evaluates: every finding of every rule
#   package, built-in and user, and the catalog profile the node was
#   compared against.
package dcos_audit.main

import data.dcos_audit.lib

findings contains f if {
	some area, name, f
	data.dcos_audit.rules[area][name].deny[f]
}

# User rules (--policy), under their own root.
findings contains f if {
	some area, name, f
	data.custom.dcos_audit.rules[area][name].deny[f]
}

# METADATA
# description: What a scan evaluates (scanner.query).
# entrypoint: true
result := {
	"findings": findings,
	"profile": lib.profile,
}
