package mockserver_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/mockserver"
)

const (
	abKey    = "bc_live_abfull_0123456789abcdefghijklmnop"
	abLegacy = "breakcold-usr-abtest-0123456789abcdefghij"
	abUser   = "usab00000000000000000000000000001"
	abUser2  = "usab00000000000000000000000000002"
	abLUser  = "ABTESTUSER000000000000000001"
	abLead1  = "5a1e0000-0000-4000-8000-000000000001"
	abLead2  = "5a1e0000-0000-4000-8000-000000000002"
	abList   = "5a1e0000-0000-4000-8000-0000000000a1"
	abStatus = "5a1e0000-0000-4000-8000-0000000000b1"
	abTag    = "5a1e0000-0000-4000-8000-0000000000c1"
	abAttr   = "5a1e0000-0000-4000-8000-0000000000d1"
)

// abSeed is a dataset unlike the demo: a custom object type with a field of every
// type the mock knows, options, views, records with values, tasks and notes, and a
// legacy space with leads, statuses, lists, tags, an attribute, notes and reminders.
func abSeed() *mockserver.Seed {
	f := func(id, slug string, typ client.FieldType) mockserver.SeedField {
		return mockserver.SeedField{FieldDefinition: client.FieldDefinition{ID: id, Slug: slug, Name: slug, FieldType: typ, Order: len(slug)}}
	}
	primary := f("fdab000000000000000000000000name", "name", client.FieldTypeText)
	primary.IsPrimary, primary.IsRequired, primary.IsSystem = true, true, true
	sel := f("fdab0000000000000000000000stage", "stage", client.FieldTypeSelect)
	sel.Options = []mockserver.SeedFieldOption{{client.FieldOption{ID: "foab0000000000000000000000000new", Value: "new", Label: "New", IsActive: true, IsDefault: true}},
		{client.FieldOption{ID: "foab0000000000000000000000000won", Value: "won", Label: "Won", IsActive: true, Order: 1}}}
	multi := f("fdab0000000000000000000000000tags", "labels", client.FieldTypeMultiselect)
	multi.Options = []mockserver.SeedFieldOption{{client.FieldOption{ID: "foab000000000000000000000000red", Value: "red", Label: "Red", IsActive: true}},
		{client.FieldOption{ID: "foab00000000000000000000000blue", Value: "blue", Label: "Blue", Order: 1}}}
	rel := f("fdab00000000000000000000000client", "client", client.FieldTypeRelation)
	rel.TargetObjectTypeID = ptr("otab0000000000000000000000project")
	fields := []mockserver.SeedField{primary, sel, multi, rel}
	for _, t := range []client.FieldType{client.FieldTypeTextarea, client.FieldTypeURL, client.FieldTypeLinkedin, client.FieldTypeTwitter, client.FieldTypeFacebook,
		client.FieldTypeWhatsapp, client.FieldTypeTelegram, client.FieldTypeNumber, client.FieldTypeCheckbox, client.FieldTypeDate, client.FieldTypeDatetime,
		client.FieldTypeCurrency, client.FieldTypeEmail, client.FieldTypePhone, client.FieldTypeMember, client.FieldTypeLocation} {
		fields = append(fields, f("fdab"+string(t)+"00000000000000000000000000"[:28-len(t)], "f_"+string(t), t))
	}
	kanban := "fdab0000000000000000000000stage"
	project := mockserver.SeedObjectType{
		CRMObject: client.CRMObject{ID: "otab0000000000000000000000project", Slug: "project", NameSingular: "Project", NamePlural: "Projects", IsActive: true, Order: 3, CreatedAt: 1750000000000, UpdatedAt: 1750000001000},
		Fields:    fields,
		Views: []client.RecordView{{ID: "rvab000000000000000000000000all", Name: "All projects", IsDefault: true, Type: client.RecordViewTypeTable, Config: client.ViewConfig{"columns": []any{"name"}}},
			{ID: "rvab00000000000000000000000board", Name: "Board", Type: client.RecordViewTypeKanban, KanbanFieldDefinitionID: &kanban}},
	}
	due := client.NewNullable[int64](1760000000000)
	values := map[string]any{
		"name": "Apollo", "stage": "foab0000000000000000000000000won", "labels": []any{"foab000000000000000000000000red", "foab00000000000000000000000blue"},
		"client": "rcab00000000000000000000000000p1", "f_textarea": "long\ntext", "f_url": "https://apollo.example", "f_linkedin": "apollo",
		"f_twitter": "@apollo", "f_facebook": "apollo", "f_whatsapp": "+15550100", "f_telegram": "apollo", "f_number": 42.5, "f_checkbox": true,
		"f_date": "2026-05-01", "f_datetime": "2026-05-01T10:00:00Z", "f_currency": map[string]any{"amount": 1000.0, "currencyCode": "EUR"},
		"f_email": map[string]any{"value": "a@apollo.example", "label": "work", "isPrimary": true}, "f_phone": "+33 1 00 00 00 00",
		"f_member": abUser2, "f_location": map[string]any{"latitude": 48.8, "longitude": 2.3, "address": "Paris"},
	}
	return &mockserver.Seed{
		Organizations: []mockserver.SeedOrg{{ID: "ogab00000000000000000000000000001", Name: "AB Org", Region: mockserver.US,
			Users: []mockserver.SeedUser{{ID: abUser, Name: "Ann", Email: "ann@ab.example"}, {ID: abUser2, Name: "Bob", Email: "bob@ab.example"}},
			Workspaces: []mockserver.SeedWorkspace{{ID: "wsab00000000000000000000000000001", Name: "Main", CreatedAt: 1740000000000, UpdatedAt: 1740000000000,
				ObjectTypes: []mockserver.SeedObjectType{project},
				Records: []mockserver.SeedRecord{
					{ID: "rcab00000000000000000000000000p1", ObjectType: "project", Fields: map[string]any{"name": "Gemini"}, CreatedAt: 1750000000000, UpdatedAt: 1750000000000},
					{ID: "rcab00000000000000000000000000p2", ObjectType: "project", Fields: values, CreatedAt: 1750000005000, UpdatedAt: 1750000006000,
						TaskList: []client.Task{{ID: "tkab0000000000000000000000000001", Title: "Launch", Status: client.TaskStatusTodo, DueAt: due, AssigneeUserIDs: []string{abUser, abUser2}},
							{ID: "tkab0000000000000000000000000002", Title: "Review", Status: client.TaskStatusDone}},
						Notes: []mockserver.SeedNote{{ID: "ntab0000000000000000000000000001", Title: "Kickoff", Content: "<p>Go</p>", AuthorUserID: abUser2, CreatedAt: 1750000007000}}},
					{ID: "rcab00000000000000000000000000c1", ObjectType: "person", Fields: map[string]any{"name": "Carl", "owner": abUser}, Archived: true, CreatedAt: 1750000009000},
				}}}}},
		LegacyUsers: []mockserver.SeedLegacyUser{{ID: abLUser, Name: "Lee", Email: "lee@ab.example", SpaceID: "5a1e0000-0000-4000-8000-0000000000ff", SpaceName: "AB space",
			Data: &mockserver.SeedLegacyData{
				Lists:      []client.LegacyList{{ID: abList, Name: "Pipeline"}},
				Statuses:   []client.LegacyStatus{{ID: abStatus, Name: "Hot", IDList: client.NewNullable(abList), SuccessRate: 50}},
				Tags:       []client.LegacyTag{{ID: abTag, Name: "vip", Color: "#ff0000"}},
				Attributes: []client.LegacyAttribute{{ID: abAttr, Name: "Score", Type: client.LegacyAttributeTypeNumber}},
				Leads: []client.LegacyLead{{ID: abLead1, FirstName: client.NewNullable("Ada"), Status: []string{abStatus}, Tags: []string{abTag}, Lists: []string{abList},
					Owners: []string{abLUser}, Attributes: map[string]any{abAttr: 7.0}},
					{ID: abLead2, Company: client.NewNullable("Acme"), IsCompany: true}},
				Notes:     []client.LegacyNote{{ID: "5a1e0000-0000-4000-8000-0000000000e1", IDLead: abLead1, Content: "called", IDUser: abLUser}},
				Reminders: []client.LegacyReminder{{ID: "5a1e0000-0000-4000-8000-0000000000f1", Name: "Call back", IDLead: client.NewNullable(abLead1)}},
			}}},
		Keys: []mockserver.KeySpec{{Name: "ab", UserID: abUser, AllScopes: true, Secret: abKey}, {Name: "ab legacy", Generation: client.GenerationLegacy, UserID: abLUser, Secret: abLegacy}},
	}
}

