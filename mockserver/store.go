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
// A seed or a reset builds new tables aside and swaps them in whole (take).
type store struct {
	mu sync.RWMutex
	*tables
}

// tables are the store's collections. Each is declared here and made once, in
// newTables; TestNewTablesMakesEveryField fails on one declared but not made.
type tables struct {
	// seq orders the items of every collection (collection.go).
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

func newStore() *store { return &store{tables: newTables()} }

// newTables makes empty tables.
func newTables() *tables {
	t := &tables{
		orgs:        map[string]*org{},
		users:       map[string]*user{},
		uploads:     map[string]bc.AttachmentUpload{},
		sidebars:    map[string][]bc.SidebarItem{},
		legacyUsers: map[string]*legacyUser{},
	}
	t.workspaces = newResource(&t.seq, "workspace", func(w *bc.Workspace) string { return w.ID })
	t.records = newResource(&t.seq, "record", func(r *bc.Record) string { return r.WorkspaceID })
	t.activities = newResource(&t.seq, "custom activity", func(a *bc.CustomActivity) string { return a.WorkspaceID })
	t.tasks = newResource(&t.seq, "task", func(tk *bc.Task) string { return tk.WorkspaceID })
	t.notes = newResource(&t.seq, "note", func(n *bc.Note) string { return n.WorkspaceID })
	t.convs = newResource(&t.seq, "conversation", func(c *bc.Conversation) string { return c.WorkspaceID })
	t.messages = newResource(&t.seq, "message", func(m *bc.Message) string { return m.WorkspaceID })
	t.accounts = newResource(&t.seq, "send account", func(a *bc.SendAccount) string { return a.WorkspaceID })
	t.inboxViews = newResource(&t.seq, "inbox view", func(v *bc.InboxView) string { return v.WorkspaceID })
	t.meetings = newResource(&t.seq, "meeting", func(m *bc.Meeting) string { return m.WorkspaceID })
	t.transcripts = newResource(&t.seq, "transcript segment", func(*bc.TranscriptSegment) string { return "" })
	t.objects = newResource(&t.seq, "object type", func(o *bc.CrmObject) string { return o.WorkspaceID })
	t.fields = newResource(&t.seq, "field", func(f *bc.FieldDefinition) string { return f.WorkspaceID })
	t.options = newResource(&t.seq, "field option", func(o *bc.FieldOption) string {
		if f, ok := t.fields.get(o.FieldDefinitionID); ok {
			return f.WorkspaceID
		}
		return ""
	})
	t.views = newResource(&t.seq, "record view", func(v *bc.RecordView) string { return v.WorkspaceID })
	t.hooks = newResource(&t.seq, "integration hook", func(h *bc.IntegrationHook) string { return h.WorkspaceID })
	t.spaces = newResource[bc.LegacyWorkspace](&t.seq, "workspace", nil)
	t.leads = newResource[bc.LegacyLead](&t.seq, "lead", nil)
	t.statuses = newResource[bc.LegacyStatus](&t.seq, "status", nil)
	t.tags = newResource[bc.LegacyTag](&t.seq, "tag", nil)
	t.lists = newResource[bc.LegacyList](&t.seq, "list", nil)
	t.lnotes = newResource[bc.LegacyNote](&t.seq, "note", nil)
	t.reminders = newResource[bc.LegacyReminder](&t.seq, "reminder", nil)
	t.attributes = newResource[bc.LegacyAttribute](&t.seq, "attribute", nil)
	return t
}

// take makes from's tables st's; the caller holds st's lock and from is not used
// again.
func (st *store) take(from *store) { st.tables = from.tables }

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
