package mockserver_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/gen/breakcoldclient"
	"github.com/breakcold-go/breakcold/mockserver"
)

// fieldCase is one value a record sends for a field, and what the mock makes of
// it: the stored form, or the message of the 400 naming the field.
type fieldCase struct {
	in     any
	stored any    // what the record then holds; nil means the value as sent
	err    string // part of the 400's message; empty means accepted
}

// The field-value rules, one table per field type: each case creates a record
// that sets the field and checks what is stored or why it is refused.
func TestFieldValues(t *testing.T) {
	t.Parallel()
	_, c, ctx := setup(t, mockserver.DemoKeyFull)
	ws := mockserver.DemoWorkspaceSales

	co, err := c.CreateCrmObjectWithResponse(ctx, bc.CrmObjectCreate{WorkspaceID: ws, Slug: "specimen", NameSingular: "Specimen", NamePlural: "Specimens"})
	want(t, "createCrmObject", co, err, 201)
	obj := co.JSON201.Object
	person, company := objectBySlug(t, c, ws, "person"), objectBySlug(t, c, ws, "company")
	addField := func(slug string, typ bc.FieldType, in bc.FieldDefinitionCreate) bc.FieldDefinition {
		t.Helper()
		in.Slug, in.Name, in.FieldType = slug, slug, string(typ)
		r, err := c.CreateCrmFieldWithResponse(ctx, obj.ID, in)
		want(t, "createCrmField "+slug, r, err, 201)
		return r.JSON201.Field
	}
	optionIDs := func(f bc.FieldDefinition) []string {
		t.Helper()
		r, err := c.ListFieldOptionsWithResponse(ctx, f.ID)
		want(t, "listFieldOptions", r, err, 200)
		var ids []string
		for _, o := range r.JSON200.Data {
			ids = append(ids, o.ID)
		}
		return ids
	}
	firstRecord := func(o bc.CrmObject) string {
		t.Helper()
		r, err := c.ListRecordsWithResponse(ctx, &bc.ListRecordsParams{WorkspaceID: &ws, ObjectTypeID: &o.ID, Limit: p(1)})
		want(t, "listRecords", r, err, 200)
		return r.JSON200.Data[0].ID
	}
	blue := bc.Color("#3B82F6")
	choices := &[]bc.FieldOptionInput{{ID: "option_a", FieldDefinitionID: "field_choice", Value: "a", Label: "A", IsActive: true}, {ID: "option_b", FieldDefinitionID: "field_choice", Value: "b", Label: "B", Color: &blue, Order: 1, IsActive: true}}
	sel := optionIDs(addField("pick", bc.FieldTypeSelect, bc.FieldDefinitionCreate{Options: choices}))
	multi := optionIDs(addField("picks", bc.FieldTypeMultiselect, bc.FieldDefinitionCreate{Options: choices}))
	// Options are returned whole: {optionId, value, label, color}.
	optA := func(id string) map[string]any { return map[string]any{"optionId": id, "value": "a", "label": "A"} }
	optB := func(id string) map[string]any {
		return map[string]any{"optionId": id, "value": "b", "label": "B", "color": "#3B82F6"}
	}
	otherField := optionIDs(objectField(t, c, company, "industry"))
	addField("related", bc.FieldTypeRelation, bc.FieldDefinitionCreate{TargetObjectTypeID: &person.ID})
	addField("aliases", bc.FieldTypeText, bc.FieldDefinitionCreate{IsMultiple: p(true)})
	aPerson, aCompany := firstRecord(person), firstRecord(company)

	for _, tc := range []struct {
		typ   bc.FieldType
		slug  string // a field made here when empty
		cases []fieldCase
	}{
		{typ: bc.FieldTypeText, cases: []fieldCase{
			{in: "Ada"},
			{in: 5.0, err: "want a string, got a number"},
			{in: true, err: "want a string, got a boolean"},
			{in: map[string]any{}, err: "want a string, got an object"},
			{in: []any{"a"}, err: "takes one value, not a list"},
		}},
		{typ: bc.FieldTypeTextarea, cases: []fieldCase{{in: "two\nlines"}, {in: 1.0, err: "want a string"}}},
		{typ: bc.FieldTypeURL, cases: []fieldCase{{in: "https://example.com"}, {in: false, err: "want a string"}}},
		{typ: bc.FieldTypeLinkedin, cases: []fieldCase{{in: "in/ada"}, {in: 2.0, err: "want a string"}}},
		{typ: bc.FieldTypeTwitter, cases: []fieldCase{{in: "@ada"}}},
		{typ: bc.FieldTypeFacebook, cases: []fieldCase{{in: "ada.l"}}},
		{typ: bc.FieldTypeWhatsapp, cases: []fieldCase{{in: "+441234"}}},
		{typ: bc.FieldTypeTelegram, cases: []fieldCase{{in: "@ada"}}},
		{typ: bc.FieldTypeNumber, cases: []fieldCase{
			{in: 3.5},
			{in: "3", err: "want a number, got a string"},
		}},
		{typ: bc.FieldTypeCheckbox, cases: []fieldCase{
			{in: true},
			{in: "yes", err: "want a boolean, got a string"},
		}},
		{typ: bc.FieldTypeDate, cases: []fieldCase{
			{in: 0.0},
			{in: 1760086400000.0},
			{in: "2026-01-02"},
			{in: "2026-01-02T15:04:05Z"},
			{in: -1.0, err: "epoch milliseconds ≥ 0"},
			{in: "yesterday", err: "want epoch milliseconds or an ISO 8601 date"},
			{in: true, err: "want epoch milliseconds or an ISO 8601 date"},
		}},
		{typ: bc.FieldTypeDatetime, cases: []fieldCase{{in: "2026-01-02T15:04:05+02:00"}, {in: "15:04", err: "ISO 8601"}}},
		{typ: bc.FieldTypeCurrency, cases: []fieldCase{
			{in: map[string]any{"amount": 10.0, "currencyCode": "EUR"}},
			{in: map[string]any{"amount": 10.0, "currencyCode": "EUR", "note": "x"}, stored: map[string]any{"amount": 10.0, "currencyCode": "EUR"}},
			{in: 10.0, err: "want {amount, currencyCode}"},
			{in: map[string]any{"currencyCode": "EUR"}, err: "amount must be a number"},
			{in: map[string]any{"amount": 1.0, "currencyCode": "EU"}, err: "three-letter code"},
		}},
		{typ: bc.FieldTypeEmail, cases: []fieldCase{
			{in: "ada@example.com", stored: map[string]any{"value": "ada@example.com", "isPrimary": true}},
			{in: map[string]any{"value": "ada@work.example", "label": "work", "isPrimary": false},
				stored: map[string]any{"value": "ada@work.example", "label": "work", "isPrimary": false}},
			{in: map[string]any{"value": "ada@example.fr", "countryCode": "FR"},
				stored: map[string]any{"value": "ada@example.fr", "countryCode": "FR", "isPrimary": true}},
			{in: "not-an-address", err: "is not an email address"},
			{in: map[string]any{"label": "work"}, err: "want a string or {value, label, countryCode, isPrimary}"},
			{in: 5.0, err: "want a string or {value, label, countryCode, isPrimary}"},
		}},
		{typ: bc.FieldTypePhone, cases: []fieldCase{
			{in: "+44 20 7946 0000", stored: map[string]any{"value": "+44 20 7946 0000", "isPrimary": true}},
			{in: map[string]any{"value": "020 7946 0000", "countryCode": "GB"},
				stored: map[string]any{"value": "020 7946 0000", "countryCode": "GB", "isPrimary": true}},
			{in: "", err: "want a string or {value"},
		}},
		{typ: bc.FieldTypeSelect, slug: "pick", cases: []fieldCase{
			{in: sel[0], stored: optA(sel[0])},
			{in: map[string]any{"optionId": sel[1]}, stored: optB(sel[1])},
			{in: map[string]any{"optionId": sel[0], "label": "ignored"}, stored: optA(sel[0])},
			{in: otherField[0], err: "is not an option of this field"},
			{in: map[string]any{"optionId": otherField[0]}, err: "is not an option of this field"},
			{in: map[string]any{}, err: "want an option id or {optionId}"},
			{in: 1.0, err: "want an option id or {optionId}"},
		}},
		{typ: bc.FieldTypeMultiselect, slug: "picks", cases: []fieldCase{
			{in: []any{multi[0], multi[1]}, stored: []any{optA(multi[0]), optB(multi[1])}},
			{in: []any{map[string]any{"optionId": multi[1]}}, stored: []any{optB(multi[1])}},
			{in: []any{}},
			{in: multi[0], err: "a multiselect field takes a list of option ids"},
			{in: map[string]any{"optionId": multi[0]}, err: "a multiselect field takes a list of option ids"},
			{in: []any{multi[0], sel[0]}, err: "item 1: "},
		}},
		{typ: bc.FieldTypeMember, cases: []fieldCase{
			{in: mockserver.DemoUserAda},
			{in: "hsnobody000000000000000000000000", err: "is not a member of the organization"},
			{in: 1.0, err: "want a user id"},
		}},
		{typ: bc.FieldTypeRelation, slug: "related", cases: []fieldCase{
			{in: aPerson},
			{in: aCompany, err: "not the related object type"},
			{in: "rcnothere0000000000000000000000", err: "no record"},
			{in: true, err: "want a record id"},
		}},
		{typ: bc.FieldTypeLocation, cases: []fieldCase{
			{in: map[string]any{"latitude": 51.5, "longitude": -0.1, "address": "London"}},
			{in: "London", err: "want {latitude, longitude, address}"},
		}},
		{typ: bc.FieldTypeText + " (multiple)", slug: "aliases", cases: []fieldCase{
			{in: []any{"Ada", "Countess"}},
			{in: []any{"Ada", 1.0}, err: "item 1: want a string, got a number"},
		}},
	} {
		t.Run(string(tc.typ), func(t *testing.T) {
			slug := tc.slug
			if slug == "" {
				slug = "f_" + string(tc.typ)
				addField(slug, tc.typ, bc.FieldDefinitionCreate{})
			}
			for _, fc := range tc.cases {
				r, err := c.CreateRecordWithResponse(ctx, bc.RecordCreate{WorkspaceID: ws, ObjectTypeID: &obj.ID, Fields: &bc.FieldValues{"name": "Specimen", slug: fc.in}})
				if err != nil {
					t.Fatal(err)
				}
				if fc.err != "" {
					if r.JSON400 == nil {
						t.Errorf("%s = %v: got %d, want 400 (%s)", slug, fc.in, r.StatusCode(), fc.err)
						continue
					}
					d := (*r.JSON400.Error.Details)[0]
					if d.Field != "fields."+slug || !strings.Contains(d.Message, fc.err) {
						t.Errorf("%s = %v: refused with %s: %q, want fields.%s: …%s…", slug, fc.in, d.Field, d.Message, slug, fc.err)
					}
					continue
				}
				if r.JSON201 == nil {
					t.Errorf("%s = %v: got %d, want 201: %s", slug, fc.in, r.StatusCode(), r.Body)
					continue
				}
				stored := fc.stored
				if stored == nil {
					stored = fc.in
				}
				if got, want := jsonOf(t, r.JSON201.Record.Fields[slug]), jsonOf(t, stored); got != want {
					t.Errorf("%s = %v: stored %s, want %s", slug, fc.in, got, want)
				}
			}
		})
	}
}

