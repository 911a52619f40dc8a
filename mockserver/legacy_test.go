package mockserver

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/google/uuid"

	"github.com/breakcold-go/breakcold/apispec"
	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// ---- Harness: raw HTTP calls with x-api-key, every response checked against the spec ----

// ltSpec is the spec, loaded once, with the path items' servers cleared so that a
// router built over a copy matches the test server's URL alone. It is read-only after.
var ltSpec = sync.OnceValues(func() (*openapi3.T, error) {
	doc, err := apispec.Load()
	if err != nil {
		return nil, err
	}
	for _, item := range doc.Paths.Map() {
		item.Servers = nil
	}
	return doc, nil
})

// ltProcedures maps each legacy operation id to its x-breakcold-procedure.
var ltProcedures = sync.OnceValue(func() map[string]string {
	doc, err := ltSpec()
	if err != nil {
		panic(err)
	}
	ops, err := apispec.Operations(doc)
	if err != nil {
		panic(err)
	}
	out := map[string]string{}
	for _, op := range ops {
		if op.Generation == apispec.Legacy {
			out[op.ID] = op.Procedure
		}
	}
	return out
})

// ltCovered records the legacy operations that answered 2xx in these tests.
var ltCovered sync.Map

type ltEnv struct {
	t      *testing.T
	ts     *TestServer
	router routers.Router
}

// ltStart runs a mock without rate limits (these tests make many calls) and a
// router for validating its answers.
func ltStart(t *testing.T, opts Options) *ltEnv {
	t.Helper()
	opts.RateLimit = -1
	ts := Start(t, opts)
	doc, err := ltSpec()
	if err != nil {
		t.Fatal(err)
	}
	cp := *doc
	cp.Servers = openapi3.Servers{{URL: ts.URL}}
	router, err := gorillamux.NewRouter(&cp)
	if err != nil {
		t.Fatal(err)
	}
	return &ltEnv{t: t, ts: ts, router: router}
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
	opID   string
}

// call sends a request and validates the answer against the operation's responses
// (undeclared statuses included); 2xx answers mark the operation covered.
func (a *ltAPI) call(method, path string, body any) ltReply {
	t := a.t
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("x-api-key", a.key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	route, params, err := a.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s: no route in the spec: %v", method, path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(raw)
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s: %d answer breaks the spec: %v\n%s", method, path, resp.StatusCode, err, raw)
	}
	if resp.StatusCode/100 == 2 {
		ltCovered.Store(route.Operation.OperationID, true)
	}
	return ltReply{status: resp.StatusCode, body: raw, opID: route.Operation.OperationID}
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
	want := legacyCodes[status]
	switch {
	case r.status != status:
		a.t.Errorf("%s %s: got %d, want %d: %s", method, path, r.status, status, r.body)
	case e.Code != want || e.Data.Code != want || e.Data.HTTPStatus != status:
		a.t.Errorf("%s %s: envelope %+v, want code %s and httpStatus %d", method, path, e, want, status)
	case e.Data.Path != ltProcedures()[r.opID] || e.Data.Path == "":
		a.t.Errorf("%s %s: data.path %q, want %q (the procedure of %s)", method, path, e.Data.Path, ltProcedures()[r.opID], r.opID)
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

func ltCheck(t *testing.T, what string, got, want any) {
	t.Helper()
	if got != want {
		t.Errorf("%s: got %v, want %v", what, got, want)
	}
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

func ltTwoUserSeed() *Seed {
	seed := DemoSeed()
	seed.LegacyUsers = append(seed.LegacyUsers,
		SeedLegacyUser{ID: ltOtherUser, Name: "Charles Babbage", Email: "charles@engines.example", SpaceID: ltOtherSpace, SpaceName: "Engines", Lists: []string{"Buyers"}},
		SeedLegacyUser{ID: ltMateUser, Name: "Dilly Knox", Email: "dilly@bletchley.example", SpaceID: DemoLegacySpace},
	)
	seed.Keys = append(seed.Keys,
		KeySpec{Name: "other", Generation: "legacy", UserID: ltOtherUser, Secret: ltOtherKey},
		KeySpec{Name: "mate", Generation: "legacy", UserID: ltMateUser, Secret: ltMateKey},
	)
	return seed
}

// ---- Tests ----

// TestLegacyAPI runs the legacy tests in parallel, then checks that together they
// saw every legacy operation succeed.
func TestLegacyAPI(t *testing.T) {
	t.Run("group", func(t *testing.T) {
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
			{"Seed", testLegacySeed},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				tc.fn(t)
			})
		}
	})
	if f := flag.Lookup("test.run"); f != nil && strings.Trim(f.Value.String(), "^$") != "" && strings.Trim(f.Value.String(), "^$") != "TestLegacyAPI" {
		return // a subset ran
	}
	for op := range ltProcedures() {
		if _, ok := ltCovered.Load(op); !ok {
			t.Errorf("no test saw %s succeed", op)
		}
	}
}

