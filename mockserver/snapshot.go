package mockserver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/breakcold-go/breakcold/client"
)

// SnapshotOptions say what Snapshot reads and how.
type SnapshotOptions struct {
	// BaseURL is the host root of the server to read (client.WithBaseURL): a
	// Breakcold region or another mock. Empty means Breakcold's US region.
	BaseURL string
	// Key is a current-API key; empty skips the current API. Workspaces, CRM
	// metadata, records, tasks and notes need its read scopes.
	Key string
	// LegacyKey is a legacy-API key; empty skips the legacy API.
	LegacyKey string
	// Workspaces limits the current API to these workspace ids; empty reads every
	// workspace the key reaches.
	Workspaces []string
	// Region is the region the seed gives the organization; empty means US.
	Region Region
	// HTTPClient sends the requests; nil means the client's default.
	HTTPClient *http.Client
	// RateLimitWait is how long a request may wait for a spent rate-limit window;
	// 0 means 61 seconds, one window of Breakcold's.
	RateLimitWait time.Duration
	// Progress, when set, is told each step as it starts and the count of
	// requests sent so far.
	Progress func(SnapshotProgress)
}

// SnapshotProgress is what Snapshot is reading.
type SnapshotProgress struct {
	Step     string // e.g. "records of Sales"
	Requests int    // sent so far, rate-limit waits excluded
	Waiting  time.Duration
}

// SnapshotResult is what Snapshot read.
type SnapshotResult struct {
	// Seed holds the data read, with ids kept, and new keys (Keys) instead of the
	// keys used: a snapshot copies no secret.
	Seed *Seed
	// Keys are the seed's keys: one with every scope per organization, one per
	// legacy user. They exist only in a mock started from the seed.
	Keys []KeySpec
	// Gaps are what could not be read, and why; the rest was read.
	Gaps []SnapshotGap
	// Requests is how many requests the snapshot sent.
	Requests int
	// RateLimited counts the answers 429 (Too Many Requests) met; pacing keeps it 0
	// unless another client spends the same window.
	RateLimited int
}

// SnapshotGap is something Snapshot could not read.
type SnapshotGap struct {
	What string `json:"what"` // e.g. "notes of record rc…"
	Why  string `json:"why"`  // e.g. "403 Forbidden: the key lacks notes:read"
}

// Snapshot reads a Breakcold account (or another mock) through the SDK, read-only,
// and returns a seed the mock starts from: workspaces, object types with their
// fields, options and views, records with their values, tasks and notes, and the
// legacy data the legacy key can list. Ids are kept. It paces itself under the
// server's rate limits (client.WithPacing), so it waits instead of meeting 429s.
// An answer refused (401, 403, 404) becomes a gap and the rest is still read;
// any other error, or ctx ending, stops it with no result.
func Snapshot(ctx context.Context, opts SnapshotOptions) (*SnapshotResult, error) {
	sn := &snapshotter{opts: opts, res: &SnapshotResult{Seed: &Seed{Version: SeedVersion, Organizations: []SeedOrg{}, LegacyUsers: []SeedLegacyUser{}, Keys: []KeySpec{}}}}
	copts := []client.Option{client.WithPacing(true), client.WithRateLimitWait(cmpOr(opts.RateLimitWait, 61*time.Second)),
		client.WithRetryHook(func(e client.RetryEvent) { sn.waited(e) })}
	if opts.BaseURL != "" {
		copts = append(copts, client.WithBaseURL(opts.BaseURL), client.WithLegacyBaseURL(opts.BaseURL+"/rest"))
	}
	if opts.HTTPClient != nil {
		copts = append(copts, client.WithHTTPClient(opts.HTTPClient))
	}
	if opts.Key == "" && opts.LegacyKey == "" {
		return nil, errors.New("mockserver: Snapshot: give a Key, a LegacyKey or both")
	}
	if opts.Key != "" {
		c, err := client.New(opts.Key, copts...)
		if err != nil {
			return nil, fmt.Errorf("mockserver: Snapshot: %w", err)
		}
		if err := sn.current(ctx, c); err != nil {
			return nil, err
		}
	}
	if opts.LegacyKey != "" {
		c, err := client.NewLegacy(opts.LegacyKey, copts...)
		if err != nil {
			return nil, fmt.Errorf("mockserver: Snapshot: %w", err)
		}
		if err := sn.legacy(ctx, c); err != nil {
			return nil, err
		}
	}
	sn.res.Keys = sn.res.Seed.Keys
	return sn.res, nil
}

