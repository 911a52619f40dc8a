package mockserver

import (
	"crypto/rand"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
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
	workspaces  *coll[bc.Workspace] // parent: org id
	records     *coll[bc.Record]    // parent: org id (lists span an org's workspaces)
	activities  *coll[bc.CustomActivity]
	tasks       *coll[bc.Task] // parent: record id
	notes       *coll[bc.Note] // parent: record id
	convs       *coll[bc.Conversation]
	messages    *coll[bc.Message]     // parent: conversation id
	accounts    *coll[bc.SendAccount] // parent: workspace id
	uploads     map[string]bc.AttachmentUpload
	inboxViews  *coll[bc.InboxView] // parent: workspace id
	sidebars    map[string][]bc.SidebarItem
	meetings    *coll[bc.Meeting]           // parent: workspace id
	transcripts *coll[bc.TranscriptSegment] // parent: meeting id
	objects     *coll[bc.CrmObject]         // parent: workspace id
	fields      *coll[bc.FieldDefinition]   // parent: object type id
	options     *coll[bc.FieldOption]       // parent: field id
	views       *coll[bc.RecordView]        // parent: object type id
	hooks       *coll[bc.IntegrationHook]   // parent: workspace id

	legacyUsers map[string]*legacyUser
	spaces      *coll[bc.LegacyWorkspace] // parent: ""
	leads       *coll[bc.LegacyLead]      // parent: space id
	statuses    *coll[bc.LegacyStatus]
	tags        *coll[bc.LegacyTag]
	lists       *coll[bc.LegacyList]
	lnotes      *coll[bc.LegacyNote]
	reminders   *coll[bc.LegacyReminder]
	attributes  *coll[bc.LegacyAttribute]
}

func newStore() *store {
	s := &store{}
	s.clear()
	return s
}

// clear empties the store; the caller holds the lock (or owns the store).
func (s *store) clear() {
	s.orgs = map[string]*org{}
	s.users = map[string]*user{}
	s.workspaces = newColl[bc.Workspace]()
	s.records = newColl[bc.Record]()
	s.activities = newColl[bc.CustomActivity]()
	s.tasks = newColl[bc.Task]()
	s.notes = newColl[bc.Note]()
	s.convs = newColl[bc.Conversation]()
	s.messages = newColl[bc.Message]()
	s.accounts = newColl[bc.SendAccount]()
	s.uploads = map[string]bc.AttachmentUpload{}
	s.inboxViews = newColl[bc.InboxView]()
	s.sidebars = map[string][]bc.SidebarItem{}
	s.meetings = newColl[bc.Meeting]()
	s.transcripts = newColl[bc.TranscriptSegment]()
	s.objects = newColl[bc.CrmObject]()
	s.fields = newColl[bc.FieldDefinition]()
	s.options = newColl[bc.FieldOption]()
	s.views = newColl[bc.RecordView]()
	s.hooks = newColl[bc.IntegrationHook]()
	s.legacyUsers = map[string]*legacyUser{}
	s.spaces = newColl[bc.LegacyWorkspace]()
	s.leads = newColl[bc.LegacyLead]()
	s.statuses = newColl[bc.LegacyStatus]()
	s.tags = newColl[bc.LegacyTag]()
	s.lists = newColl[bc.LegacyList]()
	s.lnotes = newColl[bc.LegacyNote]()
	s.reminders = newColl[bc.LegacyReminder]()
	s.attributes = newColl[bc.LegacyAttribute]()
}

func (s *store) nextSeq() int64 { return s.seq.Add(1) }

const idAlphabet = "0123456789abcdefghjkmnpqrstvwxyz"

// newID makes a 32-character current-API id; the two-letter kind keeps ids readable
// in logs (rc… records, ws… workspaces) without changing their opaque shape.
func newID(kind string) string {
	b := make([]byte, 30)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return kind + string(b)
}

// newLegacyUserID makes a 28-character legacy user id.
func newLegacyUserID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, 28)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
