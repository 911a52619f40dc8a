package mockserver

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// rawPage is a list answer whose items are already encoded (see item.json): the
// largest lists skip re-encoding unchanged items on every request. It writes the
// same bytes the generated response types would.
type rawPage struct {
	key        string // "data" (current API) or "leads" (legacy lead list)
	items      []json.RawMessage
	pagination any
}

func (p rawPage) write(w http.ResponseWriter) error {
	pag, err := appendPagination(nil, p.pagination)
	if err != nil {
		return err
	}
	size := len(p.key) + len(pag) + len(p.items) + 32
	for _, it := range p.items {
		size += len(it)
	}
	return writeJSON(w, 0, size, func(b []byte) []byte {
		b = append(append(append(b, `{"`...), p.key...), `":[`...)
		for i, it := range p.items {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, it...)
		}
		b = append(b, `],"pagination":`...)
		b = append(b, pag...)
		return append(b, "}\n"...)
	})
}

// writeJSON answers status (0 for 200) with the JSON body build appends to a
// buffer of size bytes, from pagePool. The journal gets build itself
// (writeLazy): it makes the body again only when someone reads the entry. The
// answer carries its Content-Length, as net/http gives a short one: a long page
// then goes out in one piece rather than in chunks.
func writeJSON(w http.ResponseWriter, status, size int, build func([]byte) []byte) error {
	w.Header()["Content-Type"] = jsonContentType
	b := pagePool.Get().(*bytes.Buffer)
	defer pagePool.Put(b)
	b.Reset()
	b.Grow(size)
	out := build(b.AvailableBuffer()) // in b's memory, which Grow made room for
	if status == 0 {
		status = http.StatusOK
	}
	if len(out) > 2048 { // net/http sets a shorter body's itself
		w.Header()["Content-Length"] = []string{strconv.Itoa(len(out))}
	}
	w.WriteHeader(status)
	var err error
	if rw, ok := w.(*responseWriter); ok {
		_, err = rw.writeLazy(out, build)
	} else {
		_, err = w.Write(out)
	}
	return err
}

// jsonContentType is the Content-Type of every JSON answer, shared: net/http only
// reads a header's values.
var jsonContentType = []string{"application/json"}

// pagePool reuses page buffers: a page of 50 leads is about 50 KB, and allocating it
// per request was a fifth of the lead list's time.
var pagePool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// rawOne is a one-entity answer, {"<key>":<entity>}, whose entity is already
// encoded (see item.json): a record read twice is encoded once. It writes the same
// bytes the generated response type would.
type rawOne struct {
	key    string
	item   json.RawMessage
	status int // 0 for 200
}

func (o rawOne) write(w http.ResponseWriter) error {
	return writeJSON(w, o.status, len(o.key)+len(o.item)+8, func(b []byte) []byte {
		b = append(append(append(b, `{"`...), o.key...), `":`...)
		b = append(b, o.item...)
		return append(b, "}\n"...)
	})
}

func (o rawOne) VisitGetRecordResponse(w http.ResponseWriter) error    { return o.write(w) }
func (o rawOne) VisitCreateRecordResponse(w http.ResponseWriter) error { return o.write(w) }

func (p rawPage) VisitListRecordsResponse(w http.ResponseWriter) error     { return p.write(w) }
func (p rawPage) VisitLegacyListLeadsResponse(w http.ResponseWriter) error { return p.write(w) }

// appendPagination appends json.Marshal's encoding of a page's pagination block:
// the two kinds rawPage answers (pageBlock, bc.LegacyPagination) are written
// directly, anything else is marshalled.
func appendPagination(b []byte, pagination any) ([]byte, error) {
	switch p := pagination.(type) {
	case pageBlock:
		b = append(b, `{"cursor":`...)
		if p.next == "" {
			b = append(b, "null"...)
		} else {
			b = appendJSONString(b, p.next)
		}
		b = append(b, `,"hasMore":`...)
		b = strconv.AppendBool(b, p.hasMore)
		return append(b, '}'), nil
	case bc.LegacyPagination:
		b = append(b, `{"page":`...)
		b = strconv.AppendInt(b, int64(p.Page), 10)
		b = append(b, `,"page_size":`...)
		b = strconv.AppendInt(b, int64(p.PageSize), 10)
		return append(b, '}'), nil
	}
	js, err := json.Marshal(pagination)
	return append(b, js...), err
}
