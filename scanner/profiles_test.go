package scanner

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage"
)

// A node whose profile's values are kept gets the report it gets when they
// are computed: every fixture node, as each kind of source, scanned three
// times by one scanner (computed, then kept, then read) comes out the same
// each time, and profiles were kept.
func TestProfilesChangeNoReport(t *testing.T) {
	s := newScanner(t)
	for _, name := range scenarios(t) {
		snap := gather(t, name)
		for i := range snap.Units {
			if snap.Units[i].Kind == "service" {
				snap.Units[i].State.Active = "failed" // read by the live rules
				break
			}
		}
		for _, kind := range []string{"rootfs", "live", "bundle"} {
			snap.Source.Kind = kind
			first, err := s.Scan(t.Context(), snap)
			if err != nil {
				t.Fatal(err)
			}
			for range 2 {
				again, err := s.Scan(t.Context(), snap)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(first, again); diff != "" {
					t.Fatalf("%s as %s: the report changes once the profile is kept (-computed +kept):\n%s", name, kind, diff)
				}
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
