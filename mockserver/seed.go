package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/breakcold-go/breakcold/client"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// Seed is a dataset the mock starts from or loads through the control API
// (POST /_mock/seed). `breakcold-mock -print-seed` prints the demo dataset in this
// format, a good start for a team's own seed file.
type Seed struct {
	Organizations []SeedOrg        `json:"organizations"`
	LegacyUsers   []SeedLegacyUser `json:"legacyUsers"`
	Keys          []KeySpec        `json:"keys"`
	// Webhooks are endpoints that receive the mock's webhooks.
	Webhooks []WebhookSpec `json:"webhooks,omitempty"`
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
	Channel     Channel `json:"channel"`
	DisplayName string  `json:"displayName"`
	Handle      string  `json:"handle"`
}

// SeedConversation is an inbox thread; Records lists the refs of linked records.
type SeedConversation struct {
	Channel  Channel       `json:"channel"`
	Subject  string        `json:"subject,omitempty"`
	With     string        `json:"with"` // the other party's name
	Handle   string        `json:"handle"`
	Records  []string      `json:"records,omitempty"`
	Messages []SeedMessage `json:"messages"`
}

// Channel is how a send account or a conversation reaches people: the client's
// channels (client.ChannelEmail, client.ChannelLinkedin, …).
type Channel = client.Channel

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

