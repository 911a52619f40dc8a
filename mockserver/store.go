package mockserver

import (
	"crypto/rand"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// org is an organization of the current API. It lives in one region.
type org struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Region Region `json:"region"`
}

// user is a person who owns current-API keys.
type user struct {
	ID    string `json:"id"`
	OrgID string `json:"organizationId"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// legacyUser is a person who owns legacy keys. Each has one workspace (space).
type legacyUser struct {
	ID      string              `json:"id"`
	Email   string              `json:"email"`
	Name    string              `json:"name"`
	SpaceID uuid.UUID           `json:"spaceId"`
	Role    bc.LegacyMemberRole `json:"role"`
}

// store is the mock's state. One mutex guards it: requests are short, and a single
// lock makes every multi-entity change (a delete that cascades, a reorder) atomic.
type store struct {
	mu  sync.RWMutex
	seq atomic.Int64

	orgs        map[string]*org
	users       map[string]*user
	workspaces  *resource[bc.Workspace] // parent: org id
	records     *resource[bc.Record]    // parent: org id (lists span an org's workspaces)
	activities  *resource[bc.CustomActivity]
	tasks       *resource[bc.Task] // parent: record id
	notes       *resource[bc.Note] // parent: record id
	convs       *resource[bc.Conversation]
	messages    *resource[bc.Message]     // parent: conversation id
	accounts    *resource[bc.SendAccount] // parent: workspace id
	uploads     map[string]bc.AttachmentUpload
	inboxViews  *resource[bc.InboxView] // parent: workspace id
	sidebars    map[string][]bc.SidebarItem
	meetings    *resource[bc.Meeting]           // parent: workspace id
	transcripts *resource[bc.TranscriptSegment] // parent: meeting id
	objects     *resource[bc.CrmObject]         // parent: workspace id
	fields      *resource[bc.FieldDefinition]   // parent: object type id
	options     *resource[bc.FieldOption]       // parent: field id
	views       *resource[bc.RecordView]        // parent: object type id
	hooks       *resource[bc.IntegrationHook]   // parent: workspace id

	legacyUsers map[string]*legacyUser
	spaces      *resource[bc.LegacyWorkspace] // parent: ""; the others' parent is the space id
	leads       *resource[bc.LegacyLead]
	statuses    *resource[bc.LegacyStatus]
	tags        *resource[bc.LegacyTag]
	lists       *resource[bc.LegacyList]
	lnotes      *resource[bc.LegacyNote]
	reminders   *resource[bc.LegacyReminder]
	attributes  *resource[bc.LegacyAttribute]
}

func newStore() *store {
	s := &store{}
	s.clear()
	return s
}

// clear empties the store; the caller holds the lock (or owns the store).
func (s *store) clear() {
	seq := &s.seq
	s.orgs = map[string]*org{}
	s.users = map[string]*user{}
	s.workspaces = newResource(seq, "workspace", func(w *bc.Workspace) string { return w.ID })
	s.records = newResource(seq, "record", func(r *bc.Record) string { return r.WorkspaceID })
	s.activities = newResource(seq, "custom activity", func(a *bc.CustomActivity) string { return a.WorkspaceID })
	s.tasks = newResource(seq, "task", func(t *bc.Task) string { return t.WorkspaceID })
	s.notes = newResource(seq, "note", func(n *bc.Note) string { return n.WorkspaceID })
	s.convs = newResource(seq, "conversation", func(c *bc.Conversation) string { return c.WorkspaceID })
	s.messages = newResource(seq, "message", func(m *bc.Message) string { return m.WorkspaceID })
	s.accounts = newResource(seq, "send account", func(a *bc.SendAccount) string { return a.WorkspaceID })
	s.uploads = map[string]bc.AttachmentUpload{}
	s.inboxViews = newResource(seq, "inbox view", func(v *bc.InboxView) string { return v.WorkspaceID })
	s.sidebars = map[string][]bc.SidebarItem{}
	s.meetings = newResource(seq, "meeting", func(m *bc.Meeting) string { return m.WorkspaceID })
	s.transcripts = newResource(seq, "transcript segment", func(*bc.TranscriptSegment) string { return "" })
	s.objects = newResource(seq, "object type", func(o *bc.CrmObject) string { return o.WorkspaceID })
	s.fields = newResource(seq, "field", func(f *bc.FieldDefinition) string { return f.WorkspaceID })
	s.options = newResource(seq, "field option", func(o *bc.FieldOption) string {
		if f, ok := s.fields.get(o.FieldDefinitionID); ok {
			return f.WorkspaceID
		}
		return ""
	})
	s.views = newResource(seq, "record view", func(v *bc.RecordView) string { return v.WorkspaceID })
	s.hooks = newResource(seq, "integration hook", func(h *bc.IntegrationHook) string { return h.WorkspaceID })
	s.legacyUsers = map[string]*legacyUser{}
	s.spaces = newResource[bc.LegacyWorkspace](seq, "workspace", nil)
	s.leads = newResource[bc.LegacyLead](seq, "lead", nil)
	s.statuses = newResource[bc.LegacyStatus](seq, "status", nil)
	s.tags = newResource[bc.LegacyTag](seq, "tag", nil)
	s.lists = newResource[bc.LegacyList](seq, "list", nil)
	s.lnotes = newResource[bc.LegacyNote](seq, "note", nil)
	s.reminders = newResource[bc.LegacyReminder](seq, "reminder", nil)
	s.attributes = newResource[bc.LegacyAttribute](seq, "attribute", nil)
}

// randomString is n random characters of alphabet.
func randomString(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// newID makes a 32-character current-API id; the two-letter kind keeps ids readable
// in logs (rc… records, ws… workspaces) without changing their opaque shape.
func newID(kind string) string { return kind + randomString("0123456789abcdefghjkmnpqrstvwxyz", 30) }

// newLegacyUserID makes a 28-character legacy user id.
func newLegacyUserID() string {
	return randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 28)
}
