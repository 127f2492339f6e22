package scanner

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dcos-audit/dcos-audit/report"
)

// mergeData reads --data files (JSON, or YAML by extension) and merges each,
// in order, over the catalog: objects merge key by key, anything else (a
// number, a string, a list) replaces what was there. Each file must have the
// catalog's shape; the merged catalog must still be consistent. inputs
// name each file with the digest of the bytes merged, for provenance.
func mergeData(catalog map[string]any, files []string) (merged map[string]any, inputs []report.Input, err error) {
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, nil, fmt.Errorf("--data %s: %w", file, unwrapPath(err))
		}
		over, err := parseData(file, b)
		if err != nil {
			return nil, nil, err
		}
		catalog = merge(catalog, over)
		inputs = append(inputs, report.Input{Kind: "data", Path: file, SHA256: sha256Hex(b)})
	}
	if len(files) > 0 {
		if err := checkCatalog(catalog); err != nil {
			return nil, nil, fmt.Errorf("catalog after merging --data %s: %w", strings.Join(files, ", "), err)
		}
	}
	return catalog, inputs, nil
}

func parseData(file string, b []byte) (map[string]any, error) {
	var (
		shape Catalog
		m     map[string]any
	)
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml":
		var doc yaml.Node
		if err := yaml.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("--data %s: %w", file, err)
		}
		if len(doc.Content) == 0 {
			return nil, fmt.Errorf("--data %s: empty file: expected a mapping with catalog fields (units, optional_units, timer_tolerance_percent, ...)", file)
		}
		dec := doc.Content[0]
		if err := strictYAML(dec, &shape); err != nil {
			return nil, fmt.Errorf("--data %s: %s", file, inUserWords(err))
		}
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("--data %s: %w", file, err)
		}
	case ".json":
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&shape); err != nil {
			return nil, fmt.Errorf("--data %s:%d: %s", file, lineOf(b, offsetOf(err, dec)), inUserWords(err))
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("--data %s: %w", file, err)
		}
	default:
		return nil, fmt.Errorf("--data %s: unknown file type: name it .json, .yaml or .yml", file)
	}
	if m == nil {
		return nil, fmt.Errorf("--data %s: expected a mapping with catalog fields (units, optional_units, timer_tolerance_percent, ...)", file)
	}
	return m, nil
}

// goTypes are the decoders' names of Go types ("in type scanner.CatalogUnit",
// "into Go struct field Catalog.units"): words of this program, not of the
// user's file.
var goTypes = regexp.MustCompile(` (in type|into Go (struct field|value of type)) [\w.\[\]*]+`)

var yamlUnknown = regexp.MustCompile(`field (\S+) not found`)

// inUserWords phrases a decoding error in terms of the user's file.
func inUserWords(err error) string {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Sprintf("%s: a JSON %s where %s is expected", typ.Field, typ.Value, typ.Type.Kind())
	}
	msg := goTypes.ReplaceAllString(err.Error(), "")
	msg = strings.ReplaceAll(msg, "json: unknown field", "unknown field")
	msg = yamlUnknown.ReplaceAllString(msg, "unknown field $1")
	return strings.ReplaceAll(msg, "yaml: unmarshal errors:\n  ", "")
}

// strictYAML decodes with unknown keys rejected, line numbers included.
func strictYAML(n *yaml.Node, v any) error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	if err := enc.Encode(n); err != nil {
		return err
	}
	dec := yaml.NewDecoder(&buf)
	dec.KnownFields(true)
	return dec.Decode(v)
}

func offsetOf(err error, dec *json.Decoder) int64 {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return syn.Offset
	case errors.As(err, &typ):
		return typ.Offset
	}
	return dec.InputOffset()
}

func lineOf(b []byte, offset int64) int {
	offset = min(max(offset, 0), int64(len(b)))
	return 1 + bytes.Count(b[:offset], []byte("\n"))
}

func merge(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		bm, ok1 := out[k].(map[string]any)
		om, ok2 := v.(map[string]any)
		if ok1 && ok2 {
			out[k] = merge(bm, om)
			continue
		}
		out[k] = v
	}
	return out
}

var release = regexp.MustCompile(`^[0-9]+\.[0-9]+\.[0-9]+$`)

// checkCatalog verifies what the policies rely on: every unit has a kind,
// release ranges of x.y.z with known roles, and timers say what they trigger.
func checkCatalog(m map[string]any) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	var c Catalog
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return err
	}
	var bad []error
	for name, u := range c.Units {
		if u.Kind == "" {
			bad = append(bad, fmt.Errorf("unit %s: no kind (service, socket, timer, ...)", name))
		}
		if len(u.Presence) == 0 {
			bad = append(bad, fmt.Errorf("unit %s: no presence ranges", name))
		}
		for _, p := range u.Presence {
			if !release.MatchString(p.From) || !release.MatchString(p.To) {
				bad = append(bad, fmt.Errorf("unit %s: presence %q–%q: releases must be x.y.z", name, p.From, p.To))
			}
			for _, r := range p.Roles {
				if !slices.Contains(c.Roles, r) {
					bad = append(bad, fmt.Errorf("unit %s: role %q is not one of %s", name, r, strings.Join(c.Roles, ", ")))
				}
			}
		}
		if u.Kind == "timer" && (u.Timer == nil || u.Timer.Triggers == "") {
			bad = append(bad, fmt.Errorf("unit %s: a timer needs timer.triggers", name))
		}
	}
	slices.SortFunc(bad, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return errors.Join(bad...)
}
