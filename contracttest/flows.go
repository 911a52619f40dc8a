package contracttest

import (
	"crypto/rand"
	"fmt"
	"net/url"
	"slices"
	"time"
)

// The flows walk every operation in an order where each finds what it needs. Every
// write is read back through the API, and compared on values unique to this run,
// so a server that keeps no state, or echoes the spec's examples, fails; when no
// operation reads a write back, the write's own answer must reflect it. A read-back
// of a change (a delete, a restore, a reorder) also needs an earlier answer that
// showed the state before it: absent from a list that never held the item, or in
// an order that was never different, proves nothing.

func (r *runner) conformance() {
	r.currentFlow()
	r.legacyFlow()
	r.followLinks()
}

// runTag makes this run's names and slugs unique, so read-backs cannot match data
// from an earlier run or an example.
func runTag() string { return fmt.Sprintf("ct%d", time.Now().UnixNano()%1_000_000_000) }

func (r *runner) currentFlow() {
	tag := runTag()
	x := r.step(call{op: "listWorkspaces"}, 200)
	ws := r.t.WorkspaceID
	if ws == "" {
		ws = r.id(x, "data", 0, "id")
	}
	r.state["workspace"], r.state["workspaces"] = ws, listedIDs(x, "data")

	x = r.step(call{op: "listCrmObjects", vars: vars("workspaceId", ws), query: q("workspaceId", ws)}, 200)
	person := ""
	if x != nil {
		items, _ := dig(x.json, "data").([]any)
		for _, it := range items {
			if str(dig(it, "slug")) == "person" {
				person = str(dig(it, "id"))
			}
		}
	}
	r.step(call{op: "getCrmObject", vars: vars("objectTypeId", person)}, 200, is(person, "object", "id"))
	r.step(call{op: "listCrmFields", vars: vars("objectTypeId", person)}, 200)
	r.step(call{op: "getCrmField", via: "listCrmFields"}, 200)
	r.step(call{op: "listRecordViews", vars: vars("objectTypeId", person)}, 200)
	r.step(call{op: "getRecordView", via: "listRecordViews"}, 200)

	// Reads of what the account holds already, so that a read-only run covers them.
	x = r.step(call{op: "listRecords", query: q("workspaceId", ws, "limit", "5")}, 200)
	held := r.id(x, "data", 0, "id")
	r.step(call{op: "getRecord", via: "listRecords"}, 200, is(held, "record", "id"))
	r.step(call{op: "listRecordTasks", via: "listRecords"}, 200)
	r.step(call{op: "listRecordNotes", via: "listRecords"}, 200)
	r.step(call{op: "listRecordConversations", via: "listRecords"}, 200)

	rec := r.recordLife(tag, ws, held)
	r.inbox(tag, ws, rec)
	x = r.step(call{op: "listMeetings", query: q("workspaceId", ws)}, 200)
	meeting := r.id(x, "data", 0, "id")
	r.step(call{op: "getMeeting", via: "listMeetings"}, 200, is(meeting, "meeting", "id"))
	r.step(call{op: "listMeetingTranscript", via: "listMeetings"}, 200)
	r.metadata(tag, ws)

	// Integration hooks: no operation lists them, so a second delete of the one
	// created must find it gone.
	hookURL := "https://hooks.zapier.com/hooks/standard/contract/" + tag
	x = r.step(call{op: "createIntegrationHook", body: with(r.example("createIntegrationHook"), "workspaceId", ws, "targetUrl", hookURL)}, 201,
		r.fresh("hook", "id"), is(hookURL, "hook", "targetUrl"))
	hook := r.id(x, "hook", "id")
	r.step(call{op: "listIntegrationSamples", query: q("workspaceId", ws, "event", "record.created")}, 200)
	r.step(call{op: "deleteIntegrationHook", via: "createIntegrationHook"}, 200, is(hook, "id"))
	r.step(call{op: "deleteIntegrationHook", label: "again is 404", after: "deleteIntegrationHook", vars: vars("hookId", hook)}, 404)

	// The record leaves as it should: archived, shown archived, restorable; it is
	// left archived.
	r.step(call{op: "archiveRecord", via: "createRecord"}, 200, is(true, "record", "isArchived"))
	archived := "record " + rec + " archived"
	r.step(call{op: "getRecord", after: "archiveRecord", vars: vars("recordId", rec)}, 200, r.observed(archived, is(true, "record", "isArchived")))
	r.step(call{op: "restoreRecord", via: "createRecord"}, 200, is(false, "record", "isArchived"))
	r.step(call{op: "getRecord", after: "restoreRecord", via: "createRecord"}, 200, r.needs(archived, is(false, "record", "isArchived")))
	r.step(call{op: "archiveRecord", label: "again, to leave the record archived", vars: vars("recordId", rec)}, 200, is(true, "record", "isArchived"))
}

