package mockserver

import (
	"reflect"
	"testing"
)

// TestNewTablesMakesEveryField fails on a collection declared in tables but not
// made in newTables, which would panic at its first write.
func TestNewTablesMakesEveryField(t *testing.T) {
	t.Parallel()
	v := reflect.ValueOf(newTables()).Elem()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch {
		case name == "seq":
		case f.Kind() != reflect.Pointer && f.Kind() != reflect.Map:
			t.Errorf("tables.%s is a %s; teach this test about it", name, f.Kind())
		case f.IsNil():
			t.Errorf("newTables does not make tables.%s", name)
		}
	}
}
