package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/contracttest"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/mockserver"
)

// Legacy calls go through the package's one harness (harness_test.go): the
// spec's validator checks every answer. Requests are sent raw, as these tests
// also send invalid ones on purpose.

type ltEnv struct {
	t  *testing.T
	ts *mockserver.TestServer
	v  *contracttest.Validator
}

// ltStart runs a mock without rate limits (these tests make many calls).
func ltStart(t *testing.T, opts mockserver.Options) *ltEnv {
	t.Helper()
	opts.RateLimit = -1
	ts := start(t, opts)
	return &ltEnv{t: t, ts: ts, v: validator(t, ts)}
}

// ltAPI calls the legacy API with one key.
type ltAPI struct {
	*ltEnv
	key string
}

func (e *ltEnv) as(key string) *ltAPI { return &ltAPI{ltEnv: e, key: key} }

type ltReply struct {
	status int
	body   []byte
	op     apispec.Operation
}

// call sends a request and validates the answer against the operation's responses
// (undeclared statuses included).
func (a *ltAPI) call(method, path string, body any) ltReply {
	t := a.t
	t.Helper()
	var b []byte
	headers := []string{"x-api-key", a.key}
	if body != nil {
		var err error
		if b, err = json.Marshal(body); err != nil {
			t.Fatal(err)
		}
		headers = append(headers, "Content-Type", "application/json")
	}
	r, req := exchange(t, a.ts.Client(), method, a.ts.URL+path, b, headers...)
	op, _, _, err := a.v.Find(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if err := a.v.CheckResponse(req, r.Status, r.Header, r.Body); err != nil {
		t.Errorf("%s %s: %d answer breaks the spec: %v\n%s", method, path, r.Status, err, r.Body)
	}
	return ltReply{status: r.Status, body: r.Body, op: op}
}

// ltOK calls and decodes a 200 answer into T.
func ltOK[T any](a *ltAPI, method, path string, body any) T {
	a.t.Helper()
	r := a.call(method, path, body)
	var out T
	if r.status != http.StatusOK {
		a.t.Fatalf("%s %s: got %d, want 200: %s", method, path, r.status, r.body)
	}
	if err := json.Unmarshal(r.body, &out); err != nil {
		a.t.Fatalf("%s %s: decode: %v: %s", method, path, err, r.body)
	}
	return out
}

// fails calls and checks the legacy error envelope: the status, its code, and
// data.path naming the operation's procedure; field, when set, must open the message.
func (a *ltAPI) fails(method, path string, body any, status int, field string) {
	a.t.Helper()
	r := a.call(method, path, body)
	var e bc.LegacyErrorEnvelope
	if err := json.Unmarshal(r.body, &e); err != nil {
		a.t.Fatalf("%s %s: not a legacy error envelope: %v: %s", method, path, err, r.body)
	}
	want := map[int]bc.LegacyErrorCode{http.StatusBadRequest: bc.BADREQUEST, http.StatusNotFound: bc.NOTFOUND}[status]
	switch {
	case r.status != status:
		a.t.Errorf("%s %s: got %d, want %d: %s", method, path, r.status, status, r.body)
	case e.Code != want || e.Data.Code != want || e.Data.HTTPStatus != status:
		a.t.Errorf("%s %s: envelope %+v, want code %s and httpStatus %d", method, path, e, want, status)
	case e.Data.Path != r.op.Procedure || e.Data.Path == "":
		a.t.Errorf("%s %s: data.path %q, want %q (the procedure of %s)", method, path, e.Data.Path, r.op.Procedure, r.op.ID)
	case field != "" && !strings.HasPrefix(e.Message, field+":"):
		a.t.Errorf("%s %s: message %q does not name the field %q", method, path, e.Message, field)
	}
}

// gone checks the 404 of each call (method, path pairs) to a deleted resource.
func (a *ltAPI) gone(calls ...string) {
	a.t.Helper()
	for i := 0; i+1 < len(calls); i += 2 {
		var body any
		switch path := calls[i+1]; {
		case calls[i] != http.MethodPatch:
		case strings.HasPrefix(path, "/rest/leads/"):
			body = map[string]any{"data": map[string]any{"city": "x"}}
		case strings.HasPrefix(path, "/rest/notes/"):
			body = map[string]any{"content": "x"}
		default:
			body = map[string]any{"name": "x"}
		}
		a.fails(calls[i], calls[i+1], body, http.StatusNotFound, "")
	}
}

func ltIDs[T any](items []T, id func(T) uuid.UUID) []uuid.UUID {
	out := make([]uuid.UUID, len(items))
	for i, v := range items {
		out[i] = id(v)
	}
	return out
}

func leadID(l bc.LegacyLead) uuid.UUID         { return l.ID }
func noteID(n bc.LegacyNote) uuid.UUID         { return n.ID }
func reminderID(r bc.LegacyReminder) uuid.UUID { return r.ID }
func statusID(s bc.LegacyStatus) uuid.UUID     { return s.ID }

func ltGet[T any](t *testing.T, n interface{ Get() (T, error) }) (T, bool) {
	t.Helper()
	v, err := n.Get()
	return v, err == nil
}

// ltPipeline reads the demo user's lists, statuses (all lists) and tags.
func ltPipeline(a *ltAPI) ([]bc.LegacyList, []bc.LegacyStatus, []bc.LegacyTag) {
	return ltOK[[]bc.LegacyList](a, "GET", "/rest/lists", nil),
		ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?all=true", nil),
		ltOK[[]bc.LegacyTag](a, "GET", "/rest/tags", nil)
}

// ltTwoUserSeed is the demo dataset plus a second legacy user in a space of their
// own and a third who shares the demo user's space, each with a key.
const (
	ltOtherUser  = "Qm3vT9pLx2RkW7sYb4NcHd6FgJ1a"
	ltOtherSpace = "0b9d7c1e-2f3a-4b5c-8d6e-7f8a9b0c1d2e"
	ltOtherKey   = "breakcold-usr-other1-0123456789abcdef"
	ltMateUser   = "Zx8cV7bN6mL5kJ4hG3fD2sA1qW0e"
	ltMateKey    = "breakcold-usr-mate01-0123456789abcdef"
)

func ltTwoUserSeed() *mockserver.Seed {
	seed := mockserver.DemoSeed()
	seed.LegacyUsers = append(seed.LegacyUsers,
		mockserver.SeedLegacyUser{ID: ltOtherUser, Name: "Charles Babbage", Email: "charles@engines.example", SpaceID: ltOtherSpace, SpaceName: "Engines", Lists: []string{"Buyers"}},
		mockserver.SeedLegacyUser{ID: ltMateUser, Name: "Dilly Knox", Email: "dilly@bletchley.example", SpaceID: mockserver.DemoLegacySpace},
	)
	seed.Keys = append(seed.Keys,
		mockserver.KeySpec{Name: "other", Generation: apispec.Legacy, UserID: ltOtherUser, Secret: ltOtherKey},
		mockserver.KeySpec{Name: "mate", Generation: apispec.Legacy, UserID: ltMateUser, Secret: ltMateKey},
	)
	return seed
}

// TestLegacyAPI runs the legacy tests, each on its own mock, in parallel.
func TestLegacyAPI(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func(*testing.T)
	}{
		{"Account", testLegacyAccount},
		{"LeadLifecycle", testLegacyLeadLifecycle},
		{"LeadPagesAndFilters", testLegacyLeadPages},
		{"NotesAndReminders", testLegacyNotesAndReminders},
		{"Statuses", testLegacyStatuses},
		{"TagsAndLists", testLegacyTagsAndLists},
		{"Attributes", testLegacyAttributes},
		{"UnknownBodyIDs", testLegacyUnknownBodyIDs},
		{"TenantIsolation", testLegacyTenantIsolation},
		{"mockserver.Seed", testLegacySeed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tc.fn(t)
		})
	}
}

