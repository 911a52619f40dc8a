package mockserver

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// The state layer: how handlers read and change stored entities.
//
// One rule for changing state: a stored value is never edited in place. A handler
// reads an entity (a pointer it only reads), changes a copy, and stores the copy
// with replace, rewrite or update. Two things depend on the rule: each item caches
// its JSON encoding and knows it is current by comparing pointers (collection.go),
// and a list being encoded under the read lock must never see half a change. Maps
// and slices inside a stored value are shared with its copies, so a change builds
// new ones (cloneFields, idsUnion, slices.Clone) instead of writing into them.
// TestStoredValuesAreReplaced checks every non-test file of the package for writes
// through a pointer to a stored type and into a stored value's maps and slices.

// resource is one kind of stored entity: a collection, the name the API gives the
// kind in its messages, and the tenancy rule that says whose an entity is.
type resource[T any] struct {
	*coll[T]
	kind string
	// workspaceOf is the current-API workspace an entity belongs to. Legacy
	// resources have none: their entities' parent is the space, the tenant.
	workspaceOf func(*T) string
}

// addResource makes a resource of t's. When param is not "", the resource owns
// that current-API path parameter: a request whose path names one of its ids
// draws on the workspace budget of the entity's workspace.
func addResource[T any](t *tables, kind, param string, workspaceOf func(*T) string) *resource[T] {
	r := &resource[T]{coll: newColl[T](&t.seq), kind: kind, workspaceOf: workspaceOf}
	if param != "" {
		t.owners[param] = append(t.owners[param], r)
	}
	return r
}

// owner is a resource as its path parameter sees it.
type owner interface {
	// workspaceOfID is the workspace of the entity with the id, or "" if there is
	// none. The caller holds the store lock.
	workspaceOfID(id string) string
}

func (r *resource[T]) workspaceOfID(id string) string {
	if v, ok := r.get(id); ok {
		return r.workspaceOf(v)
	}
	return ""
}

// visible finds an entity by id and checks the key may reach its workspace. The
// store lock is held.
func (r *resource[T]) visible(s *Server, k *Key, id string) (*T, error) {
	v, ok := r.get(id)
	if !ok {
		return nil, notFound(r.kind, id)
	}
	if _, err := s.workspaceFor(k, r.workspaceOf(v)); err != nil {
		if ae := asAPIError(err); ae.Status == 404 {
			return nil, notFound(r.kind, id) // never reveal another tenant's ids
		}
		return nil, err
	}
	return v, nil
}

// get returns a copy, read under the store lock, of an entity the key may reach.
func get[T any](ctx context.Context, s *Server, r *resource[T], id string) (T, error) {
	defer s.readLock()()
	v, err := r.visible(s, keyOf(ctx), id)
	if err != nil {
		var zero T
		return zero, err
	}
	return *v, nil
}

// getJSON is get for an answer that is the entity alone: its cached encoding
// (item.json), encoded again only after the entity changed.
func getJSON[T any](ctx context.Context, s *Server, r *resource[T], id string) (json.RawMessage, error) {
	defer s.readLock()()
	if _, err := r.visible(s, keyOf(ctx), id); err != nil {
		return nil, err
	}
	return r.byID[id].json()
}

// update changes, under the store lock, a copy of an entity the key may reach and
// stores it unless change fails. It returns the stored value.
func update[T any](ctx context.Context, s *Server, r *resource[T], id string, change func(T) (T, error)) (T, error) {
	defer s.writeLock()()
	v, err := r.visible(s, keyOf(ctx), id)
	if err != nil {
		var zero T
		return zero, err
	}
	c, err := change(*v)
	if err != nil {
		var zero T
		return zero, err
	}
	stored := r.replace(id, c)
	s.changed(v, stored) // webhooks; v still holds the old value
	return *stored, nil
}

// inParent runs change under the store lock once it has found a parent the key may
// reach: a record for a note, a workspace (s.store.workspaces) for a record.
func inParent[P, R any](ctx context.Context, s *Server, parents *resource[P], id string, change func(*P) (R, error)) (R, error) {
	defer s.writeLock()()
	return withVisible(ctx, s, parents, id, change)
}

// readParent is inParent for reading: it holds the lock for reading.
func readParent[P, R any](ctx context.Context, s *Server, parents *resource[P], id string, read func(*P) (R, error)) (R, error) {
	defer s.readLock()()
	return withVisible(ctx, s, parents, id, read)
}

func withVisible[P, R any](ctx context.Context, s *Server, parents *resource[P], id string, f func(*P) (R, error)) (R, error) {
	p, err := parents.visible(s, keyOf(ctx), id)
	if err != nil {
		var zero R
		return zero, err
	}
	return f(p)
}

// remove deletes, under the store lock, an entity the key may reach once rule (nil
// for none) allows it; rule also deletes or changes what depends on the entity.
func remove[T any](ctx context.Context, s *Server, r *resource[T], id string, rule func(*T) error) (bc.DeleteResult, error) {
	defer s.writeLock()()
	v, err := r.visible(s, keyOf(ctx), id)
	if err == nil && rule != nil {
		err = rule(v)
	}
	if err != nil {
		return bc.DeleteResult{}, err
	}
	r.del(id)
	return bc.DeleteResult{ID: id, Deleted: bc.DeleteResultDeletedTrue}, nil
}

