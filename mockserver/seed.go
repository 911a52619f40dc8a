package mockserver

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/breakcold-go/breakcold/apispec"
	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// Seed is a dataset the mock starts from or loads through the control API
// (POST /_mock/seed). `breakcold-mock -print-seed` prints the demo dataset in this
// format, a good start for a team's own seed file.
type Seed struct {
	Organizations []SeedOrg        `json:"organizations"`
	LegacyUsers   []SeedLegacyUser `json:"legacyUsers"`
	Keys          []KeySpec        `json:"keys"`
}

// SeedOrg is a current-API organization with its users and workspaces.
type SeedOrg struct {
	ID         string          `json:"id"`
	Name       string          `json:"name"`
	Region     Region          `json:"region"`
	Users      []SeedUser      `json:"users"`
	Workspaces []SeedWorkspace `json:"workspaces"`
}

// SeedUser is a member of an organization; keys act as a user.
type SeedUser struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// SeedWorkspace is a workspace with its data. Every workspace gets the system object
// types (person, company, deal) with their fields and a default view.
type SeedWorkspace struct {
	ID            string             `json:"id"`
	Name          string             `json:"name"`
	Description   string             `json:"description,omitempty"`
	Records       []SeedRecord       `json:"records"`
	SendAccounts  []SeedSendAccount  `json:"sendAccounts,omitempty"`
	Conversations []SeedConversation `json:"conversations,omitempty"`
	Meetings      []SeedMeeting      `json:"meetings,omitempty"`
	InboxViews    []string           `json:"inboxViews,omitempty"`
}

// SeedRecord is a record; Ref names it for links inside the seed.
type SeedRecord struct {
	Ref        string         `json:"ref,omitempty"`
	ObjectType string         `json:"objectType"` // slug: person, company, deal
	Fields     map[string]any `json:"fields"`
	Archived   bool           `json:"archived,omitempty"`
	Tasks      []string       `json:"tasks,omitempty"` // titles
	Notes      []SeedNote     `json:"notes,omitempty"`
}

// SeedNote is a note on a record.
type SeedNote struct {
	Title   string `json:"title"`
	Content string `json:"content"` // HTML
}

// SeedSendAccount is a connected mailbox or social account.
type SeedSendAccount struct {
	Channel     bc.Channel `json:"channel"`
	DisplayName string     `json:"displayName"`
	Handle      string     `json:"handle"`
}

// SeedConversation is an inbox thread; Records lists the refs of linked records.
type SeedConversation struct {
	Channel  bc.Channel    `json:"channel"`
	Subject  string        `json:"subject,omitempty"`
	With     string        `json:"with"` // the other party's name
	Handle   string        `json:"handle"`
	Records  []string      `json:"records,omitempty"`
	Messages []SeedMessage `json:"messages"`
}

// SeedMessage is a message; Inbound marks one received.
type SeedMessage struct {
	Inbound bool   `json:"inbound"`
	Text    string `json:"text"`
}

// SeedMeeting is a recorded meeting and its transcript lines ("Speaker: text").
type SeedMeeting struct {
	Title      string   `json:"title"`
	Records    []string `json:"records,omitempty"`
	Transcript []string `json:"transcript,omitempty"`
}

// SeedLegacyUser is a legacy-API user with their workspace (space) and its data.
type SeedLegacyUser struct {
	ID        string           `json:"id"`
	Name      string           `json:"name"`
	Email     string           `json:"email"`
	SpaceID   string           `json:"spaceId"`
	SpaceName string           `json:"spaceName"`
	Lists     []string         `json:"lists,omitempty"`
	Statuses  []string         `json:"statuses,omitempty"` // in pipeline order, on the first list
	Tags      []string         `json:"tags,omitempty"`
	Leads     []map[string]any `json:"leads,omitempty"` // lead create bodies
	Reminders []string         `json:"reminders,omitempty"`
}

// load fills the store from the options: empty, a seed, or the demo dataset.
func (s *Server) load() error {
	switch {
	case s.opts.Empty:
		return nil
	case s.opts.Seed != nil:
		return s.LoadSeed(s.opts.Seed)
	default:
		return s.LoadSeed(DemoSeed())
	}
}

// Reset returns the mock to its starting state: data and keys as New loaded them,
// fresh rate-limit windows, no faults, an empty journal and the clock's offset undone.
func (s *Server) Reset() error {
	s.limiter.reset()
	s.faults.clear()
	s.journal.clear()
	s.clock.Reset()
	s.keys.reset()
	s.store.mu.Lock()
	s.store.clear()
	s.store.mu.Unlock()
	return s.load()
}

