package mockserver_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/gen/breakcoldclient"
	"github.com/breakcold-go/breakcold/mockserver"
)

// Object types, fields, options and record views: what is created is returned
// by get and list, updates and reorders persist, defaults stay single, and the
// deletes the API allows take their dependants with them.
func TestMetadata(t *testing.T) {
	t.Parallel()
	_, c, ctx := setup(t, mockserver.DemoKeyFull)
	ws := mockserver.DemoWorkspaceSales

	lw, err := c.ListWorkspacesWithResponse(ctx, nil)
	want(t, "listWorkspaces", lw, err, 200)
	check(t, "workspaces", len(lw.JSON200.Data), 2)

	lo, err := c.ListCrmObjectsWithResponse(ctx, &bc.ListCrmObjectsParams{WorkspaceID: ws})
	want(t, "listCrmObjects", lo, err, 200)
	slugs := []string{}
	for _, o := range lo.JSON200.Data {
		slugs = append(slugs, o.Slug)
	}
	check(t, "system objects", strings.Join(slugs, ","), "person,company,deal")
	person := lo.JSON200.Data[0]

	co, err := c.CreateCrmObjectWithResponse(ctx, bc.CrmObjectCreate{WorkspaceID: ws, Slug: "project", NameSingular: "Project", NamePlural: "Projects"})
	want(t, "createCrmObject", co, err, 201)
	project := co.JSON201.Object
	check(t, "new object order", project.Order, 3)
	check(t, "name is the singular name", *project.Name, "Project")
	dup, err := c.CreateCrmObjectWithResponse(ctx, bc.CrmObjectCreate{WorkspaceID: ws, Slug: "project", NameSingular: "P", NamePlural: "Ps"})
	want(t, "createCrmObject duplicate", dup, err, 409)

	uo, err := c.UpdateCrmObjectWithResponse(ctx, project.ID, bc.CrmObjectUpdate{NameSingular: p("Client project"), NamePlural: p("Client projects")})
	want(t, "updateCrmObject", uo, err, 200)
	go1, err := c.GetCrmObjectWithResponse(ctx, project.ID)
	want(t, "getCrmObject", go1, err, 200)
	check(t, "renamed object", go1.JSON200.Object.NamePlural, "Client projects")
	check(t, "name follows the singular name", *go1.JSON200.Object.Name, "Client project")

	ids := []string{project.ID}
	for _, o := range lo.JSON200.Data {
		ids = append(ids, o.ID)
	}
	ro, err := c.ReorderCrmObjectsWithResponse(ctx, bc.CrmObjectReorder{WorkspaceID: ws, ObjectTypeIds: ids})
	want(t, "reorderCrmObjects", ro, err, 200)
	lo2, err := c.ListCrmObjectsWithResponse(ctx, &bc.ListCrmObjectsParams{WorkspaceID: ws})
	want(t, "listCrmObjects after reorder", lo2, err, 200)
	check(t, "first object after reorder", lo2.JSON200.Data[0].Slug, "project")
	bad, err := c.ReorderCrmObjectsWithResponse(ctx, bc.CrmObjectReorder{WorkspaceID: ws, ObjectTypeIds: ids[:2]})
	want(t, "reorderCrmObjects incomplete", bad, err, 400)

	lf, err := c.ListCrmFieldsWithResponse(ctx, person.ID)
	want(t, "listCrmFields", lf, err, 200)
	cf, err := c.CreateCrmFieldWithResponse(ctx, person.ID, bc.FieldDefinitionCreate{
		Slug: "tier", Name: "Tier", FieldType: string(bc.FieldTypeSelect),
		Options: &[]bc.FieldOptionInput{{ID: "option_gold", FieldDefinitionID: "field_tier", Value: "gold", Label: "Gold", Order: 0, IsDefault: true, IsActive: true}},
	})
	want(t, "createCrmField", cf, err, 201)
	tier := cf.JSON201.Field
	check(t, "new field order", tier.Order, len(lf.JSON200.Data))
	dupf, err := c.CreateCrmFieldWithResponse(ctx, person.ID, bc.FieldDefinitionCreate{Slug: "tier", Name: "Tier", FieldType: string(bc.FieldTypeText)})
	want(t, "createCrmField duplicate", dupf, err, 409)
	uf, err := c.UpdateCrmFieldWithResponse(ctx, tier.ID, bc.FieldDefinitionUpdate{Name: p("Customer tier")})
	want(t, "updateCrmField", uf, err, 200)
	gf, err := c.GetCrmFieldWithResponse(ctx, tier.ID)
	want(t, "getCrmField", gf, err, 200)
	check(t, "renamed field", gf.JSON200.Field.Name, "Customer tier")
	fieldIDs := []string{tier.ID}
	for _, f := range lf.JSON200.Data {
		fieldIDs = append(fieldIDs, f.ID)
	}
	rf, err := c.ReorderCrmFieldsWithResponse(ctx, person.ID, bc.FieldDefinitionReorder{FieldDefinitionIds: fieldIDs})
	want(t, "reorderCrmFields", rf, err, 200)

	cop, err := c.CreateFieldOptionWithResponse(ctx, tier.ID, bc.FieldOptionCreate{Value: "silver", Label: "Silver", IsDefault: p(true)})
	want(t, "createFieldOption", cop, err, 201)
	silver := cop.JSON201.Option
	lop, err := c.ListFieldOptionsWithResponse(ctx, tier.ID)
	want(t, "listFieldOptions", lop, err, 200)
	check(t, "options", len(lop.JSON200.Data), 2)
	check(t, "old default cleared", lop.JSON200.Data[0].IsDefault, false)
	uop, err := c.UpdateFieldOptionWithResponse(ctx, tier.ID, silver.ID, bc.FieldOptionUpdate{Label: p("Silver plus")})
	want(t, "updateFieldOption", uop, err, 200)
	check(t, "option label", uop.JSON200.Option.Label, "Silver plus")
	rop, err := c.ReorderFieldOptionsWithResponse(ctx, tier.ID, bc.FieldOptionReorder{OptionIds: []string{silver.ID, lop.JSON200.Data[0].ID}})
	want(t, "reorderFieldOptions", rop, err, 200)
	textField, err := c.CreateFieldOptionWithResponse(ctx, lf.JSON200.Data[0].ID, bc.FieldOptionCreate{Value: "x", Label: "X"})
	want(t, "createFieldOption on a text field", textField, err, 400)

	// Record views.
	deal := lo.JSON200.Data[2]
	dealFields, err := c.ListCrmFieldsWithResponse(ctx, deal.ID)
	want(t, "listCrmFields deal", dealFields, err, 200)
	var stage string
	for _, f := range dealFields.JSON200.Data {
		if f.Slug == "stage" {
			stage = f.ID
		}
	}
	lv, err := c.ListRecordViewsWithResponse(ctx, deal.ID)
	want(t, "listRecordViews", lv, err, 200)
	cv, err := c.CreateRecordViewWithResponse(ctx, deal.ID, bc.RecordViewCreate{Name: "Board", Type: p(bc.Kanban), KanbanFieldDefinitionID: &stage})
	want(t, "createRecordView", cv, err, 201)
	noField, err := c.CreateRecordViewWithResponse(ctx, deal.ID, bc.RecordViewCreate{Name: "Bad", Type: p(bc.Kanban)})
	want(t, "createRecordView kanban without field", noField, err, 400)
	uv, err := c.UpdateRecordViewWithResponse(ctx, cv.JSON201.View.ID, bc.RecordViewUpdate{Name: p("Deal board"), IsDefault: p(true)})
	want(t, "updateRecordView", uv, err, 200)
	gv, err := c.GetRecordViewWithResponse(ctx, cv.JSON201.View.ID)
	want(t, "getRecordView", gv, err, 200)
	check(t, "view renamed", gv.JSON200.View.Name, "Deal board")
	viewIDs := []string{cv.JSON201.View.ID}
	for _, v := range lv.JSON200.Data {
		viewIDs = append(viewIDs, v.ID)
	}
	rv, err := c.ReorderRecordViewsWithResponse(ctx, deal.ID, bc.RecordViewReorder{ViewIds: viewIDs})
	want(t, "reorderRecordViews", rv, err, 200)
	dv, err := c.DeleteRecordViewWithResponse(ctx, cv.JSON201.View.ID)
	want(t, "deleteRecordView", dv, err, 200)
	gone, err := c.GetRecordViewWithResponse(ctx, cv.JSON201.View.ID)
	want(t, "getRecordView after delete", gone, err, 404)

	// Deletes; system object types and fields stay.
	dop, err := c.DeleteFieldOptionWithResponse(ctx, tier.ID, silver.ID)
	want(t, "deleteFieldOption", dop, err, 200)
	df, err := c.DeleteCrmFieldWithResponse(ctx, tier.ID)
	want(t, "deleteCrmField", df, err, 200)
	gfGone, err := c.GetCrmFieldWithResponse(ctx, tier.ID)
	want(t, "getCrmField after delete", gfGone, err, 404)
	sys, err := c.DeleteCrmFieldWithResponse(ctx, lf.JSON200.Data[0].ID)
	want(t, "deleteCrmField system", sys, err, 400)
	do1, err := c.DeleteCrmObjectWithResponse(ctx, project.ID)
	want(t, "deleteCrmObject", do1, err, 200)
	goGone, err := c.GetCrmObjectWithResponse(ctx, project.ID)
	want(t, "getCrmObject after delete", goGone, err, 404)
	sysObj, err := c.DeleteCrmObjectWithResponse(ctx, person.ID)
	want(t, "deleteCrmObject system", sysObj, err, 400)

}

