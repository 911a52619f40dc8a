package mockserver

import (
	"context"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// handlers implements the generated strict server interface: one method per
// operation, one file per resource family (records.go, legacy_leads.go, …). A
// handler may return its response beside an error: the generated server then
// answers the error and drops the response, so most handlers end in one return.
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

// readLock and writeLock take the store lock and return its release.
func (s *Server) readLock() func() {
	s.store.mu.RLock()
	return s.store.mu.RUnlock
}

func (s *Server) writeLock() func() {
	s.store.mu.Lock()
	s.touch()
	return s.store.mu.Unlock
}
