package mockserver

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/oapi-codegen/nullable"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// item is one stored value with the sequence number that orders it.
type item[T any] struct {
	id     string
	seq    int64
	parent string
	val    *T
	enc    atomic.Pointer[cachedJSON[T]]
}

// cachedJSON is an item's encoding, valid while the item still holds val. Stored
// values are replaced on change, never edited in place, so comparing the pointer
// tells whether the encoding is current.
type cachedJSON[T any] struct {
	val *T
	b   json.RawMessage
}

// json returns the item's JSON encoding, encoding it only after a change. The
// caller holds the store lock (read or write).
func (it *item[T]) json() (json.RawMessage, error) {
	v := it.val
	if c := it.enc.Load(); c != nil && c.val == v {
		return c.b, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	it.enc.Store(&cachedJSON[T]{val: v, b: b})
	return b, nil
}

// encodeItems returns the encodings of items, for a rawPage.
func encodeItems[T any](items []*item[T]) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, len(items))
	for i, it := range items {
		b, err := it.json()
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// coll stores values by id and keeps each parent's children in ascending sequence
// order, so a page is found by binary search whatever the collection's size.
type coll[T any] struct {
	byID map[string]*item[T]
	kids map[string][]*item[T]
}

func newColl[T any]() *coll[T] {
	return &coll[T]{byID: map[string]*item[T]{}, kids: map[string][]*item[T]{}}
}

func (c *coll[T]) put(parent, id string, seq int64, v *T) {
	it := &item[T]{id: id, seq: seq, parent: parent, val: v}
	c.byID[id] = it
	c.kids[parent] = append(c.kids[parent], it) // seq grows, so the slice stays sorted
}

func (c *coll[T]) get(id string) (*T, bool) {
	it, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	return it.val, true
}

func (c *coll[T]) parentOf(id string) string {
	if it, ok := c.byID[id]; ok {
		return it.parent
	}
	return ""
}

func (c *coll[T]) del(id string) bool {
	it, ok := c.byID[id]
	if !ok {
		return false
	}
	delete(c.byID, id)
	kids := c.kids[it.parent]
	i := sort.Search(len(kids), func(i int) bool { return kids[i].seq >= it.seq })
	if i < len(kids) && kids[i] == it {
		c.kids[it.parent] = slices.Delete(kids, i, i+1)
	}
	if len(c.kids[it.parent]) == 0 {
		delete(c.kids, it.parent)
	}
	return true
}

// delParent removes every child of parent and returns their values.
func (c *coll[T]) delParent(parent string) []*T {
	var out []*T
	for _, it := range c.kids[parent] {
		out = append(out, it.val)
		delete(c.byID, it.id)
	}
	delete(c.kids, parent)
	return out
}

func (c *coll[T]) children(parent string) []*item[T] { return c.kids[parent] }

func (c *coll[T]) len() int { return len(c.byID) }

// cursor is the position after which the next page starts: the last item's key.
type cursor struct{ a, b int64 }

func (k cursor) less(o cursor) bool { return k.a < o.a || (k.a == o.a && k.b < o.b) }

func (k cursor) encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(k.a, 36) + "." + strconv.FormatInt(k.b, 36)))
}

func decodeCursor(s string) (cursor, error) {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return cursor{}, fmt.Errorf("not a cursor this API issued")
	}
	a, b, ok := strings.Cut(string(raw), ".")
	if !ok {
		return cursor{}, fmt.Errorf("not a cursor this API issued")
	}
	x, err1 := strconv.ParseInt(a, 36, 64)
	y, err2 := strconv.ParseInt(b, 36, 64)
	if err1 != nil || err2 != nil {
		return cursor{}, fmt.Errorf("not a cursor this API issued")
	}
	return cursor{x, y}, nil
}

// pageReq is a cursor page request as the current API's list operations take it.
type pageReq struct {
	limit  int
	cursor *cursor
}

func newPageReq(limit *int, cur *string) (pageReq, error) {
	p := pageReq{limit: 50}
	if limit != nil {
		p.limit = *limit
	}
	if cur != nil {
		k, err := decodeCursor(*cur)
		if err != nil {
			return p, invalid("cursor", "%v", err)
		}
		p.cursor = &k
	}
	return p, nil
}

// pageResult is one page and the pagination block that goes with it.
type pageResult[T any] struct {
	items   []T
	next    nullable.Nullable[string]
	hasMore bool
}

// pageBySeq pages through items kept in ascending sequence order, newest first when
// desc is set, keeping those keep accepts. It costs O(log n + scanned), so an
// unfiltered page costs the same however many items there are.
func pageBySeq[T any](items []*item[T], desc bool, p pageReq, keep func(*T) bool) pageResult[T] {
	found := pageItemsBySeq(items, desc, p, keep)
	res := pageResult[T]{next: found.next, hasMore: found.hasMore}
	for _, it := range found.items {
		res.items = append(res.items, *it.val)
	}
	return res
}

// pageItemsBySeq is pageBySeq returning the stored items themselves.
func pageItemsBySeq[T any](items []*item[T], desc bool, p pageReq, keep func(*T) bool) pageResult[*item[T]] {
	var res pageResult[*item[T]]
	res.next.SetNull()
	n := len(items)
	i, step := 0, 1
	if desc {
		i, step = n-1, -1
	}
	if p.cursor != nil {
		seq := p.cursor.a
		j := sort.Search(n, func(j int) bool { return items[j].seq >= seq })
		if desc {
			i = j - 1 // items strictly older than the cursor
		} else {
			i = j
			if j < n && items[j].seq == seq {
				i = j + 1
			}
		}
	}
	var last int64
	for ; i >= 0 && i < n; i += step {
		it := items[i]
		if keep != nil && !keep(it.val) {
			continue
		}
		if len(res.items) == p.limit {
			res.hasMore = true
			res.next.Set(cursor{a: last}.encode())
			return res
		}
		res.items = append(res.items, it)
		last = it.seq
	}
	return res
}

// pageByKey pages through a small list sorted by an explicit key (such as a display
// order, ties broken by sequence), keeping those keep accepts.
func pageByKey[T any](items []*item[T], key func(*T) int64, p pageReq, keep func(*T) bool) pageResult[T] {
	sorted := slices.Clone(items)
	slices.SortStableFunc(sorted, func(x, y *item[T]) int {
		if c := cmp.Compare(key(x.val), key(y.val)); c != 0 {
			return c
		}
		return cmp.Compare(x.seq, y.seq)
	})
	var res pageResult[T]
	res.next.SetNull()
	var last cursor
	for _, it := range sorted {
		k := cursor{a: key(it.val), b: it.seq}
		if p.cursor != nil && !p.cursor.less(k) {
			continue
		}
		if keep != nil && !keep(it.val) {
			continue
		}
		if len(res.items) == p.limit {
			res.hasMore = true
			res.next.Set(last.encode())
			return res
		}
		res.items = append(res.items, *it.val)
		last = k
	}
	return res
}

func values[T any](items []*item[T]) []*T {
	out := make([]*T, len(items))
	for i, it := range items {
		out[i] = it.val
	}
	return out
}

func toPagination[T any](r pageResult[T]) bc.Pagination {
	return bc.Pagination{Cursor: r.next, HasMore: r.hasMore}
}

// allByKey is every item of a small unpaginated list, sorted as pageByKey sorts.
func allByKey[T any](items []*item[T], key func(*T) int64, keep func(*T) bool) []T {
	return orEmpty(pageByKey(items, key, pageReq{limit: -1}, keep).items)
}
