package contracttest

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
)

// dig walks a decoded JSON value by object keys and array indexes ("data", 0, "id").
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// isWrite reports whether an operation changes state (legacy lists are POSTs that read).
func isWrite(op apispec.Operation) bool {
	if op.Method == http.MethodGet {
		return false
	}
	return !(op.Generation == apispec.Legacy && strings.HasSuffix(op.Path, "/list"))
}

var sendsMessages = map[string]bool{"composeConversation": true, "sendMessage": true}

// example is the request example the spec gives for an operation, as a fresh map.
func (r *runner) example(opID string) map[string]any {
	op := r.ops[opID]
	out := map[string]any{}
	if op.Op.RequestBody == nil || op.Op.RequestBody.Value == nil {
		return out
	}
	if mt := op.Op.RequestBody.Value.Content.Get("application/json"); mt != nil {
		if m, ok := mt.Example.(map[string]any); ok {
			for k, v := range m {
				out[k] = v
			}
		}
	}
	return out
}

// with returns the example body with some properties replaced (nil deletes).
func with(body map[string]any, kv ...any) map[string]any {
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		if kv[i+1] == nil {
			delete(body, k)
		} else {
			body[k] = kv[i+1]
		}
	}
	return body
}

// step runs one conformance call: it passes when the status is want and the exchange
// has no spec or rate-limit issues, and then when check (if any) finds nothing wrong.
// It returns the exchange when the call was made.
func (r *runner) step(c call, want int, check func(x *exchange) string) *exchange {
	op := r.ops[c.op]
	res := Result{Group: "conformance", Name: op.String(), Operation: op.ID}
	skip := func(why string) *exchange {
		res.Outcome, res.Message = "skip", why
		r.add(res)
		return nil
	}
	switch {
	case r.t.Skip[op.ID] != "":
		return skip(r.t.Skip[op.ID])
	case r.t.ReadOnly && isWrite(op):
		return skip("read-only run")
	case sendsMessages[op.ID] && !r.t.AllowSend:
		return skip("sends a real message; set AllowSend to exercise it")
	case op.Generation == apispec.Legacy && r.t.Keys.Legacy == "":
		return skip("no legacy key")
	case op.Generation == apispec.Current && r.t.Keys.Full == "":
		return skip("no current-API key")
	}
	for k, v := range c.vars {
		if v == "" {
			return skip(fmt.Sprintf("needs a %s, which no earlier step provided", k))
		}
	}
	start := time.Now()
	x, err := r.send(c)
	res.Duration = time.Since(start)
	if err != nil {
		if errors.Is(err, errBudget) {
			return skip("request budget spent")
		}
		res.Outcome, res.Message = "fail", err.Error()
		r.add(res)
		return nil
	}
	res.Request, res.Status, res.Curl = x.request(), x.status, x.curl()
	issues := x.issues
	if x.status != want {
		issues = append([]string{fmt.Sprintf("status %d, want %d: %s", x.status, want, oneLine(string(x.resp)))}, issues...)
	} else if check != nil {
		if msg := check(x); msg != "" {
			issues = append(issues, msg)
		}
	}
	res.Outcome = "pass"
	if len(issues) > 0 {
		res.Outcome, res.Message = "fail", strings.Join(issues, "; ")
	}
	r.add(res)
	return x
}

func (r *runner) id(x *exchange, path ...any) string {
	if x == nil || x.status >= 300 {
		return ""
	}
	return str(dig(x.json, path...))
}