func testLegacyAccount(t *testing.T) {
	e := ltStart(t, Options{Seed: ltTwoUserSeed()})
	demo, mate := e.as(DemoKeyLegacy), e.as(ltMateKey)

	me := ltOK[bc.LegacyMe](demo, "GET", "/rest/me", nil)
	ltCheck(t, "me.id", me.ID, DemoLegacyUser)
	ltCheck(t, "me.email", string(me.Email), "alan@bletchley.example")
	ltCheck(t, "me.id_space", me.IDSpace.String(), DemoLegacySpace)
	ltCheck(t, "mate's id_space", ltOK[bc.LegacyMe](mate, "GET", "/rest/me", nil).IDSpace.String(), DemoLegacySpace)

	for _, tc := range []struct {
		api   *ltAPI
		query string
		role  string
	}{
		{demo, "", ""}, {demo, "?role=true", "owner"}, {mate, "?role=true&full=true", "member"}, {mate, "?role=false", ""},
	} {
		ws := ltOK[[]bc.LegacyWorkspace](tc.api, "GET", "/rest/workspaces"+tc.query, nil)
		if len(ws) != 1 || ws[0].ID.String() != DemoLegacySpace || ws[0].Name != "Bletchley Outreach" {
			t.Fatalf("workspaces%s = %+v, want the Bletchley space alone", tc.query, ws)
		}
		got := ""
		if ws[0].Role != nil {
			got = string(*ws[0].Role)
		}
		ltCheck(t, "role with "+tc.query, got, tc.role)
	}

	members := ltOK[[]bc.LegacyMember](demo, "GET", "/rest/members", nil)
	if len(members) != 2 || members[0].ID != DemoLegacyUser || members[0].Role != "owner" || members[1].ID != ltMateUser || members[1].Role != "member" {
		t.Errorf("members = %+v, want Alan (owner) then Dilly (member)", members)
	}
	if others := ltOK[[]bc.LegacyMember](e.as(ltOtherKey), "GET", "/rest/members", nil); len(others) != 1 || others[0].ID != ltOtherUser {
		t.Errorf("the other space's members = %+v, want Charles alone", others)
	}
}

func testLegacyLeadLifecycle(t *testing.T) {
	e := ltStart(t, Options{Seed: ltTwoUserSeed()})
	a := e.as(DemoKeyLegacy)
	lists, statuses, tags := ltPipeline(a)

	created := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{
		"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "company": "Analytical Engines",
		"city": "London", "status": []uuid.UUID{statuses[0].ID}, "tags": []uuid.UUID{tags[0].ID}, "id_list": lists[1].ID,
		"owners": []string{ltMateUser}, "auto_assign_owner": true, "create_company_if_not_exists": true,
		"company_linkedin_url": "https://www.linkedin.com/company/ae", "contract_currency": "GBP", "phone": nil,
	})
	name, _ := ltGet[string](t, created.FirstName)
	ltCheck(t, "first_name", name, "Ada")
	if _, ok := ltGet[string](t, created.Phone); ok || !created.Phone.IsNull() {
		t.Errorf("phone sent as null = %v, want null", created.Phone)
	}
	q, _ := ltGet[string](t, created.SearchQuery)
	ltCheck(t, "search_query", q, "ada lovelace analytical engines london")
	ltCheck(t, "updated_at is null", created.UpdatedAt.IsNull(), true)
	ltCheck(t, "id_space", created.IDSpace.String(), DemoLegacySpace)
	if !slices.Equal(created.Owners, []string{ltMateUser, DemoLegacyUser}) {
		t.Errorf("owners = %v, want the mate then the key's user", created.Owners)
	}
	if !slices.Equal(created.Lists, []uuid.UUID{lists[1].ID}) || !slices.Equal(created.Status, []uuid.UUID{statuses[0].ID}) || !slices.Equal(created.Tags, []uuid.UUID{tags[0].ID}) {
		t.Errorf("lists %v, status %v, tags %v do not echo the create", created.Lists, created.Status, created.Tags)
	}

	// Get and list show what was created, and the company lead exists too.
	got := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+created.ID.String(), nil)
	if g, w := must2(json.Marshal(got)), must2(json.Marshal(created)); !bytes.Equal(g, w) {
		t.Errorf("get differs from create:\n got %s\nwant %s", g, w)
	}
	page := ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{"pagination": map[string]any{"page": 0, "page_size": 2}})
	if len(page.Leads) != 2 || page.Leads[0].ID != created.ID || !page.Leads[1].IsCompany {
		t.Fatalf("newest leads = %v, want the new lead then its company", ltIDs(page.Leads, leadID))
	}
	company := page.Leads[1]
	if c, _ := ltGet[string](t, company.Company); c != "Analytical Engines" {
		t.Errorf("company lead's company = %q", c)
	}
	if u, _ := ltGet[string](t, company.LinkedinCompanyURL); u != "https://www.linkedin.com/company/ae" {
		t.Errorf("company lead's linkedin_company_url = %q", u)
	}
	// A second lead of the same company does not create it again.
	again := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"first_name": "Charles", "company": "analytical engines", "create_company_if_not_exists": true})
	page = ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{"filter": map[string]any{"is_company": true}})
	if n := len(page.Leads); n != 2 { // the demo's GC&CS and Analytical Engines
		t.Errorf("company leads = %d, want 2", n)
	}

	// Update: every field sent changes, null clears, the rest stays; options connect and disconnect.
	updated := ltOK[bc.LegacyLead](a, "PATCH", "/rest/leads/"+created.ID.String(), map[string]any{
		"data": map[string]any{"last_name": "King", "email": nil, "city": nil, "is_contract": true, "contract_value": "1200", "contract_currency": "EUR", "owners": []string{DemoLegacyUser}},
		"options": map[string]any{
			"tags_connect": []uuid.UUID{tags[1].ID, tags[2].ID}, "tags_disconnect": []uuid.UUID{tags[0].ID, tags[2].ID},
			"status_connect": []uuid.UUID{statuses[1].ID}, "status_disconnect": []uuid.UUID{statuses[0].ID},
		},
	})
	for _, r := range []bc.LegacyLead{updated, ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+created.ID.String(), nil)} {
		last, _ := ltGet[string](t, r.LastName)
		first, _ := ltGet[string](t, r.FirstName)
		cur, _ := ltGet[string](t, r.ContractCurrency)
		ltCheck(t, "last_name", last, "King")
		ltCheck(t, "first_name (not sent)", first, "Ada")
		ltCheck(t, "email (sent null)", r.Email.IsNull(), true)
		ltCheck(t, "city (sent null)", r.City.IsNull(), true)
		ltCheck(t, "is_contract", r.IsContract, true)
		ltCheck(t, "contract_currency", cur, "EUR")
		ltCheck(t, "updated_at is set", r.UpdatedAt.IsNull(), false)
		q, _ := ltGet[string](t, r.SearchQuery)
		ltCheck(t, "search_query", q, "ada king analytical engines")
		if !slices.Equal(r.Tags, []uuid.UUID{tags[1].ID}) || !slices.Equal(r.Status, []uuid.UUID{statuses[1].ID}) || !slices.Equal(r.Owners, []string{DemoLegacyUser}) {
			t.Errorf("tags %v, status %v, owners %v after the update", r.Tags, r.Status, r.Owners)
		}
	}

	// Add to a list; leads already in it stay as they are.
	res := ltOK[bc.LegacyAddLeadsToListResult](a, "POST", "/rest/leads/add-list", map[string]any{"id_list": lists[0].ID, "leads": []uuid.UUID{created.ID, again.ID}})
	ltCheck(t, "add-list echoes the list", res.IDList, lists[0].ID)
	ltOK[bc.LegacyAddLeadsToListResult](a, "POST", "/rest/leads/add-list", map[string]any{"id_list": lists[0].ID, "leads": []uuid.UUID{created.ID}})
	if l := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+created.ID.String(), nil); !slices.Equal(l.Lists, []uuid.UUID{lists[1].ID, lists[0].ID}) {
		t.Errorf("lists after add-list = %v", l.Lists)
	}
	a.fails("POST", "/rest/leads/add-list", map[string]any{"id_list": lists[0].ID, "leads": []uuid.UUID{again.ID, uuid.New()}}, http.StatusNotFound, "")

	// Delete cascades: notes go, reminders stay without their lead.
	note := ltOK[bc.LegacyNote](a, "POST", "/rest/notes", map[string]any{"id_lead": created.ID, "content": "Met at the Royal Society"})
	rem := ltOK[bc.LegacyReminder](a, "POST", "/rest/reminders", map[string]any{"name": "Call Ada", "id_lead": created.ID})
	del := ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/leads/"+created.ID.String(), nil)
	ltCheck(t, "delete result", del.ID, created.ID)
	ltCheck(t, "deleted", bool(del.Deleted), true)
	lead := "/" + created.ID.String()
	a.gone("GET", "/rest/lead"+lead, "PATCH", "/rest/leads"+lead, "DELETE", "/rest/leads"+lead, "PATCH", "/rest/notes/"+note.ID.String())
	a.fails("POST", "/rest/leads/add-list", map[string]any{"id_list": lists[0].ID, "leads": []uuid.UUID{created.ID}}, http.StatusNotFound, "")
	rems := ltOK[bc.LegacyReminderPage](a, "POST", "/rest/reminders/list", map[string]any{})
	i := slices.IndexFunc(rems.Data, func(r bc.LegacyReminder) bool { return r.ID == rem.ID })
	if i < 0 || !rems.Data[i].IDLead.IsNull() {
		t.Errorf("reminder on the deleted lead: %+v, want kept with id_lead null", rems.Data)
	}
	page = ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{})
	if slices.Contains(ltIDs(page.Leads, leadID), created.ID) {
		t.Error("the deleted lead is still listed")
	}
	// A client-chosen id is kept, and cannot be taken twice.
	own := uuid.New()
	ltCheck(t, "client-chosen id", ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"id": own, "first_name": "Joan"}).ID, own)
	a.fails("POST", "/rest/lead", map[string]any{"id": own, "first_name": "Joan"}, http.StatusBadRequest, "id")
}

