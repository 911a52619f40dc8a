package mockserver

import (
	"context"
	"slices"
)

// reorder checks that ids names every id of have exactly once and returns their new
// positions.
func reorder(field string, ids []string, have []string) (map[string]int, error) {
	pos := make(map[string]int, len(ids))
	for i, id := range ids {
		if _, dup := pos[id]; dup {
			return nil, invalid(field, "id %q appears twice", id)
		}
		if !slices.Contains(have, id) {
			return nil, invalid(field, "id %q is not one of the items being ordered", id)
		}
		pos[id] = i
	}
	if len(pos) != len(have) {
		return nil, invalid(field, "must name all %d items exactly once; got %d", len(have), len(pos))
	}
	return pos, nil
}

// setOrder checks want names each of parent's children exactly once and stores
// each, changed by set, at its position.
func setOrder[T any](r *resource[T], parent, field string, want []string, idOf func(*T) string, set func(v T, order int) T) error {
	var have []string
	for _, it := range r.children(parent) {
		have = append(have, idOf(it.val))
	}
	pos, err := reorder(field, want, have)
	if err != nil {
		return err
	}
	r.rewrite(parent, func(v T) (T, bool) { return set(v, pos[idOf(&v)]), true })
	return nil
}

// reorderChildren is setOrder, under the store lock, for the children of a parent
// the key may reach.
func reorderChildren[P, T any](ctx context.Context, s *Server, parents *resource[P], parent string, kids *resource[T], field string, want []string, idOf func(*T) string, set func(v T, order int) T) error {
	defer s.writeLock()()
	if _, err := parents.visible(s, keyOf(ctx), parent); err != nil {
		return err
	}
	return setOrder(kids, parent, field, want, idOf, set)
}