func testLegacyAccount(t *testing.T) {
	e := ltStart(t, mockserver.Options{Seed: ltTwoUserSeed()})
	demo, mate := e.as(mockserver.DemoKeyLegacy), e.as(ltMateKey)

	me := ltOK[bc.LegacyMe](demo, "GET", "/rest/me", nil)
	check(t, "me.id", me.ID, mockserver.DemoLegacyUser)
	check(t, "me.email", string(me.Email), "alan@bletchley.example")
	check(t, "me.id_space", me.IDSpace.String(), mockserver.DemoLegacySpace)
	check(t, "mate's id_space", ltOK[bc.LegacyMe](mate, "GET", "/rest/me", nil).IDSpace.String(), mockserver.DemoLegacySpace)

	for _, tc := range []struct {
		api   *ltAPI
		query string
		role  string
	}{
		{demo, "", ""}, {demo, "?role=true", "owner"}, {mate, "?role=true&full=true", "member"}, {mate, "?role=false", ""},
	} {
		ws := ltOK[[]bc.LegacyWorkspace](tc.api, "GET", "/rest/workspaces"+tc.query, nil)
		if len(ws) != 1 || ws[0].ID.String() != mockserver.DemoLegacySpace || ws[0].Name.MustGet() != "Bletchley Outreach" {
			t.Fatalf("workspaces%s = %+v, want the Bletchley space alone", tc.query, ws)
		}
		got := ""
		if ws[0].Role != nil {
			got = string(*ws[0].Role)
		}
		check(t, "role with "+tc.query, got, tc.role)
	}

	members := ltOK[[]bc.LegacyMember](demo, "GET", "/rest/members", nil)
	if len(members) != 2 || members[0].ID != mockserver.DemoLegacyUser || members[0].Role != "owner" || members[1].ID != ltMateUser || members[1].Role != "member" {
		t.Errorf("members = %+v, want Alan (owner) then Dilly (member)", members)
	}
	if others := ltOK[[]bc.LegacyMember](e.as(ltOtherKey), "GET", "/rest/members", nil); len(others) != 1 || others[0].ID != ltOtherUser {
		t.Errorf("the other space's members = %+v, want Charles alone", others)
	}
}