func must2[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// ltPages reads every page of a page list and checks pages are full until the last,
// newest first, with no duplicates or gaps against want (newest first).
func ltPages[P any, T any](t *testing.T, a *ltAPI, path string, body map[string]any, size int, items func(P) []T, id func(T) uuid.UUID, pagination func(P) bc.LegacyPagination, want []uuid.UUID) {
	t.Helper()
	var seen []uuid.UUID
	for page := 0; ; page++ {
		b := map[string]any{"pagination": map[string]any{"page": page, "page_size": size}}
		for k, v := range body {
			b[k] = v
		}
		p := ltOK[P](a, "POST", path, b)
		if pg := pagination(p); pg.Page != page || pg.PageSize != size {
			t.Errorf("%s page %d: pagination %+v does not echo the request", path, page, pg)
		}
		got := items(p)
		seen = append(seen, ltIDs(got, id)...)
		if len(got) < size {
			break
		}
		if page > len(want) {
			t.Fatalf("%s: pages never end", path)
		}
	}
	if !slices.Equal(seen, want) {
		t.Errorf("%s in pages of %d:\n got %v\nwant %v", path, size, seen, want)
	}
}

func testLegacyLeadPages(t *testing.T) {
	e := ltStart(t, Options{})
	a := e.as(DemoKeyLegacy)
	all := ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{})
	ltCheck(t, "default pagination", all.Pagination, bc.LegacyPagination{Page: 0, PageSize: 100})
	want := ltIDs(all.Leads, leadID) // the demo's 4, newest first
	for i := range 9 {
		body := map[string]any{"first_name": "Lead", "last_name": string(rune('A' + i))}
		if i%3 == 0 {
			body = map[string]any{"company": "Company " + string(rune('A'+i)), "is_company": true, "is_contract": i == 3}
		}
		want = append([]uuid.UUID{ltOK[bc.LegacyLead](a, "POST", "/rest/lead", body).ID}, want...)
	}
	page := func(p bc.LegacyLeadPage) []bc.LegacyLead { return p.Leads }
	pg := func(p bc.LegacyLeadPage) bc.LegacyPagination { return p.Pagination }
	for _, size := range []int{1, 4, 5, 13, 100} {
		ltPages(t, a, "/rest/leads/list", nil, size, page, leadID, pg, want)
	}
	past := ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{"pagination": map[string]any{"page": 99, "page_size": 5}})
	ltCheck(t, "leads past the last page", len(past.Leads), 0)

	// Filters narrow before paging.
	filtered := func(f map[string]any) []uuid.UUID {
		var out []uuid.UUID
		p := ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{"filter": f})
		for _, l := range p.Leads {
			out = append(out, l.ID)
		}
		return out
	}
	companies := filtered(map[string]any{"is_company": true})
	ltCheck(t, "companies", len(companies), 4) // 3 new and GC&CS
	ltPages(t, a, "/rest/leads/list", map[string]any{"filter": map[string]any{"is_company": true}}, 3, page, leadID, pg, companies)
	ltCheck(t, "contracts", len(filtered(map[string]any{"is_contract": true})), 2)                                     // Company D and Gordon Welchman
	ltCheck(t, "people without contract", len(filtered(map[string]any{"is_company": false, "is_contract": false})), 8) // the demo's Joan and Tommy, 6 new
	ltCheck(t, "leads with no email", len(filtered(map[string]any{"email_status": "no-email"})), 9+1)
	ltCheck(t, "leads with a valid email", len(filtered(map[string]any{"email_status": "valid"})), 3)
	ltCheck(t, "leads with a bouncing email", len(filtered(map[string]any{"email_status": "bounce"})), 0)
	ltCheck(t, "every email status", len(filtered(map[string]any{"email_status": "all"})), 13)
	if got := filtered(map[string]any{"leads": want[:3], "not_leads": want[1:2]}); !slices.Equal(got, []uuid.UUID{want[0], want[2]}) {
		t.Errorf("leads minus not_leads = %v, want %v", got, []uuid.UUID{want[0], want[2]})
	}
}

