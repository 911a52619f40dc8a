package client

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCheckShape(t *testing.T) {
	t.Parallel()
	item := &shape{kinds: kindObject, props: []prop{{"id", &shape{kinds: kindString}}, {"n", &shape{kinds: kindInteger | kindNull}}, {"tags", &shape{kinds: kindArray, items: &shape{kinds: kindString}}}}, required: 2, name: "Item"}
	page := &shape{kinds: kindObject, props: []prop{{"data", &shape{kinds: kindArray, items: item}}}, required: 1, name: "Page"}
	tests := []struct {
		body string
		want string // the problem; empty for none
	}{
		{`{"data":[]}`, ""},
		{` { "data" : [ {"id":"a","n":null} , {"n":-0,"id":"b\"\\u00e9","x":{"y":[1,2.5e-3,true,false,null]}} ] } `, ""},
		{`{"data":[{"id":"a","n":1}],"data2":7}`, ""},
		{`{"data":[{"id":"a","n":1e3}]}`, `$.data[0].n: want integer or null, got number`},
		{`{"data":[{"id":"a","n":1.0}]}`, `$.data[0].n: want integer or null, got number`},
		{`{"data":[{"id":"a","n":1},{"id":"b"}]}`, `$.data[1]: missing required property "n" of Item`},
		{`{"data":[{"id":"a","n":1,"tags":["x",2]}]}`, `$.data[0].tags[1]: want string, got number`},
		{`{"data":{}}`, `$.data: want array, got object`},
		{`[]`, `$: want object, got array (Page)`},
		{`{}`, `$: missing required property "data" of Page`},
		{`{"data":[]} x`, `$: invalid JSON: data after the value at byte 12`},
		{`{"data":[],}`, `$: invalid JSON: want a property name at byte 11`},
		{`{"data":[01]}`, `$.data[0]: invalid JSON: bad number at byte 9`},
		{`{"data":[tru]}`, `$.data[0]: invalid JSON: bad literal at byte 9`},
		{`{"data":["a` + "\n" + `"]}`, `$.data[0]: invalid JSON: unterminated string at byte 9`},
		{``, `$: invalid JSON: unexpected end at byte 0`},
	}
	if p := checkShape([]byte(strings.Repeat("[", maxDepth+2)), nil); p == nil || !strings.Contains(p.String(), "nesting too deep") {
		t.Errorf("deep nesting: %v, want nesting too deep", p)
	}
	for _, tt := range tests {
		p := checkShape([]byte(tt.body), page)
		got := ""
		if p != nil {
			got = p.String()
		}
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("checkShape(%.40q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func TestCheckShapeAllocatesNothingOnAGoodBody(t *testing.T) {
	body := []byte(recordJSON)
	if n := testing.AllocsPerRun(100, func() {
		if p := checkShape(body, &shapeRecordEnvelope); p != nil {
			t.Fatal(p)
		}
	}); n != 0 {
		t.Errorf("checkShape allocated %.0f times, want 0", n)
	}
}

func TestLenientResponses(t *testing.T) {
	t.Parallel()
	for _, status := range []int{200, 201} {
		c := newTestClient(t, plainKey, reply(status, `{"record":{"id":"rec_1"}}`), WithStrictResponses(false))
		rec, _, err := c.GetRecord(t.Context(), "rec_1")
		if err != nil || rec.ID != "rec_1" {
			t.Errorf("status %d: GetRecord = %v, %v; want the partial record decoded", status, rec, err)
		}
	}
	c := newTestClient(t, plainKey, reply(200, `{"record":`), WithStrictResponses(false))
	if _, _, err := c.GetRecord(t.Context(), "rec_1"); err == nil || !strings.Contains(err.Error(), "decode") {
		t.Errorf("a body that does not decode: err = %v, want a decode error", err)
	}
}

// FuzzCheckShapeSyntax holds the scanner to encoding/json on what is JSON.
func FuzzCheckShapeSyntax(f *testing.F) {
	for _, seed := range []string{recordJSON, `{"a":[1,-2.5e+3,"x\u00e9\"",true,null]}`, `[`, `01`, `"\x01"`, `{"a" 1}`, ` 1 `, `-`, `1.`, `1e`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		valid := json.Valid(data)
		p := checkShape(data, nil)
		if valid != (p == nil) {
			t.Errorf("json.Valid = %t but checkShape = %v for %q", valid, p, data)
		}
	})
}

func BenchmarkCheckShape(b *testing.B) {
	body := []byte(recordJSON)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		if p := checkShape(body, &shapeRecordEnvelope); p != nil {
			b.Fatal(p)
		}
	}
}