// recordLife creates a record and its note, activity and task, reading each write
// back, and returns the record's id. The activity links the record held (another
// of the account's).
func (r *runner) recordLife(tag, ws, held string) string {
	name := "Contract " + tag
	x := r.step(call{op: "createRecord", body: with(r.example("createRecord"), "workspaceId", ws, "objectTypeSlug", "person",
		"fields", map[string]any{"name": name})}, 201, r.fresh("record", "id"), is(name, "record", "displayName"))
	rec := r.id(x, "record", "id")
	r.step(call{op: "getRecord", after: "createRecord", via: "createRecord"}, 200, is(rec, "record", "id"), is(name, "record", "displayName"),
		r.keeps(rec, "record"))
	renamed := name + " updated"
	r.step(call{op: "updateRecord", via: "createRecord", body: map[string]any{"fields": map[string]any{"name": renamed}}}, 200,
		is(renamed, "record", "displayName"))
	r.step(call{op: "getRecord", after: "updateRecord", via: "createRecord"}, 200, is(renamed, "record", "displayName"), r.keeps(rec, "record"))
	r.step(call{op: "listRecords", label: "finds the created record", after: "updateRecord", vars: vars("recordId", rec), query: q("workspaceId", ws, "search", tag)}, 200,
		r.listedWith(rec, "displayName", renamed, "data"))

	// The note first: its author is the key's user, whom the activity and the task
	// then name.
	note, title := r.childLife(child{"note", "title", "createRecordNote", "listRecordNotes", "updateNote", "recordId", "noteId"}, rec,
		with(r.example("createRecordNote"), "title", "Contract note "+tag), r.example("updateNote"))
	x = r.step(call{op: "getNote", after: "updateNote", vars: vars("noteId", note)}, 200, is(note, "note", "id"), is(title, "note", "title"), r.keeps(note, "note"))
	me := r.id(x, "note", "authorUserId")

	// No operation lists custom activities: the answer must reflect the request.
	title = "Contract call " + tag
	r.step(call{op: "createCustomActivity", via: "createRecord", body: with(r.example("createCustomActivity"),
		"participantUserIds", idList(me), "linkedRecordIds", idList(held), "title", title)}, 201,
		r.fresh("activity", "id"), is(title, "activity", "title"), is(rec, "activity", "primaryRecordId"))

	task, title := r.childLife(child{"task", "title", "createRecordTask", "listRecordTasks", "updateTask", "recordId", "taskId"}, rec,
		with(r.example("createRecordTask"), "title", "Contract task "+tag, "assigneeUserIds", idList(me)),
		with(r.example("updateTask"), "assigneeUserIds", []string{}))
	r.step(call{op: "completeTask", via: "createRecordTask"}, 200, is("done", "task", "status"))
	r.step(call{op: "listRecordTasks", label: "reads back updateTask and completeTask", after: "completeTask", vars: vars("recordId", rec, "taskId", task), query: q("includeCompleted", "true")}, 200,
		r.listedWith(task, "title", title, "data"), r.listedWith(task, "status", "done", "data"))
	return rec
}

