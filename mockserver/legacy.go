package mockserver

// The legacy API (v3, paths under /rest). Every legacy key acts in one space (its
// user's workspace); all legacy data is stored under the space id, which is the
// tenant boundary: an id of another space is answered exactly like an unknown id
// (404 for path ids, 400 naming the field for ids in bodies), never with a 403.

import (
	"fmt"
	"time"

	"github.com/google/uuid"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// ---- Shared helpers ----

// legacyTime is a legacy timestamp: UTC with millisecond precision, as the API answers.
func legacyTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

func (s *Server) legacyNow() time.Time { return legacyTime(s.clock.Now()) }

// inSpace finds a path id's entity in the key's space; anything else is a 404.
func inSpace[T any](c *coll[T], space, kind string, id uuid.UUID) (*T, error) {
	v, ok := c.get(id.String())
	if !ok || c.parentOf(id.String()) != space {
		return nil, notFound(kind, id.String())
	}
	return v, nil
}

// refInSpace checks an id sent in a body names an entity of the space (400 naming field).
func refInSpace[T any](c *coll[T], space, field, kind string, id uuid.UUID) (*T, error) {
	v, err := inSpace(c, space, kind, id)
	if err != nil {
		return nil, invalid(field, "no %s %s in this workspace", kind, id)
	}
	return v, nil
}

// refsInSpace checks every id of a body's list (field.0, field.1, …).
func refsInSpace[T any](c *coll[T], space, field, kind string, ids *[]uuid.UUID) error {
	for i, id := range orEmptyPtr(ids) {
		if _, err := refInSpace(c, space, fmt.Sprintf("%s.%d", field, i), kind, id); err != nil {
			return err
		}
	}
	return nil
}

// legacyMember finds a user of the space by id.
func (s *Server) legacyMember(space, id string) *legacyUser {
	if u := s.store.legacyUsers[id]; u != nil && u.SpaceID.String() == space {
		return u
	}
	return nil
}

// checkLegacyMembers checks user ids sent in a body belong to the space's members.
func (s *Server) checkLegacyMembers(space, field string, ids []string) error {
	for i, id := range ids {
		if s.legacyMember(space, id) == nil {
			return invalid(fmt.Sprintf("%s.%d", field, i), "no member %q in this workspace", id)
		}
	}
	return nil
}

// legacyReplace stores a changed copy of an entity in place of the old value.
func legacyReplace[T any](c *coll[T], id string, v T) *T {
	it := c.byID[id]
	it.val = &v
	return it.val
}

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

// legacyBareList copies a small collection of the space, oldest first.
func legacyBareList[T any](c *coll[T], space string) []T {
	out := []T{}
	for _, v := range values(c.children(space)) {
		out = append(out, *v)
	}
	return out
}

func legacyDeleted(id uuid.UUID) bc.LegacyDeleteResult {
	return bc.LegacyDeleteResult{ID: id, Deleted: true}
}

var legacyPalette = []string{"#8ed1fc", "#00d084", "#fcb900", "#eb144c", "#9900ef", "#ff6900", "#0693e3", "#abb8c3"}

func legacyColor(n int) string { return legacyPalette[n%len(legacyPalette)] }

// legacyUserOf is the key's user.
func (s *Server) legacyUserOf(k *Key) (*legacyUser, error) {
	u := s.store.legacyUsers[k.UserID]
	if u == nil {
		return nil, notFound("user", k.UserID)
	}
	return u, nil
}