func cmpOr[T comparable](a, b T) T {
	var zero T
	if a != zero {
		return a
	}
	return b
}

type snapshotter struct {
	opts SnapshotOptions
	res  *SnapshotResult
	step string
}

func (sn *snapshotter) progress(step string) {
	sn.step = step
	if sn.opts.Progress != nil {
		sn.opts.Progress(SnapshotProgress{Step: step, Requests: sn.res.Requests})
	}
}

func (sn *snapshotter) waited(e client.RetryEvent) {
	if e.StatusCode == http.StatusTooManyRequests {
		sn.res.RateLimited++
	}
	if sn.opts.Progress != nil {
		sn.opts.Progress(SnapshotProgress{Step: sn.step, Requests: sn.res.Requests, Waiting: e.Delay})
	}
}

// read runs one read; an answer the key may not have becomes a gap (false), any
// other error stops the snapshot.
func (sn *snapshotter) read(what string, call func() error) (bool, error) {
	sn.res.Requests++
	err := call()
	if err == nil {
		return true, nil
	}
	var ce *client.Error
	if errors.As(err, &ce) && (ce.StatusCode == http.StatusUnauthorized || ce.StatusCode == http.StatusForbidden || ce.StatusCode == http.StatusNotFound) {
		sn.res.Gaps = append(sn.res.Gaps, SnapshotGap{What: what, Why: ce.Error()})
		return false, nil
	}
	return false, fmt.Errorf("mockserver: snapshot: %s: %w", what, err)
}

// all collects an iterator's items as one read; requests past the first page are
// counted by the pages read.
func all[T any](sn *snapshotter, what string, seq func() func(func(T, error) bool)) ([]T, bool, error) {
	var out []T
	ok, err := sn.read(what, func() error {
		for v, err := range seq() {
			if err != nil {
				return err
			}
			out = append(out, v)
			if len(out)%100 == 0 {
				sn.res.Requests++
			}
		}
		return nil
	})
	return out, ok, err
}

func (sn *snapshotter) current(ctx context.Context, c *client.Client) error {
	sn.progress("workspaces")
	spaces, ok, err := all(sn, "workspaces", func() func(func(client.Workspace, error) bool) { return c.AllWorkspaces(ctx, nil) })
	if err != nil || !ok {
		return err
	}
	for _, want := range sn.opts.Workspaces {
		if !slices.ContainsFunc(spaces, func(w client.Workspace) bool { return w.ID == want }) {
			sn.res.Gaps = append(sn.res.Gaps, SnapshotGap{What: "workspace " + want, Why: "the key does not reach it"})
		}
	}
	orgs := map[string]*SeedOrg{}
	users := map[string]map[string]bool{}
	var order []string
	for _, w := range spaces {
		if len(sn.opts.Workspaces) > 0 && !slices.Contains(sn.opts.Workspaces, w.ID) {
			continue
		}
		o := orgs[w.OrganizationID]
		if o == nil {
			o = &SeedOrg{ID: w.OrganizationID, Name: w.OrganizationID, Region: cmpOr(sn.opts.Region, US), Users: []SeedUser{}}
			orgs[w.OrganizationID], users[w.OrganizationID] = o, map[string]bool{}
			order = append(order, w.OrganizationID)
		}
		sw, err := sn.workspace(ctx, c, w, users[w.OrganizationID])
		if err != nil {
			return err
		}
		o.Workspaces = append(o.Workspaces, sw)
	}
	for _, id := range order {
		o := orgs[id]
		for _, u := range slices.Sorted(mapKeys(users[id])) {
			o.Users = append(o.Users, SeedUser{ID: u, Name: "User " + u, Email: u + "@snapshot.invalid"})
		}
		if len(o.Users) == 0 {
			// Keys act as a user; the API names none here, so the seed makes one.
			u := "us" + randomString(idAlphabet, 30)
			o.Users = append(o.Users, SeedUser{ID: u, Name: "Snapshot user", Email: "snapshot@snapshot.invalid"})
		}
		sn.res.Seed.Organizations = append(sn.res.Seed.Organizations, *o)
		sn.res.Seed.Keys = append(sn.res.Seed.Keys, KeySpec{Name: "Snapshot full access (" + o.ID + ")", UserID: o.Users[0].ID, AllScopes: true, Secret: randomSecret(client.CurrentKeyPrefix)})
	}
	return nil
}

