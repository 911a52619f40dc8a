package mockserver

import (
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

func ids[T any](items []*T, id func(*T) string) []string {
	out := make([]string, len(items))
	for i, v := range items {
		out[i] = id(v)
	}
	return out
}

// setOrder checks ids names every item exactly once and gives each its position.
func setOrder[T any](field string, want []string, items []*T, idOf func(*T) string, set func(c *T, order int)) error {
	pos, err := reorder(field, want, ids(items, idOf))
	if err != nil {
		return err
	}
	for _, it := range items {
		c := *it
		set(&c, pos[idOf(it)])
		*it = c
	}
	return nil
}
