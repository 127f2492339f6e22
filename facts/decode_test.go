package facts

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/internal/filled"
	"github.com/dcos-audit/dcos-audit/internal/jsonvalue"
)

// strictDecode is what jsonvalue.Assign stands in for: encoding/json's decoder,
// unknown fields refused.
func strictDecode(b []byte) (*Snapshot, error) {
	var s Snapshot
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return &s, dec.Decode(&s)
}

// jsonvalue.Assign stores a parsed document as encoding/json stores the text: for
// every gathered snapshot in the repository, for an empty one, for one
// whose every field, pointer, slice and map is set (so that a field added
// later is covered), and for nulls where lists and objects go.
func TestAssign(t *testing.T) {
	docs := snapshotTexts(t)
	docs["empty"] = []byte(`{}`)
	docs["nulls"] = []byte(`{"units": [{"link": null, "file": {"options": null, "drop_ins": null}, "state": null}], "node": {"roles": null}}`)
	for name, b := range docs {
		want, err := strictDecode(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var got Snapshot
		if err := jsonvalue.Assign(parsed(t, b), &got); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(want, &got); diff != "" {
			t.Errorf("%s: assign differs from encoding/json (-json +assign):\n%s", name, diff)
		}
	}
}

// snapshotTexts is every gathered snapshot in the repository, by path,
// and "filled": one with every field, pointer, slice and map set.
func snapshotTexts(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("*/testdata/*.snapshot.golden.json")
	if err != nil || len(files) < 10 {
		t.Fatalf("gathered snapshots: %d found, %v", len(files), err)
	}
	docs := map[string][]byte{}
	for _, f := range files {
		if docs[f], err = os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	if docs["filled"], err = json.Marshal(filled.Value(reflect.TypeFor[Snapshot]()).Interface()); err != nil {
		t.Fatal(err)
	}
	return docs
}

// What encoding/json refuses, jsonvalue.Assign refuses.
func TestAssignRefuses(t *testing.T) {
	for _, doc := range []string{
		`{"unknown": 1}`,
		`{"node": {"hostname": 7}}`,
		`{"node": {"roles": "master"}}`,
		`{"units": [{"file": {"uid": 1.5}}]}`,
		`{"units": [{"file": {"uid": "0"}}]}`,
		`{"node": {"manager": {"userspace_timestamp_usec": -1}}}`,
		`{"source": {"gathered_at": "yesterday"}}`,
		`{"node": {"wants_dir_found": "true"}}`,
		`{"units": {"name": "x"}}`,
	} {
		if _, err := strictDecode([]byte(doc)); err == nil {
			t.Fatalf("encoding/json takes %s: not a refusal to compare", doc)
		}
		var s Snapshot
		if err := jsonvalue.Assign(parsed(t, []byte(doc)), &s); err == nil {
			t.Errorf("assign takes %s, which encoding/json refuses", doc)
		}
	}
}

// An error of jsonvalue.Assign names where in the document it is.
func TestAssignNamesThePath(t *testing.T) {
	doc := map[string]any{"units": []any{map[string]any{}, map[string]any{"file": map[string]any{"uid": json.Number("1.5")}}}}
	var s Snapshot
	err := jsonvalue.Assign(doc, &s)
	want := "units[1].file.uid: json: cannot store a number in a field of type int"
	if err == nil || err.Error() != want {
		t.Fatalf("err = %v, want %q", err, want)
	}
	if err := jsonvalue.Assign(doc, s); err == nil {
		t.Fatal("Assign to a value, not a pointer, succeeded")
	}
}