// Deletes take what depends on them along: an object type its records (with
// their tasks and notes), fields, options and views; a field its values on every
// record; an option its place in select and multiselect values.
func TestDeletesCascade(t *testing.T) {
	t.Parallel()
	ts, c, ctx := setup(t, mockserver.DemoKeyFull)
	ws := mockserver.DemoWorkspaceSales
	newRecord := func(slug string, fields bc.FieldValues) bc.Record {
		t.Helper()
		r, err := c.CreateRecordWithResponse(ctx, bc.RecordCreate{WorkspaceID: ws, ObjectTypeSlug: &slug, Fields: &fields})
		want(t, "createRecord", r, err, 201)
		return r.JSON201.Record
	}
	getRecord := func(id string) bc.Record {
		t.Helper()
		r, err := c.GetRecordWithResponse(ctx, id)
		want(t, "getRecord", r, err, 200)
		return r.JSON200.Record
	}
	newField := func(obj bc.CrmObject, slug string, typ bc.FieldType, options ...string) (bc.FieldDefinition, map[string]string) {
		t.Helper()
		in := bc.FieldDefinitionCreate{Slug: slug, Name: slug, FieldType: string(typ)}
		if len(options) > 0 {
			var opts []bc.FieldOptionInput
			for i, o := range options {
				opts = append(opts, bc.FieldOptionInput{ID: "option_" + o, FieldDefinitionID: "field_" + slug, Value: o, Label: o, Order: i, IsActive: true})
			}
			in.Options = &opts
		}
		r, err := c.CreateCrmFieldWithResponse(ctx, obj.ID, in)
		want(t, "createCrmField", r, err, 201)
		lo, err := c.ListFieldOptionsWithResponse(ctx, r.JSON201.Field.ID)
		want(t, "listFieldOptions", lo, err, 200)
		ids := map[string]string{}
		for _, o := range lo.JSON200.Data {
			ids[o.Value] = o.ID
		}
		return r.JSON201.Field, ids
	}
	person := objectBySlug(t, c, ws, "person")

	t.Run("object type with records", func(t *testing.T) {
		co, err := c.CreateCrmObjectWithResponse(ctx, bc.CrmObjectCreate{WorkspaceID: ws, Slug: "project", NameSingular: "Project", NamePlural: "Projects"})
		want(t, "createCrmObject", co, err, 201)
		project := co.JSON201.Object
		phase, phases := newField(project, "phase", bc.FieldTypeSelect, "draft", "live")
		cv, err := c.CreateRecordViewWithResponse(ctx, project.ID, bc.RecordViewCreate{Name: "By phase", Type: p(bc.Kanban), KanbanFieldDefinitionID: &phase.ID})
		want(t, "createRecordView", cv, err, 201)
		rec := newRecord("project", bc.FieldValues{"name": "Difference Engine", "phase": map[string]any{"optionId": phases["live"]}})
		task, err := c.CreateRecordTaskWithResponse(ctx, rec.ID, bc.TaskCreate{Title: "Order gears"})
		want(t, "createRecordTask", task, err, 201)
		note, err := c.CreateRecordNoteWithResponse(ctx, rec.ID, bc.NoteCreate{Title: "Budget", Content: "Over."})
		want(t, "createRecordNote", note, err, 201)
		act, err := c.CreateCustomActivityWithResponse(ctx, rec.ID, bc.CustomActivityCreate{Title: "Review"})
		want(t, "createCustomActivity", act, err, 201)
		bystander := newRecord("person", bc.FieldValues{"name": "Bystander"})

		del, err := c.DeleteCrmObjectWithResponse(ctx, project.ID)
		want(t, "deleteCrmObject", del, err, 200)
		for _, gone := range []struct {
			what string
			call func() (response, error)
		}{
			{"the object type", func() (response, error) { return c.GetCrmObjectWithResponse(ctx, project.ID) }},
			{"its record", func() (response, error) { return c.GetRecordWithResponse(ctx, rec.ID) }},
			{"the record's task", func() (response, error) { return c.CompleteTaskWithResponse(ctx, task.JSON201.Task.ID) }},
			{"the record's note", func() (response, error) { return c.GetNoteWithResponse(ctx, note.JSON201.Note.ID) }},
			{"its field", func() (response, error) { return c.GetCrmFieldWithResponse(ctx, phase.ID) }},
			{"its field's option", func() (response, error) {
				return c.UpdateFieldOptionWithResponse(ctx, phase.ID, phases["draft"], bc.FieldOptionUpdate{Label: p("x")})
			}},
			{"its view", func() (response, error) { return c.GetRecordViewWithResponse(ctx, cv.JSON201.View.ID) }},
		} {
			r, err := gone.call()
			want(t, gone.what+" after the delete", r, err, 404)
		}
		check(t, "another object type's record", getRecord(bystander.ID).DisplayName, "Bystander")
		for _, it := range samples(t, c, ws, bc.IntegrationEventRecordCreated) {
			if it.Payload["id"] == rec.ID {
				t.Error("the deleted record still feeds integration samples")
			}
		}
	})

	t.Run("field with values", func(t *testing.T) {
		nick, _ := newField(person, "nickname", bc.FieldTypeText)
		level, levels := newField(person, "level", bc.FieldTypeSelect, "junior", "senior")
		with := newRecord("person", bc.FieldValues{"name": "Ada", "nickname": "Addie", "level": map[string]any{"optionId": levels["senior"]}})
		without := newRecord("person", bc.FieldValues{"name": "Grace"})
		ts.Advance(time.Second)

		del, err := c.DeleteCrmFieldWithResponse(ctx, nick.ID)
		want(t, "deleteCrmField", del, err, 200)
		got := getRecord(with.ID)
		if _, ok := got.Fields["nickname"]; ok {
			t.Errorf("the deleted field's value stays: %v", got.Fields)
		}
		check(t, "the other values stay", heldValues(got.Fields["level"]), "senior")
		check(t, "the changed record's updatedAt moved", got.UpdatedAt > with.UpdatedAt, true)
		check(t, "a record without the value is untouched", getRecord(without.ID).UpdatedAt, without.UpdatedAt)

		del, err = c.DeleteCrmFieldWithResponse(ctx, level.ID)
		want(t, "deleteCrmField select", del, err, 200)
		opt, err := c.UpdateFieldOptionWithResponse(ctx, level.ID, levels["junior"], bc.FieldOptionUpdate{Label: p("x")})
		want(t, "the deleted field's option", opt, err, 404)
		if _, ok := getRecord(with.ID).Fields["level"]; ok {
			t.Error("the deleted select field's value stays")
		}
	})

	t.Run("option in use", func(t *testing.T) {
		tierField, tiers := newField(person, "tier", bc.FieldTypeSelect, "gold", "silver")
		tagField, tags := newField(person, "tags", bc.FieldTypeMultiselect, "a", "b")
		opt := func(id string) map[string]any { return map[string]any{"optionId": id} }
		silver := newRecord("person", bc.FieldValues{"name": "Silver", "tier": opt(tiers["silver"])})
		gold := newRecord("person", bc.FieldValues{"name": "Gold", "tier": opt(tiers["gold"])})
		both := newRecord("person", bc.FieldValues{"name": "Both", "tags": []any{opt(tags["a"]), opt(tags["b"])}})
		onlyA := newRecord("person", bc.FieldValues{"name": "Only a", "tags": []any{opt(tags["a"])}})

		for _, o := range []struct{ field, id string }{{tierField.ID, tiers["silver"]}, {tagField.ID, tags["a"]}} {
			del, err := c.DeleteFieldOptionWithResponse(ctx, o.field, o.id)
			want(t, "deleteFieldOption", del, err, 200)
		}
		if v, ok := getRecord(silver.ID).Fields["tier"]; ok {
			t.Errorf("a select value of the deleted option stays: %v", v)
		}
		check(t, "another option's value", heldValues(getRecord(gold.ID).Fields["tier"]), "gold")
		check(t, "a multiselect value loses the option", heldValues(getRecord(both.ID).Fields["tags"]), "b")
		if v, ok := getRecord(onlyA.ID).Fields["tags"]; ok {
			t.Errorf("a multiselect value left empty stays: %v", v)
		}
	})
}

