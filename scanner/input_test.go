package scanner

import (
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/dcos-audit/dcos-audit/facts"
)

// The input builder writes what OPA's own conversion (through JSON) does:
// for every fixture node, for an empty snapshot, and for one whose every
// field, pointer, slice and map is set, so that a field added to the
// snapshot cannot reach the policies differently.
func TestInputValue(t *testing.T) {
	cases := map[string]any{"empty": &facts.Snapshot{}, "filled": filled(reflect.TypeFor[facts.Snapshot]()).Interface()}
	entries, err := os.ReadDir(fixtures)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			cases[e.Name()] = gather(t, e.Name())
		}
	}
	cases["cluster"] = map[string]any{"nodes": []ClusterNode{{}, filled(reflect.TypeFor[ClusterNode]()).Interface().(ClusterNode)}}
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

// filled is a value of t with every field set to something not empty.
func filled(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Pointer:
		v.Set(filled(t.Elem()).Addr())
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)))
			break
		}
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				v.Field(i).Set(filled(t.Field(i).Type))
			}
		}
	case reflect.Slice:
		v.Set(reflect.Append(reflect.MakeSlice(t, 0, 1), filled(t.Elem())))
	case reflect.Map:
		v.Set(reflect.MakeMap(t))
		v.SetMapIndex(filled(t.Key()), filled(t.Elem()))
	case reflect.String:
		v.SetString("x<&>\u2028")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(-7)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1<<63 + 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5e-7)
	}
	return v
}
