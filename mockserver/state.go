package mockserver

// Persistent state: the mock's data, keys and webhook endpoints written as a
// seed (State) to a file it loads on the next start (Options.StateFile). A
// change counter, bumped wherever the state changes (the store's write lock,
// keys, endpoints, a seed or reset swapped in), tells the saver whether there
// is anything to write.

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/internal/atomicfile"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// StateKind is the kind of a state file (Seed.Kind).
const StateKind = "breakcold-mock state"

// stateSaver writes the state file: every interval when the state changed, and
// on Close.
type stateSaver struct {
	mu      sync.Mutex
	saved   uint64 // the change count the file holds
	written bool
	stop    chan struct{}
	done    chan struct{}
	once    sync.Once
}

// touch records a change of the state.
func (s *Server) touch() { s.changes.Add(1) }

// loadInitial fills the store: from the state file when there is one, else as
// the options say, and starts saving the state.
func (s *Server) loadInitial() error {
	path := s.opts.StateFile
	if path == "" {
		return s.load()
	}
	seed, err := readStateFile(path)
	if err != nil {
		return err
	}
	s.saver = &stateSaver{stop: make(chan struct{}), done: make(chan struct{})}
	if seed == nil {
		if err := s.load(); err != nil {
			return err
		}
		// Written now, so a path that cannot be written fails the start, not
		// the first save.
		if err := s.SaveState(); err != nil {
			return err
		}
	} else {
		if err := s.LoadSeed(seed); err != nil {
			return fmt.Errorf("mockserver: state file %s does not load: %w", path, err)
		}
		s.saver.saved, s.saver.written = s.changes.Load(), true
		s.opts.Logger.Info("state loaded", "file", path)
	}
	if s.opts.StateInterval > 0 {
		go s.keepState(s.opts.StateInterval)
	} else {
		close(s.saver.done)
	}
	return nil
}

