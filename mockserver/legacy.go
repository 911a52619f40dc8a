package mockserver

// The legacy API (v3, paths under /rest). Every legacy key acts in one space (its
// user's workspace); all legacy data is stored under the space id, which is the
// tenant boundary: an id of another space is answered exactly like an unknown id
// (404 for path ids, 400 naming the field for ids in bodies), never with a 403.

import (
	"context"
	"fmt"
	"time"
)

// ---- Shared helpers ----

// legacyTime is a legacy timestamp: UTC with millisecond precision, as the API answers.
func legacyTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

func (s *Server) legacyNow() time.Time { return legacyTime(s.clock.Now()) }

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

var legacyPalette = []string{"#8ed1fc", "#00d084", "#fcb900", "#eb144c", "#9900ef", "#ff6900", "#0693e3", "#abb8c3"}

func legacyColor(n int) string { return legacyPalette[n%len(legacyPalette)] }

// asLegacyUser reads, under the store lock, what read makes of the key's user.
func asLegacyUser[R any](ctx context.Context, s *Server, read func(*legacyUser) R) (R, error) {
	defer s.readLock()()
	k := keyOf(ctx)
	u := s.store.legacyUsers[k.UserID]
	if u == nil {
		var zero R
		return zero, notFound("user", k.UserID)
	}
	return read(u), nil
}
