package mockserver_test

import (
	"strings"
	"testing"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/mockserver"
)

// Records, their custom activities, tasks and notes: fields are checked and
// normalised, updates persist, null clears, archives leave lists, and each
// child follows its record.
func TestRecords(t *testing.T) {
	t.Parallel()
	_, c, ctx := setup(t, mockserver.DemoKeyFull)
	ws := mockserver.DemoWorkspaceSales
	person := objectBySlug(t, c, ws, "person")
	cf, err := c.CreateCrmFieldWithResponse(ctx, person.ID, bc.FieldDefinitionCreate{
		Slug: "tier", Name: "Tier", FieldType: string(bc.FieldTypeSelect),
		Options: &[]bc.FieldOptionInput{{ID: "option_silver", FieldDefinitionID: "field_silver", Value: "silver", Label: "Silver", Order: 0, IsActive: true}},
	})
	want(t, "createCrmField", cf, err, 201)
	lop, err := c.ListFieldOptionsWithResponse(ctx, cf.JSON201.Field.ID)
	want(t, "listFieldOptions", lop, err, 200)
	silver := lop.JSON200.Data[0]

	cr, err := c.CreateRecordWithResponse(ctx, bc.RecordCreate{WorkspaceID: ws, ObjectTypeSlug: p("person"), Fields: &bc.FieldValues{
		"name": "Augusta King", "email": "augusta@example.com", "tier": map[string]any{"optionId": silver.ID},
	}})
	want(t, "createRecord", cr, err, 201)
	rec := cr.JSON201.Record
	check(t, "displayName", rec.DisplayName, "Augusta King")
	check(t, "email normalised", rec.Fields["email"].(map[string]any)["value"], "augusta@example.com")
	unknown, err := c.CreateRecordWithResponse(ctx, bc.RecordCreate{WorkspaceID: ws, ObjectTypeSlug: p("person"), Fields: &bc.FieldValues{"name": "X", "shoeSize": 9}})
	want(t, "createRecord unknown field", unknown, err, 400)
	check(t, "field named", (*unknown.JSON400.Error.Details)[0].Field, "fields.shoeSize")
	noName, err := c.CreateRecordWithResponse(ctx, bc.RecordCreate{WorkspaceID: ws, ObjectTypeSlug: p("person"), Fields: &bc.FieldValues{"email": "a@b.co"}})
	want(t, "createRecord missing required field", noName, err, 400)

	gr, err := c.GetRecordWithResponse(ctx, rec.ID)
	want(t, "getRecord", gr, err, 200)
	check(t, "get returns created", gr.JSON200.Record.ID, rec.ID)
	ur, err := c.UpdateRecordWithResponse(ctx, rec.ID, bc.RecordUpdate{Fields: bc.FieldValues{"job_title": "Countess", "tier": nil}})
	want(t, "updateRecord", ur, err, 200)
	gr2, err := c.GetRecordWithResponse(ctx, rec.ID)
	want(t, "getRecord after update", gr2, err, 200)
	check(t, "update persisted", gr2.JSON200.Record.Fields["job_title"], "Countess")
	if _, ok := gr2.JSON200.Record.Fields["tier"]; ok {
		t.Error("null did not clear the field")
	}
	lr, err := c.ListRecordsWithResponse(ctx, &bc.ListRecordsParams{WorkspaceID: &ws, Search: p("augusta")})
	want(t, "listRecords", lr, err, 200)
	check(t, "search finds it", len(lr.JSON200.Data), 1)
	ar, err := c.ArchiveRecordWithResponse(ctx, rec.ID)
	want(t, "archiveRecord", ar, err, 200)
	check(t, "archived", ar.JSON200.Record.IsArchived, true)
	lr2, err := c.ListRecordsWithResponse(ctx, &bc.ListRecordsParams{WorkspaceID: &ws, Search: p("augusta")})
	want(t, "listRecords after archive", lr2, err, 200)
	check(t, "archived record left out", len(lr2.JSON200.Data), 0)
	lr3, err := c.ListRecordsWithResponse(ctx, &bc.ListRecordsParams{WorkspaceID: &ws, Search: p("augusta"), Archived: p(true)})
	want(t, "listRecords archived", lr3, err, 200)
	check(t, "archived=true lists it", len(lr3.JSON200.Data), 1)
	rr, err := c.RestoreRecordWithResponse(ctx, rec.ID)
	want(t, "restoreRecord", rr, err, 200)
	check(t, "restored", rr.JSON200.Record.IsArchived, false)
	missing, err := c.GetRecordWithResponse(ctx, "rcdoesnotexist000000000000000000")
	want(t, "getRecord unknown", missing, err, 404)

	ca, err := c.CreateCustomActivityWithResponse(ctx, rec.ID, bc.CustomActivityCreate{Title: "Discovery call", ParticipantUserIds: &[]string{mockserver.DemoUserAda}})
	want(t, "createCustomActivity", ca, err, 201)
	check(t, "activity on record", *ca.JSON201.Activity.PrimaryRecordID, rec.ID)

	// Tasks.
	ct, err := c.CreateRecordTaskWithResponse(ctx, rec.ID, bc.TaskCreate{Title: "Send the proposal", DueAt: p(int64(1760086400000))})
	want(t, "createRecordTask", ct, err, 201)
	task := ct.JSON201.Task
	var clearDue bc.TaskUpdate
	clearDue.DueAt.SetNull()
	clearDue.Title = p("Send the revised proposal")
	ut, err := c.UpdateTaskWithResponse(ctx, task.ID, clearDue)
	want(t, "updateTask", ut, err, 200)
	if !ut.JSON200.Task.DueAt.IsNull() {
		t.Error("dueAt null did not clear the due date")
	}
	lt, err := c.ListRecordTasksWithResponse(ctx, rec.ID, nil)
	want(t, "listRecordTasks", lt, err, 200)
	check(t, "open tasks", len(lt.JSON200.Data), 1)
	cpt, err := c.CompleteTaskWithResponse(ctx, task.ID)
	want(t, "completeTask", cpt, err, 200)
	check(t, "status", cpt.JSON200.Task.Status, bc.TaskStatusDone)
	lt2, err := c.ListRecordTasksWithResponse(ctx, rec.ID, nil)
	want(t, "listRecordTasks after complete", lt2, err, 200)
	check(t, "done tasks hidden", len(lt2.JSON200.Data), 0)
	lt3, err := c.ListRecordTasksWithResponse(ctx, rec.ID, &bc.ListRecordTasksParams{IncludeCompleted: p(true)})
	want(t, "listRecordTasks includeCompleted", lt3, err, 200)
	check(t, "done tasks included", len(lt3.JSON200.Data), 1)

	// Notes.
	cn, err := c.CreateRecordNoteWithResponse(ctx, rec.ID, bc.NoteCreate{Title: "Call", Content: "<p>Wants a <b>pilot</b>.</p>"})
	want(t, "createRecordNote", cn, err, 201)
	check(t, "plain text derived", cn.JSON201.Note.ContentPlain, "Wants a pilot .")
	un, err := c.UpdateNoteWithResponse(ctx, cn.JSON201.Note.ID, bc.NoteUpdate{Title: p("First call")})
	want(t, "updateNote", un, err, 200)
	gn, err := c.GetNoteWithResponse(ctx, cn.JSON201.Note.ID)
	want(t, "getNote", gn, err, 200)
	check(t, "note title", gn.JSON200.Note.Title, "First call")
	ln, err := c.ListRecordNotesWithResponse(ctx, rec.ID, nil)
	want(t, "listRecordNotes", ln, err, 200)
	check(t, "notes", len(ln.JSON200.Data), 1)

}

