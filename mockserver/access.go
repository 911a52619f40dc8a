package mockserver

import (
	"context"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// handlers implements the generated strict server interface: one method per
// operation, one file per resource family (records.go, legacy_leads.go, …).
type handlers struct {
	s *Server
}

var _ bc.StrictServerInterface = (*handlers)(nil)

// keyOf is the authenticated key of the request; the pipeline guarantees one.
func keyOf(ctx context.Context) *Key { return stateOf(ctx).key }

// workspaceFor returns a workspace the key may use. A workspace of another
// organization or region does not exist for the key (404); one outside the key's
// workspace limit is a 403. The store lock is held.
func (s *Server) workspaceFor(k *Key, id string) (*bc.Workspace, error) {
	ws, ok := s.store.workspaces.get(id)
	if !ok || s.store.workspaces.parentOf(id) != k.OrgID {
		return nil, notFound("workspace", id)
	}
	if k.WorkspaceID != "" && k.WorkspaceID != id {
		return nil, forbidden("API key is limited to workspace %q and cannot reach workspace %q", k.WorkspaceID, id)
	}
	return ws, nil
}

// visible finds an entity by id and checks the key may reach its workspace.
func visible[T any](s *Server, k *Key, c *coll[T], kind, id string, workspaceOf func(*T) string) (*T, error) {
	v, ok := c.get(id)
	if !ok {
		return nil, notFound(kind, id)
	}
	if _, err := s.workspaceFor(k, workspaceOf(v)); err != nil {
		if ae := asAPIError(err); ae.Status == 404 {
			return nil, notFound(kind, id) // never reveal another tenant's ids
		}
		return nil, err
	}
	return v, nil
}

// readLock and writeLock take the store lock and return its release.
func (s *Server) readLock() func() {
	s.store.mu.RLock()
	return s.store.mu.RUnlock
}

func (s *Server) writeLock() func() {
	s.store.mu.Lock()
	return s.store.mu.Unlock
}

// childPage pages, in sequence order, through the children of a parent the key may
// reach (a record's notes, a conversation's messages).
func childPage[P, T any](ctx context.Context, s *Server, parents *coll[P], kind, id string, workspaceOf func(*P) string,
	kids *coll[T], desc bool, limit *int, cur *string) (pageResult[T], error) {
	p, err := newPageReq(limit, cur)
	if err != nil {
		return pageResult[T]{}, err
	}
	defer s.readLock()()
	if _, err := visible(s, keyOf(ctx), parents, kind, id, workspaceOf); err != nil {
		return pageResult[T]{}, err
	}
	return pageBySeq(kids.children(id), desc, p, nil), nil
}

// getVisible returns a copy, read under the store lock, of an entity the key may reach.
func getVisible[T any](ctx context.Context, s *Server, c *coll[T], kind, id string, workspaceOf func(*T) string) (T, error) {
	defer s.readLock()()
	v, err := visible(s, keyOf(ctx), c, kind, id, workspaceOf)
	if err != nil {
		var zero T
		return zero, err
	}
	return *v, nil
}
