# METADATA
# title: Phones home
# custom:
#   id: SITE-002
#   severity: low
#   remediation: none
package custom.dcos_audit.rules.site.phone_home

deny contains resp.body if {
	resp := http.send({"method": "get", "url": "http://127.0.0.1:1/"})
}
