package mockserver

import "time"

// seedLegacyUser creates a legacy user, their space and its data; the store lock is held.
func (s *Server) seedLegacyUser(lu SeedLegacyUser, now time.Time) error {
	s.store.legacyUsers[lu.ID] = &legacyUser{ID: lu.ID, Email: lu.Email, Name: lu.Name, SpaceID: mustUUID(lu.SpaceID), Role: "owner"}
	return nil
}