// idList is the ids as a list for a request body, or nil (with leaves the property
// out) when an earlier step provided none.
func idList(ids ...string) any {
	if slices.Contains(ids, "") {
		return nil
	}
	return ids
}

// thing is a kind of named object of the current API that get reads back by id.
type thing struct {
	kind                string // the answer's envelope key: "view", "field", "object"
	create, get, update string
	idVar               string // the path parameter of get and update
	field               string // the name the run sets and changes
}

// life creates the thing from body (under createVars), reads it back, changes its
// name with update and reads that back; it returns the thing's id and its new name.
func (r *runner) life(t thing, createVars map[string]string, body, update map[string]any) (string, string) {
	name, _ := body[t.field].(string)
	x := r.step(call{op: t.create, vars: createVars, body: body}, 201, r.fresh(t.kind, "id"), is(name, t.kind, t.field))
	id := r.id(x, t.kind, "id")
	r.step(call{op: t.get, after: t.create, vars: vars(t.idVar, id)}, 200, is(name, t.kind, t.field), r.keeps(id, t.kind))
	name += " updated"
	r.step(call{op: t.update, vars: vars(t.idVar, id), body: with(update, t.field, name)}, 200, is(name, t.kind, t.field))
	r.step(call{op: t.get, after: t.update, vars: vars(t.idVar, id)}, 200, is(name, t.kind, t.field), r.keeps(id, t.kind))
	return id, name
}

// child is a kind of object listed under a parent (a record's tasks and notes, a
// field's options): the parent's list reads it back.
type child struct {
	kind, field          string // the answer's envelope key; the name the run sets and changes
	create, list, update string
	parentVar, idVar     string // the path parameters of create and list, and of update
}

// childLife creates the child of parent from body, reads it back in the parent's
// list and changes its name with update; it returns the child's id and its new
// name.
func (r *runner) childLife(c child, parent string, body, update map[string]any) (string, string) {
	name, _ := body[c.field].(string)
	x := r.step(call{op: c.create, vars: vars(c.parentVar, parent), body: body}, 201, r.fresh(c.kind, "id"), is(name, c.kind, c.field))
	id := r.id(x, c.kind, "id")
	r.step(call{op: c.list, after: c.create, vars: vars(c.parentVar, parent, c.idVar, id)}, 200, r.listedWith(id, c.field, name, "data"))
	name += " updated"
	r.step(call{op: c.update, vars: vars(c.parentVar, parent, c.idVar, id), body: with(update, c.field, name)}, 200, is(name, c.kind, c.field))
	return id, name
}

