# Sourced by the benchmarks. conftest_policies DIR writes conftest's view of
# dcos-audit's node policies into DIR: the Rego modules at DIR/policy (the
# cluster rules are dcos-audit's own, one evaluation over all nodes, which
# conftest has no notion of), the catalog and the shipped unit content at
# DIR/data (data.catalog, data.shipped), and an adapter that turns findings
# into deny messages (conftest test --namespace main).
conftest_policies() {
	local dir=$1
	mkdir -p "$dir/policy" "$dir/data/catalog" "$dir/data/shipped"
	(cd policies && find . -name '*.rego' ! -name '*_test.rego' ! -path './rules/cluster/*' \
		! -name cluster.rego -exec cp --parents {} "$dir/policy/" \;)
	cp policies/catalog/data.json "$dir/data/catalog/data.json"
	cp policies/shipped/data.json "$dir/data/shipped/data.json"
	cat >"$dir/policy/adapter.rego" <<'REGO'
package main

import data.dcos_audit.main as audit

deny contains msg if {
	some f in audit.result.findings
	msg := sprintf("%s %s", [f.rule_id, f.message])
}
REGO
}