// samples are the workspace's integration samples of the event.
func samples(t *testing.T, c *breakcoldclient.ClientWithResponses, ws string, event bc.IntegrationEvent) []bc.IntegrationSample {
	t.Helper()
	r, err := c.ListIntegrationSamplesWithResponse(context.Background(), &bc.ListIntegrationSamplesParams{WorkspaceID: ws, Event: event, Limit: p(100)})
	want(t, "listIntegrationSamples", r, err, 200)
	return r.JSON200.Data
}

// TestRelationCardinality checks that relation fields take the one value Breakcold
// shows (one_to_many) and the rest of its <one|many>_to_<one|many> form, keep it
// as given, and refuse anything else without storing the field.
func TestRelationCardinality(t *testing.T) {
	t.Parallel()
	ts, c, ctx := setup(t, mockserver.DemoKeyFull)
	ws := mockserver.DemoWorkspaceSales
	person, company := objectBySlug(t, c, ws, "person"), objectBySlug(t, c, ws, "company")
	create := func(slug string, card bc.RelationCardinality) *breakcoldclient.CreateCrmFieldResponse {
		t.Helper()
		r, err := c.CreateCrmFieldWithResponse(ctx, person.ID, bc.FieldDefinitionCreate{
			Slug: slug, Name: slug, FieldType: string(bc.FieldTypeRelation), TargetObjectTypeID: &company.ID, RelationCardinality: &card,
		})
		if err != nil {
			t.Fatalf("createCrmField %s: %v", card, err)
		}
		return r
	}
	for _, card := range []bc.RelationCardinality{bc.RelationCardinalityOneToMany, bc.RelationCardinalityManyToMany} {
		r := create("employer_"+strings.ReplaceAll(string(card), "_to_", "_"), card)
		want(t, "createCrmField "+string(card), r, nil, 201)
		g, err := c.GetCrmFieldWithResponse(ctx, r.JSON201.Field.ID)
		want(t, "getCrmField", g, err, 200)
		if got := g.JSON200.Field.RelationCardinality; got == nil || *got != card {
			t.Errorf("relationCardinality read back = %v, want %s", got, card)
		}
	}
	// Sent raw: the validating client would refuse them before the mock sees them.
	for _, card := range []string{"one", "many", "ONE_TO_MANY"} {
		body := fmt.Sprintf(`{"slug":"refused","name":"Refused","fieldType":"relation","targetObjectTypeId":%q,"relationCardinality":%q}`, company.ID, card)
		r := do(t, "POST", ts.URL+"/api/v1/crm/objects/"+person.ID+"/fields", body, bearer(mockserver.DemoKeyFull)...)
		if r.Status != 400 || r.errorCode(t) != string(bc.ErrorCodeInvalidRequest) {
			t.Errorf("relationCardinality %q: got %d %s, want 400 invalid_request", card, r.Status, r.Body)
		}
	}
	lf, err := c.ListCrmFieldsWithResponse(ctx, person.ID)
	want(t, "listCrmFields", lf, err, 200)
	for _, f := range lf.JSON200.Data {
		if f.Slug == "refused" {
			t.Errorf("a refused field was stored: %+v", f)
		}
	}
}

