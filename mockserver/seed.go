package mockserver

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/breakcold-go/breakcold/client"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// Seed is a dataset the mock starts from or loads through the control API
// (POST /_mock/seed). `breakcold-mock -print-seed` prints the demo dataset in this
// format, a good start for a team's own seed file, and `breakcold-mock snapshot`
// writes one from a Breakcold account (Snapshot).
//
// Every entity may carry its id, which the mock keeps; an entity without one gets
// an id derived from its place in the seed, the same on every load. Loading checks
// the seed whole: an id given twice or a reference to nothing is an error that
// names the entity, and a seed with an error changes nothing.
type Seed struct {
	// Kind is StateKind in a state file (Options.StateFile, Server.State) and
	// empty in other seeds; a seed of either kind loads the same.
	Kind string `json:"kind,omitempty"`
	// Version is the seed format's version: 0 or SeedVersion. A state file
	// (Options.StateFile) always carries it.
	Version       int              `json:"version,omitempty"`
	Organizations []SeedOrg        `json:"organizations"`
	LegacyUsers   []SeedLegacyUser `json:"legacyUsers"`
	Keys          []KeySpec        `json:"keys"`
	// Webhooks are endpoints that receive the mock's webhooks.
	Webhooks []WebhookSpec `json:"webhooks,omitempty"`
}

// SeedVersion is the newest seed format; a seed of a newer version is refused.
const SeedVersion = 1

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
// types (person, company, deal) with their fields and default views, unless
// ObjectTypes describes one with the same slug.
type SeedWorkspace struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// CreatedAt and UpdatedAt are epoch milliseconds, as the API gives them; 0 (or
	// absent) is the time the seed loads. The same holds for every entity's.
	CreatedAt int64 `json:"createdAt,omitempty"`
	UpdatedAt int64 `json:"updatedAt,omitempty"`
	// ObjectTypes are object types as the API answers them, each with its fields
	// (and their options) and record views. One with the slug of a system object
	// type replaces it.
	ObjectTypes   []SeedObjectType   `json:"objectTypes,omitempty"`
	Records       []SeedRecord       `json:"records"`
	SendAccounts  []SeedSendAccount  `json:"sendAccounts,omitempty"`
	Conversations []SeedConversation `json:"conversations,omitempty"`
	Meetings      []SeedMeeting      `json:"meetings,omitempty"`
	InboxViews    []string           `json:"inboxViews,omitempty"`
	// InboxViewIDs are the ids of the inbox views, in the order of InboxViews.
	InboxViewIDs []string `json:"inboxViewIds,omitempty"`
	// InboxViewList are inbox views as the API answers them (id, name, emoji,
	// visibility, config, createdByUserId, times; workspaceId may be left out),
	// made after those of InboxViews. An absent createdByUserId is the
	// organization's first user.
	InboxViewList []client.InboxView `json:"inboxViewList,omitempty"`
	// InboxSidebar is the inbox sidebar's layout, views and folders by id, as
	// reorderInboxSidebar takes it; absent, the sidebar lists the views in order.
	InboxSidebar []client.SidebarItem `json:"inboxSidebar,omitempty"`
	// IntegrationHooks are integration hooks as the API answers them (workspaceId
	// may be left out). Unlike one made with createIntegrationHook, a seeded hook
	// receives no webhooks: loading a seed never makes the mock call out (Webhooks
	// does that on purpose).
	IntegrationHooks []client.IntegrationHook `json:"integrationHooks,omitempty"`
}

// SeedObjectType is an object type as the API answers it (its id, slug, names,
// order, …; workspaceId may be left out) with its fields and record views. An
// absent isActive means active. An object type without fields gets a primary
// text field "name", one without views a default table view.
type SeedObjectType struct {
	client.CRMObject
	Fields []SeedField         `json:"fields,omitempty"`
	Views  []client.RecordView `json:"views,omitempty"`
}

// UnmarshalJSON reads an object type, active unless it says otherwise, and
// rejects fields an object type does not have.
func (t *SeedObjectType) UnmarshalJSON(b []byte) error {
	type plain SeedObjectType
	p := plain{CRMObject: client.CRMObject{IsActive: true}}
	if err := strictUnmarshal(b, &p); err != nil {
		return err
	}
	*t = SeedObjectType(p)
	return nil
}