func testLegacyUnknownBodyIDs(t *testing.T) {
	e := ltStart(t, mockserver.Options{Seed: ltTwoUserSeed()})
	a := e.as(mockserver.DemoKeyLegacy)
	lead := ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{}).Leads[0].ID.String()
	rem := ltOK[bc.LegacyReminderPage](a, "POST", "/rest/reminders/list", map[string]any{}).Data[0].ID.String()
	_, statuses, _ := ltPipeline(a)
	ok := statuses[0].ID
	unknown := uuid.New()
	for _, tc := range []struct {
		method, path string
		body         any
		field        string
	}{
		{"POST", "/rest/lead", map[string]any{"first_name": "X", "status": []uuid.UUID{ok, unknown}}, "status.1"},
		{"POST", "/rest/lead", map[string]any{"first_name": "X", "tags": []uuid.UUID{unknown}}, "tags.0"},
		{"POST", "/rest/lead", map[string]any{"first_name": "X", "lists": []uuid.UUID{unknown}}, "lists.0"},
		{"POST", "/rest/lead", map[string]any{"first_name": "X", "id_list": unknown}, "id_list"},
		{"POST", "/rest/lead", map[string]any{"first_name": "X", "owners": []string{ltOtherUser}}, "owners.0"},
		{"POST", "/rest/lead", map[string]any{"first_name": "X", "attributes": map[string]any{unknown.String(): "x"}}, "attributes." + unknown.String()},
		{"PATCH", "/rest/leads/" + lead, map[string]any{"data": map[string]any{"city": "x"}, "options": map[string]any{"tags_connect": []uuid.UUID{unknown}}}, "options.tags_connect.0"},
		{"PATCH", "/rest/leads/" + lead, map[string]any{"data": map[string]any{"city": "x"}, "options": map[string]any{"status_disconnect": []uuid.UUID{unknown}}}, "options.status_disconnect.0"},
		{"PATCH", "/rest/leads/" + lead, map[string]any{"data": map[string]any{"owners": []string{mockserver.DemoLegacyUser, ltOtherUser}}}, "data.owners.1"},
		{"POST", "/rest/leads/list", map[string]any{"filter": map[string]any{"leads": []uuid.UUID{unknown}}}, "filter.leads.0"},
		{"POST", "/rest/notes", map[string]any{"id_lead": unknown, "content": "x"}, "id_lead"},
		{"POST", "/rest/notes/list", map[string]any{"id_lead": unknown}, "id_lead"},
		{"POST", "/rest/reminders", map[string]any{"name": "x", "id_lead": unknown}, "id_lead"},
		{"POST", "/rest/reminders", map[string]any{"name": "x", "users": []string{ltOtherUser}}, "users.0"},
		{"PATCH", "/rest/reminders/" + rem, map[string]any{"id_lead": unknown}, "id_lead"},
		{"POST", "/rest/reminders/list", map[string]any{"filter": map[string]any{"leads_filter": map[string]any{"not_leads": []uuid.UUID{unknown}}}}, "filter.leads_filter.not_leads.0"},
		{"POST", "/rest/status", map[string]any{"name": "x", "id_list": unknown}, "id_list"},
		{"GET", "/rest/status?id_list=" + unknown.String(), nil, "id_list"},
	} {
		a.fails(tc.method, tc.path, tc.body, http.StatusBadRequest, tc.field)
	}
	// A rejected create stores nothing.
	if n := len(ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{}).Leads); n != 4 {
		t.Errorf("leads after rejected creates = %d, want the demo's 4", n)
	}
	// The mate shares the space, so they may own leads and be assigned reminders.
	ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"first_name": "X", "owners": []string{ltMateUser}})
	r := ltOK[bc.LegacyReminder](a, "PATCH", "/rest/reminders/"+rem, map[string]any{"users": []string{ltMateUser, mockserver.DemoLegacyUser}})
	if len(r.Users) != 2 || r.Users[0].ID != ltMateUser || r.Users[0].IsAuthor || !r.Users[1].IsAuthor {
		t.Errorf("reminder users = %+v, want the mate then the author", r.Users)
	}
}

