package mockserver

import (
	"reflect"
	"testing"
)

// TestStoreTakeMovesEveryField fails when a field added to store is not moved by
// take, which would leave a reset or seed half applied.
func TestStoreTakeMovesEveryField(t *testing.T) {
	t.Parallel()
	from, to := newStore(), newStore()
	to.take(from)
	fv, tv := reflect.ValueOf(from).Elem(), reflect.ValueOf(to).Elem()
	for i := range fv.NumField() {
		f := fv.Type().Field(i)
		switch f.Name {
		case "mu", "seq":
			continue
		}
		if fv.Field(i).Kind() != reflect.Pointer && fv.Field(i).Kind() != reflect.Map {
			t.Fatalf("store.%s is a %s; teach this test and take about it", f.Name, fv.Field(i).Kind())
		}
		if fv.Field(i).Pointer() != tv.Field(i).Pointer() {
			t.Errorf("take does not move store.%s", f.Name)
		}
	}
}