// SeedField is a field definition as the API answers it, with the options of a
// select or multiselect field.
type SeedField struct {
	client.FieldDefinition
	Options []SeedFieldOption `json:"options,omitempty"`
}

// SeedFieldOption is a field option as the API answers it; an absent isActive
// means active.
type SeedFieldOption struct {
	client.FieldOption
}

// UnmarshalJSON reads an option, active unless it says otherwise.
func (o *SeedFieldOption) UnmarshalJSON(b []byte) error {
	p := client.FieldOption{IsActive: true}
	if err := strictUnmarshal(b, &p); err != nil {
		return err
	}
	o.FieldOption = p
	return nil
}

// SeedRecord is a record; Ref names it for links inside the seed.
type SeedRecord struct {
	// ID is the record's id; a relation field's value names a record by it.
	ID         string         `json:"id,omitempty"`
	Ref        string         `json:"ref,omitempty"`
	ObjectType string         `json:"objectType"` // slug: person, company, deal, or a seed's own
	Fields     map[string]any `json:"fields"`
	Archived   bool           `json:"archived,omitempty"`
	CreatedAt  int64          `json:"createdAt,omitempty"`
	UpdatedAt  int64          `json:"updatedAt,omitempty"`
	ArchivedAt int64          `json:"archivedAt,omitempty"`
	Tasks      []string       `json:"tasks,omitempty"` // titles
	// TaskList are tasks as the API answers them (id, title, status, dueAt,
	// assigneeUserIds, …); the record's id and workspace may be left out.
	TaskList []client.Task `json:"taskList,omitempty"`
	Notes    []SeedNote    `json:"notes,omitempty"`
}

// SeedNote is a note on a record.
type SeedNote struct {
	ID      string `json:"id,omitempty"`
	Title   string `json:"title"`
	Content string `json:"content"` // HTML
	// ContentPlain is the text the API shows; absent, it is derived from Content.
	ContentPlain string `json:"contentPlain,omitempty"`
	// AuthorUserID is a user of the organization; absent, its first user.
	AuthorUserID string `json:"authorUserId,omitempty"`
	CreatedAt    int64  `json:"createdAt,omitempty"`
	UpdatedAt    int64  `json:"updatedAt,omitempty"`
}

// SeedSendAccount is a connected mailbox or social account.
type SeedSendAccount struct {
	ID          string  `json:"id,omitempty"`
	Channel     Channel `json:"channel"`
	DisplayName string  `json:"displayName"`
	Handle      string  `json:"handle"`
}

// SeedConversation is an inbox thread; Records lists the refs of linked records.
type SeedConversation struct {
	ID       string        `json:"id,omitempty"`
	Channel  Channel       `json:"channel"`
	Subject  string        `json:"subject,omitempty"`
	With     string        `json:"with"` // the other party's name
	Handle   string        `json:"handle"`
	Records  []string      `json:"records,omitempty"`
	Messages []SeedMessage `json:"messages"`
	// LinkedRecordIDs are linked records by id, after those of Records.
	LinkedRecordIDs []string `json:"linkedRecordIds,omitempty"`
	// Attendees are the conversation's attendees as the API answers them, ids
	// kept; given, they replace With and Handle.
	Attendees []client.Attendee `json:"attendees,omitempty"`
}

// Channel is how a send account or a conversation reaches people: the client's
// channels (client.ChannelEmail, client.ChannelLinkedin, …).
type Channel = client.Channel

// SeedMessage is a message; Inbound marks one received.
type SeedMessage struct {
	ID      string `json:"id,omitempty"`
	Inbound bool   `json:"inbound"`
	Text    string `json:"text"`
	// HTML is the message's HTML body (textHtml); Text, when empty, is derived
	// from it.
	HTML string `json:"html,omitempty"`
	// Subject is the message's subject; absent, the conversation's.
	Subject string `json:"subject,omitempty"`
	// Attachments is the number of attachments.
	Attachments int `json:"attachments,omitempty"`
	// SentAt is when the message was sent (received, for an inbound one), in
	// epoch milliseconds; absent, a time before the seed loads that keeps the
	// seed's order: the conversation's place, then ten minutes a message.
	SentAt int64 `json:"sentAt,omitempty"`
}