// A snapshot of mock A, loaded into mock B, answers every list and get as A does.
// What is compared is each answer's body; headers (rate-limit windows, request
// ids, dates) are left out, as they differ between any two servers.
func TestSnapshotLoadsBackTheSame(t *testing.T) {
	t.Parallel()
	a := start(t, mockserver.Options{Now: fixedNow, RateLimit: -1, Seed: abSeed()})
	res, err := mockserver.Snapshot(t.Context(), mockserver.SnapshotOptions{BaseURL: a.URL, Key: abKey, LegacyKey: abLegacy, HTTPClient: a.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Gaps) != 0 {
		t.Errorf("gaps: %+v", res.Gaps)
	}
	seed := res.Seed
	seed.Keys = append(seed.Keys, abSeed().Keys...) // B answers the same keys as A
	b := start(t, mockserver.Options{Now: fixedNow, RateLimit: -1, Seed: seed})
	want := answers(t, a, abKey, abLegacy)
	got := answers(t, b, abKey, abLegacy)
	t.Logf("%d answers compared, %d requests for the snapshot", len(want), res.Requests)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("mock B, from A's snapshot, answers differently (-A +B):\n%s", d)
	}
	// The snapshot's own keys work on B.
	for _, k := range res.Keys {
		if _, _, err := b.CreateKey(mockserver.KeySpec{Name: "dup", UserID: k.UserID, Generation: k.Generation, AllScopes: k.Generation != client.GenerationLegacy, Secret: k.Secret}); err == nil {
			t.Errorf("key %s is not in B's seed", k.Name)
		}
	}
}

