package scanner

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// inputValue builds the policies' input from a Go value the way
// encoding/json would write it (field names and omitempty from the json
// tags, nil slices and pointers as null), but straight into OPA's values:
// OPA's own conversion of a struct writes it as JSON text and reads it back,
// which was 15% of a node's evaluation. TestInputValue holds the two equal.
func inputValue(v any) (ast.Value, error) {
	return toValue(reflect.ValueOf(v))
}

var textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
var jsonMarshaler = reflect.TypeFor[json.Marshaler]()

func toValue(v reflect.Value) (ast.Value, error) {
	if !v.IsValid() {
		return ast.NullValue, nil
	}
	t := v.Type()
	if t.Implements(jsonMarshaler) || t.Implements(textMarshaler) {
		// time.Time, the one such type in a snapshot: as encoding/json has it.
		return viaJSON(v.Interface())
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return ast.NullValue, nil
		}
		return toValue(v.Elem())
	case reflect.Struct:
		return structValue(v)
	case reflect.Map:
		if v.IsNil() {
			return ast.NullValue, nil
		}
		if t.Key().Kind() != reflect.String {
			return viaJSON(v.Interface())
		}
		obj := ast.NewObjectWithCapacity(v.Len())
		for it := v.MapRange(); it.Next(); {
			e, err := toValue(it.Value())
			if err != nil {
				return nil, err
			}
			obj.Insert(ast.StringTerm(it.Key().String()), ast.NewTerm(e))
		}
		return obj, nil
	case reflect.Slice:
		if v.IsNil() {
			return ast.NullValue, nil
		}
		fallthrough
	case reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return viaJSON(v.Interface()) // []byte is base64 text
		}
		terms := make([]*ast.Term, v.Len())
		for i := range terms {
			e, err := toValue(v.Index(i))
			if err != nil {
				return nil, err
			}
			terms[i] = ast.NewTerm(e)
		}
		return ast.NewArray(terms...), nil
	case reflect.String:
		return ast.String(v.String()), nil
	case reflect.Bool:
		return ast.Boolean(v.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return ast.Number(strconv.FormatInt(v.Int(), 10)), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return ast.Number(strconv.FormatUint(v.Uint(), 10)), nil
	}
	return viaJSON(v.Interface()) // floats: encoding/json's own formatting
}

func structValue(v reflect.Value) (ast.Value, error) {
	fields, err := jsonFields(v.Type())
	if err != nil {
		return nil, err
	}
	obj := ast.NewObjectWithCapacity(len(fields))
	for _, f := range fields {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmpty(fv) {
			continue
		}
		e, err := toValue(fv)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", v.Type(), f.name, err)
		}
		obj.Insert(f.key, ast.NewTerm(e))
	}
	return obj, nil
}

// isEmpty is encoding/json's omitempty test: a struct is never empty.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Struct:
		return false
	}
	return v.IsZero()
}

type jsonField struct {
	index     int
	name      string
	key       *ast.Term // name, made once: every unit has the same keys
	omitEmpty bool
}

var fieldCache sync.Map // reflect.Type → []jsonField

// jsonFields lists a struct's fields as encoding/json names them. Embedded
// structs and string-encoded fields do not occur in a snapshot and are
// refused rather than written differently from encoding/json.
func jsonFields(t reflect.Type) ([]jsonField, error) {
	if f, ok := fieldCache.Load(t); ok {
		return f.([]jsonField), nil
	}
	var fields []jsonField
	for i := range t.NumField() {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if sf.Anonymous || strings.Contains(opts, "string") {
			return nil, fmt.Errorf("%s.%s: field form not supported by the input builder", t, sf.Name)
		}
		if name == "" {
			name = sf.Name
		}
		fields = append(fields, jsonField{index: i, name: name, key: ast.StringTerm(name), omitEmpty: strings.Contains(opts, "omitempty")})
	}
	fieldCache.Store(t, fields)
	return fields, nil
}

func viaJSON(x any) (ast.Value, error) {
	b, err := json.Marshal(x)
	if err != nil {
		return nil, err
	}
	return ast.ValueFromReader(bytes.NewReader(b))
}