// SeedMeeting is a recorded meeting and its transcript lines ("Speaker: text").
type SeedMeeting struct {
	ID         string   `json:"id,omitempty"`
	Title      string   `json:"title"`
	Records    []string `json:"records,omitempty"`
	Transcript []string `json:"transcript,omitempty"`
	// TranscriptIDs are the ids of the transcript's segments, in the order of
	// Transcript.
	TranscriptIDs []string `json:"transcriptIds,omitempty"`
	// LinkedRecordIDs are linked records by id, after those of Records.
	LinkedRecordIDs []string `json:"linkedRecordIds,omitempty"`
	// StartAt is when the meeting started, in epoch milliseconds; absent, a day
	// before the seed loads for each meeting after it in the seed.
	StartAt int64 `json:"startAt,omitempty"`
}

// SeedLegacyUser is a legacy-API user with their workspace (space) and its data.
type SeedLegacyUser struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Email     string `json:"email"`
	SpaceID   string `json:"spaceId"`
	SpaceName string `json:"spaceName"`
	// Role is owner, admin or member; absent, the space's first user owns it and
	// the others are members.
	Role      string           `json:"role,omitempty"`
	Lists     []string         `json:"lists,omitempty"`
	Statuses  []string         `json:"statuses,omitempty"` // in pipeline order, on the first list
	Tags      []string         `json:"tags,omitempty"`
	Leads     []map[string]any `json:"leads,omitempty"` // lead create bodies; "id" keeps an id
	Reminders []string         `json:"reminders,omitempty"`
	// Data is the space's data as the legacy API lists it, ids kept. It loads
	// after every legacy user, so notes and reminders may name any member.
	Data *SeedLegacyData `json:"data,omitempty"`
}

// SeedLegacyData is a legacy space's data as the legacy API answers it. Ids may be
// left out (one is made) and id_space always is; references (a lead's statuses,
// tags, lists and attributes, a note's lead, a status's list) must name entities
// of the same space.
type SeedLegacyData struct {
	// Workspace is the space as GET /workspaces answers it (name, language, …).
	Workspace  *client.LegacyWorkspace  `json:"workspace,omitempty"`
	Lists      []client.LegacyList      `json:"lists,omitempty"`
	Statuses   []client.LegacyStatus    `json:"statuses,omitempty"`
	Tags       []client.LegacyTag       `json:"tags,omitempty"`
	Attributes []client.LegacyAttribute `json:"attributes,omitempty"`
	Leads      []client.LegacyLead      `json:"leads,omitempty"`
	Notes      []client.LegacyNote      `json:"notes,omitempty"`
	Reminders  []client.LegacyReminder  `json:"reminders,omitempty"`
}

