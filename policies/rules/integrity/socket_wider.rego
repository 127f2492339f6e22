# METADATA
# title: DC/OS socket opened wider than its release ships
# description: |
#   A DC/OS socket unit's SocketMode grants permissions its release does not
#   (systemd's default, with no SocketMode=, is 0666), or its SocketUser or
#   SocketGroup differ: more local users can talk to the DC/OS API behind
#   it, which often trusts whoever reaches the socket.
# related_resources:
#   - ref: https://github.com/dcos-audit/dcos-audit/blob/main/docs/rules.md#dcos-i004
#     description: DCOS-I004 in the rule reference
# custom:
#   id: DCOS-I004
#   needs: [files]
#   severity: high
#   remediation: Restore the socket unit from its package (remove drop-ins that change its owner or
#     mode) and restart it.
#   tags: [security, integrity]
package dcos_audit.rules.integrity.socket_wider

import data.dcos_audit.lib

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some name, keys in lib.changed
	"SocketMode" in keys
	u := lib.units_by_name[name]
	u.kind == "socket"
	have := _mode(lib.found(u))
	want := _mode(lib.shipped(name))
	bits.and(_octal(have), bits.negate(_octal(want))) != 0
	msg := sprintf("%s has SocketMode=%s; DC/OS %s ships SocketMode=%s", [u.name, have, lib.catalog_version, want])
}

deny contains lib.finding(rego.metadata.chain(), u.name, u.file.path, msg) if {
	some name, keys in lib.changed
	some key in ["SocketUser", "SocketGroup"]
	key in keys
	u := lib.units_by_name[name]
	u.kind == "socket"
	have := lib.found(u)
	ship := lib.shipped(name)
	_last(have, key) != _last(ship, key)
	msg := sprintf("%s has %s=%s; DC/OS %s ships %s=%s", [
		u.name, key, _last(have, key), lib.catalog_version, key, _last(ship, key),
	])
}

_last(m, key) := v if {
	values := object.get(m, key, [])
	count(values) > 0
	v := values[count(values) - 1]
} else := "root"

# systemd's default socket mode.
_mode(m) := _last(m, "SocketMode") if m.SocketMode

else := "0666"

_octal(s) := sum([n | some i, d in array.reverse(split(s, "")); n := to_number(d) * _powers_of_8[i]])

_powers_of_8 := [1, 8, 64, 512, 4096]
