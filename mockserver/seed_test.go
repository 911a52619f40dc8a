package mockserver_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/mockserver"
)

// fixedNow is a clock for tests that compare two mocks' answers, timestamps included.
func fixedNow() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) }

// readSeedJSON decodes a seed as breakcold-mock -seed does: unknown fields are errors.
func readSeedJSON(t *testing.T, raw []byte) *mockserver.Seed {
	t.Helper()
	var seed mockserver.Seed
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&seed); err != nil {
		t.Fatalf("decode seed: %v", err)
	}
	return &seed
}

// The demo dataset printed as a seed (breakcold-mock -print-seed) loads back to
// the same data, ids included: every list and get answers the same.
func TestPrintedDemoSeedLoadsBack(t *testing.T) {
	t.Parallel()
	raw, err := json.Marshal(mockserver.DemoSeed())
	if err != nil {
		t.Fatal(err)
	}
	demo := start(t, mockserver.Options{Now: fixedNow, RateLimit: -1})
	printed := start(t, mockserver.Options{Now: fixedNow, RateLimit: -1, Seed: readSeedJSON(t, raw)})
	want := answers(t, demo, mockserver.DemoKeyFull, mockserver.DemoKeyLegacy)
	got := answers(t, printed, mockserver.DemoKeyFull, mockserver.DemoKeyLegacy)
	if len(want) < 100 {
		t.Fatalf("only %d answers compared", len(want))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("answers of the printed seed differ from the demo's (-demo +printed):\n%s", d)
	}
	// The named demo ids are there.
	for _, path := range []string{"/api/v1/records/" + mockserver.DemoRecordCharles, "/api/v1/notes/" + mockserver.DemoNoteFirstCall} {
		if _, ok := got["GET "+path+" "]; !ok {
			t.Errorf("%s was not answered", path)
		}
	}
}

// A seed is checked whole: an id given twice or a reference to nothing is an error
// naming the entity, and the mock keeps what it held.
func TestSeedChecksIDsAndReferences(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: -1})
	org := func(ws mockserver.SeedWorkspace) *mockserver.Seed {
		return &mockserver.Seed{Organizations: []mockserver.SeedOrg{{ID: "og1", Name: "O", Region: mockserver.US,
			Users: []mockserver.SeedUser{{ID: "us1", Name: "U", Email: "u@o.example"}}, Workspaces: []mockserver.SeedWorkspace{ws}}}}
	}
	person := func(id, name string) mockserver.SeedRecord {
		return mockserver.SeedRecord{ID: id, ObjectType: "person", Fields: map[string]any{"name": name}}
	}
	custom := func(fields ...mockserver.SeedField) mockserver.SeedObjectType {
		return mockserver.SeedObjectType{CRMObject: client.CRMObject{ID: "ot1", Slug: "project", NameSingular: "Project", NamePlural: "Projects", IsActive: true}, Fields: fields}
	}
	field := func(id, slug string, typ client.FieldType) mockserver.SeedField {
		return mockserver.SeedField{FieldDefinition: client.FieldDefinition{ID: id, Slug: slug, Name: slug, FieldType: typ}}
	}
	legacy := func(d mockserver.SeedLegacyData) *mockserver.Seed {
		return &mockserver.Seed{LegacyUsers: []mockserver.SeedLegacyUser{{ID: "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", Name: "L", Email: "l@o.example", Data: &d}}}
	}
	const lead = "0b6a3c8e-0000-4000-8000-000000000001"
	for _, tc := range []struct {
		name, want string
		seed       *mockserver.Seed
	}{
		{"record id twice", `record "rc1" appears twice`, org(mockserver.SeedWorkspace{ID: "ws1", Records: []mockserver.SeedRecord{person("rc1", "A"), person("rc1", "B")}})},
		{"relation to nothing", `no record "rc9"`, org(mockserver.SeedWorkspace{ID: "ws1", Records: []mockserver.SeedRecord{
			{ID: "rc1", ObjectType: "deal", Fields: map[string]any{"name": "D", "primary_contact": "rc9"}}}})},
		{"field id twice", `field "fd1" appears twice`, org(mockserver.SeedWorkspace{ID: "ws1", ObjectTypes: []mockserver.SeedObjectType{custom(field("fd1", "name", client.FieldTypeText), field("fd1", "size", client.FieldTypeNumber))}})},
		{"unknown field type", `unknown field type "colour"`, org(mockserver.SeedWorkspace{ID: "ws1", ObjectTypes: []mockserver.SeedObjectType{custom(field("fd1", "name", "colour"))}})},
		{"relation target missing", `no object type "ot9"`, org(mockserver.SeedWorkspace{ID: "ws1", ObjectTypes: []mockserver.SeedObjectType{custom(mockserver.SeedField{
			FieldDefinition: client.FieldDefinition{ID: "fd1", Slug: "owner_co", Name: "Co", FieldType: client.FieldTypeRelation, TargetObjectTypeID: ptr("ot9")}})}})},
		{"task assignee unknown", `"us9" is not a user`, org(mockserver.SeedWorkspace{ID: "ws1", Records: []mockserver.SeedRecord{{ID: "rc1", ObjectType: "person",
			Fields: map[string]any{"name": "A"}, TaskList: []client.Task{{ID: "tk1", Title: "Call", AssigneeUserIDs: []string{"us9"}}}}}})},
		{"legacy note of no lead", "no lead " + lead, legacy(mockserver.SeedLegacyData{Notes: []client.LegacyNote{{Content: "x", IDLead: lead}}})},
		{"legacy lead id twice", "lead \"" + lead + "\" appears twice", legacy(mockserver.SeedLegacyData{Leads: []client.LegacyLead{{ID: lead}, {ID: lead}}})},
		{"legacy unknown status", "status", legacy(mockserver.SeedLegacyData{Leads: []client.LegacyLead{{ID: lead, Status: []string{"0b6a3c8e-0000-4000-8000-000000000009"}}}})},
		{"newer version", "newer than this mock's", &mockserver.Seed{Version: mockserver.SeedVersion + 1}},
		{"send account channel", `channel "fax" is not one of`, org(mockserver.SeedWorkspace{ID: "ws1", SendAccounts: []mockserver.SeedSendAccount{{ID: "sa1", Channel: "fax", DisplayName: "F", Handle: "f"}}})},
		{"conversation channel", `channel "Email" is not one of`, org(mockserver.SeedWorkspace{ID: "ws1", Conversations: []mockserver.SeedConversation{{ID: "cv1", Channel: "Email", With: "W", Handle: "w@o.example"}}})},
	} {
		err := ts.LoadSeed(tc.seed)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: LoadSeed = %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	if ts.Keys()[0].Prefix == "" {
		t.Error("a rejected seed changed the keys")
	}
}

func ptr[T any](v T) *T { return &v }
