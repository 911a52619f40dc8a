package mockserver_test

import (
	"context"
	"strings"
	"testing"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
	"github.com/breakcold-go/breakcold/mockserver"
)

// Object types, fields, options and record views: what is created is returned
// by get and list, updates and reorders persist, defaults stay single, and the
// deletes the API allows take their dependants with them.
func TestMetadata(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: -1})
	c := apiClient(t, ts, mockserver.DemoKeyFull)
	ctx := context.Background()
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
	dup, err := c.CreateCrmObjectWithResponse(ctx, bc.CrmObjectCreate{WorkspaceID: ws, Slug: "project", NameSingular: "P", NamePlural: "Ps"})
	want(t, "createCrmObject duplicate", dup, err, 409)

	uo, err := c.UpdateCrmObjectWithResponse(ctx, project.ID, bc.CrmObjectUpdate{NamePlural: p("Client projects")})
	want(t, "updateCrmObject", uo, err, 200)
	go1, err := c.GetCrmObjectWithResponse(ctx, project.ID)
	want(t, "getCrmObject", go1, err, 200)
	check(t, "renamed object", go1.JSON200.Object.NamePlural, "Client projects")

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

	lf, err := c.ListCrmFieldsWithResponse(ctx, person.ID, nil)
	want(t, "listCrmFields", lf, err, 200)
	cf, err := c.CreateCrmFieldWithResponse(ctx, person.ID, bc.FieldDefinitionCreate{
		Slug: "tier", Name: "Tier", FieldType: bc.FieldTypeSelect,
		Options: &[]bc.FieldOptionInput{{Value: "gold", Label: "Gold", Order: 0, IsDefault: true, IsActive: true}},
	})
	want(t, "createCrmField", cf, err, 201)
	tier := cf.JSON201.Field
	check(t, "new field order", tier.Order, len(lf.JSON200.Data))
	dupf, err := c.CreateCrmFieldWithResponse(ctx, person.ID, bc.FieldDefinitionCreate{Slug: "tier", Name: "Tier", FieldType: bc.FieldTypeText})
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
	lop, err := c.ListFieldOptionsWithResponse(ctx, tier.ID, nil)
	want(t, "listFieldOptions", lop, err, 200)
	check(t, "options", len(lop.JSON200.Data), 2)
	check(t, "old default cleared", lop.JSON200.Data[0].IsDefault, false)
	uop, err := c.UpdateFieldOptionWithResponse(ctx, silver.ID, bc.FieldOptionUpdate{Label: p("Silver plus")})
	want(t, "updateFieldOption", uop, err, 200)
	check(t, "option label", uop.JSON200.Option.Label, "Silver plus")
	rop, err := c.ReorderFieldOptionsWithResponse(ctx, tier.ID, bc.FieldOptionReorder{OptionIds: []string{silver.ID, lop.JSON200.Data[0].ID}})
	want(t, "reorderFieldOptions", rop, err, 200)
	textField, err := c.CreateFieldOptionWithResponse(ctx, lf.JSON200.Data[0].ID, bc.FieldOptionCreate{Value: "x", Label: "X"})
	want(t, "createFieldOption on a text field", textField, err, 400)

	// Record views.
	deal := lo.JSON200.Data[2]
	dealFields, err := c.ListCrmFieldsWithResponse(ctx, deal.ID, nil)
	want(t, "listCrmFields deal", dealFields, err, 200)
	var stage string
	for _, f := range dealFields.JSON200.Data {
		if f.Slug == "stage" {
			stage = f.ID
		}
	}
	lv, err := c.ListRecordViewsWithResponse(ctx, deal.ID, nil)
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
	dop, err := c.DeleteFieldOptionWithResponse(ctx, silver.ID)
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
