package scanner

import (
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dcos-audit/dcos-audit/facts"
)

// runnable is data.scan.runnable, which the aggregate (policies/main.rego)
// evaluates: for each kind of source, the rule packages of mods whose
// needs its facts meet, as [area, name] pairs under "builtin"
// (dcos_audit.rules) and "custom" (custom.dcos_audit.rules). A rule the
// source cannot check is then not evaluated at all: the report says why
// it was not run, and the evaluation does not pay for it (the ten rules
// about runtime state were a tenth of an offline node's evaluation).
func runnable(mods []*ast.Module, needs map[*ast.Module][]string) map[string]any {
	byKind := map[string]any{}
	for _, kind := range facts.Kinds {
		pkgs := map[string][]any{"builtin": {}, "custom": {}}
		for _, m := range mods {
			builtin, isRule := rulePackage(m.Package.Path)
			if !isRule || unmetNeeds(needs[m], kind) != "" {
				continue
			}
			// data.dcos_audit.rules.<area>.<name>, or under data.custom: the
			// aggregate reads no other depth.
			root, depth := "custom", 6
			if builtin {
				root, depth = "builtin", 5
			}
			p := m.Package.Path
			if len(p) != depth {
				continue
			}
			area, name := p[len(p)-2].Value.(ast.String), p[len(p)-1].Value.(ast.String)
			pkgs[root] = append(pkgs[root], []any{string(area), string(name)})
		}
		byKind[kind] = map[string]any{"builtin": pkgs["builtin"], "custom": pkgs["custom"]}
	}
	return byKind
}
