# METADATA
# title: Master role file present
# custom:
#   id: SITE-009
#   severity: low
#   remediation: None; this rule misspells an input path on purpose.
package custom.dcos_audit.rules.site.typo

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), "", "", "master") if {
	some r in input.node.rolse
	r == "master"
}
