package mockserver

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/google/uuid"
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

func newResource[T any](seq *atomic.Int64, kind string, workspaceOf func(*T) string) *resource[T] {
	return &resource[T]{coll: newColl[T](seq), kind: kind, workspaceOf: workspaceOf}
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

// childPage pages, in sequence order, through the children of a parent the key may
// reach (a record's notes, a conversation's messages).
func childPage[P, T any](ctx context.Context, s *Server, parents *resource[P], id string, kids *resource[T], desc bool, limit *int, cur *string) (pageResult[T], error) {
	p, err := newPageReq(limit, cur)
	if err != nil {
		return pageResult[T]{}, err
	}
	defer s.readLock()()
	if _, err := parents.visible(s, keyOf(ctx), id); err != nil {
		return pageResult[T]{}, err
	}
	return pageBySeq(kids.children(id), desc, p, nil), nil
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
