package client

import "iter"

// The generated All… iterators are built on these two. Each copies the caller's
// parameters, reads one page at a time while the loop asks for more, and ends
// after the last page or after yielding the first error. Breaking out of the loop
// stops it without reading further. A limit or page_size in the parameters sets
// the page size; a cursor or page sets where to start.

// cursorSeq reads a current-API cursor list, passing pagination.cursor back
// until hasMore is false.
func cursorSeq[T, P any](params *P, list func(*P) ([]T, Pagination, error), setCursor func(*P, string)) iter.Seq2[T, error] {
	start := orZero(params)
	return func(yield func(T, error) bool) {
		p := start
		for {
			items, pg, err := list(&p)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, v := range items {
				if !yield(v, nil) {
					return
				}
			}
			next, err := pg.Cursor.Get()
			if !pg.HasMore || err != nil || next == "" {
				return
			}
			setCursor(&p, next)
		}
	}
}

// pageSeq reads a legacy page list. Pages are 0-based and a page holding fewer
// than page_size items is the last; the size is the one the server echoes.
func pageSeq[T any](start *LegacyPageRequest, list func(page, size int) ([]T, int, error)) iter.Seq2[T, error] {
	first := orZero(start)
	return func(yield func(T, error) bool) {
		size := 0
		if first.PageSize != nil {
			size = *first.PageSize
		}
		for n := orZero(first.Page); ; n++ {
			items, got, err := list(n, size)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, v := range items {
				if !yield(v, nil) {
					return
				}
			}
			if len(items) == 0 || len(items) < got {
				return
			}
		}
	}
}

// pageRequest is the pagination object of one legacy page; a size of 0 leaves
// page_size to the server.
func pageRequest(page, size int) *LegacyPageRequest {
	r := &LegacyPageRequest{Page: &page}
	if size > 0 {
		r.PageSize = &size
	}
	return r
}
