package facts

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
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
	var head struct {
		SchemaVersion *int `json:"schema_version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, jsonError(b, err)
	}
	switch {
	case head.SchemaVersion == nil:
		return nil, errors.New("not a dcos-audit snapshot: no schema_version field")
	case *head.SchemaVersion != SchemaVersion:
		return nil, fmt.Errorf("snapshot schema_version %d is not supported (this dcos-audit reads %d): gather it again with this version", *head.SchemaVersion, SchemaVersion)
	}
	if err := validate(b); err != nil {
		return nil, err
	}
	var s Snapshot
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, jsonError(b, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("trailing data after the snapshot at byte %d", dec.InputOffset())
	}
	return &s, nil
}

func jsonError(b []byte, err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("corrupt snapshot at byte %d of %d: %w", syn.Offset, len(b), err)
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Errorf("corrupt snapshot at byte %d: field %q: %w", typ.Offset, typ.Field, err)
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
