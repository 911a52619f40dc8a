package mockserver_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/breakcold-go/breakcold/apispec"
	bc "github.com/breakcold-go/breakcold/gen/breakcold"
	"github.com/breakcold-go/breakcold/mockserver"
)

type response interface{ StatusCode() int }

// want fails the test unless the call succeeded with the status.
func want(t *testing.T, what string, r response, err error, status int) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if r.StatusCode() != status {
		body := reflect.ValueOf(r).Elem().FieldByName("Body").Bytes()
		t.Fatalf("%s: status %d, want %d: %s", what, r.StatusCode(), status, body)
	}
}

func p[T any](v T) *T { return &v }

// TestCurrentOperations drives every current-API operation through the generated
// client, each response validated against the spec, and checks that state
// round-trips: what is created is returned by get and list, updates persist,
// deletes and archives are reflected.
func TestCurrentOperations(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: -1})
	c := apiClient(t, ts, mockserver.DemoKeyFull)
	ctx := context.Background()
	ws := mockserver.DemoWorkspaceSales

	lw, err := c.ListWorkspacesWithResponse(ctx, nil)
	want(t, "listWorkspaces", lw, err, 200)
	check(t, "workspaces", len(lw.JSON200.Data), 2)

	// ---- CRM metadata ----
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

	lf, err := c.ListCrmFieldsWithResponse(ctx, person.ID)
	want(t, "listCrmFields", lf, err, 200)
	cf, err := c.CreateCrmFieldWithResponse(ctx, person.ID, bc.FieldDefinitionCreate{
		Slug: "tier", Name: "Tier", FieldType: string(bc.FieldTypeSelect),
		Options: &[]bc.FieldOptionInput{{ID: "tmp_gold", FieldDefinitionID: "tmp_tier", Value: "gold", Label: "Gold", Order: 0, IsDefault: true, IsActive: true}},
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

	// ---- Record views ----
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

	// ---- Records ----
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

	// ---- Tasks ----
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

	// ---- Notes ----
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

	// ---- Inbox ----
	lsa, err := c.ListSendAccountsWithResponse(ctx, &bc.ListSendAccountsParams{WorkspaceID: ws})
	want(t, "listSendAccounts", lsa, err, 200)
	email := lsa.JSON200.Data[0]
	check(t, "first account channel", email.Channel, bc.ChannelEmail)
	up, err := c.CreateAttachmentUploadURLWithResponse(ctx, bc.AttachmentUploadRequest{WorkspaceID: ws, FileName: "proposal.pdf", ContentType: "application/pdf", Size: 1024})
	want(t, "createAttachmentUploadUrl", up, err, 201)
	cc, err := c.ComposeConversationWithResponse(ctx, bc.ConversationCompose{
		WorkspaceID: ws, WorkspaceIntegrationAccountID: email.WorkspaceIntegrationAccountID, To: []string{"augusta@example.com"},
		Subject: p("Proposal"), TextPlain: p("Attached."), LinkedRecordIds: &[]string{rec.ID}, AttachmentStorageIds: &[]string{up.JSON201.StorageID},
	})
	want(t, "composeConversation", cc, err, 201)
	conv := cc.JSON201.Conversation
	check(t, "attachment counted", cc.JSON201.Message.AttachmentCount, 1)
	reuse, err := c.ComposeConversationWithResponse(ctx, bc.ConversationCompose{
		WorkspaceID: ws, WorkspaceIntegrationAccountID: email.WorkspaceIntegrationAccountID, To: []string{"x@example.com"},
		Subject: p("Again"), TextPlain: p("x"), AttachmentStorageIds: &[]string{up.JSON201.StorageID},
	})
	want(t, "composeConversation with a used upload", reuse, err, 400)
	lc, err := c.ListConversationsWithResponse(ctx, &bc.ListConversationsParams{WorkspaceID: ws, Search: p("proposal")})
	want(t, "listConversations", lc, err, 200)
	check(t, "newest conversation first", lc.JSON200.Data[0].ID, conv.ID)
	lrc, err := c.ListRecordConversationsWithResponse(ctx, rec.ID, nil)
	want(t, "listRecordConversations", lrc, err, 200)
	check(t, "record conversations", len(lrc.JSON200.Data), 1)
	sm, err := c.SendMessageWithResponse(ctx, conv.ID, bc.MessageSend{WorkspaceIntegrationAccountID: email.WorkspaceIntegrationAccountID, TextPlain: p("Following up.")})
	want(t, "sendMessage", sm, err, 201)
	check(t, "reply subject", *sm.JSON201.Message.Subject, "Re: Proposal")
	lm, err := c.ListConversationMessagesWithResponse(ctx, conv.ID, nil)
	want(t, "listConversationMessages", lm, err, 200)
	check(t, "messages oldest first", lm.JSON200.Data[1].ID, sm.JSON201.Message.ID)
	gm, err := c.GetMessageWithResponse(ctx, sm.JSON201.Message.ID)
	want(t, "getMessage", gm, err, 200)
	check(t, "message text", *gm.JSON200.Message.TextPlain, "Following up.")

	// ---- Inbox views ----
	civ, err := c.CreateInboxViewWithResponse(ctx, bc.InboxViewCreate{WorkspaceID: ws, Name: "Open threads", Config: &bc.ViewConfig{"filters": []any{map[string]any{"field": "isClosed", "operator": "is", "value": false}}}})
	want(t, "createInboxView", civ, err, 201)
	view := civ.JSON201.View
	liv, err := c.ListInboxViewsWithResponse(ctx, &bc.ListInboxViewsParams{WorkspaceID: ws})
	want(t, "listInboxViews", liv, err, 200)
	uiv, err := c.UpdateInboxViewWithResponse(ctx, view.ID, bc.InboxViewUpdate{Name: p("Still open")})
	want(t, "updateInboxView", uiv, err, 200)
	giv, err := c.GetInboxViewWithResponse(ctx, view.ID)
	want(t, "getInboxView", giv, err, 200)
	check(t, "inbox view renamed", giv.JSON200.View.Name, "Still open")
	inView, err := c.ListConversationsWithResponse(ctx, &bc.ListConversationsParams{WorkspaceID: ws, ViewID: &view.ID})
	want(t, "listConversations in view", inView, err, 200)
	gs, err := c.GetInboxSidebarWithResponse(ctx, &bc.GetInboxSidebarParams{WorkspaceID: ws})
	want(t, "getInboxSidebar", gs, err, 200)
	check(t, "sidebar views", len(gs.JSON200.Views), len(liv.JSON200.Data))
	items := []bc.SidebarItem{{Type: bc.Folder, ID: "folder000001"}}
	for _, v := range slices.Backward(gs.JSON200.Views) {
		items = append(items, bc.SidebarItem{Type: bc.View, ID: v.ID, ParentFolderID: p("folder000001")})
	}
	rs, err := c.ReorderInboxSidebarWithResponse(ctx, bc.InboxSidebarReorder{WorkspaceID: ws, Items: items})
	want(t, "reorderInboxSidebar", rs, err, 200)
	gs2, err := c.GetInboxSidebarWithResponse(ctx, &bc.GetInboxSidebarParams{WorkspaceID: ws})
	want(t, "getInboxSidebar after reorder", gs2, err, 200)
	check(t, "sidebar starts with the folder", *gs2.JSON200.Layout[0].FolderID, "folder000001")
	check(t, "views nested in the folder", *gs2.JSON200.Layout[1].ParentFolderID, "folder000001")
	div, err := c.DeleteInboxViewWithResponse(ctx, view.ID)
	want(t, "deleteInboxView", div, err, 200)
	givGone, err := c.GetInboxViewWithResponse(ctx, view.ID)
	want(t, "getInboxView after delete", givGone, err, 404)

	// ---- Meetings ----
	lme, err := c.ListMeetingsWithResponse(ctx, &bc.ListMeetingsParams{WorkspaceID: ws, HasTranscript: p(true)})
	want(t, "listMeetings", lme, err, 200)
	meeting := lme.JSON200.Data[0]
	gme, err := c.GetMeetingWithResponse(ctx, meeting.ID)
	want(t, "getMeeting", gme, err, 200)
	check(t, "meeting title", gme.JSON200.Meeting.Title, "Pilot kickoff")
	ltr, err := c.ListMeetingTranscriptWithResponse(ctx, meeting.ID, &bc.ListMeetingTranscriptParams{Limit: p(2)})
	want(t, "listMeetingTranscript", ltr, err, 200)
	check(t, "transcript page", len(ltr.JSON200.Data), 2)
	check(t, "transcript has more", ltr.JSON200.Pagination.HasMore, true)

	// ---- Integration hooks ----
	ch, err := c.CreateIntegrationHookWithResponse(ctx, bc.IntegrationHookCreate{WorkspaceID: ws, Platform: bc.Zapier, Event: bc.IntegrationEventRecordCreated, TargetURL: "https://hooks.zapier.com/hooks/standard/1/abc"})
	want(t, "createIntegrationHook", ch, err, 201)
	ls, err := c.ListIntegrationSamplesWithResponse(ctx, &bc.ListIntegrationSamplesParams{WorkspaceID: ws, Event: bc.IntegrationEventRecordCreated, Limit: p(1)})
	want(t, "listIntegrationSamples", ls, err, 200)
	check(t, "newest sample first", ls.JSON200.Data[0].Payload["id"], rec.ID)
	dh, err := c.DeleteIntegrationHookWithResponse(ctx, ch.JSON201.Hook.ID)
	want(t, "deleteIntegrationHook", dh, err, 200)
	dh2, err := c.DeleteIntegrationHookWithResponse(ctx, ch.JSON201.Hook.ID)
	want(t, "deleteIntegrationHook again", dh2, err, 404)

	// ---- Deletes that cascade ----
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

	// Every current-API operation answered with success at least once.
	doc, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	ops, err := apispec.Operations(doc)
	if err != nil {
		t.Fatal(err)
	}
	succeeded := map[string]bool{}
	for _, e := range ts.Journal(mockserver.JournalFilter{}) {
		if e.Status >= 200 && e.Status < 300 {
			succeeded[e.Operation] = true
		}
	}
	for _, op := range ops {
		if op.Generation == apispec.Current && !succeeded[op.ID] {
			t.Errorf("%s was never exercised successfully", op)
		}
	}
}

// Cursor pages are complete and stable: records created while a client pages
// through appear neither twice nor cause a gap.
func TestCursorPagingIsStable(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: -1})
	c := apiClient(t, ts, mockserver.DemoKeyFull)
	ctx := context.Background()
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