// inbox reads conversations and messages, sends (when allowed) a conversation of
// the run's own, and makes, reorders and deletes an inbox view.
func (r *runner) inbox(tag, ws, rec string) {
	r.step(call{op: "listConversations", query: q("workspaceId", ws)}, 200)
	x := r.step(call{op: "listConversationMessages", via: "listConversations"}, 200)
	msg := r.id(x, "data", 0, "id")
	r.step(call{op: "getMessage", via: "listConversationMessages"}, 200, is(msg, "message", "id"))
	x = r.step(call{op: "listSendAccounts", query: q("workspaceId", ws)}, 200)
	account := r.id(x, "data", 0, "workspaceIntegrationAccountId")
	r.step(call{op: "createAttachmentUploadUrl", body: with(r.example("createAttachmentUploadUrl"), "workspaceId", ws)}, 201)

	subject := "Contract " + tag
	x = r.step(call{op: "composeConversation", vars: vars("workspaceIntegrationAccountId", account, "recordId", rec),
		body: with(r.example("composeConversation"), "workspaceId", ws, "workspaceIntegrationAccountId", account, "linkedRecordIds", []string{rec}, "subject", subject)}, 201,
		r.fresh("conversation", "id"), is(subject, "conversation", "subject"))
	mine, first := r.id(x, "conversation", "id"), r.id(x, "message", "id")
	text := "Contract reply " + tag
	x = r.step(call{op: "sendMessage", vars: vars("conversationId", mine),
		body: with(r.example("sendMessage"), "workspaceIntegrationAccountId", account, "textPlain", text)}, 201,
		r.fresh("message", "id"), is(text, "message", "textPlain"), is(mine, "message", "conversationId"))
	sent := r.id(x, "message", "id")
	r.step(call{op: "listConversationMessages", label: "reads back composeConversation and sendMessage", after: "sendMessage", vars: vars("conversationId", mine, "messageId", sent)}, 200,
		r.listedWith(first, "", nil, "data"), r.listedWith(sent, "textPlain", text, "data"))
	r.step(call{op: "listRecordConversations", after: "composeConversation", vars: vars("recordId", rec, "conversationId", mine)}, 200,
		r.listedWith(mine, "subject", subject, "data"))

	x = r.step(call{op: "listInboxViews", query: q("workspaceId", ws)}, 200)
	held := r.id(x, "data", 0, "id")
	r.step(call{op: "getInboxView", via: "listInboxViews"}, 200, is(held, "view", "id"))
	view, name := r.life(thing{"view", "createInboxView", "getInboxView", "updateInboxView", "viewId", "name"}, nil,
		with(r.example("createInboxView"), "workspaceId", ws, "name", "Contract "+tag, "visibility", "personal"),
		with(r.example("updateInboxView"), "visibility", "workspace", "config", map[string]any{"filters": []any{}}))

	// The sidebar: the run's view moves to the top (or, if it is there, to the end).
	x = r.step(call{op: "getInboxSidebar", query: q("workspaceId", ws)}, 200)
	listed := sidebarItems(x)
	before := listedIDs(&exchange{json: map[string]any{"items": listed}}, "items")
	order := moved(before, view)
	byID := map[string]any{}
	for _, it := range listed {
		byID[str(dig(it, "id"))] = it
	}
	items := make([]any, 0, len(order))
	for _, id := range order {
		items = append(items, byID[id])
	}
	r.step(call{op: "reorderInboxSidebar", vars: vars("sidebar", given(order)), body: map[string]any{"workspaceId": ws, "items": items}}, 200,
		sidebarOrdered(order))
	r.step(call{op: "getInboxSidebar", after: "reorderInboxSidebar", vars: vars("sidebar", given(order)), query: q("workspaceId", ws)}, 200,
		changed(before, order, view), sidebarOrdered(order))
	r.step(call{op: "listInboxViews", after: "updateInboxView", vars: vars("viewId", view), query: q("workspaceId", ws)}, 200,
		r.listedWith(view, "name", name, "data"))
	r.step(call{op: "deleteInboxView", vars: vars("viewId", view)}, 200, is(view, "id"))
	r.step(call{op: "getInboxView", label: "is 404 after deleteInboxView", after: "deleteInboxView", vars: vars("viewId", view)}, 404)
	r.step(call{op: "listInboxViews", after: "deleteInboxView", vars: vars("viewId", view), query: q("workspaceId", ws)}, 200, r.gone(view, "data"))
}

// sidebarItems turns a sidebar's layout ({views, folders, layout}) back into the
// items reorderInboxSidebar takes, in layout order.
func sidebarItems(x *exchange) []any {
	if x == nil {
		return nil
	}
	layout, _ := dig(x.json, "layout").([]any)
	out := make([]any, 0, len(layout))
	for _, place := range layout {
		it := map[string]any{"type": "view", "id": dig(place, "viewId")}
		if id := dig(place, "folderId"); id != nil {
			it = map[string]any{"type": "folder", "id": id}
		}
		if parent := dig(place, "parentFolderId"); parent != nil {
			it["parentFolderId"] = parent
		}
		out = append(out, it)
	}
	return out
}

