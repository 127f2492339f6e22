package custom.dcos_audit.rules.site.broken

deny contains x if {
	x := [1, 2
}
