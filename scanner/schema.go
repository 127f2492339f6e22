package scanner

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dcos-audit/dcos-audit/facts"
)

// inputSchema is the published snapshot schema as OPA's type checker takes
// it: every rule that reads input is checked against it when the policies
// compile, so that a typo in an input path (input.node.rolse) is an error
// at load time, not a rule that silently never fires. The built-in
// policies are checked in the tests (TestTrustedCompile), user policies on
// every scan (compileChecks).
var inputSchema = sync.OnceValues(func() (*ast.SchemaSet, error) {
	var doc any
	if err := json.Unmarshal(facts.Schema(), &doc); err != nil {
		return nil, fmt.Errorf("snapshot schema: %w", err)
	}
	ss := ast.NewSchemaSet()
	ss.Put(ast.SchemaRootRef, doc)
	ss.Put(ast.MustParseRef("schema.cluster"), clusterSchema())
	return ss, nil
})

// clusterSchema is the input of cluster rules, {"nodes": [ClusterNode]},
// for modules that declare it (METADATA schemas: - input: schema.cluster).
// Its properties are ClusterNode's JSON fields (TestClusterSchema).
func clusterSchema() map[string]any {
	str := map[string]any{"type": "string"}
	node := map[string]any{
		"type": "object",
		"properties": map[string]any{
			"name": str, "hostname": str, "ip": str, "role": str, "version": str, "catalog_version": str, "source": str,
			"roles": map[string]any{"type": "array", "items": str},
		},
		"additionalProperties": false,
	}
	return map[string]any{
		"type":                 "object",
		"properties":           map[string]any{"nodes": map[string]any{"type": "array", "items": node}},
		"additionalProperties": false,
	}
}
