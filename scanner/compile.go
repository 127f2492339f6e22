package scanner

import (
	"context"
	"maps"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
)

// checkOnly are the stages of OPA's compiler that only look for errors:
// types against the snapshot schema, undefined functions, conflicting and
// recursive rules, keyword and import misuse, unsafe and deprecated
// builtins, the capabilities a bundle would need. The built-in policies
// pass them all (TestTrustedCompile compiles them with every stage), so a
// scan that runs only those skips them: a quarter of New (BenchmarkNew).
// User policies, and whatever compiles beside them, get every check.
var checkOnly = []ast.StageID{
	ast.StageCheckUnusedImports, ast.StageCheckDuplicateImports, ast.StageCheckKeywordOverrides,
	ast.StageCheckVoidCalls, ast.StageCheckRuleConflicts, ast.StageCheckUndefinedFuncs,
	ast.StageCheckRecursion, ast.StageCheckTypes, ast.StageCheckUnsafeBuiltins,
	ast.StageCheckDeprecatedBuiltins, ast.StageBuildRequiredCapabilities,
}

// compileChecks is how a query compiles: with every check against the
// snapshot schema, or, for trusted policies, without the check-only
// stages (the schema then has no use).
func compileChecks(trusted bool) (func(*rego.Rego), error) {
	if trusted {
		return rego.CompilerHook(func(c *ast.Compiler) { c.WithSkipStages(checkOnly...) }), nil
	}
	schemas, err := inputSchema()
	if err != nil {
		return nil, err
	}
	return rego.Schemas(schemas), nil
}

// prepareQuery compiles query over modules, against store, with the
// scanner's capabilities (no network, clock or randomness) and checks.
func prepareQuery(ctx context.Context, query string, modules []*ast.Module, store storage.Store,
	caps *ast.Capabilities, trusted bool) (rego.PreparedEvalQuery, error) {
	checks, err := compileChecks(trusted)
	if err != nil {
		return rego.PreparedEvalQuery{}, err
	}
	r := []func(*rego.Rego){
		rego.Query(query),
		checks,
		rego.Store(store),
		rego.Capabilities(caps),
		rego.SetRegoVersion(ast.RegoV1),
		rego.StrictBuiltinErrors(true),
	}
	for _, m := range modules {
		r = append(r, rego.ParsedModule(m))
	}
	return rego.New(r...).PrepareForEval(ctx)
}

// dataStore holds data for the policies as OPA values, converted once:
// the default store converts what a rule reads on every evaluation, a
// sixteenth of a fleet scan's CPU.
func dataStore(data map[string]any) storage.Store {
	return inmem.NewFromObjectWithOpts(data, inmem.OptReturnASTValuesOnRead(true))
}

// dataValues converts data's documents to OPA values. Converting the
// catalog and the shipped content takes a tenth of a one-node scan, so it
// runs on one core while the compiler, single-threaded, takes the other;
// fill writes the result into the store before the first evaluation.
func dataValues(data map[string]any) <-chan convertedData {
	out := make(chan convertedData, 1)
	go func() {
		values := make(map[string]ast.Value, len(data))
		for k, v := range data {
			value, err := ast.InterfaceToValue(v)
			if err != nil {
				out <- convertedData{err: err}
				return
			}
			values[k] = value
		}
		out <- convertedData{values: values}
	}()
	return out
}

type convertedData struct {
	values map[string]ast.Value
	err    error
}

// fill writes converted documents into an empty store, in one transaction.
// No policy can collide with them: every package lives under dcos_audit
// or custom.dcos_audit, and data's roots are catalog, shipped and scan.
func fill(ctx context.Context, store storage.Store, values map[string]ast.Value) error {
	return storage.Txn(ctx, store, storage.WriteParams, func(txn storage.Transaction) error {
		for _, k := range slices.Sorted(maps.Keys(values)) {
			if err := store.Write(ctx, txn, storage.AddOp, storage.Path{k}, values[k]); err != nil {
				return err
			}
		}
		return nil
	})
}