// applySeed creates the seed's data; the store lock is held.
func (s *Server) applySeed(seed *Seed) error {
	st := s.store
	now := s.clock.Now()
	if seed.Version > SeedVersion {
		return invalid("version", "seed format version %d is newer than this mock's (%d)", seed.Version, SeedVersion)
	}
	for _, o := range seed.Organizations {
		if !slices.Contains(Regions, o.Region) {
			return invalid("organizations.region", "organization %q has region %q; want us or eu", o.ID, o.Region)
		}
		if _, dup := st.orgs[o.ID]; dup || o.ID == "" {
			return invalid("organizations.id", "organization %q appears twice or has no id", o.ID)
		}
		st.orgs[o.ID] = &org{ID: o.ID, Name: o.Name, Region: o.Region}
		var authorID string
		for _, u := range o.Users {
			if _, dup := st.users[u.ID]; dup || u.ID == "" {
				return invalid("organizations.users.id", "user %q of organization %s appears twice or has no id", u.ID, o.ID)
			}
			st.users[u.ID] = &user{ID: u.ID, OrgID: o.ID, Name: u.Name, Email: u.Email}
			if authorID == "" {
				authorID = u.ID
			}
		}
		spaces := make([]*bc.Workspace, len(o.Workspaces))
		for i, w := range o.Workspaces {
			if w.ID != "" {
				if _, dup := st.workspaces.get(w.ID); dup {
					return invalid("workspaces.id", "workspace %q appears twice", w.ID)
				}
			}
			ws := s.addWorkspace(o.ID, w.ID, w.Name, w.Description, now)
			if w.CreatedAt != 0 || w.UpdatedAt != 0 {
				c := *ws
				c.CreatedAt, c.UpdatedAt = orNow(w.CreatedAt, now), orNow(w.UpdatedAt, now)
				ws = st.workspaces.replace(ws.ID, c)
			}
			if err := s.seedObjectTypes(ws, w.ObjectTypes, now); err != nil {
				return err
			}
			spaces[i] = ws
		}
		refs, err := s.seedRecords(o, spaces, authorID, now)
		if err != nil {
			return err
		}
		for i, w := range o.Workspaces {
			if err := s.seedInbox(spaces[i], w, refs[i], authorID, now); err != nil {
				return err
			}
			if err := s.seedHooks(spaces[i], w.IntegrationHooks, now); err != nil {
				return err
			}
		}
	}
	for _, lu := range seed.LegacyUsers {
		if err := s.seedLegacyUser(lu, now); err != nil {
			return err
		}
	}
	for _, lu := range seed.LegacyUsers {
		if lu.Data != nil {
			if err := s.seedLegacyData(st.legacyUsers[lu.ID], lu.Data, now); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedHooks stores a workspace's integration hooks.
func (s *Server) seedHooks(ws *bc.Workspace, hooks []client.IntegrationHook, now time.Time) error {
	for i, in := range hooks {
		h, err := convertOnto(in, bc.IntegrationHook{})
		if err != nil {
			return fmt.Errorf("mockserver: seed workspace %s, integration hook %d: %w", ws.ID, i, err)
		}
		if !h.Platform.Valid() || !h.Event.Valid() {
			return invalid("integrationHooks", "workspace %s, integration hook %d: unknown platform %q or event %q", ws.ID, i, h.Platform, h.Event)
		}
		if h.ID, err = seedID(s, s.store.hooks, h.ID, "hk"); err != nil {
			return err
		}
		h.WorkspaceID, h.CreatedAt = ws.ID, orNow(h.CreatedAt, now)
		s.store.hooks.add(ws.ID, h.ID, h)
	}
	return nil
}

// orNow is a seed's epoch milliseconds, or now's when it gives none.
func orNow(ms int64, now time.Time) int64 {
	if ms == 0 {
		return millis(now)
	}
	return ms
}

// seedInbox creates a workspace's send accounts, conversations, meetings and inbox
// views; refs are the workspace's record refs.
func (s *Server) seedInbox(ws *bc.Workspace, w SeedWorkspace, refs map[string]string, authorID string, now time.Time) error {
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
		if _, err := s.insertSendAccount(ws.ID, a); err != nil {
			return err
		}
	}
	linked := func(refs, ids []string) ([]string, error) {
		if err := s.checkRecords(ws.ID, "linkedRecordIds", &ids); err != nil {
			return nil, err
		}
		return append(resolve(refs), ids...), nil
	}
	for i, c := range w.Conversations {
		at := now.Add(-time.Duration(len(w.Conversations)-i) * time.Hour)
		records, err := linked(c.Records, c.LinkedRecordIDs)
		if err == nil {
			err = s.seedConversation(ws.ID, c, records, at)
		}
		if err != nil {
			return err
		}
	}
	for i, m := range w.Meetings {
		at := now.Add(-time.Duration(len(w.Meetings)-i) * 24 * time.Hour)
		if m.StartAt != 0 {
			at = time.UnixMilli(m.StartAt)
		}
		records, err := linked(m.Records, m.LinkedRecordIDs)
		if err == nil {
			err = s.seedMeeting(ws.ID, m, records, at)
		}
		if err != nil {
			return err
		}
	}
	if len(w.InboxViewIDs) > len(w.InboxViews) {
		return invalid("inboxViewIds", "workspace %s has %d inbox view ids for %d inbox views", ws.ID, len(w.InboxViewIDs), len(w.InboxViews))
	}
	for i, name := range w.InboxViews {
		id := s.id("iv")
		if i < len(w.InboxViewIDs) {
			id = w.InboxViewIDs[i]
			if err := unused(s.store.inboxViews, id); err != nil {
				return err
			}
		}
		s.insertInboxView(id, ws.ID, authorID, bc.InboxViewCreate{WorkspaceID: ws.ID, Name: name}, now)
	}
	for i, in := range w.InboxViewList {
		if err := s.seedInboxView(ws, in, authorID, now); err != nil {
			return fmt.Errorf("mockserver: seed workspace %s, inbox view %d: %w", ws.ID, i, err)
		}
	}
	if w.InboxSidebar != nil {
		return s.seedSidebar(ws.ID, w.InboxSidebar)
	}
	return nil
}

// seedInboxView stores an inbox view given as the API answers it.
func (s *Server) seedInboxView(ws *bc.Workspace, in client.InboxView, authorID string, now time.Time) error {
	v, err := convertOnto(in, bc.InboxView{})
	if err != nil {
		return err
	}
	if v.ID, err = seedID(s, s.store.inboxViews, v.ID, "iv"); err != nil {
		return err
	}
	if v.CreatedByUserID == "" {
		v.CreatedByUserID = authorID
	}
	if err := s.checkUsers(ws.ID, "createdByUserId", &[]string{v.CreatedByUserID}); err != nil {
		return err
	}
	if v.Visibility == nil {
		v.Visibility = ptr(bc.InboxViewVisibilityPersonal)
	}
	if v.IsSystem == nil {
		v.IsSystem = ptr(false)
	}
	if v.Config == nil {
		v.Config = bc.ViewConfig{}
	}
	v.WorkspaceID, v.CreatedAt, v.UpdatedAt = ws.ID, orNow(v.CreatedAt, now), orNow(v.UpdatedAt, now)
	s.store.sidebars[ws.ID] = append(slices.Clone(s.store.sidebars[ws.ID]), bc.SidebarItem{Type: bc.View, ID: v.ID})
	s.store.inboxViews.add(ws.ID, v.ID, v)
	return nil
}

// seedSidebar sets a workspace's sidebar layout: its views must be the
// workspace's, its folders' parents folders among the items.
func (s *Server) seedSidebar(wsID string, items []client.SidebarItem) error {
	layout, err := convert[[]bc.SidebarItem](items)
	if err != nil {
		return fmt.Errorf("mockserver: seed workspace %s, inbox sidebar: %w", wsID, err)
	}
	folders := map[string]bool{}
	for _, it := range layout {
		if it.Type == bc.Folder {
			folders[it.ID] = true
		}
	}
	for i, it := range layout {
		switch {
		case it.Type != bc.Folder && it.Type != bc.View:
			return invalid("inboxSidebar", "workspace %s, item %d: type %q; want view or folder", wsID, i, it.Type)
		case it.ParentFolderID != nil && !folders[*it.ParentFolderID]:
			return invalid("inboxSidebar", "workspace %s, item %d: no folder %q among the items", wsID, i, *it.ParentFolderID)
		case it.Type == bc.View:
			if v, ok := s.store.inboxViews.get(it.ID); !ok || v.WorkspaceID != wsID {
				return invalid("inboxSidebar", "workspace %s, item %d: no inbox view %q in the workspace", wsID, i, it.ID)
			}
		}
	}
	s.store.sidebars[wsID] = layout
	return nil
}

// seedID is a seed entity's id, or a new one of the kind when it gives none; a
// given id must be new to r.
func seedID[T any](s *Server, r *resource[T], id, kind string) (string, error) {
	if id == "" {
		return s.id(kind), nil
	}
	return id, unused(r, id)
}

// unused fails when r already holds the id: a seed gave it twice.
func unused[T any](r *resource[T], id string) error {
	if _, dup := r.get(id); dup {
		return invalid("id", "%s %q appears twice in the seed", r.kind, id)
	}
	return nil
}

// seedChannel refuses a channel the API does not answer (what names the seed
// entry that holds it), so a seed cannot make the mock break its own spec.
func seedChannel(c Channel, field, what string) error {
	if bc.Channel(c).Valid() {
		return nil
	}
	return invalid(field, "%s: channel %q is not one of email, linkedin, meeting, telegram, whatsapp", what, c)
}

func (s *Server) insertSendAccount(wsID string, a SeedSendAccount) (*bc.SendAccount, error) {
	id, err := seedID(s, s.store.accounts, a.ID, "sa")
	if err != nil {
		return nil, err
	}
	if err := seedChannel(a.Channel, "sendAccounts.channel", "send account "+id); err != nil {
		return nil, err
	}
	acc := bc.SendAccount{WorkspaceIntegrationAccountID: id, WorkspaceID: wsID, Channel: bc.Channel(a.Channel), DisplayName: a.DisplayName, Handle: a.Handle, IsActive: true}
	return s.store.accounts.add(wsID, acc.WorkspaceIntegrationAccountID, acc), nil
}

func (s *Server) seedConversation(wsID string, c SeedConversation, records []string, at time.Time) error {
	id, err := seedID(s, s.store.convs, c.ID, "cv")
	if err != nil {
		return err
	}
	if err := seedChannel(c.Channel, "conversations.channel", "conversation "+id); err != nil {
		return err
	}
	attendees := []bc.Attendee{attendee(s.id("at"), c.With, c.Handle, true)}
	if c.Attendees != nil {
		if attendees, err = convert[[]bc.Attendee](c.Attendees); err != nil {
			return fmt.Errorf("mockserver: seed conversation %s: attendees: %w", id, err)
		}
	}
	conv := s.newConversation(id, wsID, bc.Channel(c.Channel), c.Subject, records, attendees)
	for i, m := range c.Messages {
		dir := bc.Outbound
		if m.Inbound {
			dir = bc.Inbound
		}
		mid, err := seedID(s, s.store.messages, m.ID, "ms")
		if err != nil {
			return err
		}
		subject, sent := cmp.Or(m.Subject, c.Subject), at.Add(time.Duration(i)*10*time.Minute)
		if m.SentAt != 0 {
			sent = time.UnixMilli(m.SentAt)
		}
		_, conv = s.appendMessage(mid, conv, dir, subject, m.Text, m.HTML, m.Attachments, sent)
	}
	return nil
}

func (s *Server) seedMeeting(wsID string, m SeedMeeting, records []string, at time.Time) error {
	id, err := seedID(s, s.store.meetings, m.ID, "mt")
	if err != nil {
		return err
	}
	meet := bc.Meeting{
		ID: id, WorkspaceID: wsID, Title: m.Title, EventState: bc.Active,
		StartAt: millis(at), EndAt: ptr(millis(at.Add(45 * time.Minute))), DurationMs: ptr(int64(45 * time.Minute / time.Millisecond)),
		HasTranscript: len(m.Transcript) > 0, LinkedRecordIds: orEmpty(records),
		CreatedAt: millis(at), UpdatedAt: millis(at),
	}
	meet.Participants = []struct {
		Email *openapi_types.Email `json:"email,omitempty"`
		Name  string               `json:"name"`
	}{}
	if len(m.TranscriptIDs) > len(m.Transcript) {
		return invalid("transcriptIds", "meeting %s has %d transcript ids for %d lines", id, len(m.TranscriptIDs), len(m.Transcript))
	}
	speakers := map[string]bool{}
	var offset int64
	for i, line := range m.Transcript {
		speaker, text, _ := strings.Cut(line, ": ")
		if !speakers[speaker] {
			speakers[speaker] = true
			meet.Participants = append(meet.Participants, struct {
				Email *openapi_types.Email `json:"email,omitempty"`
				Name  string               `json:"name"`
			}{Name: speaker})
		}
		dur := int64(len(text)) * 60
		segID := s.id("sg")
		if i < len(m.TranscriptIDs) {
			segID = m.TranscriptIDs[i]
			if err := unused(s.store.transcripts, segID); err != nil {
				return err
			}
		}
		seg := bc.TranscriptSegment{ID: segID, MeetingID: meet.ID, Speaker: speaker, Text: text, StartMs: offset, EndMs: offset + dur}
		offset += dur + 400
		s.store.transcripts.add(meet.ID, seg.ID, seg)
	}
	if meet.HasTranscript {
		url := "https://files.breakcold.com/recordings/" + meet.ID + ".mp4"
		meet.RecordingURL = &url
	}
	s.store.meetings.add(wsID, meet.ID, meet)
	return nil
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
		lu.ID = s.legacyUserID()
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
	spaceID := s.newUUID()
	if lu.SpaceID != "" {
		spaceID = mustUUID(lu.SpaceID)
	}
	space := spaceID.String()
	role := bc.LegacyMemberRoleOwner
	_, joined := st.spaces.get(space)
	if joined {
		role = bc.LegacyMemberRoleMember
	}
	if lu.Role != "" {
		role = bc.LegacyMemberRole(lu.Role)
		if _, ok := legacyRoleRank[role]; !ok {
			return invalid("legacyUsers.role", "legacy user %s has role %q; want owner, admin or member", lu.ID, lu.Role)
		}
	}
	if !joined {
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

// strictUnmarshal decodes b into v, rejecting fields v does not have.
func strictUnmarshal(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
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
