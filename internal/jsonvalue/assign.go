// Package jsonvalue stores a generically decoded JSON document (numbers
// as json.Number) into a Go value as encoding/json's strict decoder stores
// the text, for callers that hold the document already: a snapshot parsed
// for its schema (facts.Decode), a policy result (scanner).
package jsonvalue

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// Assign stores doc into what dst points to: fields by their json tags
// (matched exactly, where encoding/json also takes other letter cases),
// unknown fields refused, null leaving a value as it is and setting a
// pointer, slice or map to nil, a string into an encoding.TextUnmarshaler.
// It spares parsing the text a second time. The tests of facts.Decode
// (TestAssign, FuzzDecode) hold it equal to encoding/json.
func Assign(doc any, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return fmt.Errorf("json: Assign needs a non-nil pointer, not %T", dst)
	}
	return assign(doc, v.Elem())
}

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
				return within(k, err)
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
				return within(k, err)
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
				return within("["+strconv.Itoa(i)+"]", err)
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

// fieldError is an error at a path of the document: units[3].file.uid.
type fieldError struct {
	path string
	err  error
}

func (e *fieldError) Error() string { return e.path + ": " + e.err.Error() }

func (e *fieldError) Unwrap() error { return e.err }

// within puts err, from inside segment seg (a key, or [i]), on its path.
func within(seg string, err error) error {
	var fe *fieldError
	if !errors.As(err, &fe) {
		return &fieldError{seg, err}
	}
	if strings.HasPrefix(fe.path, "[") {
		return &fieldError{seg + fe.path, fe.err}
	}
	return &fieldError{seg + "." + fe.path, fe.err}
}

func mismatch(doc any, v reflect.Value) error {
	return fmt.Errorf("json: cannot store %s in a field of type %s", Kind(doc), v.Type())
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

// Kind names the JSON type of a generically decoded value, for messages.
func Kind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "null"
}
