package facts

import (
	"bytes"
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/xeipuuv/gojsonschema"
)

// schemaFile is the published JSON Schema of a snapshot, generated from
// the types in this package (TestSchemaIsGenerated).
const schemaFile = "snapshot.schema.json"

//go:embed snapshot.schema.json
var schemaJSON []byte

// Schema returns the published snapshot schema.
func Schema() []byte { return bytes.Clone(schemaJSON) }

// compiledSchema is compiled on first use, for the snapshots conforms
// does not take: it names what is wrong. The validator is
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

// shape is the part of JSON Schema the generator emits, decoded from the
// embedded schema for conforms; a keyword it does not list fails the
// decoding (TestShapeCovers), and every snapshot then goes through the
// validator.
type shape struct {
	Type       string            `json:"type"`
	Format     string            `json:"format"`
	Properties map[string]*shape `json:"properties"`
	Required   []string          `json:"required"`
	Extra      *extra            `json:"additionalProperties"`
	Items      *shape            `json:"items"`

	Schema      string `json:"$schema"` // words only, from here on
	ID          string `json:"$id"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// extra is additionalProperties: false (no other key), or a schema.
type extra struct{ shape *shape }

func (e *extra) UnmarshalJSON(b []byte) error {
	if string(b) == "false" {
		return nil
	}
	e.shape = new(shape)
	return strictUnmarshal(b, e.shape)
}

func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

var compiledShape = sync.OnceValue(func() *shape {
	s := new(shape)
	if strictUnmarshal(schemaJSON, s) != nil {
		return nil
	}
	return s
})

// conforms tells quickly, without a message, that a document has the
// snapshot schema's shape. It may refuse what the schema takes (an integer
// written 1.0, a time gojsonschema reads another way); Decode then asks the
// validator, which explains what is wrong or lets the document through.
// It never takes what the schema refuses (FuzzDecode).
func conforms(doc any, s *shape) bool {
	switch s.Type {
	case "object":
		obj, ok := doc.(map[string]any)
		if !ok {
			return false
		}
		for _, name := range s.Required {
			if _, ok := obj[name]; !ok {
				return false
			}
		}
		for k, v := range obj {
			sub, ok := s.Properties[k]
			if !ok && s.Extra != nil {
				sub = s.Extra.shape
			}
			if sub == nil || !conforms(v, sub) {
				return false
			}
		}
		return true
	case "array":
		arr, ok := doc.([]any)
		for i := 0; ok && s.Items != nil && i < len(arr); i++ {
			ok = conforms(arr[i], s.Items)
		}
		return ok
	case "string":
		str, ok := doc.(string)
		switch s.Format {
		case "":
		case "date-time":
			_, err := time.Parse(time.RFC3339, str)
			ok = ok && err == nil
		default:
			ok = false
		}
		return ok
	case "integer":
		n, ok := doc.(json.Number)
		_, err := strconv.ParseInt(string(n), 10, 64)
		_, uerr := strconv.ParseUint(string(n), 10, 64)
		return ok && (err == nil || uerr == nil)
	case "number":
		_, ok := doc.(json.Number)
		return ok
	case "boolean":
		_, ok := doc.(bool)
		return ok
	}
	return false
}

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
