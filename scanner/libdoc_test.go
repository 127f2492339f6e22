package scanner

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dcos-audit/dcos-audit/internal/golden"
)

// The library's reference in docs/policies.md sits between these markers
// and is generated from the METADATA of policies/lib/lib.rego.
const (
	libDocStart = "<!-- lib table: generated from the METADATA of policies/lib/lib.rego; go test ./scanner/ -run TestLibDoc -update -->\n"
	libDocEnd   = "<!-- end of lib table -->\n"
)

// TestLibDoc keeps the library table of docs/policies.md in step with the
// library's METADATA, and fails on a public name without a description:
// the library is what site rules build on, so each entry is documented.
func TestLibDoc(t *testing.T) {
	b, err := loadBundle(false, capabilities())
	if err != nil {
		t.Fatal(err)
	}
	var lib *ast.Module
	for _, m := range modules(b) {
		if m.Package.Path.String() == "data.dcos_audit.lib" {
			lib = m
		}
	}
	if lib == nil {
		t.Fatal("no package dcos_audit.lib")
	}
	as, errs := ast.BuildAnnotationSet([]*ast.Module{lib})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var table strings.Builder
	table.WriteString("| name | what it is |\n|---|---|\n")
	seen := map[string]bool{}
	for _, r := range lib.Rules {
		name := r.Head.Ref().String()
		if strings.HasPrefix(name, "_") || seen[name] {
			continue
		}
		seen[name] = true
		desc := ""
		annotations := as.GetRuleScope(r)
		if a := as.GetDocumentScope(lib.Package.Path.Extend(r.Head.Ref().GroundPrefix())); a != nil {
			annotations = append(annotations, a)
		}
		for _, a := range annotations {
			if a.Description != "" {
				desc = a.Description
				break
			}
		}
		if desc == "" {
			t.Errorf("lib.rego:%d: public %s has no METADATA description", r.Location.Row, name)
			continue
		}
		sig := "lib." + name
		if len(r.Head.Args) > 0 {
			args := make([]string, len(r.Head.Args))
			for i, a := range r.Head.Args {
				args[i] = a.String()
			}
			sig += "(" + strings.Join(args, ", ") + ")"
		}
		fmt.Fprintf(&table, "| `%s` | %s |\n", sig, strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(unwrap(desc)))
	}

	const doc = "../docs/policies.md"
	page, err := os.ReadFile(doc)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok := strings.Cut(string(page), libDocStart)
	_, after, ok2 := strings.Cut(rest, libDocEnd)
	if !ok || !ok2 {
		t.Fatalf("%s lacks the lib table markers %q and %q", doc, libDocStart, libDocEnd)
	}
	golden.Assert(t, []byte(before+libDocStart+table.String()+libDocEnd+after), doc)
}