// TestColourNames checks that colours are kept as given: Breakcold's contract takes
// any string, and its guide sends names such as "blue" where responses show hex.
func TestColourNames(t *testing.T) {
	t.Parallel()
	_, c, ctx := setup(t, mockserver.DemoKeyFull)
	blue, green, hex := bc.Color("blue"), bc.Color("green"), bc.Color("#3B82F6")
	co, err := c.CreateCrmObjectWithResponse(ctx, bc.CrmObjectCreate{WorkspaceID: mockserver.DemoWorkspaceSales, Slug: "venue", NameSingular: "Venue", NamePlural: "Venues", Color: &blue})
	want(t, "createCrmObject", co, err, 201)
	check(t, "object colour", *co.JSON201.Object.Color, blue)
	cf, err := c.CreateCrmFieldWithResponse(ctx, co.JSON201.Object.ID, bc.FieldDefinitionCreate{
		Slug: "size", Name: "Size", FieldType: string(bc.FieldTypeSelect),
		Options: &[]bc.FieldOptionInput{{ID: "option_small", FieldDefinitionID: "field_size", Value: "small", Label: "Small", Color: &green, IsActive: true}},
	})
	want(t, "createCrmField", cf, err, 201)
	lo, err := c.ListFieldOptionsWithResponse(ctx, cf.JSON201.Field.ID)
	want(t, "listFieldOptions", lo, err, 200)
	check(t, "option colour", *lo.JSON200.Data[0].Color, green)
	uo, err := c.UpdateFieldOptionWithResponse(ctx, cf.JSON201.Field.ID, lo.JSON200.Data[0].ID, bc.FieldOptionUpdate{Color: &hex})
	want(t, "updateFieldOption", uo, err, 200)
	check(t, "updated option colour", *uo.JSON200.Option.Color, hex)
}
