# METADATA
# description: |
#   Shared lookups for the rules: the node's role and DC/OS version, the
#   catalog profile they select, and indexes built once per evaluation.
package dcos_audit.lib

# The finding every rule emits. meta is rego.metadata.chain() of the rule,
# whose package annotation carries the id, severity and remediation.
finding(chain, unit, path, message) := {
	"rule_id": a.custom.id,
	"severity": a.custom.severity,
	"title": a.title,
	"unit": unit,
	"path": path,
	"message": message,
	"remediation": a.custom.remediation,
} if {
	some entry in chain
	a := entry.annotations
	a.custom.id
}

# --- indexes over the input ---

units_by_name := {u.name: u | some u in input.units}

# --- role ---

catalog_roles := {r | some r in data.catalog.roles}

role_markers := {r | some r in data.catalog.role_markers}

# The node's DC/OS roles among the files in etc/mesosphere/roles.
node_roles := {r | some r in input.node.roles; r in catalog_roles}

# The role whose expectations apply; undefined unless exactly one.
role := r if {
	count(node_roles) == 1
	some r in node_roles
}

# --- version ---

# The node's version as x.y.z without pre-release or build suffix
# ("1.13.11-dev" → "1.13.11", "1.9" → "1.9.0"); a four-part hotfix compares
# as its release ("1.10.5.1" → "1.10.5"). Undefined when absent or not a
# version at all.
version_core := parse_version(input.node.version)

# parse_version(s) is s as x.y.z (see version_core); undefined when s is
# not a DC/OS version.
parse_version(s) := v if {
	parts := split(split(split(s, "-")[0], "+")[0], ".")
	count(parts) in {2, 3, 4}
	nums := [to_number(p) | some p in parts; regex.match(`^[0-9]+$`, p)]
	count(nums) == count(parts)
	v := sprintf("%d.%d.%d", array.slice(array.concat(nums, [0]), 0, 3)) # "1.9" → 1.9.0
}

_branch := concat(".", array.slice(split(version_core, "."), 0, 2))

newest := r if {
	some r in data.catalog.releases
	every o in data.catalog.releases {
		semver.compare(r, o) >= 0
	}
}

# The catalog release whose unit set applies: the node's own release, or
# the last catalogued release of its line when it is a later patch release.
# Undefined for a release older than the catalog or of a line it does not
# know (2.3, 3.0): its units cannot be guessed from another line's.
catalog_version := version_core if {
	last := data.catalog.releases[_branch]
	semver.compare(version_core, last) <= 0
	semver.compare(version_core, data.catalog.oldest) >= 0
}

catalog_version := data.catalog.releases[_branch] if {
	semver.compare(version_core, data.catalog.releases[_branch]) > 0
}

# --- catalog lookups ---

in_range(v, r) if {
	semver.compare(v, r.from) >= 0
	semver.compare(v, r.to) <= 0
}

# The units a role wants at a catalog release.
expected_for(r, v) := {name |
	some name, u in data.catalog.units
	some p in u.presence
	r in p.roles
	in_range(v, p)
}

# The roles that get each unit at the profile's release, computed once per
# evaluation: unit name → set of roles.
roles_at_version := {name: roles |
	some name, u in data.catalog.units
	roles := {r | some p in u.presence; in_range(catalog_version, p); some r in p.roles}
	count(roles) > 0
}

# The units the node's role wants at the profile's release.
expected := {name | some name, roles in roles_at_version; role in roles}

# The expected units whose absence is a finding: all of DC/OS's own, less
# what a site's --data marks optional ("required": false).
required := {name | some name in expected; data.catalog.units[name].required}

optional(name) if {
	some o in data.catalog.optional_units
	glob.match(o.pattern, [], name)
}

# The timer schedule the catalog gives for a timer at the profile's release.
expected_schedule(name) := s if {
	some s in data.catalog.units[name].timer.schedules
	in_range(catalog_version, s)
}

# --- profile ---

profile := {
	"role": object.get(_known, "role", ""),
	"dcos_version": input.node.version,
	"catalog_version": object.get(_known, "catalog_version", ""),
	"note": _profile_note,
}

# The parts of the profile that may be undefined.
_known["role"] := role

_known["catalog_version"] := catalog_version

_profile_note := "no single DC/OS role recorded: unit-set checks not run (pass --role)" if not role

_profile_note := "no readable DC/OS version recorded: unit sets not checked (pass --dcos-version)" if {
	role
	not version_core
}

_profile_note := sprintf(
	"DC/OS %s is not covered by the catalog (%s and later): unit sets not checked",
	[version_core, data.catalog.oldest],
) if {
	role
	version_core
	not catalog_version
}

_profile_note := sprintf("role from %s, release from %s", [_from_roles, _from_version]) if {
	role
	catalog_version == version_core
}

_profile_note := sprintf(
	"DC/OS %s is not in the catalog: compared with %s, the last catalogued release of its line; role from %s",
	[version_core, catalog_version, _from_roles],
) if {
	role
	catalog_version != version_core
}

default _from_roles := "etc/mesosphere/roles"

_from_roles := "--role" if input.node.roles_from == "flag"

default _from_version := "opt/mesosphere/etc/dcos-version.json"

_from_version := "--dcos-version" if input.node.version_from == "flag"

# --- wording ---

role_labels := {
	"master": "master",
	"slave": "private agent (slave)",
	"slave_public": "public agent (slave_public)",
}

wants_path(name) := concat("/", ["etc/systemd/system/dcos.target.wants", name])

# A short human duration: 120 → "2min", 30 → "30s", 3600 → "1h".
duration(secs) := sprintf("%dd", [secs / 86400]) if {
	secs >= 86400
	secs % 86400 == 0
} else := sprintf("%dh", [secs / 3600]) if {
	secs >= 3600
	secs % 3600 == 0
} else := sprintf("%dmin", [secs / 60]) if {
	secs >= 60
	secs % 60 == 0
} else := sprintf("%vs", [secs])

# Release ranges of a catalog unit, for messages: "1.8.0–1.10.11".
releases(name) := concat(", ", [r |
	some p in data.catalog.units[name].presence
	r := sprintf("%s–%s", [p.from, p.to])
])

# The file a version finding points at; none when --dcos-version gave it.
default version_evidence := "opt/mesosphere/etc/dcos-version.json"

version_evidence := "" if input.node.version_from == "flag"

# perm_bit(mode, digit, bit): whether an octal mode string ("0644") has bit
# set in digit, counted from the right from 0 (others) to 2 (owner).
perm_bit(mode, digit, bit) if {
	d := to_number(substring(mode, (count(mode) - 1) - digit, 1))
	bits.and(d, bit) != 0
}
