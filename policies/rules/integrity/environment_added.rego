# METADATA
# title: DC/OS unit loads an environment its release does not ship
# description: |
#   A DC/OS unit (file and drop-ins) loads an EnvironmentFile= its release
#   does not ship (medium: whoever writes that file sets the service's
#   environment), or sets a variable that changes what gets loaded or run,
#   which DC/OS does not set for it: LD_PRELOAD, LD_LIBRARY_PATH, PATH,
#   JAVA_TOOL_OPTIONS and the like (high: code of someone else's choosing
#   runs inside the service).
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-i005
#     description: DCOS-I005 in the rule reference
# custom:
#   id: DCOS-I005
#   needs: [files]
#   severity: medium
#   remediation: Remove the drop-in or line that adds it, or restore the unit from its package; set
#     site configuration through DC/OS's installer.
#   tags: [security, integrity]
package dcos_audit.rules.integrity.environment_added

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some name, keys in lib.changed
	"EnvironmentFile" in keys
	u := lib.units_by_name[name]
	ship := lib.shipped(name)
	some file in object.get(lib.found(u), "EnvironmentFile", [])
	not file in object.get(ship, "EnvironmentFile", [])
	msg := sprintf("%s loads EnvironmentFile=%s; DC/OS %s ships %s", [
		u.name, file, lib.catalog_version, _files(ship),
	])
}

deny contains f if {
	some name, keys in lib.changed
	"Environment" in keys
	u := lib.units_by_name[name]
	ship := lib.shipped(name)
	some v in object.get(lib.found(u), "Environment", [])
	some key in lib.environment_keys(v)
	key in _loader_keys
	shipped_keys := {k | some s in object.get(ship, "Environment", []); some k in lib.environment_keys(s)}
	not key in shipped_keys
	msg := sprintf("%s sets %s, which changes what the service loads or runs; DC/OS %s does not set it", [
		u.name, key, lib.catalog_version,
	])
	f := object.union(lib.finding(rego.metadata.chain(), u.name, u.file.path, msg), {"severity": "high"})
}

_files(ship) := concat(", ", [sprintf("EnvironmentFile=%s", [f]) | some f in ship.EnvironmentFile]) if {
	count(object.get(ship, "EnvironmentFile", [])) > 0
} else := "none"

# Variables that decide which code runs in a process.
_loader_keys := {
	"LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "PATH", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
	"JDK_JAVA_OPTIONS", "JAVA_OPTS", "CLASSPATH", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME",
	"PERL5LIB", "PERL5OPT", "RUBYLIB", "RUBYOPT", "NODE_OPTIONS", "NODE_PATH", "GCONV_PATH",
	"BASH_ENV", "ENV", "LUA_PATH", "LUA_CPATH",
}
