package facts

import (
	"bytes"
	"cmp"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/xeipuuv/gojsonschema"
)

// schemaFile is the published JSON Schema of a snapshot, generated from
// the types in this package (TestSchemaIsGenerated).
const schemaFile = "snapshot.schema.json"

//go:embed snapshot.schema.json
var schemaJSON []byte

// Schema returns the published snapshot schema.
func Schema() []byte { return bytes.Clone(schemaJSON) }

// compiledSchema is compiled on first use. The validator is
// xeipuuv/gojsonschema, which the SARIF library already links in; it
// reads the schema as draft 7, the subset of 2020-12 the generator emits
// (keywords and "$defs" pointers), and costs nothing at start-up, where
// santhosh-tekuri/jsonschema compiled every draft's meta-schemas (8 ms of
// each run).
var compiledSchema = sync.OnceValues(func() (*gojsonschema.Schema, error) {
	l := gojsonschema.NewSchemaLoader()
	l.Draft, l.AutoDetect = gojsonschema.Draft7, false
	return l.Compile(gojsonschema.NewBytesLoader(schemaJSON))
})

// validate checks a JSON document, decoded with json.Number for numbers,
// against the snapshot schema and names the first problem by its JSON
// pointer, so that no snapshot reaches the policies with a shape they do
// not expect.
func validate(doc any) error {
	s, err := compiledSchema()
	if err != nil {
		return fmt.Errorf("snapshot schema: %w", err) // the embedded schema is tested to compile
	}
	res, err := s.Validate(gojsonschema.NewRawLoader(doc))
	if err != nil {
		return err
	}
	if res.Valid() {
		return nil
	}
	// The validator's order follows map iteration; the first problem by
	// pointer, then wording, is the same on every run.
	var problems []string
	for _, e := range res.Errors() {
		ptr := strings.TrimPrefix(e.Context().String("/"), gojsonschema.STRING_CONTEXT_ROOT)
		problems = append(problems, cmp.Or(ptr, "/")+": "+e.Description())
	}
	slices.Sort(problems)
	more := ""
	if len(problems) > 1 {
		more = fmt.Sprintf(" (and %d more)", len(problems)-1)
	}
	return fmt.Errorf("invalid snapshot at %s%s (see docs/snapshot.md)", problems[0], more)
}
