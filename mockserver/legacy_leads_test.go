package mockserver_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/mockserver"
)

func testLegacyLeadLifecycle(t *testing.T) {
	e := ltStart(t, mockserver.Options{Seed: ltTwoUserSeed()})
	a := e.as(mockserver.DemoKeyLegacy)
	lists, statuses, tags := ltPipeline(a)

	created := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{
		"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com", "company": "Analytical Engines",
		"city": "London", "status": []uuid.UUID{statuses[0].ID}, "tags": []uuid.UUID{tags[0].ID}, "id_list": lists[1].ID,
		"owners": []string{ltMateUser}, "auto_assign_owner": true, "create_company_if_not_exists": true,
		"company_linkedin_url": "https://www.linkedin.com/company/ae", "contract_currency": "GBP", "phone": nil,
	})
	name, _ := ltGet[string](t, created.FirstName)
	check(t, "first_name", name, "Ada")
	if _, ok := ltGet[string](t, created.Phone); ok || !created.Phone.IsNull() {
		t.Errorf("phone sent as null = %v, want null", created.Phone)
	}
	q, _ := ltGet[string](t, created.SearchQuery)
	check(t, "search_query", q, "ada lovelace analytical engines london")
	check(t, "updated_at is null", created.UpdatedAt.IsNull(), true)
	check(t, "id_space", created.IDSpace.String(), mockserver.DemoLegacySpace)
	if !slices.Equal(created.Owners, []string{ltMateUser, mockserver.DemoLegacyUser}) {
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
		"data": map[string]any{"last_name": "King", "email": nil, "city": nil, "is_contract": true, "contract_value": "1200", "contract_currency": "EUR", "owners": []string{mockserver.DemoLegacyUser}},
		"options": map[string]any{
			"tags_connect": []uuid.UUID{tags[1].ID, tags[2].ID}, "tags_disconnect": []uuid.UUID{tags[0].ID, tags[2].ID},
			"status_connect": []uuid.UUID{statuses[1].ID}, "status_disconnect": []uuid.UUID{statuses[0].ID},
		},
	})
	for _, r := range []bc.LegacyLead{updated, ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+created.ID.String(), nil)} {
		last, _ := ltGet[string](t, r.LastName)
		first, _ := ltGet[string](t, r.FirstName)
		cur, _ := ltGet[string](t, r.ContractCurrency)
		check(t, "last_name", last, "King")
		check(t, "first_name (not sent)", first, "Ada")
		check(t, "email (sent null)", r.Email.IsNull(), true)
		check(t, "city (sent null)", r.City.IsNull(), true)
		check(t, "is_contract", r.IsContract, true)
		check(t, "contract_currency", cur, "EUR")
		check(t, "updated_at is set", r.UpdatedAt.IsNull(), false)
		q, _ := ltGet[string](t, r.SearchQuery)
		check(t, "search_query", q, "ada king analytical engines")
		if !slices.Equal(r.Tags, []uuid.UUID{tags[1].ID}) || !slices.Equal(r.Status, []uuid.UUID{statuses[1].ID}) || !slices.Equal(r.Owners, []string{mockserver.DemoLegacyUser}) {
			t.Errorf("tags %v, status %v, owners %v after the update", r.Tags, r.Status, r.Owners)
		}
	}

	// Add to a list; leads already in it stay as they are.
	res := ltOK[bc.LegacyAddLeadsToListResult](a, "POST", "/rest/leads/add-list", map[string]any{"id_list": lists[0].ID, "leads": []uuid.UUID{created.ID, again.ID}})
	check(t, "add-list echoes the list", res.IDList, lists[0].ID)
	ltOK[bc.LegacyAddLeadsToListResult](a, "POST", "/rest/leads/add-list", map[string]any{"id_list": lists[0].ID, "leads": []uuid.UUID{created.ID}})
	if l := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+created.ID.String(), nil); !slices.Equal(l.Lists, []uuid.UUID{lists[1].ID, lists[0].ID}) {
		t.Errorf("lists after add-list = %v", l.Lists)
	}
	a.fails("POST", "/rest/leads/add-list", map[string]any{"id_list": lists[0].ID, "leads": []uuid.UUID{again.ID, uuid.New()}}, http.StatusNotFound, "")

	// Delete cascades: notes go, reminders stay without their lead.
	note := ltOK[bc.LegacyNote](a, "POST", "/rest/notes", map[string]any{"id_lead": created.ID, "content": "Met at the Royal Society"})
	rem := ltOK[bc.LegacyReminder](a, "POST", "/rest/reminders", map[string]any{"name": "Call Ada", "id_lead": created.ID})
	del := ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/leads/"+created.ID.String(), nil)
	check(t, "delete result", del.ID, created.ID)
	check(t, "deleted", bool(del.Deleted), true)
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
	check(t, "client-chosen id", ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"id": own, "first_name": "Joan"}).ID, own)
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
	e := ltStart(t, mockserver.Options{})
	a := e.as(mockserver.DemoKeyLegacy)
	all := ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{})
	check(t, "default pagination", all.Pagination, bc.LegacyPagination{Page: 0, PageSize: 100})
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
	check(t, "leads past the last page", len(past.Leads), 0)

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
	check(t, "companies", len(companies), 4) // 3 new and GC&CS
	ltPages(t, a, "/rest/leads/list", map[string]any{"filter": map[string]any{"is_company": true}}, 3, page, leadID, pg, companies)
	check(t, "contracts", len(filtered(map[string]any{"is_contract": true})), 2)                                     // Company D and Gordon Welchman
	check(t, "people without contract", len(filtered(map[string]any{"is_company": false, "is_contract": false})), 8) // the demo's Joan and Tommy, 6 new
	check(t, "leads with no email", len(filtered(map[string]any{"email_status": "no-email"})), 9+1)
	check(t, "leads with a valid email", len(filtered(map[string]any{"email_status": "valid"})), 3)
	check(t, "leads with a bouncing email", len(filtered(map[string]any{"email_status": "bounce"})), 0)
	check(t, "every email status", len(filtered(map[string]any{"email_status": "all"})), 13)
	if got := filtered(map[string]any{"leads": want[:3], "not_leads": want[1:2]}); !slices.Equal(got, []uuid.UUID{want[0], want[2]}) {
		t.Errorf("leads minus not_leads = %v, want %v", got, []uuid.UUID{want[0], want[2]})
	}
}

