package mockserver

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	mrand "math/rand/v2"
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
	// owners are the resources each current-API path parameter names, for the
	// workspace budget (Server.requestWorkspace).
	owners map[string][]owner

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

// newTables makes empty tables. A current-API resource names the path parameter
// that carries its ids ("" for none); legacy resources have no workspace, and a
// legacy request draws on its user's budget alone.
func newTables() *tables {
	t := &tables{
		owners:      map[string][]owner{},
		orgs:        map[string]*org{},
		users:       map[string]*user{},
		uploads:     map[string]bc.AttachmentUpload{},
		sidebars:    map[string][]bc.SidebarItem{},
		legacyUsers: map[string]*legacyUser{},
	}
	t.workspaces = addResource(t, "workspace", "", func(w *bc.Workspace) string { return w.ID })
	t.records = addResource(t, "record", "recordId", func(r *bc.Record) string { return r.WorkspaceID })
	t.activities = addResource(t, "custom activity", "", func(a *bc.CustomActivity) string { return a.WorkspaceID })
	t.tasks = addResource(t, "task", "taskId", func(tk *bc.Task) string { return tk.WorkspaceID })
	t.notes = addResource(t, "note", "noteId", func(n *bc.Note) string { return n.WorkspaceID })
	t.convs = addResource(t, "conversation", "conversationId", func(c *bc.Conversation) string { return c.WorkspaceID })
	t.messages = addResource(t, "message", "messageId", func(m *bc.Message) string { return m.WorkspaceID })
	t.accounts = addResource(t, "send account", "", func(a *bc.SendAccount) string { return a.WorkspaceID })
	// Inbox views and record views share the parameter name; ids never collide.
	t.inboxViews = addResource(t, "inbox view", "viewId", func(v *bc.InboxView) string { return v.WorkspaceID })
	t.meetings = addResource(t, "meeting", "meetingId", func(m *bc.Meeting) string { return m.WorkspaceID })
	t.transcripts = addResource(t, "transcript segment", "", func(*bc.TranscriptSegment) string { return "" })
	t.objects = addResource(t, "object type", "objectTypeId", func(o *bc.CrmObject) string { return o.WorkspaceID })
	t.fields = addResource(t, "field", "fieldDefinitionId", func(f *bc.FieldDefinition) string { return f.WorkspaceID })
	t.options = addResource(t, "field option", "fieldOptionId", func(o *bc.FieldOption) string {
		if f, ok := t.fields.get(o.FieldDefinitionID); ok {
			return f.WorkspaceID
		}
		return ""
	})
	t.views = addResource(t, "record view", "viewId", func(v *bc.RecordView) string { return v.WorkspaceID })
	t.hooks = addResource(t, "integration hook", "hookId", func(h *bc.IntegrationHook) string { return h.WorkspaceID })
	t.spaces = addResource[bc.LegacyWorkspace](t, "workspace", "", nil)
	t.leads = addResource[bc.LegacyLead](t, "lead", "", nil)
	t.statuses = addResource[bc.LegacyStatus](t, "status", "", nil)
	t.tags = addResource[bc.LegacyTag](t, "tag", "", nil)
	t.lists = addResource[bc.LegacyList](t, "list", "", nil)
	t.lnotes = addResource[bc.LegacyNote](t, "note", "", nil)
	t.reminders = addResource[bc.LegacyReminder](t, "reminder", "", nil)
	t.attributes = addResource[bc.LegacyAttribute](t, "attribute", "", nil)
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
func newID(kind string) string { return randomID(kind, 30) }

// randomID is prefix and n characters of idAlphabet. An id names a thing and
// guards nothing, so it comes from math/rand/v2's generator (ChaCha8, seeded per
// process) rather than crypto/rand, which costs a system call per id; keys and
// webhook secrets, which guard, still come from crypto/rand (randomString).
func randomID(prefix string, n int) string {
	var buf [64]byte
	b := append(buf[:0], prefix...)
	for len(b) < len(prefix)+n {
		v := mrand.Uint64()
		for j := 0; j < 12 && len(b) < len(prefix)+n; j++ {
			b = append(b, idAlphabet[v&31])
			v >>= 5
		}
	}
	return string(b)
}

// newLegacyUserID makes a 28-character legacy user id.
func newLegacyUserID() string {
	return randomString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 28)
}

// idSource makes the ids of what a seed creates without naming an id: derived from
// a counter, so loading the same seed twice (a restart, -print-seed read back, a
// reset) gives the same ids, and docs can name ids of the demo dataset.
type idSource struct{ n uint64 }

// idAlphabet is the alphabet of current-API ids.
const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

func (g *idSource) next() [32]byte {
	g.n++
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], g.n)
	return sha256.Sum256(append([]byte("breakcold-mock seed id "), b[:]...))
}

// id makes a 32-character current-API id of the kind: random, or derived while a
// seed loads.
func (s *Server) id(kind string) string {
	if s.seedIDs == nil {
		return newID(kind)
	}
	h := s.seedIDs.next()
	out := make([]byte, 30)
	for i := range out {
		out[i] = idAlphabet[int(h[i])%len(idAlphabet)]
	}
	return kind + string(out)
}

// newUUID makes a legacy id: random, or derived while a seed loads.
func (s *Server) newUUID() uuid.UUID {
	if s.seedIDs == nil {
		return uuid.New()
	}
	h := s.seedIDs.next()
	id, _ := uuid.FromBytes(h[:16])
	id[6] = id[6]&0x0f | 0x40 // version 4, as random ones are
	id[8] = id[8]&0x3f | 0x80
	return id
}

// legacyUserID makes a 28-character legacy user id: random, or derived while a
// seed loads.
func (s *Server) legacyUserID() string {
	if s.seedIDs == nil {
		return newLegacyUserID()
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	h := s.seedIDs.next()
	out := make([]byte, 28)
	for i := range out {
		out[i] = alphabet[int(h[i])%len(alphabet)]
	}
	return string(out)
}