// The rules that hold for every field: unknown fields, required fields, null
// clearing, and the display name a record gets from its fields.
func TestFieldRules(t *testing.T) {
	t.Parallel()
	_, c, ctx := setup(t, mockserver.DemoKeyFull)
	ws := mockserver.DemoWorkspaceSales
	create := func(fields bc.FieldValues) *breakcoldclient.CreateRecordResponse {
		t.Helper()
		r, err := c.CreateRecordWithResponse(ctx, bc.RecordCreate{WorkspaceID: ws, ObjectTypeSlug: p("person"), Fields: &fields})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	refused := func(what string, r *breakcoldclient.CreateRecordResponse, field string) {
		t.Helper()
		if r.JSON400 == nil || (*r.JSON400.Error.Details)[0].Field != field {
			t.Errorf("%s: got %d %s, want 400 naming %s", what, r.StatusCode(), r.Body, field)
		}
	}
	refused("unknown field", create(bc.FieldValues{"name": "X", "shoeSize": 9}), "fields.shoeSize")
	refused("missing required field", create(bc.FieldValues{"email": "x@example.com"}), "fields.name")

	for _, tc := range []struct {
		fields bc.FieldValues
		want   string
	}{
		{bc.FieldValues{"name": "Ada Lovelace", "email": "ada@example.com"}, "Ada Lovelace"},
		{bc.FieldValues{"name": "", "email": []any{"first@example.com", "second@example.com"}}, "first@example.com"},
		{bc.FieldValues{"name": "", "email": "only@example.com"}, "only@example.com"},
		{bc.FieldValues{"name": ""}, "Untitled person"},
	} {
		r := create(tc.fields)
		if r.JSON201 == nil {
			t.Fatalf("create %v: %d %s", tc.fields, r.StatusCode(), r.Body)
		}
		check(t, "display name of "+jsonOf(t, tc.fields), r.JSON201.Record.DisplayName, tc.want)
	}

	rec := create(bc.FieldValues{"name": "Grace", "job_title": "Admiral"}).JSON201.Record
	u, err := c.UpdateRecordWithResponse(ctx, rec.ID, bc.RecordUpdate{Fields: bc.FieldValues{"job_title": nil}})
	want(t, "updateRecord", u, err, 200)
	if _, ok := u.JSON200.Record.Fields["job_title"]; ok {
		t.Error("null did not clear job_title")
	}
	u, err = c.UpdateRecordWithResponse(ctx, rec.ID, bc.RecordUpdate{Fields: bc.FieldValues{"name": nil}})
	want(t, "clearing a required field", u, err, 400)
}

// Updates append multiselect options by default; multiselectMode replace overwrites
// them, and [] then clears the field. Option edits show in the records holding them.
func TestMultiselectUpdate(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: -1})
	c := apiClient(t, ts, mockserver.DemoKeyFull)
	ctx := context.Background()
	ws := mockserver.DemoWorkspaceSales
	person := objectBySlug(t, c, ws, "person")
	var in []bc.FieldOptionInput
	for i, v := range []string{"a", "b", "c"} {
		in = append(in, bc.FieldOptionInput{ID: "option_" + v, FieldDefinitionID: "field_tags", Value: v, Label: v, Order: i, IsActive: true})
	}
	cf, err := c.CreateCrmFieldWithResponse(ctx, person.ID, bc.FieldDefinitionCreate{Slug: "tags", Name: "Tags", FieldType: string(bc.FieldTypeMultiselect), Options: &in})
	want(t, "createCrmField", cf, err, 201)
	field := cf.JSON201.Field
	lo, err := c.ListFieldOptionsWithResponse(ctx, field.ID)
	want(t, "listFieldOptions", lo, err, 200)
	id := map[string]string{}
	for _, o := range lo.JSON200.Data {
		id[o.Value] = o.ID
	}
	cr, err := c.CreateRecordWithResponse(ctx, bc.RecordCreate{WorkspaceID: ws, ObjectTypeSlug: p("person"), Fields: &bc.FieldValues{"name": "Ada", "tags": []any{id["a"]}}})
	want(t, "createRecord", cr, err, 201)
	rec := cr.JSON201.Record.ID

	replace := bc.Replace
	for _, tc := range []struct {
		what string
		tags []any
		mode *bc.RecordUpdateMultiselectMode
		want string // the option values held after the update, in order
	}{
		{"append by default", []any{id["b"]}, nil, "a,b"},
		{"append skips held options", []any{id["a"], map[string]any{"optionId": id["c"]}}, nil, "a,b,c"},
		{"append nothing", []any{}, nil, "a,b,c"},
		{"replace", []any{id["c"], id["a"]}, &replace, "c,a"},
		{"replace with [] clears", []any{}, &replace, ""},
		{"append to nothing", []any{id["b"]}, p(bc.Append), "b"},
	} {
		u, err := c.UpdateRecordWithResponse(ctx, rec, bc.RecordUpdate{Fields: bc.FieldValues{"tags": tc.tags}, MultiselectMode: tc.mode})
		want(t, "updateRecord "+tc.what, u, err, 200)
		check(t, tc.what, heldValues(u.JSON200.Record.Fields["tags"]), tc.want)
	}

	o, err := c.UpdateFieldOptionWithResponse(ctx, field.ID, id["b"], bc.FieldOptionUpdate{Label: p("Bee"), Color: p(bc.Color("#F59E0B"))})
	want(t, "updateFieldOption", o, err, 200)
	g, err := c.GetRecordWithResponse(ctx, rec)
	want(t, "getRecord", g, err, 200)
	check(t, "the record shows the edited option", jsonOf(t, g.JSON200.Record.Fields["tags"]),
		jsonOf(t, []any{map[string]any{"optionId": id["b"], "value": "b", "label": "Bee", "color": "#F59E0B"}}))
}

// heldValues lists, comma-separated, the option values a select or multiselect
// value holds.
func heldValues(v any) string {
	list, ok := v.([]any)
	if !ok && v != nil {
		list = []any{v}
	}
	var out []string
	for _, x := range list {
		m, _ := x.(map[string]any)
		s, _ := m["value"].(string)
		out = append(out, s)
	}
	return strings.Join(out, ",")
}

// objectField is the object type's field with the slug.
func objectField(t *testing.T, c *breakcoldclient.ClientWithResponses, obj bc.CrmObject, slug string) bc.FieldDefinition {
	t.Helper()
	r, err := c.ListCrmFieldsWithResponse(context.Background(), obj.ID)
	want(t, "listCrmFields", r, err, 200)
	for _, f := range r.JSON200.Data {
		if f.Slug == slug {
			return f
		}
	}
	t.Fatalf("object type %s has no field %q", obj.Slug, slug)
	return bc.FieldDefinition{}
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
