package facts

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var printer = message.NewPrinter(language.English)

// schemaFile is the published JSON Schema of a snapshot, generated from
// the types in this package (TestSchemaIsGenerated).
const schemaFile = "snapshot.schema.json"

//go:embed snapshot.schema.json
var schemaJSON []byte

// Schema returns the published snapshot schema.
func Schema() []byte { return bytes.Clone(schemaJSON) }

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schemaFile, doc); err != nil {
		return nil, err
	}
	return c.Compile(schemaFile)
})

// validate checks a decoded JSON document against the snapshot schema and
// names the first problem by its JSON pointer, so that no snapshot reaches
// the policies with a shape they do not expect.
func validate(doc any) error {
	s, err := compiledSchema()
	if err != nil {
		return fmt.Errorf("snapshot schema: %w", err) // the embedded schema is tested to compile
	}
	err = s.Validate(doc)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	leaf := firstLeaf(ve)
	ptr := "/" + strings.Join(leaf.InstanceLocation, "/")
	return fmt.Errorf("invalid snapshot at %s: %s (see docs/snapshot.md)", ptr, leaf.ErrorKind.LocalizedString(printer))
}

// firstLeaf is the innermost cause along the first branch: the most
// precise thing to tell the user.
func firstLeaf(ve *jsonschema.ValidationError) *jsonschema.ValidationError {
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	return ve
}