// A pager pages through a parent's children: in sequence order (inOrder) or by a
// key (byKey), keeping those keep accepts (nil keeps all).
type pager[T any] func(items []*item[T], p pageReq) pageResult[T]

func inOrder[T any](newestFirst bool, keep func(*T) bool) pager[T] {
	return func(items []*item[T], p pageReq) pageResult[T] { return pageBySeq(items, newestFirst, p, keep) }
}

func byKey[T any](key func(*T) int64, keep func(*T) bool) pager[T] {
	return func(items []*item[T], p pageReq) pageResult[T] { return pageByKey(items, key, p, keep) }
}

// pageUnder is the page that page makes of what lies under a parent the key may
// reach (the conversations linked to a record, the samples of a workspace).
func pageUnder[P, T any](ctx context.Context, s *Server, parents *resource[P], id string, limit *int, cur *string, page func(*P, pageReq) pageResult[T]) (pageResult[T], error) {
	p, err := newPageReq(limit, cur)
	if err != nil {
		return pageResult[T]{}, err
	}
	return readParent(ctx, s, parents, id, func(parent *P) (pageResult[T], error) { return page(parent, p), nil })
}

// allChildren is every child, sorted by key, of a parent the key may reach: the
// short lists the API does not paginate (object types, fields, options, views).
func allChildren[P, T any](ctx context.Context, s *Server, parents *resource[P], id string, kids *resource[T], key func(*T) int64) ([]T, error) {
	return readParent(ctx, s, parents, id, func(*P) ([]T, error) { return allByKey(kids.children(id), key, nil), nil })
}

// childPage is a page of the children of a parent the key may reach: a record's
// notes, an object type's fields, a workspace's (s.store.workspaces) meetings.
func childPage[P, T any](ctx context.Context, s *Server, parents *resource[P], id string, kids *resource[T], limit *int, cur *string, page pager[T]) (pageResult[T], error) {
	return pageUnder(ctx, s, parents, id, limit, cur, func(_ *P, p pageReq) pageResult[T] { return page(kids.children(id), p) })
}

// legacyUpdate is update for the legacy API: the entity is one of the key's space.
func legacyUpdate[T any](ctx context.Context, s *Server, r *resource[T], id uuid.UUID, change func(T) (T, error)) (T, error) {
	defer s.writeLock()()
	var zero T
	v, err := r.inSpace(keyOf(ctx).SpaceID, id)
	if err != nil {
		return zero, err
	}
	c, err := change(*v)
	if err != nil {
		return zero, err
	}
	return *r.replace(id.String(), c), nil
}

// legacyCreate runs create under the store lock with the key (whose SpaceID is
// the space to create in, whose UserID the actor) and the legacy API's now.
func legacyCreate[T any](ctx context.Context, s *Server, create func(k *Key, now time.Time) (*T, error)) (T, error) {
	defer s.writeLock()()
	v, err := create(keyOf(ctx), s.legacyNow())
	if err != nil {
		var zero T
		return zero, err
	}
	return *v, nil
}

// legacyRemove is remove for the legacy API: the entity is one of the key's space,
// and cascade (nil for none) deletes or changes what depends on it.
func legacyRemove[T any](ctx context.Context, s *Server, r *resource[T], id uuid.UUID, cascade func(space string, v *T)) (bc.LegacyDeleteResult, error) {
	defer s.writeLock()()
	space := keyOf(ctx).SpaceID
	v, err := r.inSpace(space, id)
	if err != nil {
		return bc.LegacyDeleteResult{}, err
	}
	r.del(id.String())
	if cascade != nil {
		cascade(space, v)
	}
	return bc.LegacyDeleteResult{ID: id, Deleted: true}, nil
}

// inSpace finds a legacy path id's entity in the key's space; anything else is a 404.
func (r *resource[T]) inSpace(space string, id uuid.UUID) (*T, error) {
	v, ok := r.get(id.String())
	if !ok || r.parentOf(id.String()) != space {
		return nil, notFound(r.kind, id.String())
	}
	return v, nil
}

// ref checks an id sent in a legacy body names an entity of the space (400 naming
// field).
func (r *resource[T]) ref(space, field string, id uuid.UUID) (*T, error) {
	v, err := r.inSpace(space, id)
	if err != nil {
		return nil, invalid(field, "no %s %s in this workspace", r.kind, id)
	}
	return v, nil
}

// refs checks every id of a legacy body's list (field.0, field.1, …).
func (r *resource[T]) refs(space, field string, ids *[]uuid.UUID) error {
	for i, id := range orEmptyPtr(ids) {
		if _, err := r.ref(space, fmt.Sprintf("%s.%d", field, i), id); err != nil {
			return err
		}
	}
	return nil
}

// legacyAll is every entity of the key's space, oldest first.
func legacyAll[T any](ctx context.Context, s *Server, r *resource[T]) []T {
	defer s.readLock()()
	return r.list(keyOf(ctx).SpaceID)
}