// LoadSeed replaces the mock's data and keys with the seed's.
func (s *Server) LoadSeed(seed *Seed) error {
	start := time.Now()
	s.keys.reset()
	s.limiter.reset()
	st := s.store
	st.mu.Lock()
	st.clear()
	err := s.applySeed(seed)
	st.mu.Unlock()
	if err != nil {
		return err
	}
	for i, spec := range seed.Keys {
		if _, _, err := s.CreateKey(spec); err != nil {
			return fmt.Errorf("mockserver: seed key %d (%s): %w", i, spec.Name, err)
		}
	}
	st.mu.RLock()
	s.opts.Logger.Info("data loaded", "organizations", len(st.orgs), "workspaces", st.workspaces.len(), "records", st.records.len(),
		"legacyUsers", len(st.legacyUsers), "leads", st.leads.len(), "keys", s.keys.count(), "took", time.Since(start).Round(time.Millisecond))
	st.mu.RUnlock()
	return nil
}

// applySeed creates the seed's data; the store lock is held.
func (s *Server) applySeed(seed *Seed) error {
	st := s.store
	now := s.clock.Now()
	for _, o := range seed.Organizations {
		if !o.Region.Valid() {
			return invalid("organizations.region", "organization %q has region %q; want us or eu", o.ID, o.Region)
		}
		st.orgs[o.ID] = &org{ID: o.ID, Name: o.Name, Region: o.Region}
		var authorID string
		for _, u := range o.Users {
			st.users[u.ID] = &user{ID: u.ID, OrgID: o.ID, Name: u.Name, Email: u.Email}
			if authorID == "" {
				authorID = u.ID
			}
		}
		for _, w := range o.Workspaces {
			ws := s.addWorkspace(o.ID, w.ID, w.Name, w.Description, now)
			if err := s.seedWorkspace(ws, w, authorID, now); err != nil {
				return err
			}
		}
	}
	for _, lu := range seed.LegacyUsers {
		if err := s.seedLegacyUser(lu, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) seedWorkspace(ws *bc.Workspace, w SeedWorkspace, authorID string, now time.Time) error {
	refs := map[string]string{}
	for i, sr := range w.Records {
		obj := s.objectBySlug(ws.ID, sr.ObjectType)
		if obj == nil {
			return invalid(fmt.Sprintf("workspaces.%s.records.%d.objectType", w.ID, i), "unknown object type %q", sr.ObjectType)
		}
		rec, err := s.insertRecord(ws.ID, obj, sr.Fields, now)
		if err != nil {
			return fmt.Errorf("mockserver: seed record %d of workspace %s: %w", i, w.ID, err)
		}
		if sr.Ref != "" {
			refs[sr.Ref] = rec.ID
		}
		for _, title := range sr.Tasks {
			s.insertTask(rec, bc.TaskCreate{Title: title}, now)
		}
		for _, n := range sr.Notes {
			s.insertNote(rec, bc.NoteCreate{Title: n.Title, Content: n.Content}, authorID, now)
		}
		if sr.Archived {
			c := *rec
			c.IsArchived, c.ArchivedAt = true, ptr(millis(now))
			s.replaceRecord(c)
		}
	}
	resolve := func(names []string) []string {
		var ids []string
		for _, n := range names {
			if id, ok := refs[n]; ok {
				ids = append(ids, id)
			}
		}
		return ids
	}
	for _, a := range w.SendAccounts {
		s.insertSendAccount(ws.ID, a)
	}
	for i, c := range w.Conversations {
		at := now.Add(-time.Duration(len(w.Conversations)-i) * time.Hour)
		s.seedConversation(ws.ID, c, resolve(c.Records), at)
	}
	for i, m := range w.Meetings {
		at := now.Add(-time.Duration(len(w.Meetings)-i) * 24 * time.Hour)
		s.seedMeeting(ws.ID, m, resolve(m.Records), at)
	}
	for _, name := range w.InboxViews {
		s.insertInboxView(ws.ID, authorID, bc.InboxViewCreate{WorkspaceID: ws.ID, Name: name}, now)
	}
	return nil
}

// CreateKey adds an API key and returns it with its secret, which is shown only here.
func (s *Server) CreateKey(spec KeySpec) (Key, string, error) {
	now := s.clock.Now()
	k := &Key{Name: spec.Name, UserID: spec.UserID, CreatedAt: now}
	if spec.ExpiresIn != 0 {
		t := now.Add(time.Duration(spec.ExpiresIn) * time.Second)
		k.ExpiresAt = &t
	}
	prefix := CurrentKeyPrefix
	switch spec.Generation {
	case "", string(apispec.Current):
		k.Generation = apispec.Current
		s.store.mu.RLock()
		u := s.store.users[spec.UserID]
		var o *org
		if u != nil {
			o = s.store.orgs[u.OrgID]
		}
		var wsOrg string
		if spec.WorkspaceID != "" {
			wsOrg = s.store.workspaces.parentOf(spec.WorkspaceID)
		}
		s.store.mu.RUnlock()
		if u == nil || o == nil {
			return Key{}, "", invalid("userId", "no current-API user %q (see GET %s/principals)", spec.UserID, ControlPrefix)
		}
		if spec.WorkspaceID != "" && wsOrg != o.ID {
			return Key{}, "", invalid("workspaceId", "workspace %q is not in the user's organization", spec.WorkspaceID)
		}
		k.OrgID, k.Region, k.WorkspaceID = o.ID, o.Region, spec.WorkspaceID
		declared := apispec.Scopes(s.doc)
		if spec.AllScopes {
			for sc := range declared {
				k.Scopes = append(k.Scopes, sc)
			}
		}
		for _, sc := range spec.Scopes {
			if _, ok := declared[sc]; !ok {
				return Key{}, "", invalid("scopes", "unknown scope %q", sc)
			}
			k.Scopes = append(k.Scopes, sc)
		}
		slices.Sort(k.Scopes)
		k.Scopes = slices.Compact(k.Scopes)
	case string(apispec.Legacy):
		k.Generation, prefix = apispec.Legacy, LegacyKeyPrefix
		s.store.mu.RLock()
		lu := s.store.legacyUsers[spec.UserID]
		s.store.mu.RUnlock()
		if lu == nil {
			return Key{}, "", invalid("userId", "no legacy user %q (see GET %s/principals)", spec.UserID, ControlPrefix)
		}
		if len(spec.Scopes) > 0 || spec.WorkspaceID != "" {
			return Key{}, "", invalid("scopes", "legacy keys carry no scopes or workspace limit")
		}
		k.SpaceID = lu.SpaceID.String()
	default:
		return Key{}, "", invalid("generation", "want current or legacy, got %q", spec.Generation)
	}
	secret := spec.Secret
	if secret == "" {
		secret = randomSecret(prefix)
	} else if len(secret) < len(prefix)+displayLen+8 || secret[:len(prefix)] != prefix {
		return Key{}, "", invalid("secret", "a %s key must start with %s and have at least %d characters after it", k.Generation, prefix, displayLen+8)
	}
	k.Prefix = displayPrefix(secret)
	if err := s.keys.add(k, secret); err != nil {
		return Key{}, "", invalid("secret", "%v", err)
	}
	s.opts.Logger.Debug("key created", "key", k.Prefix, "name", k.Name, "generation", k.Generation, "user", k.UserID, "scopes", len(k.Scopes))
	return *k, secret, nil
}

// RevokeKey revokes every key with the display prefix and reports how many it revoked.
func (s *Server) RevokeKey(prefix string) int {
	n := s.keys.revoke(prefix, s.clock.Now())
	if n > 0 {
		s.opts.Logger.Info("key revoked", "key", prefix, "count", n)
	}
	return n
}

// Keys lists the registered keys (without secrets).
func (s *Server) Keys() []Key { return s.keys.list() }

// Journal returns the recorded requests, oldest first.
func (s *Server) Journal() []JournalEntry {
	return s.journal.list(func(JournalEntry) bool { return true })
}

type principalsView struct {
	Organizations []principalOrg `json:"organizations"`
	LegacyUsers   []legacyUser   `json:"legacyUsers"`
}

type principalOrg struct {
	org
	Users      []user         `json:"users"`
	Workspaces []bc.Workspace `json:"workspaces"`
}

func (s *Server) principals() principalsView {
	st := s.store
	st.mu.RLock()
	defer st.mu.RUnlock()
	v := principalsView{Organizations: []principalOrg{}, LegacyUsers: []legacyUser{}}
	for _, o := range st.orgs {
		po := principalOrg{org: *o, Users: []user{}, Workspaces: []bc.Workspace{}}
		for _, u := range st.users {
			if u.OrgID == o.ID {
				po.Users = append(po.Users, *u)
			}
		}
		for _, w := range values(st.workspaces.children(o.ID)) {
			po.Workspaces = append(po.Workspaces, *w)
		}
		slices.SortFunc(po.Users, func(a, b user) int { return strings.Compare(a.ID, b.ID) })
		v.Organizations = append(v.Organizations, po)
	}
	slices.SortFunc(v.Organizations, func(a, b principalOrg) int { return strings.Compare(a.ID, b.ID) })
	for _, u := range st.legacyUsers {
		v.LegacyUsers = append(v.LegacyUsers, *u)
	}
	slices.SortFunc(v.LegacyUsers, func(a, b legacyUser) int { return strings.Compare(a.ID, b.ID) })
	return v
}

func ptr[T any](v T) *T { return &v }

func mustUUID(s string) uuid.UUID {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.NewSHA1(uuid.NameSpaceURL, []byte(s))
	}
	return id
}
