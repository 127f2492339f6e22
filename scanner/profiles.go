package scanner

import (
	"context"
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"

	"github.com/dcos-audit/dcos-audit/report"
)

// profileQuery is what the policies compute from a node's role and catalog
// release alone: which roles get each unit, the shipped content of every
// unit (policies/lib/lib.rego).
const profileQuery = "data.dcos_audit.lib.profile_values"

// profiles keeps, in a scan of many nodes, each profile's values in the
// store at data.scan.profiles[catalog_version][role], where the policies
// read them instead of computing them again: a quarter of the evaluation
// of a 38-unit master whose profile was seen before. Values are kept when a
// profile's second node is seen, so that a scan of one node never pays
// for them. Kept or not, reports are the same (TestProfilesChangeNoReport,
// and the Rego test test_profile_values_change_no_result).
type profiles struct {
	store storage.Store // the node query's
	query func() (rego.PreparedEvalQuery, error)

	mu   sync.Mutex
	seen map[[2]string]int // (catalog release, role) → nodes evaluated
}

// newProfiles prepares, on first use, the profile query over the library
// modules and a store of its own holding the same data values, but for
// data.scan: the node store's own, which note writes to.
func newProfiles(store storage.Store, data map[string]ast.Value, mods []*ast.Module, caps *ast.Capabilities, trusted bool) *profiles {
	return &profiles{store: store, seen: map[[2]string]int{},
		query: sync.OnceValues(func() (rego.PreparedEvalQuery, error) {
			values := make(map[string]any, len(data))
			for k, v := range data {
				if k != "scan" {
					values[k] = v
				}
			}
			pq, err := prepareQuery(context.Background(), profileQuery, mods, dataStore(values), caps, trusted)
			if err != nil {
				return pq, fmt.Errorf("compile the profile query: %w", err)
			}
			return pq, nil
		})}
}

// libraryModules are the modules of the policies' library package.
func libraryModules(mods []*ast.Module) []*ast.Module {
	var lib []*ast.Module
	for _, m := range mods {
		if m.Package.Path.String() == "data.dcos_audit.lib" {
			lib = append(lib, m)
		}
	}
	return lib
}

// note counts a node evaluated with input, whose profile is p, and keeps
// the profile's values on its second node.
func (ps *profiles) note(ctx context.Context, input ast.Value, p report.Profile) error {
	if p.CatalogVersion == "" || p.Role == "" {
		return nil // the policies look nothing up without both
	}
	key := [2]string{p.CatalogVersion, p.Role}
	ps.mu.Lock()
	ps.seen[key]++
	second := ps.seen[key] == 2
	ps.mu.Unlock()
	if !second {
		return nil
	}
	pq, err := ps.query()
	if err != nil {
		return err
	}
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return fmt.Errorf("evaluate %s: %w", profileQuery, err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return fmt.Errorf("evaluate policies: %s is undefined", profileQuery)
	}
	values, err := ast.InterfaceToValue(rs[0].Expressions[0].Value)
	if err != nil {
		return err
	}
	return storage.Txn(ctx, ps.store, storage.WriteParams, func(txn storage.Transaction) error {
		release := storage.Path{"scan", "profiles", p.CatalogVersion}
		if _, err := ps.store.Read(ctx, txn, release); storage.IsNotFound(err) {
			if err := ps.store.Write(ctx, txn, storage.AddOp, release, ast.NewObject()); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		return ps.store.Write(ctx, txn, storage.AddOp, append(release, p.Role), values)
	})
}
