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
// at load time, not a rule that silently never fires.
var inputSchema = sync.OnceValues(func() (*ast.SchemaSet, error) {
	var doc any
	if err := json.Unmarshal(facts.Schema(), &doc); err != nil {
		return nil, fmt.Errorf("snapshot schema: %w", err)
	}
	ss := ast.NewSchemaSet()
	ss.Put(ast.SchemaRootRef, doc)
	return ss, nil
})
