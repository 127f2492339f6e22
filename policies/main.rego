# METADATA
# description: |
#   The aggregate that dcos-audit evaluates: every finding of every rule
#   package, built-in and user, that the source's facts can check, and the
#   catalog profile the node was compared against.
package dcos_audit.main

import data.dcos_audit.lib

# The scanner lists, by kind of source, the rule packages whose needs
# (METADATA custom.needs) the source's facts meet: a rule that cannot be
# checked is not evaluated at all. Without the list (opa test, other
# tools) every rule package is.
findings contains f if {
	some p in _runnable.builtin
	some f in data.dcos_audit.rules[p[0]][p[1]].deny
}

findings contains f if {
	not _runnable
	some area, name, f
	data.dcos_audit.rules[area][name].deny[f]
}

# User rules (--policy), under their own root.
findings contains f if {
	some p in _runnable.custom
	some f in data.custom.dcos_audit.rules[p[0]][p[1]].deny
}

findings contains f if {
	not _runnable
	some area, name, f
	data.custom.dcos_audit.rules[area][name].deny[f]
}

_runnable := data.scan.runnable[input.source.kind]

# METADATA
# description: What a scan evaluates (scanner.query).
# entrypoint: true
result := {
	"findings": findings,
	"profile": lib.profile,
}