// sidebarOrdered checks the sidebar's layout lists the ids in the order the run set.
func sidebarOrdered(ids []string) verdict {
	return func(x *exchange) string {
		got := listedIDs(&exchange{json: map[string]any{"items": sidebarItems(x)}}, "items")
		if jsonText(got) != jsonText(ids) {
			return fmt.Sprintf("the sidebar's layout lists %s, want the order set, %s", jsonText(got), jsonText(ids))
		}
		return ""
	}
}

// metadata creates an object type with a field, an option and a view, changes and
// reorders each, and deletes them again.
func (r *runner) metadata(tag, ws string) {
	obj, objName := r.life(thing{"object", "createCrmObject", "getCrmObject", "updateCrmObject", "objectTypeId", "namePlural"}, nil,
		map[string]any{"workspaceId": ws, "slug": tag, "nameSingular": "Contract " + tag, "namePlural": "Contracts " + tag},
		r.example("updateCrmObject"))
	x := r.step(call{op: "listCrmObjects", after: "updateCrmObject", vars: vars("objectTypeId", obj), query: q("workspaceId", ws)}, 200,
		r.listedWith(obj, "namePlural", objName, "data"))
	r.reorder(x, obj, call{op: "reorderCrmObjects", vars: vars("objectTypeId", obj), body: map[string]any{"workspaceId": ws}}, "objectTypeIds",
		call{op: "listCrmObjects", vars: vars("objectTypeId", obj), query: q("workspaceId", ws)})

	field, name := r.life(thing{"field", "createCrmField", "getCrmField", "updateCrmField", "fieldDefinitionId", "name"}, vars("objectTypeId", obj),
		with(r.example("createCrmField"), "name", "Contract stage "+tag, "slug", "stage_"+tag,
			"isRequired", true, "isMultiple", true, "showInCreateModal", true, "notifyOnAssign", true,
			"defaultValue", []string{"lead"}, "validation", map[string]any{"maxSelected": 2}),
		with(r.example("updateCrmField"), "isHidden", true, "isRequired", false, "isMultiple", false, "showInCreateModal", false, "notifyOnAssign", false,
			"defaultValue", "won", "validation", map[string]any{"maxSelected": 1}))

	option, label := r.childLife(child{"option", "label", "createFieldOption", "listFieldOptions", "updateFieldOption", "fieldDefinitionId", "fieldOptionId"}, field,
		with(r.example("createFieldOption"), "label", "Contract option "+tag, "value", "opt_"+tag, "isDefault", true, "isActive", true),
		with(r.example("updateFieldOption"), "value", "opt_"+tag+"_updated", "isDefault", false, "isActive", false))
	x = r.step(call{op: "listFieldOptions", after: "updateFieldOption", vars: vars("fieldDefinitionId", field, "fieldOptionId", option)}, 200,
		r.listedWith(option, "label", label, "data"))
	r.reorder(x, option, call{op: "reorderFieldOptions", vars: vars("fieldDefinitionId", field)}, "optionIds",
		call{op: "listFieldOptions", vars: vars("fieldDefinitionId", field)})

	x = r.step(call{op: "listCrmFields", label: "of the object the run created", after: "createCrmObject", vars: vars("objectTypeId", obj, "fieldDefinitionId", field)}, 200,
		r.listedWith(field, "name", name, "data"))
	r.reorder(x, field, call{op: "reorderCrmFields", vars: vars("objectTypeId", obj)}, "fieldDefinitionIds",
		call{op: "listCrmFields", vars: vars("objectTypeId", obj)})

	view, name := r.life(thing{"view", "createRecordView", "getRecordView", "updateRecordView", "viewId", "name"}, vars("objectTypeId", obj),
		with(r.example("createRecordView"), "name", "Contract view "+tag, "kanbanFieldDefinitionId", field,
			"kanbanWinOptionIds", idList(option), "kanbanLossOptionIds", []string{}, "isDefault", false),
		with(r.example("updateRecordView"), "type", "table", "isDefault", true, "config", map[string]any{"sorts": []any{}},
			"kanbanFieldDefinitionId", field, "kanbanWinOptionIds", []string{}, "kanbanLossOptionIds", idList(option)))
	x = r.step(call{op: "listRecordViews", label: "of the object the run created", after: "createCrmObject", vars: vars("objectTypeId", obj, "viewId", view)}, 200,
		r.listedWith(view, "name", name, "data"))
	r.reorder(x, view, call{op: "reorderRecordViews", vars: vars("objectTypeId", obj)}, "viewIds",
		call{op: "listRecordViews", vars: vars("objectTypeId", obj)})

	r.step(call{op: "deleteRecordView", vars: vars("viewId", view)}, 200, is(view, "id"))
	r.step(call{op: "getRecordView", label: "is 404 after deleteRecordView", after: "deleteRecordView", vars: vars("viewId", view)}, 404)
	r.step(call{op: "deleteFieldOption", vars: vars("fieldDefinitionId", field, "fieldOptionId", option)}, 200, is(option, "id"))
	r.step(call{op: "listFieldOptions", after: "deleteFieldOption", vars: vars("fieldDefinitionId", field, "fieldOptionId", option)}, 200, r.gone(option, "data"))
	r.step(call{op: "deleteCrmField", vars: vars("fieldDefinitionId", field)}, 200, is(field, "id"))
	r.step(call{op: "getCrmField", label: "is 404 after deleteCrmField", after: "deleteCrmField", vars: vars("fieldDefinitionId", field)}, 404)
	r.step(call{op: "deleteCrmObject", vars: vars("objectTypeId", obj)}, 200, is(obj, "id"))
	r.step(call{op: "getCrmObject", label: "is 404 after deleteCrmObject", after: "deleteCrmObject", vars: vars("objectTypeId", obj)}, 404)
}

