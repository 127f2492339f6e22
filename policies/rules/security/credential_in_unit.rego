# METADATA
# title: Credential written in a unit or in an environment file every user can read
# description: |
#   A unit that dcos.target wants sets a variable or argument whose name says
#   it holds a credential (a password, secret, token, private or access key)
#   in its unit file or a drop-in, which every local user can read, and
#   `systemctl show` prints; or it loads an EnvironmentFile that holds such a
#   variable and is readable by every user. The value itself is never
#   gathered or shown: dcos-audit redacts it as it reads the node.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-s007
#     description: DCOS-S007 in the rule reference
# custom:
#   id: DCOS-S007
#   needs: [files]
#   severity: high
#   remediation: Rotate the credential, then hand it to the service through a file readable only
#     by its user (EnvironmentFile= with mode 0600, or LoadCredential=), not in the unit.
#   tags: [security, secrets]
package dcos_audit.rules.security.credential_in_unit

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some u in input.units
	contains(json.marshal(object.get(u, ["file", "options"], {})), "redacted") # cheap first (json.marshal escapes < and >)
	some key, values in lib.found(u)
	redacted := [v | some v in values; contains(v, "<redacted>")]
	count(redacted) > 0
	names := {name | some v in redacted; some name in _redacted_names(v)} - _shipped_names(u, key)
	count(names) > 0
	msg := sprintf("%s sets %s in %s= of its unit files (value not shown)", [u.name, concat(", ", sort(names)), key])
}

deny contains lib.finding(rego.metadata.chain(), u.name, r.resolved, msg) if {
	some u in input.units
	some r in lib.referenced(u)
	count(object.get(r, "secret_keys", [])) > 0
	lib.perm_bit(r.stat.mode, 0, 4)
	msg := sprintf("%s (EnvironmentFile of %s) holds %s and is readable by every user (mode %s)", [
		r.path, u.name, concat(", ", r.secret_keys), r.stat.mode,
	])
}

# What DC/OS itself ships in a unit (dcos-signal's -segment-key, a public
# telemetry key) is not the site's credential.
_shipped_names(u, key) := {name | some v in lib.shipped(u.name)[key]; some name in _redacted_names(v)}

# The names whose values the gatherer redacted: NAME=<redacted> or
# --name <redacted>.
_redacted_names(v) := {m[1] |
	some m in regex.find_all_string_submatch_n(`([A-Za-z_][A-Za-z0-9_.-]*)[= ]<redacted>`, v, -1)
}