// TestLegacyOperations drives every legacy operation through the generated client,
// each exchange validated against the spec, and checks state round-trips.
func TestLegacyOperations(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: -1})
	c := apiClient(t, ts, mockserver.DemoKeyLegacy)
	ctx := context.Background()

	me, err := c.LegacyGetMeWithResponse(ctx)
	want(t, "legacyGetMe", me, err, 200)
	check(t, "me", me.JSON200.ID, mockserver.DemoLegacyUser)
	lw, err := c.LegacyListWorkspacesWithResponse(ctx, &bc.LegacyListWorkspacesParams{Role: p(true)})
	want(t, "legacyListWorkspaces", lw, err, 200)
	check(t, "space", (*lw.JSON200)[0].ID.String(), mockserver.DemoLegacySpace)
	lm, err := c.LegacyListMembersWithResponse(ctx)
	want(t, "legacyListMembers", lm, err, 200)
	ls, err := c.LegacyListStatusesWithResponse(ctx, &bc.LegacyListStatusesParams{All: p(true)})
	want(t, "legacyListStatuses", ls, err, 200)
	lt, err := c.LegacyListTagsWithResponse(ctx)
	want(t, "legacyListTags", lt, err, 200)
	ll, err := c.LegacyListListsWithResponse(ctx)
	want(t, "legacyListLists", ll, err, 200)
	la, err := c.LegacyListAttributesWithResponse(ctx)
	want(t, "legacyListAttributes", la, err, 200)

	cl, err := c.LegacyCreateListWithResponse(ctx, bc.LegacyListCreate{Name: "Conference"})
	want(t, "legacyCreateList", cl, err, 200)
	list := cl.JSON200.ID
	ul, err := c.LegacyUpdateListWithResponse(ctx, list, bc.LegacyListUpdate{Name: "Conference 2026"})
	want(t, "legacyUpdateList", ul, err, 200)
	check(t, "list renamed", ul.JSON200.Name, "Conference 2026")
	var statusIn bc.LegacyStatusCreate
	statusIn.Name = "Qualified"
	statusIn.IDList.Set(list)
	cs, err := c.LegacyCreateStatusWithResponse(ctx, statusIn)
	want(t, "legacyCreateStatus", cs, err, 200)
	status := cs.JSON200.ID
	us, err := c.LegacyUpdateStatusWithResponse(ctx, status, bc.LegacyStatusUpdate{Name: p("Sales qualified")})
	want(t, "legacyUpdateStatus", us, err, 200)
	ct, err := c.LegacyCreateTagWithResponse(ctx, bc.LegacyTagCreate{Name: "speaker"})
	want(t, "legacyCreateTag", ct, err, 200)
	tag := ct.JSON200.ID
	ut, err := c.LegacyUpdateTagWithResponse(ctx, tag, bc.LegacyTagUpdate{Name: p("keynote")})
	want(t, "legacyUpdateTag", ut, err, 200)
	ca, err := c.LegacyCreateAttributeWithResponse(ctx, bc.LegacyAttributeCreate{Name: "Badge", Type: bc.LegacyAttributeTypeText})
	want(t, "legacyCreateAttribute", ca, err, 200)
	attr := ca.JSON200.ID
	ua, err := c.LegacyUpdateAttributeWithResponse(ctx, attr, bc.LegacyAttributeUpdate{Name: p("Badge name")})
	want(t, "legacyUpdateAttribute", ua, err, 200)

	var leadIn bc.LegacyLeadCreate
	leadIn.FirstName.Set("Dorothy")
	leadIn.Email.Set("dorothy@bletchley.example")
	leadIn.Status = &[]openapi_types.UUID{status}
	cld, err := c.LegacyCreateLeadWithResponse(ctx, leadIn)
	want(t, "legacyCreateLead", cld, err, 200)
	lead := cld.JSON200.ID
	gl, err := c.LegacyGetLeadWithResponse(ctx, lead)
	want(t, "legacyGetLead", gl, err, 200)
	check(t, "lead email", gl.JSON200.Email.MustGet(), "dorothy@bletchley.example")
	var upd bc.LegacyLeadUpdate
	upd.Data.Company.Set("Bletchley Park")
	upd.Options = &bc.LegacyLeadUpdateOptions{TagsConnect: &[]openapi_types.UUID{tag}}
	ud, err := c.LegacyUpdateLeadWithResponse(ctx, lead, upd)
	want(t, "legacyUpdateLead", ud, err, 200)
	lld, err := c.LegacyListLeadsWithResponse(ctx, bc.LegacyLeadListRequest{Filter: &bc.LegacyLeadsFilter{Leads: &[]openapi_types.UUID{lead}}})
	want(t, "legacyListLeads", lld, err, 200)
	check(t, "update persisted", lld.JSON200.Leads[0].Company.MustGet(), "Bletchley Park")
	check(t, "tag connected", slices.Contains(lld.JSON200.Leads[0].Tags, tag), true)
	al, err := c.LegacyAddLeadsToListWithResponse(ctx, bc.LegacyAddLeadsToListRequest{IDList: list, Leads: []openapi_types.UUID{lead}})
	want(t, "legacyAddLeadsToList", al, err, 200)

	cn, err := c.LegacyCreateNoteWithResponse(ctx, bc.LegacyNoteCreate{IDLead: lead, Content: "Met at the conference."})
	want(t, "legacyCreateNote", cn, err, 200)
	lnt, err := c.LegacyListNotesWithResponse(ctx, bc.LegacyNoteListRequest{IDLead: &lead})
	want(t, "legacyListNotes", lnt, err, 200)
	check(t, "notes of the lead", len(lnt.JSON200.Data), 1)
	un, err := c.LegacyUpdateNoteWithResponse(ctx, cn.JSON200.ID, bc.LegacyNoteUpdate{Content: "Met at the conference; follow up."})
	want(t, "legacyUpdateNote", un, err, 200)
	dn, err := c.LegacyDeleteNoteWithResponse(ctx, cn.JSON200.ID)
	want(t, "legacyDeleteNote", dn, err, 200)

	var remIn bc.LegacyReminderCreate
	remIn.Name = "Call Dorothy"
	remIn.IDLead.Set(lead)
	cr, err := c.LegacyCreateReminderWithResponse(ctx, remIn)
	want(t, "legacyCreateReminder", cr, err, 200)
	lr, err := c.LegacyListRemindersWithResponse(ctx, bc.LegacyReminderListRequest{})
	want(t, "legacyListReminders", lr, err, 200)
	ur, err := c.LegacyUpdateReminderWithResponse(ctx, cr.JSON200.ID, bc.LegacyReminderUpdate{Name: p("Call Dorothy on Monday")})
	want(t, "legacyUpdateReminder", ur, err, 200)
	dr, err := c.LegacyDeleteReminderWithResponse(ctx, cr.JSON200.ID)
	want(t, "legacyDeleteReminder", dr, err, 200)

	dl, err := c.LegacyDeleteLeadWithResponse(ctx, lead)
	want(t, "legacyDeleteLead", dl, err, 200)
	gone, err := c.LegacyGetLeadWithResponse(ctx, lead)
	want(t, "legacyGetLead after delete", gone, err, 404)
	check(t, "procedure in the envelope", gone.JSON404.Data.Path, "lead.get")
	// In this order: deleting the list first would delete its status with it.
	for _, d := range []struct {
		what string
		del  func() (response, error)
	}{
		{"legacyDeleteAttribute", func() (response, error) { return c.LegacyDeleteAttributeWithResponse(ctx, attr) }},
		{"legacyDeleteTag", func() (response, error) { return c.LegacyDeleteTagWithResponse(ctx, tag) }},
		{"legacyDeleteStatus", func() (response, error) { return c.LegacyDeleteStatusWithResponse(ctx, status) }},
		{"legacyDeleteList", func() (response, error) { return c.LegacyDeleteListWithResponse(ctx, list) }},
	} {
		r, err := d.del()
		want(t, d.what, r, err, 200)
	}
	lt2, err := c.LegacyListTagsWithResponse(ctx)
	want(t, "legacyListTags after delete", lt2, err, 200)
	check(t, "tags back to the seed", len(*lt2.JSON200), len(*lt.JSON200))
}