func testLegacyAttributes(t *testing.T) {
	e := ltStart(t, mockserver.Options{})
	a := e.as(mockserver.DemoKeyLegacy)
	person, company := mockserver.DemoLegacyPersonObject, mockserver.DemoLegacyCompanyObject
	check(t, "demo person object", mockserver.LegacyObjectID(mockserver.DemoLegacySpace, false), person)
	check(t, "demo company object", mockserver.LegacyObjectID(mockserver.DemoLegacySpace, true), company)
	// body is a documented create body; more are further property, value pairs.
	body := func(object, name, typ string, more ...any) map[string]any {
		b := map[string]any{"id_object": object, "name": name, "slug": strings.ToLower(name), "type": typ}
		for i := 0; i+1 < len(more); i += 2 {
			b[more[i].(string)] = more[i+1]
		}
		return b
	}
	create := func(b map[string]any) bc.LegacyAttributeDefinition {
		t.Helper()
		return ltOK[bc.LegacyAttributeDefinition](a, "POST", "/rest/attribute", b)
	}
	industryDef := create(body(company, "Industry", "SELECT", "description", "Main industry",
		"select_options", []map[string]any{{"name": "Manufacturing"}, {"name": "Software"}}))
	birthdayDef := create(body(person, "Birthday", "DATE"))
	// The documented answer echoes the body and adds the definition's fields.
	desc, _ := ltGet[string](t, industryDef.Description)
	if industryDef.Type != bc.LegacyAttributeDefinitionTypeSelect || industryDef.Slug != "industry" || industryDef.Name != "Industry" ||
		desc != "Main industry" || industryDef.IsMultiSelect || industryDef.IsSystem ||
		industryDef.ObjectDefinitionsID.String() != company || industryDef.IDSpace.String() != mockserver.DemoLegacySpace ||
		len(industryDef.AttributeDefinitionsSelectOptionsOrder) != 2 || !industryDef.UpdatedAt.Equal(industryDef.CreatedAt) {
		t.Errorf("created definition = %+v", industryDef)
	}
	check(t, "description left out is null", birthdayDef.Description.IsNull(), true)
	check(t, "no options, no order", len(birthdayDef.AttributeDefinitionsSelectOptionsOrder), 0)
	check(t, "person object", birthdayDef.ObjectDefinitionsID.String(), person)

	// The list answers the same attributes in the client-code shape.
	list := ltOK[[]bc.LegacyAttribute](a, "GET", "/rest/attributes", nil)
	if len(list) != 3 || list[0].ID.String() != mockserver.DemoLegacyAttribute || list[1].ID != industryDef.ID || list[2].ID != birthdayDef.ID {
		t.Fatalf("attributes = %+v, want the demo's Market, then Industry and Birthday", list)
	}
	industry, birthday := list[1], list[2]
	check(t, "SELECT is listed as", industry.Type, bc.LegacyAttributeTypeSelect)
	check(t, "the company object is", industry.IsCompany, true)
	check(t, "DATE is listed as", birthday.Type, bc.LegacyAttributeTypeDate)
	check(t, "the person object is", birthday.IsCompany, false)
	var order, labels []string
	for _, o := range industry.Options {
		order, labels = append(order, o.ID.String()), append(labels, o.Label)
	}
	if !slices.Equal(order, industryDef.AttributeDefinitionsSelectOptionsOrder) || !slices.Equal(labels, []string{"Manufacturing", "Software"}) {
		t.Errorf("options %v %v, want the select_options in the order %v", labels, order, industryDef.AttributeDefinitionsSelectOptionsOrder)
	}

	// A rejected create answers 400 in the legacy envelope and stores nothing. (The
	// helper reports on t; each name says which case a failure's body is.)
	noSlug := body(person, "Missing slug", "NUMBER")
	delete(noSlug, "slug")
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{body(person, "Lowercase type", "number"), "body.type"},
		{noSlug, "body.slug"},
		{map[string]any{"name": "Inferred body", "type": "select", "is_company": true, "options": []map[string]any{{"label": "x"}}}, ""},
		{body(uuid.NewString(), "Unknown object", "NUMBER"), "id_object"},
		{body(person, "Options on a number", "NUMBER", "select_options", []map[string]any{{"name": "x"}}), "select_options"},
		{body(person, "Multi-select date", "DATE", "isMultiSelect", true), "isMultiSelect"},
	} {
		a.fails("POST", "/rest/attribute", tc.body, http.StatusBadRequest, tc.field)
	}
	check(t, "attributes after rejected creates", len(ltOK[[]bc.LegacyAttribute](a, "GET", "/rest/attributes", nil)), 3)

	software := industry.Options[1].ID.String()
	lead := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"company": "Engines", "is_company": true, "attributes": map[string]any{industry.ID.String(): software, birthday.ID.String(): "1815-12-10"}})
	check[any](t, "select value", lead.Attributes[industry.ID.String()], software)
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
	check(t, "listed attribute name", ltOK[[]bc.LegacyAttribute](a, "GET", "/rest/attributes", nil)[1].Name, "Sector")
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
	check(t, "attributes after the delete", len(ltOK[[]bc.LegacyAttribute](a, "GET", "/rest/attributes", nil)), 2)

	// Values are checked against the attribute's type.
	other := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"first_name": "Related"})
	multiDef := create(body(person, "Tools", "SELECT", "isMultiSelect", true, "select_options", []map[string]any{{"name": "Loom"}, {"name": "Abacus"}}))
	check(t, "isMultiSelect", multiDef.IsMultiSelect, true)
	loom, abacus := multiDef.AttributeDefinitionsSelectOptionsOrder[0], multiDef.AttributeDefinitionsSelectOptionsOrder[1]
	for _, tc := range []struct {
		typ         string
		good, wrong any
	}{
		{"TEXT", 3, true},
		{"EMAIL", "x@y.example", map[string]any{}},
		{"CURRENCY", "4.5", "four"},
		{"TIMESTAMP", "2025-01-02T10:00:00Z", "soon"},
		{"LOCATION", map[string]any{"latitude": 51.99, "longitude": -0.74, "address": "Bletchley"}, "here"},
		{"RELATION", other.ID.String(), uuid.NewString()},
		{"CHECKBOX", false, "yes"},
	} {
		key := create(body(person, tc.typ, tc.typ)).ID.String()
		a.fails("PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{key: tc.wrong}}}, http.StatusBadRequest, "data.attributes."+key)
		ltOK[bc.LegacyLead](a, "PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{key: tc.good}}})
	}
	key := multiDef.ID.String()
	a.fails("PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{key: loom}}}, http.StatusBadRequest, "data.attributes."+key)
	got := ltOK[bc.LegacyLead](a, "PATCH", "/rest/leads/"+lead.ID.String(), map[string]any{"data": map[string]any{"attributes": map[string]any{key: []string{loom, abacus}}}}).Attributes
	check(t, "values of every type stored", len(got), 8)
	// Removing an option takes it out of multiselect values; deleting a lead clears relations to it.
	ltOK[bc.LegacyAttribute](a, "PATCH", "/rest/attributes/"+key, map[string]any{"options": []map[string]any{{"id": abacus, "label": "Abacus"}}})
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/leads/"+other.ID.String(), nil)
	got = ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+lead.ID.String(), nil).Attributes
	if vals, _ := got[key].([]any); len(got) != 7 || len(vals) != 1 || vals[0] != abacus {
		t.Errorf("attributes after an option removal and a related lead's delete = %v", got)
	}
}
