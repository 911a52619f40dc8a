package mockserver

import (
	"encoding/json"
	"math"
	"testing"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// checkAppendRecord fails unless appendRecord writes json.Marshal's bytes for r,
// or both fail.
func checkAppendRecord(t *testing.T, r *bc.Record) {
	t.Helper()
	want, wantErr := json.Marshal(r)
	got, err := appendRecord([]byte("prefix"), r)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("appendRecord error %v, json.Marshal error %v", err, wantErr)
	}
	if err == nil && string(got) != "prefix"+string(want) {
		t.Errorf("appendRecord:\n got %s\nwant prefix%s", got, want)
	}
}

func TestAppendRecordIsMarshal(t *testing.T) {
	t.Parallel()
	at := int64(1_700_000_000_000)
	records := []bc.Record{
		{},
		{ID: "rc1", WorkspaceID: "wk1", ObjectTypeID: "ot1", ObjectTypeSlug: "person", DisplayName: "Ada", CreatedAt: 1, UpdatedAt: 2, Fields: bc.FieldValues{}},
		{ID: "rc2", ArchivedAt: &at, IsArchived: true, DisplayName: `Grace "Amazing" <Hopper> & Co \ é ☃ 😀`, Fields: bc.FieldValues{
			"name": "Ada", "n": 1.5, "big": 1e21, "small": 1e-7, "neg": -3.0, "negzero": math.Copysign(0, -1), "zero": 0.0,
			"exact": float64(1 << 53), "huge": 123456789012345678.0, "t": true, "f": false, "null": nil,
			"list":  []any{"a", 1.0, map[string]any{"optionId": "fo1", "label": "x<y"}, []any{}, nil},
			"empty": map[string]any{}, "nilmap": map[string]any(nil), "nillist": []any(nil),
			"typed": map[string]string{"b": "2", "a": "1"}, "int": 7, "ctrl": "a\nb\tc\x01", "bad utf8": "\xff\xfe",
			"sep": "\u2028\u2029", "z": "last", "A": "upper sorts first", "é": "non-ASCII key",
		}},
	}
	for i := range records {
		checkAppendRecord(t, &records[i])
	}
	// A value json.Marshal refuses makes appendRecord fail too.
	checkAppendRecord(t, &bc.Record{Fields: bc.FieldValues{"nan": math.NaN()}})
	checkAppendRecord(t, &bc.Record{Fields: bc.FieldValues{"ch": make(chan int)}})
}

func FuzzAppendRecord(f *testing.F) {
	f.Add("Ada", "name", 1.5, int64(0))
	f.Add(`"<&>"`, "é", math.Copysign(0, -1), int64(-1))
	f.Add("\xff", "\u2028", 1e21, int64(1)<<62)
	f.Fuzz(func(t *testing.T, s, key string, n float64, ts int64) {
		checkAppendRecord(t, &bc.Record{
			ID: s, DisplayName: s, CreatedAt: ts, ArchivedAt: &ts,
			Fields: bc.FieldValues{key: s, key + "n": n, "list": []any{s, n, map[string]any{key: n}}},
		})
	})
}

func TestAppendPaginationIsMarshal(t *testing.T) {
	t.Parallel()
	var next, last, unset bc.Pagination
	next.Cursor.Set(`c1"<>`)
	next.HasMore = true
	last.Cursor.SetNull()
	// A pageBlock encodes as the bc.Pagination toPagination makes of its page.
	for _, r := range []pageResult[int]{{next: `c1"<>`, hasMore: true}, {}} {
		want, _ := json.Marshal(toPagination(r))
		if got, err := appendPagination(nil, blockOf(r)); string(got) != string(want) || err != nil {
			t.Errorf("pageBlock %+v: got %s (%v), want %s", r, got, err, want)
		}
	}
	for _, p := range []any{next, last, unset, bc.LegacyPagination{Page: 2, PageSize: 25}, bc.LegacyPagination{}, map[string]int{"page": 1}} {
		want, wantErr := json.Marshal(p)
		got, err := appendPagination(nil, p)
		if string(got) != string(want) || (err != nil) != (wantErr != nil) {
			t.Errorf("%#v: got %s (%v), json.Marshal %s (%v)", p, got, err, want, wantErr)
		}
	}
}
