package mockserver

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

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
	next    string // the next page's cursor; "" on the last page
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
	n := len(items)
	res.items = make([]*item[T], 0, max(0, min(p.limit, n)))
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
			res.next = cursor{a: last}.encode()
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
			res.next = last.encode()
			return res
		}
		res.items = append(res.items, *it.val)
		last = k
	}
	return res
}

// allByKey is every item of a small unpaginated list, sorted as pageByKey sorts.
func allByKey[T any](items []*item[T], key func(*T) int64, keep func(*T) bool) []T {
	return orEmpty(pageByKey(items, key, pageReq{limit: -1}, keep).items)
}

func toPagination[T any](r pageResult[T]) bc.Pagination {
	p := bc.Pagination{HasMore: r.hasMore}
	if r.next == "" {
		p.Cursor.SetNull()
	} else {
		p.Cursor.Set(r.next)
	}
	return p
}

// pageBlock is a page's pagination block for a rawPage: what toPagination makes,
// without its nullable (a map) to allocate.
type pageBlock struct {
	next    string
	hasMore bool
}

func blockOf[T any](r pageResult[T]) pageBlock { return pageBlock{next: r.next, hasMore: r.hasMore} }

// legacyPage is one 0-based page of items, newest first, of those keep accepts.
func legacyPage[T any](items []*item[T], req *bc.LegacyPageRequest, page *int, keep func(*T) bool) ([]T, bc.LegacyPagination, error) {
	found, p, err := legacyPageItems(items, req, page, keep)
	out := make([]T, 0, len(found))
	for _, it := range found {
		out = append(out, *it.val)
	}
	return out, p, err
}

// legacyPageItems is legacyPage returning the stored items themselves.
func legacyPageItems[T any](items []*item[T], req *bc.LegacyPageRequest, page *int, keep func(*T) bool) ([]*item[T], bc.LegacyPagination, error) {
	p := bc.LegacyPagination{Page: 0, PageSize: 100}
	if page != nil {
		p.Page = *page
	}
	if req != nil {
		setIf(&p.Page, req.Page)
		setIf(&p.PageSize, req.PageSize)
	}
	if p.Page < 0 {
		return nil, p, invalid("pagination.page", "must be 0 or more")
	}
	if p.PageSize < 1 || p.PageSize > 100 {
		return nil, p, invalid("pagination.page_size", "must be between 1 and 100")
	}
	skip := len(items) + 1 // a page past the end, without overflowing page*page_size
	if p.Page <= len(items) {
		skip = p.Page * p.PageSize
	}
	out := []*item[T]{}
	for i := len(items) - 1; i >= 0 && len(out) < p.PageSize; i-- {
		if keep != nil && !keep(items[i].val) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		out = append(out, items[i])
	}
	return out, p, nil
}
