package scanner

import (
	"os"
	"reflect"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/internal/filled"
)

// The input builder writes what OPA's own conversion (through JSON) does:
// for every fixture node, for an empty snapshot, and for one whose every
// field, pointer, slice and map is set, so that a field added to the
// snapshot cannot reach the policies differently.
func TestInputValue(t *testing.T) {
	cases := map[string]any{"empty": &facts.Snapshot{}, "filled": filled.Value(reflect.TypeFor[facts.Snapshot]()).Interface()}
	entries, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			cases[e.Name()] = gather(t, e.Name())
		}
	}
	cases["cluster"] = map[string]any{"nodes": []ClusterNode{{}, filled.Value(reflect.TypeFor[ClusterNode]()).Interface().(ClusterNode)}}
	for name, v := range cases {
		want, err := ast.InterfaceToValue(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := inputValue(v)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Compare(want) != 0 {
			t.Errorf("%s: the input differs from OPA's conversion:\n got %v\nwant %v", name, got, want)
		}
	}
}