func testLegacyNotesAndReminders(t *testing.T) {
	e := ltStart(t, Options{})
	a := e.as(DemoKeyLegacy)
	leads := ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{}).Leads
	person, company := leads[3], leads[0] // Joan Clarke, GC&CS

	// Notes: create on two leads, page through them all and through one lead's.
	var all, onPerson []uuid.UUID
	for i := range 7 {
		lead := person
		if i%3 == 2 {
			lead = company
		}
		n := ltOK[bc.LegacyNote](a, "POST", "/rest/notes", map[string]any{"id_lead": lead.ID, "content": "note " + string(rune('a'+i))})
		ltCheck(t, "note author", n.IDUser, DemoLegacyUser)
		ltCheck(t, "note updated_at", n.UpdatedAt.IsNull(), true)
		all = append([]uuid.UUID{n.ID}, all...)
		if lead.ID == person.ID {
			onPerson = append([]uuid.UUID{n.ID}, onPerson...)
		}
	}
	notes := func(p bc.LegacyNotePage) []bc.LegacyNote { return p.Data }
	notePg := func(p bc.LegacyNotePage) bc.LegacyPagination { return p.Pagination }
	ltPages(t, a, "/rest/notes/list", nil, 3, notes, noteID, notePg, all)
	ltPages(t, a, "/rest/notes/list", map[string]any{"id_lead": person.ID}, 2, notes, noteID, notePg, onPerson)

	updated := ltOK[bc.LegacyNote](a, "PATCH", "/rest/notes/"+all[0].String(), map[string]any{"content": "changed"})
	ltCheck(t, "note content", updated.Content, "changed")
	ltCheck(t, "note updated_at set", updated.UpdatedAt.IsNull(), false)
	first := ltOK[bc.LegacyNotePage](a, "POST", "/rest/notes/list", map[string]any{"pagination": map[string]any{"page_size": 1}}).Data[0]
	ltCheck(t, "listed note content", first.Content, "changed")
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/notes/"+all[0].String(), nil)
	a.gone("PATCH", "/rest/notes/"+all[0].String(), "DELETE", "/rest/notes/"+all[0].String())
	ltPages(t, a, "/rest/notes/list", nil, 3, notes, noteID, notePg, all[1:])

	// Reminders: the demo's two, then five more, some on leads.
	rems := ltOK[bc.LegacyReminderPage](a, "POST", "/rest/reminders/list", map[string]any{})
	ltCheck(t, "demo reminders", len(rems.Data), 2)
	want := ltIDs(rems.Data, reminderID)
	var onCompany []uuid.UUID
	for i := range 5 {
		body := map[string]any{"name": "reminder " + string(rune('a'+i)), "date": "2030-01-0" + string(rune('1'+i)) + "T09:00:00Z"}
		if i%2 == 1 {
			body["id_lead"] = company.ID
		}
		r := ltOK[bc.LegacyReminder](a, "POST", "/rest/reminders", body)
		want = append([]uuid.UUID{r.ID}, want...)
		if i%2 == 1 {
			onCompany = append([]uuid.UUID{r.ID}, onCompany...)
		}
		if len(r.Users) != 1 || r.Users[0].ID != DemoLegacyUser || !r.Users[0].IsAuthor {
			t.Errorf("reminder users = %+v, want the key's user as author", r.Users)
		}
	}
	remItems := func(p bc.LegacyReminderPage) []bc.LegacyReminder { return p.Data }
	remPg := func(p bc.LegacyReminderPage) bc.LegacyPagination { return p.Pagination }
	ltPages(t, a, "/rest/reminders/list", map[string]any{"cursor": nil}, 2, remItems, reminderID, remPg, want)
	ltPages(t, a, "/rest/reminders/list", map[string]any{"filter": map[string]any{"leads_filter": map[string]any{"is_company": true, "email_status": "all"}}}, 1, remItems, reminderID, remPg, onCompany)
	// The documented cursor stands in for the page only when pagination is left out
	// (the schema's defaults fill in a pagination object that is sent).
	byCursor := ltOK[bc.LegacyReminderPage](a, "POST", "/rest/reminders/list", map[string]any{"cursor": 1})
	if len(byCursor.Data) != 0 || byCursor.Pagination != (bc.LegacyPagination{Page: 1, PageSize: 100}) {
		t.Errorf("cursor 1 without pagination = %d reminders, %+v; want page 1 of 100, empty", len(byCursor.Data), byCursor.Pagination)
	}
	byPage := ltOK[bc.LegacyReminderPage](a, "POST", "/rest/reminders/list", map[string]any{"cursor": 0, "pagination": map[string]any{"page": 1, "page_size": 3}})
	if got := ltIDs(byPage.Data, reminderID); !slices.Equal(got, want[3:6]) || byPage.Pagination.Page != 1 {
		t.Errorf("pagination.page 1 with cursor 0 = %v (page %d), want %v", got, byPage.Pagination.Page, want[3:6])
	}

	// Update replaces what is sent: a cron schedule, another lead, other users.
	id := "/rest/reminders/" + want[0].String()
	r := ltOK[bc.LegacyReminder](a, "PATCH", id, map[string]any{"name": "every Monday", "date": nil, "cron": "0 9 * * 1", "id_lead": person.ID})
	cron, _ := ltGet[string](t, r.Cron)
	cronID, _ := ltGet[string](t, r.CronID)
	lead, _ := ltGet[uuid.UUID](t, r.IDLead)
	ltCheck(t, "name", r.Name, "every Monday")
	ltCheck(t, "date cleared", r.Date.IsNull(), true)
	ltCheck(t, "cron", cron, "0 9 * * 1")
	ltCheck(t, "cron_id", cronID, "reminder-"+want[0].String()[:8])
	ltCheck(t, "id_lead", lead, person.ID)
	r = ltOK[bc.LegacyReminder](a, "PATCH", id, map[string]any{"cron": nil, "id_lead": nil})
	ltCheck(t, "cron_id cleared with cron", r.CronID.IsNull(), true)
	ltCheck(t, "id_lead cleared", r.IDLead.IsNull(), true)
	ltCheck(t, "name kept", r.Name, "every Monday")
	listed := ltOK[bc.LegacyReminderPage](a, "POST", "/rest/reminders/list", map[string]any{"pagination": map[string]any{"page_size": 1}}).Data[0]
	if g, w := must2(json.Marshal(listed)), must2(json.Marshal(r)); !bytes.Equal(g, w) {
		t.Errorf("listed reminder differs from the update:\n got %s\nwant %s", g, w)
	}
	ltOK[bc.LegacyDeleteResult](a, "DELETE", id, nil)
	a.gone("PATCH", id, "DELETE", id)
	ltPages(t, a, "/rest/reminders/list", nil, 4, remItems, reminderID, remPg, want[1:])
}