// legacyFlow walks every legacy operation: reads, then a lead's life with the
// list, status, tag, attribute, note and reminder it uses, deleting them again.
// Legacy collections are bare arrays, so their read-backs look at the answer's root.
func (r *runner) legacyFlow() {
	tag := runTag()
	x := r.step(call{op: "legacyGetMe"}, 200)
	me := r.id(x, "id")
	r.step(call{op: "legacyListWorkspaces", query: q("role", "true")}, 200)
	r.step(call{op: "legacyListMembers"}, 200)
	r.step(call{op: "legacyListStatuses", query: q("all", "true")}, 200)
	r.step(call{op: "legacyListTags"}, 200)
	r.step(call{op: "legacyListLists"}, 200)
	r.step(call{op: "legacyListAttributes"}, 200)
	page := map[string]any{"page": 0, "page_size": 5}
	x = r.step(call{op: "legacyListLeads", body: map[string]any{"pagination": page}}, 200)
	held := r.id(x, "leads", 0, "id")
	r.step(call{op: "legacyGetLead", via: "legacyListLeads"}, 200, is(held, "id"))
	r.step(call{op: "legacyListNotes", vars: vars("lead", held), body: map[string]any{"pagination": page, "id_lead": held}}, 200)
	r.step(call{op: "legacyListReminders", body: map[string]any{"pagination": page}}, 200)

	// Lists, statuses, tags and attributes share one life: create, read back,
	// rename, read back (and, at the end, delete and read back).
	lists := legacyCollection{"List", "legacyListLists", nil}
	statuses := legacyCollection{"Status", "legacyListStatuses", q("all", "true")}
	tags := legacyCollection{"Tag", "legacyListTags", nil}
	attributes := legacyCollection{"Attribute", "legacyListAttributes", nil}
	name := "Contract " + tag
	list := r.legacyLife(lists, nil, map[string]any{"name": name}, name, map[string]any{"name": name + " updated"})
	name = "Contract status " + tag
	status := r.legacyLife(statuses, vars("id_list", list), with(r.example("legacyCreateStatus"), "id_list", list, "name", name, "order", 0, "type", "won"), name,
		with(r.example("legacyUpdateStatus"), "name", name+" updated", "color", "#0693e3", "order", 0, "type", "lost"))
	name = "contract-" + tag
	tagID := r.legacyLife(tags, nil, with(r.example("legacyCreateTag"), "name", name), name, map[string]any{"name": name + " updated", "color": "#0693e3"})
	name = "Contract attribute " + tag
	attrBody := with(r.example("legacyCreateAttribute"), "name", name, "slug", "contract-attribute-"+tag, "type", "TEXT", "select_options", nil, "isMultiSelect", nil)
	if r.t.LegacyObjectID != "" {
		attrBody["id_object"] = r.t.LegacyObjectID
	}
	attr := r.legacyLife(attributes, nil, attrBody, name, map[string]any{"name": name + " updated"})

	email := tag + "@contract.example"
	// The lead joins the run's list and tag later (legacyAddLeadsToList, legacyUpdateLead), whose
	// read-backs need it outside them first.
	x = r.step(call{op: "legacyCreateLead", vars: vars("status", status), body: with(r.example("legacyCreateLead"), "email", email, "status", []string{status},
		"id", newUUID(), "owners", idList(me), "attributes", attrValue(attr, "Contract value "+tag), "contract_currency", "EUR", "is_draft", false)}, 200,
		r.fresh("id"), is(email, "email"))
	lead := r.id(x, "id")
	r.step(call{op: "legacyGetLead", after: "legacyCreateLead", via: "legacyCreateLead"}, 200, is(email, "email"), holds(status, "status"))
	company := "Contract Co " + tag
	data := with(map[string]any{"company": company, "contract_currency": "USD", "is_contract": true, "is_draft": false},
		"owners", idList(me), "attributes", attrValue(attr, "Contract value "+tag+" updated"))
	r.step(call{op: "legacyUpdateLead", vars: vars("id", lead, "tag", tagID), body: map[string]any{"data": data, "options": map[string]any{"tags_connect": []string{tagID}}}}, 200,
		is(company, "company"))
	r.step(call{op: "legacyGetLead", after: "legacyUpdateLead", vars: vars("id", lead, "tag", tagID)}, 200, is(company, "company"), holds(tagID, "tags"))
	r.step(call{op: "legacyListLeads", after: "legacyUpdateLead", vars: vars("lead", lead), body: map[string]any{"pagination": map[string]any{"page": 0, "page_size": 100}, "filter": map[string]any{"leads": []string{lead}}}}, 200,
		r.listedWith(lead, "company", company, "leads"))
	r.step(call{op: "legacyAddLeadsToList", vars: vars("lead", lead, "list", list), body: map[string]any{"id_list": list, "leads": []string{lead}}}, 200)
	r.step(call{op: "legacyGetLead", after: "legacyAddLeadsToList", vars: vars("id", lead, "list", list)}, 200, holds(list, "lists"))

	content := "Contract note " + tag
	x = r.step(call{op: "legacyCreateNote", vars: vars("lead", lead), body: with(r.example("legacyCreateNote"), "id_lead", lead, "content", content)}, 200,
		r.fresh("id"), is(content, "content"))
	note := r.id(x, "id")
	notes := call{op: "legacyListNotes", vars: vars("lead", lead, "note", note), body: map[string]any{"pagination": map[string]any{"page": 0, "page_size": 50}, "id_lead": lead}}
	notes.after = "legacyCreateNote"
	r.step(notes, 200, r.listedWith(note, "content", content, "data"))
	content += " updated"
	r.step(call{op: "legacyUpdateNote", vars: vars("id", note), body: map[string]any{"content": content}}, 200, is(content, "content"))
	notes.after = "legacyUpdateNote"
	r.step(notes, 200, r.listedWith(note, "content", content, "data"))
	r.step(call{op: "legacyDeleteNote", vars: vars("id", note)}, 200, is(note, "id"))
	notes.after = "legacyDeleteNote"
	r.step(notes, 200, r.gone(note, "data"))

	name = "Contract reminder " + tag
	x = r.step(call{op: "legacyCreateReminder", vars: vars("lead", lead), body: with(r.example("legacyCreateReminder"), "id_lead", lead, "name", name, "users", idList(me))}, 200,
		r.fresh("id"), is(name, "name"))
	reminder := r.id(x, "id")
	reminders := call{op: "legacyListReminders", vars: vars("reminder", reminder), body: map[string]any{"pagination": map[string]any{"page": 0, "page_size": 100}}}
	reminders.after = "legacyCreateReminder"
	r.step(reminders, 200, r.listedWith(reminder, "name", name, "data"))
	name += " updated"
	r.step(call{op: "legacyUpdateReminder", vars: vars("id", reminder), body: with(r.example("legacyUpdateReminder"), "name", name, "id_lead", lead, "users", idList(me))}, 200, is(name, "name"))
	reminders.after = "legacyUpdateReminder"
	r.step(reminders, 200, r.listedWith(reminder, "name", name, "data"))
	r.step(call{op: "legacyDeleteReminder", vars: vars("id", reminder)}, 200, is(reminder, "id"))
	reminders.after = "legacyDeleteReminder"
	r.step(reminders, 200, r.gone(reminder, "data"))

	r.step(call{op: "legacyDeleteLead", vars: vars("id", lead)}, 200, is(lead, "id"))
	r.step(call{op: "legacyGetLead", label: "is 404 after legacyDeleteLead", after: "legacyDeleteLead", vars: vars("id", lead)}, 404)
	for _, del := range []struct {
		c  legacyCollection
		id string
	}{{attributes, attr}, {tags, tagID}, {statuses, status}, {lists, list}} {
		r.step(call{op: del.c.op("Delete"), vars: vars("id", del.id)}, 200, is(del.id, "id"))
		r.step(del.c.read(del.c.op("Delete"), del.id), 200, r.gone(del.id))
	}
}

