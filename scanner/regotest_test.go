package scanner

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestRego runs every test_ rule of the built-in policies with OPA's own
// test runner, under the same capabilities as a scan.
func TestRego(t *testing.T) {
	caps := capabilities()
	b, err := loadBundle(true, caps)
	if err != nil {
		t.Fatal(err)
	}
	mods := map[string]*ast.Module{}
	for _, m := range b.Modules {
		mods[m.Path] = m.Parsed
	}
	ch, err := tester.NewRunner().
		SetStore(inmem.NewFromObject(b.Data)).
		SetModules(mods).
		SetCompiler(ast.NewCompiler().WithCapabilities(caps)).
		RaiseBuiltinErrors(true).
		RunTests(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range ch {
		n++
		if !r.Pass() {
			t.Errorf("%s.%s (%s): fail=%v err=%v", r.Package, r.Name, r.Location, r.Fail, r.Error)
		}
	}
	if n == 0 {
		t.Fatal("no Rego tests ran")
	}
	t.Logf("%d Rego tests", n)
}