func vars(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// listed reports whether a list answer's items include the id.
func listed(x *exchange, key, id string) bool {
	items, _ := dig(x.json, key).([]any)
	for _, it := range items {
		if str(dig(it, "id")) == id {
			return true
		}
	}
	return false
}

func (r *runner) conformance() {
	if r.t.Keys.Full != "" {
		r.currentFlow()
	}
	if r.t.Keys.Legacy != "" {
		r.legacyFlow()
	}
}

// currentFlow walks every current-API operation in an order where each finds what it
// needs: reads first, then a record's life (create, get, update, list, archive) and
// the metadata it can create and delete again.
func (r *runner) currentFlow() {
	tag := fmt.Sprintf("ct%d", time.Now().UnixNano()%1_000_000_000)
	x := r.step(call{op: "listWorkspaces"}, 200, nil)
	ws := r.t.WorkspaceID
	if ws == "" {
		ws = r.id(x, "data", 0, "id")
	}
	r.state["workspace"] = ws

	x = r.step(call{op: "listCrmObjects", vars: vars("workspaceId", ws), query: q("workspaceId", ws)}, 200, nil)
	var person, objectIDs = "", []string{}
	if x != nil {
		items, _ := dig(x.json, "data").([]any)
		for _, it := range items {
			objectIDs = append(objectIDs, str(dig(it, "id")))
			if str(dig(it, "slug")) == "person" {
				person = str(dig(it, "id"))
			}
		}
	}
	r.step(call{op: "getCrmObject", vars: vars("objectTypeId", person)}, 200, nil)
	x = r.step(call{op: "listCrmFields", vars: vars("objectTypeId", person)}, 200, nil)
	r.step(call{op: "getCrmField", vars: vars("fieldDefinitionId", r.id(x, "data", 0, "id"))}, 200, nil)
	x = r.step(call{op: "listRecordViews", vars: vars("objectTypeId", person)}, 200, nil)
	r.step(call{op: "getRecordView", vars: vars("viewId", r.id(x, "data", 0, "id"))}, 200, nil)
	r.step(call{op: "listRecords", query: q("workspaceId", ws, "limit", "5")}, 200, nil)

	// A record's life: create, get, update, find in a list, archive, restore.
	name := "Contract " + tag
	x = r.step(call{op: "createRecord", body: with(r.example("createRecord"), "workspaceId", ws, "objectTypeSlug", "person",
		"fields", map[string]any{"name": name})}, 201, nil)
	rec := r.id(x, "record", "id")
	r.step(call{op: "getRecord", vars: vars("recordId", rec)}, 200, func(x *exchange) string {
		if got := str(dig(x.json, "record", "displayName")); got != name {
			return fmt.Sprintf("get does not return what was created: displayName %q, want %q", got, name)
		}
		return ""
	})
	renamed := name + " updated"
	r.step(call{op: "updateRecord", vars: vars("recordId", rec), body: map[string]any{"fields": map[string]any{"name": renamed}}}, 200, nil)
	r.step(call{op: "listRecords", query: q("workspaceId", ws, "search", tag)}, 200, func(x *exchange) string {
		if !listed(x, "data", rec) {
			return "the created record is not listed"
		}
		if got := str(dig(x.json, "data", 0, "displayName")); got != renamed {
			return fmt.Sprintf("the update did not persist: displayName %q, want %q", got, renamed)
		}
		return ""
	})
	r.step(call{op: "createCustomActivity", vars: vars("recordId", rec), body: with(r.example("createCustomActivity"), "participantUserIds", nil)}, 201, nil)

	x = r.step(call{op: "createRecordTask", vars: vars("recordId", rec), body: map[string]any{"title": "Contract task " + tag}}, 201, nil)
	task := r.id(x, "task", "id")
	r.step(call{op: "listRecordTasks", vars: vars("recordId", rec)}, 200, func(x *exchange) string {
		if !listed(x, "data", task) {
			return "the created task is not listed"
		}
		return ""
	})
	r.step(call{op: "updateTask", vars: vars("taskId", task), body: map[string]any{"title": "Contract task updated"}}, 200, nil)
	r.step(call{op: "completeTask", vars: vars("taskId", task)}, 200, func(x *exchange) string {
		if s := str(dig(x.json, "task", "status")); s != "done" {
			return fmt.Sprintf("completed task has status %q", s)
		}
		return ""
	})

	x = r.step(call{op: "createRecordNote", vars: vars("recordId", rec), body: r.example("createRecordNote")}, 201, nil)
	note := r.id(x, "note", "id")
	r.step(call{op: "listRecordNotes", vars: vars("recordId", rec)}, 200, nil)
	r.step(call{op: "updateNote", vars: vars("noteId", note), body: map[string]any{"title": "Contract note updated"}}, 200, nil)
	r.step(call{op: "getNote", vars: vars("noteId", note)}, 200, func(x *exchange) string {
		if got := str(dig(x.json, "note", "title")); got != "Contract note updated" {
			return fmt.Sprintf("note update did not persist: title %q", got)
		}
		return ""
	})

	// Inbox: reads, then (when allowed) a conversation of our own.
	x = r.step(call{op: "listConversations", query: q("workspaceId", ws)}, 200, nil)
	conv := r.id(x, "data", 0, "id")
	r.step(call{op: "listRecordConversations", vars: vars("recordId", rec)}, 200, nil)
	x = r.step(call{op: "listConversationMessages", vars: vars("conversationId", conv)}, 200, nil)
	r.step(call{op: "getMessage", vars: vars("messageId", r.id(x, "data", 0, "id"))}, 200, nil)
	x = r.step(call{op: "listSendAccounts", query: q("workspaceId", ws)}, 200, nil)
	account := r.id(x, "data", 0, "workspaceIntegrationAccountId")
	r.step(call{op: "createAttachmentUploadUrl", body: with(r.example("createAttachmentUploadUrl"), "workspaceId", ws)}, 201, nil)
	x = r.step(call{op: "composeConversation", vars: vars("workspaceIntegrationAccountId", account),
		body: with(r.example("composeConversation"), "workspaceId", ws, "workspaceIntegrationAccountId", account, "linkedRecordIds", []string{rec})}, 201, nil)
	r.step(call{op: "sendMessage", vars: vars("conversationId", r.id(x, "conversation", "id")),
		body: with(r.example("sendMessage"), "workspaceIntegrationAccountId", account)}, 201, nil)

	// Inbox views and the sidebar.
	r.step(call{op: "listInboxViews", query: q("workspaceId", ws)}, 200, nil)
	x = r.step(call{op: "createInboxView", body: with(r.example("createInboxView"), "workspaceId", ws, "name", "Contract "+tag, "visibility", "personal")}, 201, nil)
	view := r.id(x, "view", "id")
	r.step(call{op: "updateInboxView", vars: vars("viewId", view), body: map[string]any{"name": "Contract view updated"}}, 200, nil)
	r.step(call{op: "getInboxView", vars: vars("viewId", view)}, 200, nil)
	x = r.step(call{op: "getInboxSidebar", query: q("workspaceId", ws)}, 200, nil)
	if x != nil {
		r.step(call{op: "reorderInboxSidebar", body: map[string]any{"workspaceId": ws, "items": sidebarItems(x)}}, 200, nil)
	}
	r.step(call{op: "deleteInboxView", vars: vars("viewId", view)}, 200, nil)
	r.step(call{op: "getInboxView", vars: vars("viewId", view)}, 404, nil)

	// Meetings.
	x = r.step(call{op: "listMeetings", query: q("workspaceId", ws)}, 200, nil)
	meeting := r.id(x, "data", 0, "id")
	r.step(call{op: "getMeeting", vars: vars("meetingId", meeting)}, 200, nil)
	r.step(call{op: "listMeetingTranscript", vars: vars("meetingId", meeting)}, 200, nil)

	// Metadata we create and delete again.
	x = r.step(call{op: "createCrmObject", body: map[string]any{"workspaceId": ws, "slug": tag, "nameSingular": "Contract", "namePlural": "Contracts"}}, 201, nil)
	obj := r.id(x, "object", "id")
	r.step(call{op: "updateCrmObject", vars: vars("objectTypeId", obj), body: map[string]any{"namePlural": "Contract objects"}}, 200, nil)
	if obj != "" {
		r.step(call{op: "reorderCrmObjects", body: map[string]any{"workspaceId": ws, "objectTypeIds": append([]string{obj}, objectIDs...)}}, 200, nil)
	}
	x = r.step(call{op: "createCrmField", vars: vars("objectTypeId", obj), body: r.example("createCrmField")}, 201, nil)
	field := r.id(x, "field", "id")
	r.step(call{op: "updateCrmField", vars: vars("fieldDefinitionId", field), body: map[string]any{"name": "Contract stage"}}, 200, nil)
	x = r.step(call{op: "createFieldOption", vars: vars("fieldDefinitionId", field), body: r.example("createFieldOption")}, 201, nil)
	option := r.id(x, "option", "id")
	r.step(call{op: "updateFieldOption", vars: vars("fieldDefinitionId", field, "fieldOptionId", option), body: map[string]any{"label": "Contract option"}}, 200, nil)
	x = r.step(call{op: "listFieldOptions", vars: vars("fieldDefinitionId", field)}, 200, nil)
	r.step(call{op: "reorderFieldOptions", vars: vars("fieldDefinitionId", field), body: map[string]any{"optionIds": reversedIDs(x)}}, 200, nil)
	x = r.step(call{op: "listCrmFields", vars: vars("objectTypeId", obj)}, 200, nil)
	r.step(call{op: "reorderCrmFields", vars: vars("objectTypeId", obj), body: map[string]any{"fieldDefinitionIds": reversedIDs(x)}}, 200, nil)
	x = r.step(call{op: "createRecordView", vars: vars("objectTypeId", obj), body: map[string]any{"name": "Contract view"}}, 201, nil)
	rview := r.id(x, "view", "id")
	r.step(call{op: "updateRecordView", vars: vars("viewId", rview), body: map[string]any{"name": "Contract view updated"}}, 200, nil)
	x = r.step(call{op: "listRecordViews", vars: vars("objectTypeId", obj)}, 200, nil)
	r.step(call{op: "reorderRecordViews", vars: vars("objectTypeId", obj), body: map[string]any{"viewIds": reversedIDs(x)}}, 200, nil)
	r.step(call{op: "deleteRecordView", vars: vars("viewId", rview)}, 200, nil)
	r.step(call{op: "deleteFieldOption", vars: vars("fieldDefinitionId", field, "fieldOptionId", option)}, 200, nil)
	r.step(call{op: "deleteCrmField", vars: vars("fieldDefinitionId", field)}, 200, nil)
	r.step(call{op: "getCrmField", vars: vars("fieldDefinitionId", field)}, 404, nil)
	r.step(call{op: "deleteCrmObject", vars: vars("objectTypeId", obj)}, 200, nil)

	// Integration hooks.
	x = r.step(call{op: "createIntegrationHook", body: with(r.example("createIntegrationHook"), "workspaceId", ws)}, 201, nil)
	r.step(call{op: "listIntegrationSamples", query: q("workspaceId", ws, "event", "record.created")}, 200, nil)
	r.step(call{op: "deleteIntegrationHook", vars: vars("hookId", r.id(x, "hook", "id"))}, 200, nil)

	// The record leaves as it should: archived, shown archived, restorable; it is
	// left archived.
	r.step(call{op: "archiveRecord", vars: vars("recordId", rec)}, 200, nil)
	r.step(call{op: "getRecord", vars: vars("recordId", rec)}, 200, func(x *exchange) string {
		if dig(x.json, "record", "isArchived") != true {
			return "archive is not reflected by get"
		}
		return ""
	})
	r.step(call{op: "restoreRecord", vars: vars("recordId", rec)}, 200, nil)
	r.step(call{op: "archiveRecord", vars: vars("recordId", rec)}, 200, nil)
}

// reversedIDs lists a page's ids last first: a valid new order that differs.
// sidebarItems turns a sidebar's layout back into the items reorderInboxSidebar takes,
// in the same order: a reorder that changes nothing.
func sidebarItems(x *exchange) []map[string]any {
	layout, _ := dig(x.json, "layout").([]any)
	out := make([]map[string]any, 0, len(layout))
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

func reversedIDs(x *exchange) []string {
	if x == nil {
		return nil
	}
	items, _ := dig(x.json, "data").([]any)
	out := make([]string, 0, len(items))
	for i := len(items) - 1; i >= 0; i-- {
		out = append(out, str(dig(items[i], "id")))
	}
	return out
}

// legacyFlow walks every legacy operation: reads, then a lead's life with the
// list, status, tag, attribute, note and reminder it uses, deleting them again.
func (r *runner) legacyFlow() {
	tag := fmt.Sprintf("ct%d", time.Now().UnixNano()%1_000_000_000)
	r.step(call{op: "legacyGetMe"}, 200, nil)
	r.step(call{op: "legacyListWorkspaces", query: q("role", "true")}, 200, nil)
	r.step(call{op: "legacyListMembers"}, 200, nil)
	r.step(call{op: "legacyListStatuses", query: q("all", "true")}, 200, nil)
	r.step(call{op: "legacyListTags"}, 200, nil)
	r.step(call{op: "legacyListLists"}, 200, nil)
	r.step(call{op: "legacyListAttributes"}, 200, nil)

	x := r.step(call{op: "legacyCreateList", body: map[string]any{"name": "Contract " + tag}}, 200, nil)
	list := r.id(x, "id")
	r.step(call{op: "legacyUpdateList", vars: vars("id", list), body: map[string]any{"name": "Contract list updated"}}, 200, nil)
	x = r.step(call{op: "legacyCreateStatus", vars: vars("id_list", list), body: with(r.example("legacyCreateStatus"), "id_list", list)}, 200, nil)
	status := r.id(x, "id")
	r.step(call{op: "legacyUpdateStatus", vars: vars("id", status), body: r.example("legacyUpdateStatus")}, 200, nil)
	x = r.step(call{op: "legacyCreateTag", body: with(r.example("legacyCreateTag"), "name", "contract-"+tag)}, 200, nil)
	tagID := r.id(x, "id")
	r.step(call{op: "legacyUpdateTag", vars: vars("id", tagID), body: map[string]any{"name": "contract-updated-" + tag}}, 200, nil)
	x = r.step(call{op: "legacyCreateAttribute", body: map[string]any{"name": "Contract " + tag, "type": "text"}}, 200, nil)
	attr := r.id(x, "id")
	r.step(call{op: "legacyUpdateAttribute", vars: vars("id", attr), body: map[string]any{"name": "Contract attribute updated"}}, 200, nil)

	email := tag + "@contract.example"
	x = r.step(call{op: "legacyCreateLead", vars: vars("status", status), body: with(r.example("legacyCreateLead"), "email", email, "status", []string{status})}, 200, nil)
	lead := r.id(x, "id")
	r.step(call{op: "legacyGetLead", vars: vars("id", lead)}, 200, func(x *exchange) string {
		if got := str(dig(x.json, "email")); got != email {
			return fmt.Sprintf("get does not return what was created: email %q, want %q", got, email)
		}
		return ""
	})
	r.step(call{op: "legacyUpdateLead", vars: vars("id", lead), body: map[string]any{"data": map[string]any{"company": "Contract Co"}, "options": map[string]any{"tags_connect": []string{tagID}}}}, 200, nil)
	r.step(call{op: "legacyListLeads", body: map[string]any{"pagination": map[string]any{"page": 0, "page_size": 100}, "filter": map[string]any{"leads": []string{lead}}}}, 200, func(x *exchange) string {
		if !listed(x, "leads", lead) {
			return "the created lead is not listed"
		}
		leads, _ := dig(x.json, "leads").([]any)
		for _, l := range leads {
			if str(dig(l, "id")) == lead && str(dig(l, "company")) != "Contract Co" {
				return "the lead update did not persist"
			}
		}
		return ""
	})
	r.step(call{op: "legacyAddLeadsToList", vars: vars("lead", lead), body: map[string]any{"id_list": list, "leads": []string{lead}}}, 200, nil)

	x = r.step(call{op: "legacyCreateNote", vars: vars("lead", lead), body: with(r.example("legacyCreateNote"), "id_lead", lead)}, 200, nil)
	note := r.id(x, "id")
	r.step(call{op: "legacyListNotes", vars: vars("lead", lead), body: map[string]any{"pagination": map[string]any{"page": 0, "page_size": 50}, "id_lead": lead}}, 200, func(x *exchange) string {
		if !listed(x, "data", note) {
			return "the created note is not listed"
		}
		return ""
	})
	r.step(call{op: "legacyUpdateNote", vars: vars("id", note), body: r.example("legacyUpdateNote")}, 200, nil)
	r.step(call{op: "legacyDeleteNote", vars: vars("id", note)}, 200, nil)

	x = r.step(call{op: "legacyCreateReminder", vars: vars("lead", lead), body: with(r.example("legacyCreateReminder"), "id_lead", lead)}, 200, nil)
	reminder := r.id(x, "id")
	r.step(call{op: "legacyListReminders", body: map[string]any{"pagination": map[string]any{"page": 0, "page_size": 100}}}, 200, nil)
	r.step(call{op: "legacyUpdateReminder", vars: vars("id", reminder), body: r.example("legacyUpdateReminder")}, 200, nil)
	r.step(call{op: "legacyDeleteReminder", vars: vars("id", reminder)}, 200, nil)

	r.step(call{op: "legacyDeleteLead", vars: vars("id", lead)}, 200, nil)
	r.step(call{op: "legacyGetLead", vars: vars("id", lead)}, 404, nil)
	r.step(call{op: "legacyDeleteAttribute", vars: vars("id", attr)}, 200, nil)
	r.step(call{op: "legacyDeleteTag", vars: vars("id", tagID)}, 200, nil)
	r.step(call{op: "legacyDeleteStatus", vars: vars("id", status)}, 200, nil)
	r.step(call{op: "legacyDeleteList", vars: vars("id", list)}, 200, nil)
}