// applySeed creates the seed's data; the store lock is held.
func (s *Server) applySeed(seed *Seed) error {
	st := s.store
	now := s.clock.Now()
	for _, o := range seed.Organizations {
		if !slices.Contains(Regions, o.Region) {
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
			s.store.records.replace(c.ID, c)
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

func (s *Server) insertSendAccount(wsID string, a SeedSendAccount) *bc.SendAccount {
	acc := bc.SendAccount{WorkspaceIntegrationAccountID: newID("sa"), WorkspaceID: wsID, Channel: bc.Channel(a.Channel), DisplayName: a.DisplayName, Handle: a.Handle, IsActive: true}
	return s.store.accounts.add(wsID, acc.WorkspaceIntegrationAccountID, acc)
}

func (s *Server) seedConversation(wsID string, c SeedConversation, records []string, at time.Time) {
	conv := s.newConversation(wsID, bc.Channel(c.Channel), c.Subject, records, []bc.Attendee{attendee(c.With, c.Handle, true)})
	for i, m := range c.Messages {
		dir := bc.Outbound
		if m.Inbound {
			dir = bc.Inbound
		}
		_, conv = s.appendMessage(conv, dir, c.Subject, m.Text, "", 0, at.Add(time.Duration(i)*10*time.Minute))
	}
}

func (s *Server) seedMeeting(wsID string, m SeedMeeting, records []string, at time.Time) {
	meet := bc.Meeting{
		ID: newID("mt"), WorkspaceID: wsID, Title: m.Title, EventState: bc.Active,
		StartAt: millis(at), EndAt: ptr(millis(at.Add(45 * time.Minute))), DurationMs: ptr(int64(45 * time.Minute / time.Millisecond)),
		HasTranscript: len(m.Transcript) > 0, LinkedRecordIds: orEmpty(records),
		CreatedAt: millis(at), UpdatedAt: millis(at),
	}
	meet.Participants = []struct {
		Email *openapi_types.Email `json:"email,omitempty"`
		Name  string               `json:"name"`
	}{}
	speakers := map[string]bool{}
	var offset int64
	for _, line := range m.Transcript {
		speaker, text, _ := strings.Cut(line, ": ")
		if !speakers[speaker] {
			speakers[speaker] = true
			meet.Participants = append(meet.Participants, struct {
				Email *openapi_types.Email `json:"email,omitempty"`
				Name  string               `json:"name"`
			}{Name: speaker})
		}
		dur := int64(len(text)) * 60
		seg := bc.TranscriptSegment{ID: newID("sg"), MeetingID: meet.ID, Speaker: speaker, Text: text, StartMs: offset, EndMs: offset + dur}
		offset += dur + 400
		s.store.transcripts.add(meet.ID, seg.ID, seg)
	}
	if meet.HasTranscript {
		url := "https://files.breakcold.com/recordings/" + meet.ID + ".mp4"
		meet.RecordingURL = &url
	}
	s.store.meetings.add(wsID, meet.ID, meet)
}

// isLegacyUserID reports whether id has the form of a legacy user id: 28 ASCII
// letters and digits.
func isLegacyUserID(id string) bool {
	if len(id) != 28 {
		return false
	}
	for _, c := range []byte(id) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// seedLegacyUser creates a legacy user, their space and its data; the store lock is held.
// A user whose space already exists joins it as a member; the space's first user owns it.
func (s *Server) seedLegacyUser(lu SeedLegacyUser, now time.Time) error {
	st := s.store
	now = legacyTime(now)
	if lu.ID == "" {
		lu.ID = newLegacyUserID()
	}
	if !isLegacyUserID(lu.ID) {
		return invalid("legacyUsers.id", "%q is not a legacy user id (28 letters and digits)", lu.ID)
	}
	if _, dup := st.legacyUsers[lu.ID]; dup {
		return invalid("legacyUsers.id", "legacy user %q appears twice", lu.ID)
	}
	if _, err := mail.ParseAddress(lu.Email); err != nil {
		return invalid("legacyUsers.email", "legacy user %s has email %q, which is not an address", lu.ID, lu.Email)
	}
	spaceID := uuid.New()
	if lu.SpaceID != "" {
		spaceID = mustUUID(lu.SpaceID)
	}
	space := spaceID.String()
	role := bc.LegacyMemberRoleOwner
	if _, ok := st.spaces.get(space); ok {
		role = bc.LegacyMemberRoleMember
	} else {
		name := lu.SpaceName
		if name == "" {
			name = lu.Name + "'s workspace"
		}
		ws := bc.LegacyWorkspace{
			ID: spaceID, Name: nullable.NewNullableWithValue(name), CreatedAt: nullable.NewNullableWithValue(now), UpdatedAt: nullOf[time.Time](),
			AvatarURL: nullOf[string](), TrackingDomain: nullOf[string](), Language: nullable.NewNullableWithValue("en"),
			TeamSize: nullOf[string](), Source: nullOf[string](), DefaultCurrency: nullable.NewNullableWithValue("USD"),
		}
		st.spaces.add("", space, ws)
	}
	u := &legacyUser{ID: lu.ID, Email: lu.Email, Name: lu.Name, SpaceID: spaceID, Role: role}
	st.legacyUsers[lu.ID] = u

	var first *bc.LegacyList // the statuses' list: the user's first, else the space's default
	for _, name := range lu.Lists {
		l := s.insertLegacyList(space, name, now)
		if first == nil {
			first = l
		}
	}
	pipeline := s.defaultPipeline(space)
	if first != nil {
		pipeline = nullable.NewNullableWithValue(first.ID)
	}
	for i, name := range lu.Statuses {
		in := bc.LegacyStatusCreate{Name: name, IDList: pipeline}
		rate := float32(100 * i / max(len(lu.Statuses), 1))
		switch strings.ToLower(name) {
		case "won":
			in.Type, rate = nullable.NewNullableWithValue("won"), 100
		case "lost":
			in.Type, rate = nullable.NewNullableWithValue("lost"), 0
		}
		in.SuccessRate = &rate
		if _, err := s.insertLegacyStatus(space, in); err != nil {
			return fmt.Errorf("mockserver: seed status %d of legacy user %s: %w", i, lu.ID, err)
		}
	}
	for _, name := range lu.Tags {
		s.insertLegacyTag(space, bc.LegacyTagCreate{Name: name}, now)
	}
	for i, body := range lu.Leads {
		in, err := decodeLegacyStrict[bc.LegacyLeadCreate](body)
		if err == nil {
			_, err = s.createLegacyLead(space, u.ID, in, now)
		}
		if err != nil {
			return fmt.Errorf("mockserver: seed lead %d of legacy user %s: %w", i, lu.ID, err)
		}
	}
	for i, name := range lu.Reminders {
		in := bc.LegacyReminderCreate{Name: name, Date: nullable.NewNullableWithValue(now.Add(time.Duration(i+1) * 24 * time.Hour))}
		if _, err := s.insertLegacyReminder(space, u.ID, in, now); err != nil {
			return fmt.Errorf("mockserver: seed reminder %d of legacy user %s: %w", i, lu.ID, err)
		}
	}
	return nil
}

// decodeLegacyStrict converts a JSON-shaped value (a seed's map, a create body) into T,
// rejecting fields T does not have.
func decodeLegacyStrict[T any](v any) (T, error) {
	var out T
	b, err := json.Marshal(v)
	if err != nil {
		return out, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return out, invalid("body", "%v", err)
	}
	return out, nil
}
