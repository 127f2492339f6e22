package facts

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/invopop/jsonschema"

	"github.com/dcos-audit/dcos-audit/internal/golden"
)

// TestSchemaIsGenerated keeps the published snapshot schema, which Decode
// validates snapshots against and the policies are type-checked with, in
// step with the Go model: it is generated from the types and their comments
// (go test ./facts/ -update rewrites it).
func TestSchemaIsGenerated(t *testing.T) {
	r := &jsonschema.Reflector{ExpandedStruct: true, DoNotReference: true}
	if err := r.AddGoComments("github.com/dcos-audit/dcos-audit/facts", "."); err != nil {
		t.Fatal(err)
	}
	s := r.Reflect(&Snapshot{})
	s.ID = "https://github.com/dcos-audit/dcos-audit/facts/snapshot.schema.json"
	s.Title = "dcos-audit snapshot"
	s.Description = "The facts dcos-audit gathered about one DC/OS node (docs/snapshot.md)."
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.Assert(t, append(b, '\n'), schemaFile)
}

// A snapshot of the wrong shape is refused before any policy sees it, with
// the JSON pointer of the first problem.
func TestDecodeValidates(t *testing.T) {
	good, err := os.ReadFile("rootfs/testdata/master-2.2.1.snapshot.golden.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(good); err != nil {
		t.Fatalf("a gathered snapshot is refused: %v", err)
	}
	tests := []struct{ name, doc, want string }{
		{"only a version", `{"schema_version": 1}`, "invalid snapshot at /: node is required (and 3 more)"},
		{"null roles", strings.Replace(string(good), `"roles": [`, `"roles": null, "x": [`, 1), "invalid snapshot at /node/roles: Invalid type. Expected: array, given: null (and 1 more)"},
		{"mode as a number", strings.Replace(string(good), `"mode": "0644"`, `"mode": 420`, 1), "/file/mode: Invalid type. Expected: string, given: integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.doc))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestShapeCovers: the quick look understands the whole schema, and takes
// every gathered snapshot in the repository and one with every field set,
// so that valid snapshots do not pay for the validator.
func TestShapeCovers(t *testing.T) {
	s := compiledShape()
	if s == nil {
		t.Fatal("the snapshot schema uses a keyword shape does not compile: teach facts.shape the keyword, or every snapshot goes through the validator")
	}
	for name, b := range snapshotTexts(t) {
		doc := parsed(t, b)
		if err := validate(doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !conforms(doc, s) {
			t.Errorf("%s passes the schema, but not the quick look", name)
		}
	}
}

// parsed is b decoded as Decode decodes it, numbers as json.Number.
func parsed(t *testing.T, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// FuzzDecode: any bytes decode to a snapshot that passes the schema, or to
// an error; never a panic, never a snapshot that could break a policy, and
// never one other than encoding/json's strict decoder makes of the bytes.
// On the way, the quick paths (parseGeneric, conforms) agree with the
// slow ones they stand in for.
func FuzzDecode(f *testing.F) {
	good, err := os.ReadFile("rootfs/testdata/agent-dropin.snapshot.golden.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte(`{"schema_version": 1}`))
	f.Add([]byte(`{"schema_version": 1, "units": null}`))
	// What the two parsers of parseGeneric could read apart: escapes,
	// lone surrogates, invalid UTF-8, repeated keys, numbers, nesting.
	f.Add([]byte(`{"schema_version": 1, "node": {"hostname": "a\u00e9\ud83d\ude00\t\"\/"}}`))
	f.Add([]byte(`{"schema_version": 1, "node": {"hostname": "\ud800x"}}`))
	f.Add([]byte("{\"schema_version\": 1, \"node\": {\"hostname\": \"\xff\xfe\"}}"))
	f.Add([]byte(`{"schema_version": 1, "schema_version": 1.0, "units": [], "units": [{"name": "a"}]}`))
	f.Add([]byte(`{"schema_version": 1e0, "node": {"manager": {"userspace_timestamp_usec": 18446744073709551615}}}`))
	f.Add([]byte(`{"schema_version": 1, "problems": ` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`))
	f.Add([]byte(`{"schema_version": 1, "problems": ` + strings.Repeat("[", 400) + strings.Repeat("]", 400) + `}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var doc any
		decoded := dec.Decode(&doc) == nil && !dec.More()
		if decoded && conforms(doc, compiledShape()) {
			if err := validate(doc); err != nil {
				t.Errorf("the quick look takes what the schema refuses: %v", err)
			}
		}
		if quick, ok := parseGeneric(b); ok {
			if !decoded {
				t.Fatalf("parseGeneric takes what encoding/json refuses")
			}
			// Not cmp.Diff: its time grows exponentially with nesting.
			if !reflect.DeepEqual(doc, quick) {
				t.Errorf("parseGeneric differs from encoding/json:\njson     %.500q\nfastjson %.500q", doc, quick)
			}
		}
		s, err := Decode(b)
		if err != nil {
			return
		}
		if s.Node.Roles == nil || s.Units == nil || s.Problems == nil {
			t.Errorf("a decoded snapshot has a null list: %+v", s.Node)
		}
		want, err := strictDecode(b)
		if err != nil {
			t.Fatalf("Decode takes what encoding/json refuses: %v", err)
		}
		if diff := cmp.Diff(want, s); diff != "" {
			t.Errorf("Decode differs from encoding/json (-json +Decode):\n%s", diff)
		}
	})
}
