package facts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"

	"github.com/dcos-audit/dcos-audit/internal/jsonvalue"
)

// Write encodes a snapshot as indented JSON with a trailing newline; <, >
// and & are written as they are, as in reports.
func Write(w io.Writer, s *Snapshot) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return fmt.Errorf("encode snapshot: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Decode reads a snapshot strictly: the schema version is checked first,
// unknown fields are rejected, and a syntax error names its byte offset.
func Decode(b []byte) (*Snapshot, error) {
	// One generic parse serves the version check, the schema and the
	// struct (jsonvalue.Assign).
	doc, ok := parseGeneric(b)
	if !ok {
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber() // as the validator reads numbers
		if err := dec.Decode(&doc); err != nil {
			return nil, jsonError(b, err)
		}
		if dec.More() {
			return nil, fmt.Errorf("trailing data after the snapshot at byte %d", dec.InputOffset())
		}
	}
	obj, _ := doc.(map[string]any)
	version, found := obj["schema_version"].(json.Number)
	switch {
	case obj == nil:
		return nil, errors.New("not a dcos-audit snapshot: not a JSON object")
	case obj["schema_version"] == nil:
		return nil, errors.New("not a dcos-audit snapshot: no schema_version field")
	case !found:
		return nil, fmt.Errorf("corrupt snapshot: schema_version is %s, not a number", jsonvalue.Kind(obj["schema_version"]))
	case version.String() != strconv.Itoa(SchemaVersion):
		return nil, fmt.Errorf("snapshot schema_version %s is not supported (this dcos-audit reads %d): gather it again with this version", version, SchemaVersion)
	}
	// The quick look first; the validator explains what it refuses.
	if s := compiledShape(); s == nil || !conforms(doc, s) {
		if err := validate(doc); err != nil {
			return nil, err
		}
	}
	var s Snapshot
	if err := jsonvalue.Assign(doc, &s); err != nil {
		return nil, fmt.Errorf("corrupt snapshot: %w", err)
	}
	return &s, nil
}

// jsonError is a parse error of the snapshot's text, with where it is.
func jsonError(b []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("corrupt snapshot at byte %d of %d: %w", syn.Offset, len(b), err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("corrupt snapshot: truncated after %d bytes", len(b))
	}
	return fmt.Errorf("corrupt snapshot: %w", err)
}

// File is a saved snapshot used as a Source. Path "-" reads standard input
// from Stdin.
type File struct {
	Path  string
	Stdin io.Reader
}

// Gather reads and decodes the file.
func (f File) Gather(ctx context.Context) (*Snapshot, error) {
	var (
		b   []byte
		err error
	)
	if f.Path == "-" {
		b, err = io.ReadAll(f.Stdin)
	} else {
		b, err = os.ReadFile(f.Path)
	}
	if err != nil {
		return nil, fmt.Errorf("read snapshot %s: %w", f.Path, err)
	}
	s, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("read snapshot %s: %w", f.Path, err)
	}
	return s, nil
}