func testLegacyStatuses(t *testing.T) {
	e := ltStart(t, Options{})
	a := e.as(DemoKeyLegacy)
	lists := ltOK[[]bc.LegacyList](a, "GET", "/rest/lists", nil)
	names := func(sts []bc.LegacyStatus) []string {
		var out []string
		for _, s := range sts {
			out = append(out, s.Name)
		}
		return out
	}
	orders := func(sts []bc.LegacyStatus) []int {
		var out []int
		for _, s := range sts {
			out = append(out, s.Order)
		}
		return out
	}
	def := ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status", nil)
	if !slices.Equal(names(def), []string{"New", "Contacted", "Replied", "Meeting booked", "Won"}) || !slices.Equal(orders(def), []int{0, 1, 2, 3, 4}) {
		t.Fatalf("default pipeline = %v %v", names(def), orders(def))
	}

	// Created with an order, a status goes in at that place; without one, at the end.
	mid := ltOK[bc.LegacyStatus](a, "POST", "/rest/status", map[string]any{"name": "Proposal", "order": 3, "color": "#fcb900", "success_rate": 50})
	ltCheck(t, "order", mid.Order, 3)
	ltCheck(t, "type defaults to default", must2(mid.Type.Get()), "default")
	ltCheck(t, "joins the default pipeline", must2(mid.IDList.Get()), lists[0].ID)
	other := ltOK[bc.LegacyStatus](a, "POST", "/rest/status", map[string]any{"name": "Intro", "id_list": lists[1].ID, "type": nil})
	ltCheck(t, "type sent null", other.Type.IsNull(), true)
	shared := ltOK[bc.LegacyStatus](a, "POST", "/rest/status", map[string]any{"name": "Shared", "id_list": nil})
	ltCheck(t, "shared status has no list", shared.IDList.IsNull(), true)

	def = ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status", nil)
	if !slices.Equal(names(def), []string{"Shared", "New", "Contacted", "Replied", "Proposal", "Meeting booked", "Won"}) {
		t.Errorf("default pipeline after creates = %v", names(def))
	}
	inList := ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?id_list="+lists[0].ID.String(), nil)
	if !slices.Equal(orders(inList), []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("orders in the first list = %v, want 0..5", orders(inList))
	}
	everything := ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?all=true", nil)
	if !slices.Equal(names(everything), []string{"Shared", "New", "Contacted", "Replied", "Proposal", "Meeting booked", "Won", "Intro"}) {
		t.Errorf("all statuses = %v", names(everything))
	}

	// Update renames and moves; delete closes the gap and takes the status off leads.
	moved := ltOK[bc.LegacyStatus](a, "PATCH", "/rest/status/"+mid.ID.String(), map[string]any{"name": "Proposal out", "order": 0, "success_rate": 60, "type": "won"})
	ltCheck(t, "moved order", moved.Order, 0)
	ltCheck(t, "renamed", moved.Name, "Proposal out")
	inList = ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?id_list="+lists[0].ID.String(), nil)
	if !slices.Equal(names(inList), []string{"Proposal out", "New", "Contacted", "Replied", "Meeting booked", "Won"}) || !slices.Equal(orders(inList), []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("after the move: %v %v", names(inList), orders(inList))
	}
	lead := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"first_name": "Max", "status": []uuid.UUID{moved.ID, inList[1].ID}})
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/status/"+moved.ID.String(), nil)
	a.gone("PATCH", "/rest/status/"+moved.ID.String(), "DELETE", "/rest/status/"+moved.ID.String())
	inList = ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?id_list="+lists[0].ID.String(), nil)
	if slices.Contains(ltIDs(inList, statusID), moved.ID) || !slices.Equal(orders(inList), []int{0, 1, 2, 3, 4}) {
		t.Errorf("after the delete: %v %v", names(inList), orders(inList))
	}
	if got := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+lead.ID.String(), nil).Status; !slices.Equal(got, []uuid.UUID{inList[0].ID}) {
		t.Errorf("lead statuses after the delete = %v, want %v", got, inList[0].ID)
	}
}