func testLegacyTenantIsolation(t *testing.T) {
	e := ltStart(t, mockserver.Options{Seed: ltTwoUserSeed()})
	alan, charles := e.as(mockserver.DemoKeyLegacy), e.as(ltOtherKey)
	lists, statuses, tags := ltPipeline(alan)
	lead := ltOK[bc.LegacyLead](alan, "POST", "/rest/lead", map[string]any{"first_name": "Secret", "lists": []uuid.UUID{lists[0].ID}})
	note := ltOK[bc.LegacyNote](alan, "POST", "/rest/notes", map[string]any{"id_lead": lead.ID, "content": "private"})
	attr := ltOK[bc.LegacyAttributeDefinition](alan, "POST", "/rest/attribute", map[string]any{"id_object": mockserver.DemoLegacyPersonObject, "name": "Secret", "slug": "secret", "type": "TEXT"})
	rem := ltOK[bc.LegacyReminderPage](alan, "POST", "/rest/reminders/list", map[string]any{}).Data[0]

	// Another space's ids do not exist for Charles: 404 on paths, 400 in bodies.
	id := lead.ID.String()
	charles.gone(
		"GET", "/rest/lead/"+id, "PATCH", "/rest/leads/"+id, "DELETE", "/rest/leads/"+id,
		"PATCH", "/rest/notes/"+note.ID.String(), "DELETE", "/rest/notes/"+note.ID.String(),
		"PATCH", "/rest/reminders/"+rem.ID.String(), "DELETE", "/rest/reminders/"+rem.ID.String(),
		"PATCH", "/rest/status/"+statuses[0].ID.String(), "DELETE", "/rest/status/"+statuses[0].ID.String(),
		"PATCH", "/rest/tags/"+tags[0].ID.String(), "DELETE", "/rest/tags/"+tags[0].ID.String(),
		"PATCH", "/rest/lists/"+lists[0].ID.String(), "DELETE", "/rest/lists/"+lists[0].ID.String(),
		"PATCH", "/rest/attributes/"+attr.ID.String(), "DELETE", "/rest/attributes/"+attr.ID.String(),
	)
	charles.fails("POST", "/rest/notes", map[string]any{"id_lead": lead.ID, "content": "x"}, http.StatusBadRequest, "id_lead")
	charles.fails("POST", "/rest/lead", map[string]any{"first_name": "x", "status": []uuid.UUID{statuses[0].ID}}, http.StatusBadRequest, "status.0")
	// Object definitions are per space: Alan's person object is not Charles's.
	charles.fails("POST", "/rest/attribute", map[string]any{"id_object": mockserver.DemoLegacyPersonObject, "name": "x", "slug": "x", "type": "TEXT"}, http.StatusBadRequest, "id_object")
	ltOK[bc.LegacyAttributeDefinition](charles, "POST", "/rest/attribute", map[string]any{"id_object": mockserver.LegacyObjectID(ltOtherSpace, false), "name": "x", "slug": "x", "type": "TEXT"})
	charles.fails("POST", "/rest/leads/list", map[string]any{"filter": map[string]any{"leads": []uuid.UUID{lead.ID}}}, http.StatusBadRequest, "filter.leads.0")
	own := ltOK[[]bc.LegacyList](charles, "GET", "/rest/lists", nil)
	charles.fails("POST", "/rest/leads/add-list", map[string]any{"id_list": own[0].ID, "leads": []uuid.UUID{lead.ID}}, http.StatusNotFound, "")
	charles.fails("POST", "/rest/leads/add-list", map[string]any{"id_list": lists[0].ID, "leads": []uuid.UUID{}}, http.StatusBadRequest, "") // minItems

	// Charles's collections hold only his own space's data.
	if p := ltOK[bc.LegacyLeadPage](charles, "POST", "/rest/leads/list", map[string]any{}); len(p.Leads) != 0 {
		t.Errorf("Charles sees leads %v", ltIDs(p.Leads, leadID))
	}
	for path, n := range map[string]int{"/rest/tags": 0, "/rest/lists": 1, "/rest/status?all=true": 0, "/rest/attributes": 1} {
		if got := ltOK[[]map[string]any](charles, "GET", path, nil); len(got) != n {
			t.Errorf("Charles's %s = %v, want %d", path, got, n)
		}
	}
	if p := ltOK[bc.LegacyNotePage](charles, "POST", "/rest/notes/list", map[string]any{}); len(p.Data) != 0 {
		t.Errorf("Charles sees notes %v", p.Data)
	}
	if p := ltOK[bc.LegacyReminderPage](charles, "POST", "/rest/reminders/list", map[string]any{}); len(p.Data) != 0 {
		t.Errorf("Charles sees reminders %v", p.Data)
	}
	if ws := ltOK[[]bc.LegacyWorkspace](charles, "GET", "/rest/workspaces", nil); len(ws) != 1 || ws[0].ID.String() != ltOtherSpace {
		t.Errorf("Charles's workspaces = %+v", ws)
	}
	// Nothing of Alan's changed.
	got := ltOK[bc.LegacyLead](alan, "GET", "/rest/lead/"+id, nil)
	if g, w := must2(json.Marshal(got)), must2(json.Marshal(lead)); !bytes.Equal(g, w) {
		t.Errorf("Alan's lead changed:\n got %s\nwant %s", g, w)
	}
	// A key added later through the control API sees the same boundary.
	resp, err := http.Post(e.ts.URL+mockserver.ControlPrefix+"/keys", "application/json", strings.NewReader(`{"name":"late","generation":"legacy","userId":"`+ltOtherUser+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	var made struct{ Secret string }
	if err := json.NewDecoder(resp.Body).Decode(&made); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /_mock/keys: %d %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	e.as(made.Secret).gone("GET", "/rest/lead/"+id)
}

func testLegacySeed(t *testing.T) {
	e := ltStart(t, mockserver.Options{})
	a := e.as(mockserver.DemoKeyLegacy)
	lists, statuses, tags := ltPipeline(a)
	if len(lists) != 2 || lists[0].Name != "Prospects" || len(tags) != 3 || len(statuses) != 5 {
		t.Fatalf("demo pipeline: %d lists, %d statuses, %d tags", len(lists), len(statuses), len(tags))
	}
	for i, st := range statuses {
		if list, _ := ltGet[uuid.UUID](t, st.IDList); list != lists[0].ID || st.Order != i {
			t.Errorf("status %s: list %v order %d, want the first list at %d", st.Name, list, st.Order, i)
		}
	}
	check(t, "Won is a won stage", must2(statuses[4].Type.Get()), "won")
	leads := ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{}).Leads
	if len(leads) != 4 || !leads[0].IsCompany || !leads[1].IsContract {
		t.Fatalf("demo leads = %+v", leads)
	}
	cur, _ := ltGet[string](t, leads[1].ContractCurrency)
	check(t, "Gordon's contract currency", cur, "GBP")

	// Seeds are checked like requests.
	s := e.ts.Server
	for _, tc := range []struct {
		name string
		lu   mockserver.SeedLegacyUser
	}{
		{"bad id", mockserver.SeedLegacyUser{ID: "short", Email: "a@b.example"}},
		{"id with a dash", mockserver.SeedLegacyUser{ID: "aaaaaaaaaaaaaa-aaaaaaaaaaaaa", Email: "a@b.example"}},
		{"id of 29", mockserver.SeedLegacyUser{ID: ltOtherUser + "a", Email: "a@b.example"}},
		{"id with a non-ASCII letter", mockserver.SeedLegacyUser{ID: "é" + ltOtherUser[2:], Email: "a@b.example"}},
		{"bad email", mockserver.SeedLegacyUser{ID: ltOtherUser, Email: "nope"}},
		{"unknown lead field", mockserver.SeedLegacyUser{ID: ltOtherUser, Email: "a@b.example", Leads: []map[string]any{{"frist_name": "x"}}}},
		{"unknown tag", mockserver.SeedLegacyUser{ID: ltOtherUser, Email: "a@b.example", Leads: []map[string]any{{"tags": []string{uuid.NewString()}}}}},
	} {
		if err := s.LoadSeed(&mockserver.Seed{LegacyUsers: []mockserver.SeedLegacyUser{tc.lu}}); err == nil {
			t.Errorf("seed with %s (%q) loaded", tc.name, tc.lu.ID)
		}
	}
}