// legacyCollection is one of the legacy API's small collections, listed whole as a
// bare array.
type legacyCollection struct {
	noun  string // its operations are legacyCreate<noun>, legacyUpdate<noun>, legacyDelete<noun>
	list  string
	query url.Values
}

func (c legacyCollection) op(verb string) string { return "legacy" + verb + c.noun }

// read lists the collection to read back what the operation after did to id.
func (c legacyCollection) read(after, id string) call {
	return call{op: c.list, after: after, vars: vars("id", id), query: c.query}
}

// legacyLife creates an item, renames it, reads back both, and returns its id.
func (r *runner) legacyLife(c legacyCollection, createVars map[string]string, body map[string]any, name string, update map[string]any) string {
	x := r.step(call{op: c.op("Create"), vars: createVars, body: body}, 200, r.fresh("id"), is(name, "name"))
	id := r.id(x, "id")
	r.step(c.read(c.op("Create"), id), 200, r.listedWith(id, "name", name))
	r.step(call{op: c.op("Update"), vars: vars("id", id), body: update}, 200, is(update["name"], "name"))
	r.step(c.read(c.op("Update"), id), 200, r.listedWith(id, "name", update["name"]))
	return id
}

// attrValue is a lead's attributes with the run's attribute set to value, or nil
// (with leaves them out) when the attribute could not be made.
func attrValue(attr, value string) any {
	if attr == "" {
		return nil
	}
	return map[string]any{attr: value}
}

// newUUID is a random version 4 UUID: legacyCreateLead takes the lead's id.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