func mapKeys(m map[string]bool) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// workspace reads one workspace; users collects the user ids its data names.
func (sn *snapshotter) workspace(ctx context.Context, c *client.Client, w client.Workspace, users map[string]bool) (SeedWorkspace, error) {
	sw := SeedWorkspace{ID: w.ID, Name: w.Name, Description: deref(w.Description), CreatedAt: w.CreatedAt, UpdatedAt: w.UpdatedAt, Records: []SeedRecord{}}
	sn.progress("object types of " + w.Name)
	var objs *client.CRMObjectList
	ok, err := sn.read("object types of workspace "+w.ID, func() (err error) {
		objs, _, err = c.ListCRMObjects(ctx, &client.ListCRMObjectsParams{WorkspaceID: w.ID})
		return err
	})
	if err != nil {
		return sw, err
	}
	member := map[string]bool{} // slugs of member fields, per object type slug
	if ok {
		for _, o := range objs.Data {
			st := SeedObjectType{CRMObject: o}
			var fields *client.FieldDefinitionList
			if ok, err := sn.read("fields of object type "+o.ID, func() (err error) {
				fields, _, err = c.ListCRMFields(ctx, o.ID)
				return err
			}); err != nil {
				return sw, err
			} else if ok {
				for _, f := range fields.Data {
					sf := SeedField{FieldDefinition: f}
					if f.FieldType == client.FieldTypeMember {
						member[o.Slug+"."+f.Slug] = true
					}
					if f.FieldType == client.FieldTypeSelect || f.FieldType == client.FieldTypeMultiselect {
						var opts *client.FieldOptionList
						if ok, err := sn.read("options of field "+f.ID, func() (err error) {
							opts, _, err = c.ListFieldOptions(ctx, f.ID)
							return err
						}); err != nil {
							return sw, err
						} else if ok {
							for _, op := range opts.Data {
								sf.Options = append(sf.Options, SeedFieldOption{op})
							}
						}
					}
					st.Fields = append(st.Fields, sf)
				}
			}
			var views *client.RecordViewList
			if ok, err := sn.read("views of object type "+o.ID, func() (err error) {
				views, _, err = c.ListRecordViews(ctx, o.ID)
				return err
			}); err != nil {
				return sw, err
			} else if ok {
				st.Views = views.Data
			}
			sw.ObjectTypes = append(sw.ObjectTypes, st)
		}
	}
	sn.progress("records of " + w.Name)
	for _, archived := range []bool{false, true} {
		recs, ok, err := all(sn, "records of workspace "+w.ID, func() func(func(client.Record, error) bool) {
			return c.AllRecords(ctx, &client.ListRecordsParams{WorkspaceID: &w.ID, Archived: &archived, Limit: ptr(client.Limit(100))})
		})
		if err != nil {
			return sw, err
		}
		if !ok {
			continue
		}
		slices.Reverse(recs) // listed newest first; a seed is oldest first
		for i, r := range recs {
			sn.progress(fmt.Sprintf("tasks and notes of %s: record %d of %d", w.Name, i+1, len(recs)))
			sr, err := sn.record(ctx, c, r, member, users)
			if err != nil {
				return sw, err
			}
			sw.Records = append(sw.Records, sr)
		}
	}
	return sw, nil
}

func (sn *snapshotter) record(ctx context.Context, c *client.Client, r client.Record, member map[string]bool, users map[string]bool) (SeedRecord, error) {
	sr := SeedRecord{ID: r.ID, ObjectType: r.ObjectTypeSlug, Fields: map[string]any(r.Fields), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Archived: r.IsArchived}
	if r.ArchivedAt != nil {
		sr.ArchivedAt = *r.ArchivedAt
	}
	for slug, v := range r.Fields {
		if member[r.ObjectTypeSlug+"."+slug] {
			for _, u := range userIDs(v) {
				users[u] = true
			}
		}
	}
	tasks, _, err := all(sn, "tasks of record "+r.ID, func() func(func(client.Task, error) bool) {
		return c.AllRecordTasks(ctx, r.ID, &client.ListRecordTasksParams{IncludeCompleted: ptr(true), Limit: ptr(client.Limit(100))})
	})
	if err != nil {
		return sr, err
	}
	for _, t := range tasks {
		for _, u := range t.AssigneeUserIDs {
			users[u] = true
		}
	}
	sr.TaskList = tasks
	notes, _, err := all(sn, "notes of record "+r.ID, func() func(func(client.Note, error) bool) {
		return c.AllRecordNotes(ctx, r.ID, &client.ListRecordNotesParams{Limit: ptr(client.Limit(100))})
	})
	if err != nil {
		return sr, err
	}
	slices.Reverse(notes) // newest first
	for _, n := range notes {
		users[n.AuthorUserID] = true
		sr.Notes = append(sr.Notes, SeedNote{ID: n.ID, Title: n.Title, Content: n.Content, ContentPlain: n.ContentPlain, AuthorUserID: n.AuthorUserID, CreatedAt: n.CreatedAt, UpdatedAt: n.UpdatedAt})
	}
	return sr, nil
}

