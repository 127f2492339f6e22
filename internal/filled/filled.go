// Package filled builds, for tests, a value of a type with every field,
// pointer, slice and map set to something not empty, so that a test over
// it covers a field added to the type later.
package filled

import (
	"reflect"
	"time"
)

// Value is a value of t with every exported field set: strings hold
// characters JSON escapes, numbers are negative or past int64, times have
// nanoseconds.
func Value(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.Pointer:
		v.Set(Value(t.Elem()).Addr())
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)))
			break
		}
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				v.Field(i).Set(Value(t.Field(i).Type))
			}
		}
	case reflect.Slice:
		v.Set(reflect.Append(reflect.MakeSlice(t, 0, 1), Value(t.Elem())))
	case reflect.Map:
		v.Set(reflect.MakeMap(t))
		v.SetMapIndex(Value(t.Key()), Value(t.Elem()))
	case reflect.String:
		v.SetString("x<&>\u2028")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(-7)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(1<<63 + 1)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(1.5e-7)
	}
	return v
}