// A source with Breakcold's limit (60 requests a minute) is read without a 429:
// the client paces itself. Inside synctest the waits cost no real time.
func TestSnapshotPacesUnderTheRateLimit(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		seed := abSeed()
		ws := &seed.Organizations[0].Workspaces[0]
		for i := range 40 { // two requests each (tasks, notes): the 60-request window is spent
			ws.Records = append(ws.Records, mockserver.SeedRecord{ObjectType: "company", Fields: map[string]any{"name": fmt.Sprint("Company ", i)}})
		}
		a := mockserver.StartInProcess(t, mockserver.Options{Seed: seed})
		var tooMany int
		hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			resp, err := a.Client().Transport.RoundTrip(r)
			if err == nil && resp.StatusCode == http.StatusTooManyRequests {
				tooMany++
			}
			return resp, err
		})}
		began := time.Now()
		res, err := mockserver.Snapshot(t.Context(), mockserver.SnapshotOptions{BaseURL: a.URL, Key: abKey, LegacyKey: abLegacy, HTTPClient: hc})
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(began) // the bubble's clock: waited, not spent
		t.Logf("%d requests in %v of the mock's time, %d answers 429", res.Requests, took, tooMany)
		if took < time.Minute {
			t.Errorf("the snapshot took %v: it never waited for a window", took)
		}
		if tooMany != 0 || res.RateLimited != 0 {
			t.Errorf("%d answers 429 (the result counts %d), want none", tooMany, res.RateLimited)
		}
		if res.Requests <= 60 {
			t.Errorf("only %d requests: the window was never spent", res.Requests)
		}
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A snapshot whose context ends returns the context's error and no seed.
func TestSnapshotStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	a := start(t, mockserver.Options{RateLimit: -1, Seed: abSeed()})
	ctx, cancel := context.WithCancel(t.Context())
	n := 0
	res, err := mockserver.Snapshot(ctx, mockserver.SnapshotOptions{BaseURL: a.URL, Key: abKey, HTTPClient: a.Client(),
		Progress: func(mockserver.SnapshotProgress) {
			if n++; n == 3 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Errorf("Snapshot = %v, %v; want no result and context.Canceled", res, err)
	}
}