// Cursor pages are complete and stable: records created while a client pages
// through appear neither twice nor cause a gap.
func TestCursorPagingIsStable(t *testing.T) {
	t.Parallel()
	_, c, ctx := setup(t, mockserver.DemoKeyFull)
	ws := mockserver.DemoWorkspacePartn
	create := func(name string) {
		r, err := c.CreateRecordWithResponse(ctx, bc.RecordCreate{WorkspaceID: ws, ObjectTypeSlug: p("company"), Fields: &bc.FieldValues{"name": name}})
		want(t, "create", r, err, 201)
	}
	for i := 0; i < 25; i++ {
		create("Before " + string(rune('A'+i)))
	}
	seen := map[string]int{}
	params := &bc.ListRecordsParams{WorkspaceID: &ws, Limit: p(4)}
	pages := 0
	for {
		r, err := c.ListRecordsWithResponse(ctx, params)
		want(t, "list", r, err, 200)
		pages++
		for _, rec := range r.JSON200.Data {
			seen[rec.DisplayName]++
		}
		create("During " + string(rune('a'+pages))) // newer than every page: never listed
		if !r.JSON200.Pagination.HasMore {
			if !r.JSON200.Pagination.Cursor.IsNull() {
				t.Error("last page has a cursor")
			}
			break
		}
		cur, _ := r.JSON200.Pagination.Cursor.Get()
		params.Cursor = &cur
	}
	for name, n := range seen {
		if n != 1 {
			t.Errorf("%s listed %d times", name, n)
		}
		if strings.HasPrefix(name, "During") {
			t.Errorf("%s was created after paging began but listed", name)
		}
	}
	check(t, "listed", len(seen), 25+2) // 25 created + the 2 demo records
	bad, err := c.ListRecordsWithResponse(ctx, &bc.ListRecordsParams{Cursor: p("not-a-cursor!")})
	want(t, "bad cursor", bad, err, 400)
	check(t, "cursor named", (*bad.JSON400.Error.Details)[0].Field, "cursor")
}
