package scanner

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
)

// A node whose profile's values are kept gets the report it gets when they
// are computed: every fixture node, as each kind of source, scanned four
// times by one scanner (computed; computed and kept; read, read) comes out
// the same each time, and profiles were kept.
func TestProfilesChangeNoReport(t *testing.T) {
	s := newScanner(t)
	for _, name := range scenarios(t) {
		snap := withFailedService(t, name)
		for _, kind := range sourceKinds {
			snap.Source.Kind = kind
			first, kept := scanBoth(t, s, s, snap)
			if diff := cmp.Diff(first, kept); diff != "" {
				t.Fatalf("%s as %s: the report changes once the profile is kept (-computed +kept):\n%s", name, kind, diff)
			}
			_, read := scanBoth(t, s, s, snap)
			if diff := cmp.Diff(first, read); diff != "" {
				t.Fatalf("%s as %s: the report changes once the profile is read (-computed +read):\n%s", name, kind, diff)
			}
		}
	}
	kept, err := storage.ReadOne(t.Context(), s.profiles.store, storage.Path{"scan", "profiles"})
	if err != nil {
		t.Fatal(err)
	}
	if obj, ok := kept.(ast.Object); !ok || obj.Len() < 5 {
		t.Fatalf("kept profiles: %v, want a catalog release for most fixture nodes", kept)
	}
}
