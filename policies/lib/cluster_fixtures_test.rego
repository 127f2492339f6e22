package dcos_audit.cluster_test_fixtures

# nodes(specs) is the input of a cluster scan: one node per [name, role,
# version] (catalog_version as the version, source a file of the name).
nodes(specs) := {"nodes": [{
	"name": s[0],
	"hostname": s[0],
	"ip": "",
	"roles": [s[1]],
	"role": s[1],
	"version": s[2],
	"catalog_version": s[2],
	"source": sprintf("%s.json", [s[0]]),
} |
	some s in specs
]}

# healthy is three masters, a private and a public agent on one release.
healthy := [
	["m1", "master", "2.2.1"], ["m2", "master", "2.2.1"], ["m3", "master", "2.2.1"],
	["a1", "slave", "2.2.1"], ["p1", "slave_public", "2.2.1"],
]
