package custom.dcos_audit.rules.site.bare

deny contains "x" if false