// readStateFile reads a state file; a file that does not exist is nil. Anything
// but a state file this mock can read is an error that names the file.
func readStateFile(path string) (*Seed, error) {
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("mockserver: state file: %w", err)
	}
	var head struct {
		Kind    string `json:"kind"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, fmt.Errorf("mockserver: state file %s is not valid JSON (truncated or corrupt?): %v", path, err)
	}
	if head.Kind != StateKind {
		return nil, fmt.Errorf("mockserver: state file %s has kind %q, want %q: it is not a breakcold-mock state file (a seed starts the mock with -seed)", path, head.Kind, StateKind)
	}
	if head.Version < 1 || head.Version > SeedVersion {
		return nil, fmt.Errorf("mockserver: state file %s has format version %d; this mock reads version 1 to %d", path, head.Version, SeedVersion)
	}
	var seed Seed
	if err := strictUnmarshal(raw, &seed); err != nil {
		return nil, fmt.Errorf("mockserver: state file %s: %v", path, err)
	}
	return &seed, nil
}

// keepState saves the state every interval until stopState.
func (s *Server) keepState(interval time.Duration) {
	defer close(s.saver.done)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := s.SaveState(); err != nil {
				s.opts.Logger.Error("state not saved", "file", s.opts.StateFile, "error", err)
			}
		case <-s.saver.stop:
			return
		}
	}
}

// stopState stops the saver and saves a last time; Close calls it.
func (s *Server) stopState() {
	if s.saver == nil {
		return
	}
	s.saver.once.Do(func() {
		close(s.saver.stop)
		<-s.saver.done
		if err := s.SaveState(); err != nil {
			s.opts.Logger.Error("state not saved", "file", s.opts.StateFile, "error", err)
		}
	})
}

// SaveState writes the state to Options.StateFile now, when it changed since
// the file was written: whole and atomically (a temporary file beside it,
// renamed), with mode 0600. The mock also saves every Options.StateInterval and
// on Close; a program calls SaveState to learn whether its last save worked.
func (s *Server) SaveState() error {
	sv := s.saver
	if sv == nil {
		return errors.New("mockserver: SaveState: the mock has no Options.StateFile")
	}
	sv.mu.Lock()
	defer sv.mu.Unlock()
	n := s.changes.Load()
	if sv.written && n == sv.saved {
		return nil
	}
	start := time.Now()
	seed, err := s.State()
	if err != nil {
		return err
	}
	raw, err := json.MarshalIndent(seed, "", " ")
	if err != nil {
		return fmt.Errorf("mockserver: state: %w", err)
	}
	if err := atomicfile.Write(s.opts.StateFile, append(raw, '\n'), 0o600); err != nil {
		return fmt.Errorf("mockserver: state file: %w", err)
	}
	sv.saved, sv.written = n, true
	s.opts.Logger.Debug("state saved", "file", s.opts.StateFile, "bytes", len(raw), "duration_ms", ms(time.Since(start)))
	return nil
}

// State returns what the mock holds as a seed of kind StateKind, which loads
// (Options.StateFile, Options.Seed, LoadSeed) into a mock that answers the same:
// organizations, users, workspaces, object types with their fields, options and
// views, records with their values, tasks and notes, legacy users with their
// space's data, every key with its secret (revoked and expired ones too), and
// the webhook endpoints added through the control API or AddWebhook.
//
// It also keeps the inbox: send accounts, conversations with their attendees and
// messages, meetings with their transcripts, inbox views and the sidebar's
// layout, and the integration hooks a seed gave.
//
// It leaves out what a seed cannot express: custom activities, uploads,
// integration hooks made through the API (with their endpoints), and the
// endpoints of Options.Webhooks, which the options add on every start.
func (s *Server) State() (*Seed, error) {
	seed := &Seed{Kind: StateKind, Version: SeedVersion, Organizations: []SeedOrg{}, LegacyUsers: []SeedLegacyUser{}}
	delivering := s.outbox.hookIDs()
	s.store.mu.RLock()
	err := s.stateData(seed, delivering)
	s.store.mu.RUnlock()
	if err != nil {
		return nil, fmt.Errorf("mockserver: state: %w", err)
	}
	seed.Keys = s.keys.specs()
	seed.Webhooks = s.outbox.specs()
	return seed, nil
}

// stateData writes the store's data into seed; the store lock is held.
func (s *Server) stateData(seed *Seed, delivering map[string]bool) error {
	st := s.store
	for _, o := range sortedValues(st.orgs, func(o *org) string { return o.ID }) {
		so := SeedOrg{ID: o.ID, Name: o.Name, Region: o.Region, Users: []SeedUser{}, Workspaces: []SeedWorkspace{}}
		for _, u := range sortedValues(st.users, func(u *user) string { return u.ID }) {
			if u.OrgID == o.ID {
				so.Users = append(so.Users, SeedUser{ID: u.ID, Name: u.Name, Email: u.Email})
			}
		}
		for _, ws := range values(st.workspaces.children(o.ID)) {
			sw := SeedWorkspace{ID: ws.ID, Name: ws.Name, Description: deref(ws.Description), CreatedAt: ws.CreatedAt, UpdatedAt: ws.UpdatedAt, Records: []SeedRecord{}}
			for _, obj := range values(st.objects.children(ws.ID)) {
				t, err := convert[client.CRMObject](obj)
				if err != nil {
					return err
				}
				sot := SeedObjectType{CRMObject: t}
				for _, f := range values(st.fields.children(obj.ID)) {
					fd, err := convert[client.FieldDefinition](f)
					if err != nil {
						return err
					}
					sf := SeedField{FieldDefinition: fd}
					for _, op := range values(st.options.children(f.ID)) {
						fo, err := convert[client.FieldOption](op)
						if err != nil {
							return err
						}
						sf.Options = append(sf.Options, SeedFieldOption{fo})
					}
					sot.Fields = append(sot.Fields, sf)
				}
				for _, v := range values(st.views.children(obj.ID)) {
					rv, err := convert[client.RecordView](v)
					if err != nil {
						return err
					}
					sot.Views = append(sot.Views, rv)
				}
				sw.ObjectTypes = append(sw.ObjectTypes, sot)
			}
			// Records of an organization share one order (lists span its
			// workspaces); each workspace's keep it, and times restore it.
			for _, r := range values(st.records.children(o.ID)) {
				if r.WorkspaceID != ws.ID {
					continue
				}
				sr, err := s.stateRecord(r.ID)
				if err != nil {
					return err
				}
				sw.Records = append(sw.Records, sr)
			}
			if err := s.stateInbox(&sw, delivering); err != nil {
				return err
			}
			so.Workspaces = append(so.Workspaces, sw)
		}
		seed.Organizations = append(seed.Organizations, so)
	}
	return s.stateLegacy(seed)
}

// stateRecord is a record with its tasks and notes; the store lock is held.
func (s *Server) stateRecord(id string) (SeedRecord, error) {
	st := s.store
	r, _ := st.records.get(id)
	fields, err := convert[map[string]any](r.Fields)
	if err != nil {
		return SeedRecord{}, err
	}
	sr := SeedRecord{ID: r.ID, ObjectType: r.ObjectTypeSlug, Fields: fields, Archived: r.IsArchived, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if r.ArchivedAt != nil {
		sr.ArchivedAt = *r.ArchivedAt
	}
	for _, t := range values(st.tasks.children(r.ID)) {
		ct, err := convert[client.Task](t)
		if err != nil {
			return sr, err
		}
		sr.TaskList = append(sr.TaskList, ct)
	}
	for _, n := range values(st.notes.children(r.ID)) {
		sr.Notes = append(sr.Notes, SeedNote{ID: n.ID, Title: n.Title, Content: n.Content, ContentPlain: n.ContentPlain,
			AuthorUserID: n.AuthorUserID, CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt})
	}
	return sr, nil
}

// stateInbox writes a workspace's send accounts, conversations with their
// messages, meetings with their transcripts, inbox views, sidebar and
// seeded integration hooks into sw; delivering are the hooks made through the
// API, which a seed cannot express. The store lock is held.
func (s *Server) stateInbox(sw *SeedWorkspace, delivering map[string]bool) error {
	st := s.store
	for _, a := range values(st.accounts.children(sw.ID)) {
		sw.SendAccounts = append(sw.SendAccounts, SeedSendAccount{ID: a.WorkspaceIntegrationAccountID, Channel: Channel(a.Channel), DisplayName: a.DisplayName, Handle: a.Handle})
	}
	for _, c := range values(st.convs.children(sw.ID)) {
		attendees, err := convert[[]client.Attendee](c.Attendees)
		if err != nil {
			return err
		}
		sc := SeedConversation{ID: c.ID, Channel: Channel(c.Channel), Subject: deref(c.Subject), Attendees: attendees,
			LinkedRecordIDs: c.LinkedRecordIds, Messages: []SeedMessage{}}
		if len(c.Attendees) > 0 {
			sc.With, sc.Handle = c.Attendees[0].DisplayName, deref(c.Attendees[0].Handle)
		}
		for _, m := range values(st.messages.children(c.ID)) {
			sc.Messages = append(sc.Messages, SeedMessage{ID: m.ID, Inbound: m.Direction == bc.Inbound, Text: deref(m.TextPlain),
				HTML: deref(m.TextHTML), Subject: deref(m.Subject), Attachments: m.AttachmentCount, SentAt: m.SentAtMs})
		}
		sw.Conversations = append(sw.Conversations, sc)
	}
	for _, m := range values(st.meetings.children(sw.ID)) {
		sm := SeedMeeting{ID: m.ID, Title: m.Title, LinkedRecordIDs: m.LinkedRecordIds, StartAt: m.StartAt}
		for _, seg := range values(st.transcripts.children(m.ID)) {
			sm.Transcript = append(sm.Transcript, seg.Speaker+": "+seg.Text)
			sm.TranscriptIDs = append(sm.TranscriptIDs, seg.ID)
		}
		sw.Meetings = append(sw.Meetings, sm)
	}
	if err := convertAll(st.inboxViews, sw.ID, &sw.InboxViewList); err != nil {
		return err
	}
	if items := st.sidebars[sw.ID]; len(items) > 0 {
		layout, err := convert[[]client.SidebarItem](items)
		if err != nil {
			return err
		}
		sw.InboxSidebar = layout
	}
	for _, h := range values(st.hooks.children(sw.ID)) {
		if delivering[h.ID] {
			continue
		}
		ch, err := convert[client.IntegrationHook](h)
		if err != nil {
			return err
		}
		sw.IntegrationHooks = append(sw.IntegrationHooks, ch)
	}
	return nil
}

// stateLegacy writes the legacy users, space by space, the space's data with its
// first member; the store lock is held.
func (s *Server) stateLegacy(seed *Seed) error {
	st := s.store
	users := sortedValues(st.legacyUsers, func(u *legacyUser) string { return u.ID })
	slices.SortStableFunc(users, func(a, b *legacyUser) int { return legacyRoleRank[a.Role] - legacyRoleRank[b.Role] })
	for _, it := range st.spaces.children("") {
		space := it.id
		first := true
		for _, u := range users {
			if u.SpaceID.String() != space {
				continue
			}
			su := SeedLegacyUser{ID: u.ID, Name: u.Name, Email: u.Email, SpaceID: space, Role: string(u.Role)}
			if first {
				first = false
				d, err := legacyData(s.store, space)
				if err != nil {
					return err
				}
				su.Data = d
				su.SpaceName, _ = d.Workspace.Name.Get()
			}
			seed.LegacyUsers = append(seed.LegacyUsers, su)
		}
	}
	return nil
}

// legacyData is a legacy space's data as the legacy API lists it.
func legacyData(st *store, space string) (*SeedLegacyData, error) {
	d := &SeedLegacyData{}
	ws, _ := st.spaces.get(space)
	w, err := convert[client.LegacyWorkspace](ws)
	d.Workspace = &w
	err = cmp.Or(err,
		convertAll(st.lists, space, &d.Lists), convertAll(st.statuses, space, &d.Statuses),
		convertAll(st.tags, space, &d.Tags), convertAll(st.attributes, space, &d.Attributes),
		convertAll(st.leads, space, &d.Leads), convertAll(st.lnotes, space, &d.Notes),
		convertAll(st.reminders, space, &d.Reminders))
	return d, err
}

// convertAll converts the children of parent, oldest first, into out.
func convertAll[T, C any](r *resource[T], parent string, out *[]C) error {
	for _, v := range values(r.children(parent)) {
		c, err := convert[C](v)
		if err != nil {
			return err
		}
		*out = append(*out, c)
	}
	return nil
}

// convert turns a stored value into the client's type of it, through the JSON
// both agree on.
func convert[C any](v any) (C, error) {
	var out C
	b, err := json.Marshal(v)
	if err == nil {
		err = json.Unmarshal(b, &out)
	}
	return out, err
}

// sortedValues is m's values sorted by key.
func sortedValues[V any](m map[string]V, key func(V) string) []V {
	out := make([]V, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b V) int { return strings.Compare(key(a), key(b)) })
	return out
}

// specs are the keys as a seed gives them, secrets included, oldest first.
func (r *keyRegistry) specs() []KeySpec {
	r.mu.RLock()
	var keys []*Key
	for _, ks := range r.byPref {
		keys = append(keys, ks...)
	}
	r.mu.RUnlock()
	slices.SortFunc(keys, func(a, b *Key) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), strings.Compare(a.Prefix+a.Name, b.Prefix+b.Name))
	})
	out := make([]KeySpec, 0, len(keys))
	for _, k := range keys {
		out = append(out, KeySpec{Name: k.Name, Generation: k.Generation, UserID: k.UserID, Scopes: k.Scopes, WorkspaceID: k.WorkspaceID,
			Secret: k.secret, CreatedAt: k.CreatedAt, ExpiresAt: k.ExpiresAt, RevokedAt: k.RevokedAt})
	}
	return out
}

// hookIDs are the integration hooks that have an endpoint: those made through
// the API.
func (o *outbox) hookIDs() map[string]bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := map[string]bool{}
	for _, ep := range o.endpoints {
		if ep.IntegrationHookID != "" {
			out[ep.IntegrationHookID] = true
		}
	}
	return out
}

// specs are the endpoints a state file keeps: those added through the control
// API, AddWebhook or a seed, not the options' nor the integration hooks'.
func (o *outbox) specs() []WebhookSpec {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []WebhookSpec
	for _, ep := range o.endpoints {
		if ep.option || ep.IntegrationHookID != "" {
			continue
		}
		out = append(out, WebhookSpec{ID: ep.ID, URL: ep.URL, Events: ep.Events, ObjectTypes: ep.ObjectTypes, WorkspaceID: ep.WorkspaceID, Secret: ep.Secret})
	}
	return out
}