func testLegacyTagsAndLists(t *testing.T) {
	e := ltStart(t, Options{})
	a := e.as(DemoKeyLegacy)

	// Tags.
	tag := ltOK[bc.LegacyTag](a, "POST", "/rest/tags", map[string]any{"name": "Hot", "color": "#eb144c"})
	plain := ltOK[bc.LegacyTag](a, "POST", "/rest/tags", map[string]any{"name": "Plain"})
	if plain.Color == "" {
		t.Error("a tag created without a colour got none")
	}
	tags := ltOK[[]bc.LegacyTag](a, "GET", "/rest/tags", nil)
	if len(tags) != 5 || tags[3] != tag {
		t.Errorf("tags = %+v, want the demo's 3 then Hot and Plain", tags)
	}
	up := ltOK[bc.LegacyTag](a, "PATCH", "/rest/tags/"+tag.ID.String(), map[string]any{"name": "Very hot"})
	ltCheck(t, "tag renamed", up.Name, "Very hot")
	ltCheck(t, "tag colour kept", up.Color, "#eb144c")
	ltCheck(t, "listed tag", ltOK[[]bc.LegacyTag](a, "GET", "/rest/tags", nil)[3], up)
	lead := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"first_name": "Tagged", "tags": []uuid.UUID{tag.ID, plain.ID}})
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/tags/"+tag.ID.String(), nil)
	a.gone("PATCH", "/rest/tags/"+tag.ID.String(), "DELETE", "/rest/tags/"+tag.ID.String())
	if got := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+lead.ID.String(), nil).Tags; !slices.Equal(got, []uuid.UUID{plain.ID}) {
		t.Errorf("lead tags after the delete = %v", got)
	}
	if n := len(ltOK[[]bc.LegacyTag](a, "GET", "/rest/tags", nil)); n != 4 {
		t.Errorf("tags after the delete = %d, want 4", n)
	}

	// Lists.
	list := ltOK[bc.LegacyList](a, "POST", "/rest/lists", map[string]any{"name": "Partnerships"})
	ltCheck(t, "new list updated_at", list.UpdatedAt.IsNull(), true)
	lists := ltOK[[]bc.LegacyList](a, "GET", "/rest/lists", nil)
	if len(lists) != 3 || lists[2].ID != list.ID || lists[2].Name != "Partnerships" {
		t.Errorf("lists = %+v, want the demo's 2 then Partnerships", lists)
	}
	renamed := ltOK[bc.LegacyList](a, "PATCH", "/rest/lists/"+list.ID.String(), map[string]any{"name": "Partners"})
	ltCheck(t, "list renamed", renamed.Name, "Partners")
	ltCheck(t, "list updated_at", renamed.UpdatedAt.IsNull(), false)
	ltCheck(t, "listed list", ltOK[[]bc.LegacyList](a, "GET", "/rest/lists", nil)[2].Name, "Partners")
	st := ltOK[bc.LegacyStatus](a, "POST", "/rest/status", map[string]any{"name": "Signed", "id_list": list.ID})
	lead = ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"first_name": "Listed", "lists": []uuid.UUID{list.ID, lists[0].ID}, "status": []uuid.UUID{st.ID}})
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/lists/"+list.ID.String(), nil)
	a.gone("PATCH", "/rest/lists/"+list.ID.String(), "DELETE", "/rest/lists/"+list.ID.String(), "PATCH", "/rest/status/"+st.ID.String())
	got := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+lead.ID.String(), nil)
	if !slices.Equal(got.Lists, []uuid.UUID{lists[0].ID}) || len(got.Status) != 0 {
		t.Errorf("lead after its list was deleted: lists %v, status %v", got.Lists, got.Status)
	}
	if n := len(ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?all=true", nil)); n != 5 {
		t.Errorf("statuses after the list delete = %d, want the demo's 5", n)
	}
}

