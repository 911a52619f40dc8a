package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// A raw page writes exactly what the generated response would, and an item's cached
// encoding follows the item when it is replaced.
func TestRawPageMatchesGeneratedEncoding(t *testing.T) {
	t.Parallel()
	c := newColl[bc.Record](new(atomic.Int64))
	for i, name := range []string{"Ada", "Grace"} {
		c.add("org", name, bc.Record{ID: name, DisplayName: name, Fields: bc.FieldValues{"name": name, "n": i}, CreatedAt: 1, UpdatedAt: 1})
	}
	page := pageItemsBySeq(c.children("org"), true, pageReq{limit: 1}, nil)
	encode := func() (raw, generated []byte) {
		t.Helper()
		items, err := encodeItems(page.items)
		if err != nil {
			t.Fatal(err)
		}
		rr, gr := httptest.NewRecorder(), httptest.NewRecorder()
		if err := (rawPage{key: "data", items: items, pagination: toPagination(page)}).write(rr); err != nil {
			t.Fatal(err)
		}
		var data []bc.Record
		for _, it := range page.items {
			data = append(data, *it.val)
		}
		if err := (bc.ListRecords200JSONResponse{Body: bc.RecordList{Data: data, Pagination: toPagination(page)}}).VisitListRecordsResponse(gr); err != nil {
			t.Fatal(err)
		}
		return rr.Body.Bytes(), gr.Body.Bytes()
	}
	raw, gen := encode()
	if !bytes.Equal(raw, gen) {
		t.Fatalf("raw page\n%s\ndiffers from the generated encoding\n%s", raw, gen)
	}
	// Replace the item as handlers do; the next encoding must show the change.
	changed := *page.items[0].val
	changed.DisplayName, changed.UpdatedAt = "Grace Hopper", time.Now().UnixMilli()
	c.replace(changed.ID, changed)
	raw, gen = encode()
	if !bytes.Equal(raw, gen) || !bytes.Contains(raw, []byte("Grace Hopper")) {
		t.Fatalf("after a change: raw %s, generated %s", raw, gen)
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}

	// One record, as getRecord answers it, before and after a change.
	it := c.byID[changed.ID]
	for range 2 {
		item, err := it.json()
		if err != nil {
			t.Fatal(err)
		}
		rr, gr := httptest.NewRecorder(), httptest.NewRecorder()
		if err := (rawOne{key: "record", item: item}).write(rr); err != nil {
			t.Fatal(err)
		}
		if err := (bc.GetRecord200JSONResponse{Body: bc.RecordEnvelope{Record: *it.val}}).VisitGetRecordResponse(gr); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(rr.Body.Bytes(), gr.Body.Bytes()) || rr.Header().Get("Content-Type") != gr.Header().Get("Content-Type") {
			t.Fatalf("raw record\n%s\ndiffers from the generated encoding\n%s", rr.Body, gr.Body)
		}
		changed.DisplayName = "Grace Brewster Hopper"
		c.replace(changed.ID, changed)
	}
	if !bytes.Contains(mustJSON(t, it), []byte("Grace Brewster Hopper")) {
		t.Fatal("the cached record did not follow the change")
	}
}

func mustJSON(t *testing.T, it *item[bc.Record]) []byte {
	t.Helper()
	b, err := it.json()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRequestIDsAreUniqueAndShaped(t *testing.T) {
	t.Parallel()
	a, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	shape := regexp.MustCompile(`^req_[0-9a-hjkmnp-tv-z]{30}$`)
	for range 1000 {
		for _, s := range []*Server{a, b} {
			id := s.requestID()
			if seen[id] || !shape.MatchString(id) {
				t.Fatalf("request id %q: seen before %t, or not req_ and 30 id characters", id, seen[id])
			}
			seen[id] = true
		}
	}
}

// plainQuery may only pass a query url.ParseQuery accepts; what it doubts goes
// to ParseQuery, so it may doubt more.
func TestPlainQueryAgreesWithParseQuery(t *testing.T) {
	t.Parallel()
	for _, q := range []string{"", "a=1&b=2", "workspaceId=wk_1&limit=25", "q=%41%2f", "a=%zz", "a=%2", "a=%", "a=1;b=2", "x=%E2%9C%93", "a+b=c+d", "=&=", "%"} {
		_, err := url.ParseQuery(q)
		if plainQuery(q) && err != nil {
			t.Errorf("plainQuery(%q) = true, but ParseQuery says %v", q, err)
		}
		if !plainQuery(q) && err == nil {
			t.Errorf("plainQuery(%q) = false for a query ParseQuery accepts", q)
		}
	}
}

func FuzzPlainQuery(f *testing.F) {
	for _, q := range []string{"a=1&b=2", "a=%zz", "a=1;b", "%4", "q=%41"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := url.ParseQuery(q); plainQuery(q) && err != nil {
			t.Errorf("plainQuery(%q) = true, but ParseQuery says %v", q, err)
		}
	})
}
