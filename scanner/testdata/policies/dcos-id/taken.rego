# METADATA
# title: Takes a built-in id
# custom:
#   id: DCOS-U001
#   severity: low
#   remediation: none
package custom.dcos_audit.rules.site.taken

deny contains "x" if false
