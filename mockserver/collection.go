package mockserver

import (
	"encoding/json"
	"slices"
	"sort"
	"sync/atomic"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
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
	var b []byte
	var err error
	if r, ok := any(v).(*bc.Record); ok {
		b, err = appendRecord(nil, r) // the busiest kind, without reflection
	} else {
		b, err = json.Marshal(v)
	}
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
// order, so a page is found by binary search whatever the collection's size. The
// sequence is the store's, shared by every collection, so items of different
// kinds still sort by creation.
//
// What coll hands out (get, values, the val of children) is the stored value
// itself, to be read and never written: a change stores a new value with replace
// or rewrite (see resource.go for the rule and its test).
type coll[T any] struct {
	seq  *atomic.Int64
	byID map[string]*item[T]
	kids map[string][]*item[T]
}

func newColl[T any](seq *atomic.Int64) *coll[T] {
	return &coll[T]{seq: seq, byID: map[string]*item[T]{}, kids: map[string][]*item[T]{}}
}

// add stores v as a new child of parent and returns the stored value.
func (c *coll[T]) add(parent, id string, v T) *T {
	it := &item[T]{id: id, seq: c.seq.Add(1), parent: parent, val: &v}
	c.byID[id] = it
	c.kids[parent] = append(c.kids[parent], it) // seq grows, so the slice stays sorted
	return it.val
}

// replace stores v in place of the value stored under id and returns it; the
// item keeps its parent and sequence. It reports nil for an unknown id.
func (c *coll[T]) replace(id string, v T) *T {
	it, ok := c.byID[id]
	if !ok {
		return nil
	}
	it.val = &v
	return it.val
}

// rewrite passes a copy of each of parent's children to change and stores the
// copies it reports changed.
func (c *coll[T]) rewrite(parent string, change func(T) (T, bool)) {
	for _, it := range c.kids[parent] {
		if v, ok := change(*it.val); ok {
			it.val = &v
		}
	}
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

// list is a copy of parent's children, oldest first; never nil.
func (c *coll[T]) list(parent string) []T {
	out := make([]T, 0, len(c.kids[parent]))
	for _, it := range c.kids[parent] {
		out = append(out, *it.val)
	}
	return out
}

// find is the first of parent's children that match accepts, or nil.
func (c *coll[T]) find(parent string, match func(*T) bool) *T {
	for _, it := range c.kids[parent] {
		if match(it.val) {
			return it.val
		}
	}
	return nil
}

func (c *coll[T]) len() int { return len(c.byID) }

// looseItem is an item kept in no collection, for paging through values made on
// the fly (integration samples) in the order of seq.
func looseItem[T any](seq int64, v T) *item[T] { return &item[T]{seq: seq, val: &v} }

func values[T any](items []*item[T]) []*T {
	out := make([]*T, len(items))
	for i, it := range items {
		out[i] = it.val
	}
	return out
}
