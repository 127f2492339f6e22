package facts

import (
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// assign stores a generically decoded JSON document (numbers as
// json.Number) into v as encoding/json's strict decoder would store its
// text: fields by their json tags, unknown fields refused, null leaving a
// value as it is and setting a pointer, slice or map to nil. Decode has
// the document already, for the schema: assigning it spares parsing the
// text a second time, a third of decoding a snapshot. TestAssign and
// FuzzDecode hold the two equal.
func assign(doc any, v reflect.Value) error {
	if doc == nil {
		switch v.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			v.SetZero()
		}
		return nil
	}
	if v.Kind() != reflect.Pointer && v.CanAddr() {
		if u, ok := v.Addr().Interface().(encoding.TextUnmarshaler); ok {
			s, ok := doc.(string)
			if !ok {
				return mismatch(doc, v)
			}
			return u.UnmarshalText([]byte(s)) // time.Time, the one such type
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		return assign(doc, v.Elem())
	case reflect.Struct:
		obj, ok := doc.(map[string]any)
		if !ok {
			return mismatch(doc, v)
		}
		fields := fieldsOf(v.Type())
		for k, e := range obj {
			i, ok := fields[k]
			if !ok {
				return fmt.Errorf("json: unknown field %q", k)
			}
			if err := assign(e, v.Field(i)); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
		}
		return nil
	case reflect.Map:
		obj, ok := doc.(map[string]any)
		if !ok || v.Type().Key().Kind() != reflect.String {
			return mismatch(doc, v)
		}
		if v.IsNil() {
			v.Set(reflect.MakeMapWithSize(v.Type(), len(obj)))
		}
		for k, e := range obj {
			ev := reflect.New(v.Type().Elem()).Elem()
			if err := assign(e, ev); err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			v.SetMapIndex(reflect.ValueOf(k).Convert(v.Type().Key()), ev)
		}
		return nil
	case reflect.Slice:
		arr, ok := doc.([]any)
		if !ok {
			return mismatch(doc, v)
		}
		s := reflect.MakeSlice(v.Type(), len(arr), len(arr))
		for i, e := range arr {
			if err := assign(e, s.Index(i)); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		v.Set(s)
		return nil
	case reflect.String:
		s, ok := doc.(string)
		if !ok {
			return mismatch(doc, v)
		}
		v.SetString(s)
		return nil
	case reflect.Bool:
		b, ok := doc.(bool)
		if !ok {
			return mismatch(doc, v)
		}
		v.SetBool(b)
		return nil
	}
	n, ok := doc.(json.Number)
	if !ok {
		return mismatch(doc, v)
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(string(n), 10, 64)
		if err != nil || v.OverflowInt(i) {
			return mismatch(doc, v)
		}
		v.SetInt(i)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		u, err := strconv.ParseUint(string(n), 10, 64)
		if err != nil || v.OverflowUint(u) {
			return mismatch(doc, v)
		}
		v.SetUint(u)
	case reflect.Float32, reflect.Float64:
		f, err := strconv.ParseFloat(string(n), v.Type().Bits())
		if err != nil || v.OverflowFloat(f) {
			return mismatch(doc, v)
		}
		v.SetFloat(f)
	default:
		return mismatch(doc, v)
	}
	return nil
}

func mismatch(doc any, v reflect.Value) error {
	return fmt.Errorf("json: cannot store %s in a field of type %s", jsonKind(doc), v.Type())
}

var fieldCache sync.Map // reflect.Type → map[string]int

// fieldsOf maps a struct's json names to its field indexes (exported
// fields; a field without a tag goes by its own name).
func fieldsOf(t reflect.Type) map[string]int {
	if f, ok := fieldCache.Load(t); ok {
		return f.(map[string]int)
	}
	fields := map[string]int{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		fields[name] = i
	}
	fieldCache.Store(t, fields)
	return fields
}