func testLegacyAttributes(t *testing.T) {
	e := ltStart(t, Options{})
	a := e.as(DemoKeyLegacy)
	industry := ltOK[bc.LegacyAttribute](a, "POST", "/rest/attribute", map[string]any{
		"name": "Industry", "type": "select", "is_company": true, "options": []map[string]any{{"label": "Manufacturing"}, {"label": "Software"}},
	})
	birthday := ltOK[bc.LegacyAttribute](a, "POST", "/rest/attribute", map[string]any{"name": "Birthday", "type": "date"})
	ltCheck(t, "options", len(industry.Options), 2)
	ltCheck(t, "date attribute has no options", len(birthday.Options), 0)
	ltCheck(t, "is_company default", birthday.IsCompany, false)
	list := ltOK[[]bc.LegacyAttribute](a, "GET", "/rest/attributes", nil)
	if len(list) != 2 || list[0].ID != industry.ID || list[1].ID != birthday.ID {
		t.Errorf("attributes = %+v", list)
	}
	a.fails("POST", "/rest/attribute", map[string]any{"name": "Size", "type": "number", "options": []map[string]any{{"label": "x"}}}, http.StatusBadRequest, "options")

	software := industry.Options[1].ID.String()
	lead := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"company": "Engines", "is_company": true, "attributes": map[string]any{industry.ID.String(): software, birthday.ID.String(): "1815-12-10"}})
	ltCheck(t, "select value", lead.Attributes[industry.ID.String()], software)
	a.fails("POST", "/rest/lead", map[string]any{"company": "X", "attributes": map[string]any{industry.ID.String(): uuid.NewString()}}, http.StatusBadRequest, "attributes."+industry.ID.String())
	a.fails("PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{birthday.ID.String(): "someday"}}}, http.StatusBadRequest, "data.attributes."+birthday.ID.String())
	// Updating attributes changes only those named; null removes one.
	upd := ltOK[bc.LegacyLead](a, "PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{birthday.ID.String(): nil}}})
	if len(upd.Attributes) != 1 || upd.Attributes[industry.ID.String()] != software {
		t.Errorf("attributes after removing one = %v", upd.Attributes)
	}

	// Options: the list sent is complete; kept ids are relabelled, the rest removed.
	changed := ltOK[bc.LegacyAttribute](a, "PATCH", "/rest/attributes/"+industry.ID.String(), map[string]any{
		"name": "Sector", "options": []map[string]any{{"id": industry.Options[0].ID, "label": "Industry"}, {"label": "Finance"}},
	})
	if changed.Name != "Sector" || len(changed.Options) != 2 || changed.Options[0].ID != industry.Options[0].ID || changed.Options[0].Label != "Industry" || changed.Options[1].Label != "Finance" {
		t.Errorf("updated attribute = %+v", changed)
	}
	ltCheck(t, "listed attribute name", ltOK[[]bc.LegacyAttribute](a, "GET", "/rest/attributes", nil)[0].Name, "Sector")
	if got := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+lead.ID.String(), nil).Attributes; len(got) != 0 {
		t.Errorf("a value naming a removed option survived: %v", got)
	}
	a.fails("PATCH", "/rest/attributes/"+industry.ID.String(), map[string]any{"options": []map[string]any{{"id": uuid.New(), "label": "x"}}}, http.StatusBadRequest, "options.0.id")

	ltOK[bc.LegacyLead](a, "PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{birthday.ID.String(): "1815-12-10T00:00:00Z"}}})
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/attributes/"+birthday.ID.String(), nil)
	a.gone("PATCH", "/rest/attributes/"+birthday.ID.String(), "DELETE", "/rest/attributes/"+birthday.ID.String())
	if got := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+lead.ID.String(), nil).Attributes; len(got) != 0 {
		t.Errorf("values of a deleted attribute survived: %v", got)
	}
	ltCheck(t, "attributes after the delete", len(ltOK[[]bc.LegacyAttribute](a, "GET", "/rest/attributes", nil)), 1)

	// Values are checked against the attribute's type.
	other := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"first_name": "Related"})
	multi := ltOK[bc.LegacyAttribute](a, "POST", "/rest/attribute", map[string]any{"name": "Tools", "type": "multiselect", "options": []map[string]any{{"label": "Loom"}, {"label": "Abacus"}}})
	loom, abacus := multi.Options[0].ID.String(), multi.Options[1].ID.String()
	for _, tc := range []struct {
		typ         string
		good, wrong any
	}{
		{"text", 3, true},
		{"url", "https://x.example", map[string]any{}},
		{"number", "4.5", "four"},
		{"date", "2025-01-02", "soon"},
		{"location", map[string]any{"latitude": 51.99, "longitude": -0.74, "address": "Bletchley"}, "here"},
		{"relation", other.ID.String(), uuid.NewString()},
		{"checkbox", false, "yes"},
	} {
		attr := ltOK[bc.LegacyAttribute](a, "POST", "/rest/attribute", map[string]any{"name": tc.typ, "type": tc.typ})
		key := attr.ID.String()
		a.fails("PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{key: tc.wrong}}}, http.StatusBadRequest, "data.attributes."+key)
		ltOK[bc.LegacyLead](a, "PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{key: tc.good}}})
	}
	key := multi.ID.String()
	a.fails("PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{key: loom}}}, http.StatusBadRequest, "data.attributes."+key)
	got := ltOK[bc.LegacyLead](a, "PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{key: []string{loom, abacus}}}}).Attributes
	ltCheck(t, "values of every type stored", len(got), 8)
	// Removing an option takes it out of multiselect values; deleting a lead clears relations to it.
	ltOK[bc.LegacyAttribute](a, "PATCH", "/rest/attributes/"+key, map[string]any{"options": []map[string]any{{"id": abacus, "label": "Abacus"}}})
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/leads/"+other.ID.String(), nil)
	got = ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+lead.ID.String(), nil).Attributes
	if vals, _ := got[key].([]any); len(got) != 7 || len(vals) != 1 || vals[0] != abacus {
		t.Errorf("attributes after an option removal and a related lead's delete = %v", got)
	}
}

func testLegacyUnknownBodyIDs(t *testing.T) {
	e := ltStart(t, Options{Seed: ltTwoUserSeed()})
	a := e.as(DemoKeyLegacy)
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
		{"PATCH", "/rest/leads/" + lead, map[string]any{"data": map[string]any{"owners": []string{DemoLegacyUser, ltOtherUser}}}, "data.owners.1"},
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
	r := ltOK[bc.LegacyReminder](a, "PATCH", "/rest/reminders/"+rem, map[string]any{"users": []string{ltMateUser, DemoLegacyUser}})
	if len(r.Users) != 2 || r.Users[0].ID != ltMateUser || r.Users[0].IsAuthor || !r.Users[1].IsAuthor {
		t.Errorf("reminder users = %+v, want the mate then the author", r.Users)
	}
}

func testLegacyTenantIsolation(t *testing.T) {
	e := ltStart(t, Options{Seed: ltTwoUserSeed()})
	alan, charles := e.as(DemoKeyLegacy), e.as(ltOtherKey)
	lists, statuses, tags := ltPipeline(alan)
	lead := ltOK[bc.LegacyLead](alan, "POST", "/rest/lead", map[string]any{"first_name": "Secret", "lists": []uuid.UUID{lists[0].ID}})
	note := ltOK[bc.LegacyNote](alan, "POST", "/rest/notes", map[string]any{"id_lead": lead.ID, "content": "private"})
	attr := ltOK[bc.LegacyAttribute](alan, "POST", "/rest/attribute", map[string]any{"name": "Secret", "type": "text"})
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
	charles.fails("POST", "/rest/leads/list", map[string]any{"filter": map[string]any{"leads": []uuid.UUID{lead.ID}}}, http.StatusBadRequest, "filter.leads.0")
	own := ltOK[[]bc.LegacyList](charles, "GET", "/rest/lists", nil)
	charles.fails("POST", "/rest/leads/add-list", map[string]any{"id_list": own[0].ID, "leads": []uuid.UUID{lead.ID}}, http.StatusNotFound, "")
	charles.fails("POST", "/rest/leads/add-list", map[string]any{"id_list": lists[0].ID, "leads": []uuid.UUID{}}, http.StatusBadRequest, "") // minItems

	// Charles's collections hold only his own space's data.
	if p := ltOK[bc.LegacyLeadPage](charles, "POST", "/rest/leads/list", map[string]any{}); len(p.Leads) != 0 {
		t.Errorf("Charles sees leads %v", ltIDs(p.Leads, leadID))
	}
	for path, n := range map[string]int{"/rest/tags": 0, "/rest/lists": 1, "/rest/status?all=true": 0, "/rest/attributes": 0} {
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
	resp, err := http.Post(e.ts.URL+ControlPrefix+"/keys", "application/json", strings.NewReader(`{"name":"late","generation":"legacy","userId":"`+ltOtherUser+`"}`))
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
	e := ltStart(t, Options{})
	a := e.as(DemoKeyLegacy)
	lists, statuses, tags := ltPipeline(a)
	if len(lists) != 2 || lists[0].Name != "Prospects" || len(tags) != 3 || len(statuses) != 5 {
		t.Fatalf("demo pipeline: %d lists, %d statuses, %d tags", len(lists), len(statuses), len(tags))
	}
	for i, st := range statuses {
		if list, _ := ltGet[uuid.UUID](t, st.IDList); list != lists[0].ID || st.Order != i {
			t.Errorf("status %s: list %v order %d, want the first list at %d", st.Name, list, st.Order, i)
		}
	}
	ltCheck(t, "Won is a won stage", must2(statuses[4].Type.Get()), "won")
	leads := ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{}).Leads
	if len(leads) != 4 || !leads[0].IsCompany || !leads[1].IsContract {
		t.Fatalf("demo leads = %+v", leads)
	}
	cur, _ := ltGet[string](t, leads[1].ContractCurrency)
	ltCheck(t, "Gordon's contract currency", cur, "GBP")

	// Seeds are checked like requests.
	s := e.ts.Server
	for _, tc := range []struct {
		name string
		lu   SeedLegacyUser
	}{
		{"bad id", SeedLegacyUser{ID: "short", Email: "a@b.example"}},
		{"bad email", SeedLegacyUser{ID: ltOtherUser, Email: "nope"}},
		{"unknown lead field", SeedLegacyUser{ID: ltOtherUser, Email: "a@b.example", Leads: []map[string]any{{"frist_name": "x"}}}},
		{"unknown tag", SeedLegacyUser{ID: ltOtherUser, Email: "a@b.example", Leads: []map[string]any{{"tags": []string{uuid.NewString()}}}}},
	} {
		if err := s.LoadSeed(&Seed{LegacyUsers: []SeedLegacyUser{tc.lu}}); err == nil {
			t.Errorf("seed with %s loaded", tc.name)
		}
	}
}