// userIDs are the user ids of a member field's value: one id or a list.
func userIDs(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, y := range x {
			out = append(out, userIDs(y)...)
		}
		return out
	}
	return nil
}

func (sn *snapshotter) legacy(ctx context.Context, c *client.LegacyClient) error {
	sn.progress("legacy account")
	var me *client.LegacyMe
	if ok, err := sn.read("legacy account (GET /me)", func() (err error) {
		me, _, err = c.GetMe(ctx)
		return err
	}); err != nil || !ok {
		return err
	}
	data := &SeedLegacyData{}
	var spaces client.LegacyWorkspaces
	if _, err := sn.read("legacy workspace", func() (err error) {
		spaces, _, err = c.ListWorkspaces(ctx, nil)
		return err
	}); err != nil {
		return err
	}
	spaceName := ""
	for _, w := range spaces {
		if w.ID == me.IDSpace {
			data.Workspace = &w
			spaceName, _ = w.Name.Value()
		}
	}
	var members client.LegacyMembers
	if _, err := sn.read("legacy members", func() (err error) {
		members, _, err = c.ListMembers(ctx)
		return err
	}); err != nil {
		return err
	}
	// The key's user first: the space's data goes with them.
	users := []SeedLegacyUser{{ID: me.ID, Name: me.Name, Email: me.Email, SpaceID: me.IDSpace, SpaceName: spaceName, Data: data}}
	for _, m := range members {
		if m.ID == me.ID {
			users[0].Role = string(m.Role)
			continue
		}
		users = append(users, SeedLegacyUser{ID: m.ID, Name: m.FullName, Email: m.Email, SpaceID: me.IDSpace, Role: string(m.Role)})
	}
	steps := []struct {
		what string
		call func() error
	}{
		{"legacy lists", func() (err error) { data.Lists, _, err = c.ListLists(ctx); return err }},
		{"legacy statuses", func() (err error) {
			data.Statuses, _, err = c.ListStatuses(ctx, &client.LegacyListStatusesParams{All: ptr(true)})
			return err
		}},
		{"legacy tags", func() (err error) { data.Tags, _, err = c.ListTags(ctx); return err }},
		{"legacy attributes", func() (err error) { data.Attributes, _, err = c.ListAttributes(ctx); return err }},
	}
	for _, s := range steps {
		sn.progress(s.what)
		if _, err := sn.read(s.what, s.call); err != nil {
			return err
		}
	}
	var err error
	sn.progress("legacy leads")
	if data.Leads, _, err = all(sn, "legacy leads", func() func(func(client.LegacyLead, error) bool) {
		return c.AllLeads(ctx, client.LegacyLeadListRequest{})
	}); err != nil {
		return err
	}
	sn.progress("legacy notes")
	if data.Notes, _, err = all(sn, "legacy notes", func() func(func(client.LegacyNote, error) bool) {
		return c.AllNotes(ctx, client.LegacyNoteListRequest{})
	}); err != nil {
		return err
	}
	sn.progress("legacy reminders")
	if data.Reminders, _, err = all(sn, "legacy reminders", func() func(func(client.LegacyReminder, error) bool) {
		return c.AllReminders(ctx, client.LegacyReminderListRequest{})
	}); err != nil {
		return err
	}
	// Legacy pages list newest first; a seed is oldest first.
	slices.Reverse(data.Leads)
	slices.Reverse(data.Notes)
	slices.Reverse(data.Reminders)
	sn.res.Seed.LegacyUsers = append(sn.res.Seed.LegacyUsers, users...)
	for _, u := range users {
		sn.res.Seed.Keys = append(sn.res.Seed.Keys, KeySpec{Name: "Snapshot legacy (" + u.Name + ")", Generation: client.GenerationLegacy, UserID: u.ID, Secret: randomSecret(client.LegacyKeyPrefix)})
	}
	return nil
}
