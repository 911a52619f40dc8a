package mockserver

import (
	"context"
	"fmt"
	"html"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// ---- Workspaces ----

func (h *handlers) ListWorkspaces(ctx context.Context, req bc.ListWorkspacesRequestObject) (bc.ListWorkspacesResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	p, err := newPageReq(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	page := pageBySeq(s.store.workspaces.children(k.OrgID), false, p, func(w *bc.Workspace) bool {
		return k.WorkspaceID == "" || k.WorkspaceID == w.ID
	})
	return bc.ListWorkspaces200JSONResponse{Body: bc.WorkspaceList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

// ---- Records ----

func recordWorkspace(r *bc.Record) string { return r.WorkspaceID }

// resolveObject finds the object type a create names by id or slug.
func (s *Server) resolveObject(wsID string, id *string, slug *string) (*bc.CrmObject, error) {
	switch {
	case id != nil:
		obj, ok := s.store.objects.get(*id)
		if !ok || obj.WorkspaceID != wsID {
			return nil, notFound("object type", *id)
		}
		if slug != nil && *slug != obj.Slug {
			return nil, invalid("objectTypeSlug", "object type %q has slug %q, not %q", *id, obj.Slug, *slug)
		}
		return obj, nil
	case slug != nil:
		obj := s.objectBySlug(wsID, *slug)
		if obj == nil {
			return nil, invalid("objectTypeSlug", "no object type with slug %q in workspace %q", *slug, wsID)
		}
		return obj, nil
	}
	return nil, invalid("objectTypeId", "name the object type with objectTypeId or objectTypeSlug")
}

// insertRecord validates the fields against the object type and stores a record.
// The store lock is held.
func (s *Server) insertRecord(wsID string, obj *bc.CrmObject, in map[string]any, now time.Time) (*bc.Record, error) {
	if !obj.IsActive {
		return nil, invalid("objectTypeId", "object type %s is inactive", obj.Slug)
	}
	fields, err := s.normalizeFields(obj, nil, in, true)
	if err != nil {
		return nil, err
	}
	st := s.store
	rec := &bc.Record{
		ID: newID("rc"), WorkspaceID: wsID, ObjectTypeID: obj.ID, ObjectTypeSlug: obj.Slug,
		Fields: fields, CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	rec.DisplayName = displayName(obj, fields)
	st.records.put(st.workspaces.parentOf(wsID), rec.ID, st.nextSeq(), rec)
	return rec, nil
}

func displayName(obj *bc.CrmObject, f bc.FieldValues) string {
	if n, ok := f["name"].(string); ok && n != "" {
		return n
	}
	if e := firstValue(f["email"]); e != "" {
		return e
	}
	return "Untitled " + strings.ToLower(obj.NameSingular)
}

func firstValue(v any) string {
	switch x := v.(type) {
	case map[string]any:
		s, _ := x["value"].(string)
		return s
	case []any:
		if len(x) > 0 {
			return firstValue(x[0])
		}
	}
	return ""
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// normalizeFields checks values against the object's field definitions and returns
// the stored form: emails and phones become {value, isPrimary} objects, select values
// {optionId}. On create, required fields must be present; on update, null clears.
func (s *Server) normalizeFields(obj *bc.CrmObject, current bc.FieldValues, in map[string]any, create bool) (bc.FieldValues, error) {
	defs := map[string]*bc.FieldDefinition{}
	for _, f := range values(s.store.fields.children(obj.ID)) {
		defs[f.Slug] = f
	}
	out := cloneFields(current)
	for _, slug := range slices.Sorted(maps.Keys(in)) {
		v := in[slug]
		field := "fields." + slug
		def, ok := defs[slug]
		if !ok {
			return nil, invalid(field, "object type %s has no field %q", obj.Slug, slug)
		}
		if v == nil {
			delete(out, slug)
			continue
		}
		if def.IsReadOnly != nil && *def.IsReadOnly {
			return nil, invalid(field, "field is read-only")
		}
		norm, err := s.normalizeValue(obj, def, v)
		if err != nil {
			return nil, invalid(field, "%v", err)
		}
		out[slug] = norm
	}
	if create {
		for _, def := range defs {
			if _, ok := out[def.Slug]; !ok && def.IsRequired {
				return nil, invalid("fields."+def.Slug, "required field is missing")
			}
		}
	}
	return out, nil
}

func (s *Server) normalizeValue(obj *bc.CrmObject, def *bc.FieldDefinition, v any) (any, error) {
	if list, ok := v.([]any); ok {
		if !def.IsMultiple {
			return nil, fmt.Errorf("a %s field takes one value, not a list", def.FieldType)
		}
		out := make([]any, 0, len(list))
		for i, x := range list {
			n, err := s.normalizeOne(obj, def, x)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out = append(out, n)
		}
		return out, nil
	}
	if def.FieldType == bc.FieldTypeMultiselect {
		return nil, fmt.Errorf("a multiselect field takes a list of {optionId}")
	}
	return s.normalizeOne(obj, def, v)
}

func (s *Server) normalizeOne(obj *bc.CrmObject, def *bc.FieldDefinition, v any) (any, error) {
	switch def.FieldType {
	case bc.FieldTypeText, bc.FieldTypeTextarea, bc.FieldTypeURL, bc.FieldTypeLinkedin, bc.FieldTypeTwitter, bc.FieldTypeFacebook, bc.FieldTypeWhatsapp, bc.FieldTypeTelegram:
		if _, ok := v.(string); !ok {
			return nil, fmt.Errorf("want a string, got %s", jsonKind(v))
		}
		return v, nil
	case bc.FieldTypeNumber:
		if _, ok := v.(float64); !ok {
			return nil, fmt.Errorf("want a number, got %s", jsonKind(v))
		}
		return v, nil
	case bc.FieldTypeCheckbox:
		if _, ok := v.(bool); !ok {
			return nil, fmt.Errorf("want a boolean, got %s", jsonKind(v))
		}
		return v, nil
	case bc.FieldTypeDate, bc.FieldTypeDatetime:
		switch x := v.(type) {
		case float64:
			if x < 0 {
				return nil, fmt.Errorf("want epoch milliseconds ≥ 0")
			}
			return v, nil
		case string:
			if _, err := time.Parse("2006-01-02", x); err == nil {
				return v, nil
			}
			if _, err := time.Parse(time.RFC3339, x); err == nil {
				return v, nil
			}
		}
		return nil, fmt.Errorf("want epoch milliseconds or an ISO 8601 date")
	case bc.FieldTypeCurrency:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("want {amount, currencyCode}")
		}
		if _, ok := m["amount"].(float64); !ok {
			return nil, fmt.Errorf("amount must be a number")
		}
		if c, ok := m["currencyCode"].(string); !ok || len(c) != 3 {
			return nil, fmt.Errorf("currencyCode must be a three-letter code")
		}
		return map[string]any{"amount": m["amount"], "currencyCode": m["currencyCode"]}, nil
	case bc.FieldTypeEmail, bc.FieldTypePhone:
		var value string
		out := map[string]any{"isPrimary": true}
		switch x := v.(type) {
		case string:
			value = x
		case map[string]any:
			value, _ = x["value"].(string)
			if l, ok := x["label"].(string); ok {
				out["label"] = l
			}
			if p, ok := x["isPrimary"].(bool); ok {
				out["isPrimary"] = p
			}
			if c, ok := x["countryCode"].(string); ok {
				out["countryCode"] = c
			}
		}
		if value == "" {
			return nil, fmt.Errorf("want a string or {value, label, isPrimary}")
		}
		if def.FieldType == bc.FieldTypeEmail && !emailPattern.MatchString(value) {
			return nil, fmt.Errorf("%q is not an email address", value)
		}
		out["value"] = value
		return out, nil
	case bc.FieldTypeSelect, bc.FieldTypeMultiselect:
		id, _ := v.(string)
		if m, ok := v.(map[string]any); ok {
			id, _ = m["optionId"].(string)
		}
		if id == "" {
			return nil, fmt.Errorf("want {optionId}")
		}
		opt, ok := s.store.options.get(id)
		if !ok || opt.FieldDefinitionID != def.ID {
			return nil, fmt.Errorf("%q is not an option of this field", id)
		}
		return map[string]any{"optionId": id}, nil
	case bc.FieldTypeMember:
		id, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("want a user id")
		}
		u := s.store.users[id]
		if u == nil || u.OrgID != s.store.workspaces.parentOf(obj.WorkspaceID) {
			return nil, fmt.Errorf("%q is not a member of the organization", id)
		}
		return v, nil
	case bc.FieldTypeRelation:
		id, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("want a record id")
		}
		rec, found := s.store.records.get(id)
		if !found || rec.WorkspaceID != obj.WorkspaceID {
			return nil, fmt.Errorf("no record %q in this workspace", id)
		}
		if def.TargetObjectTypeID != nil && rec.ObjectTypeID != *def.TargetObjectTypeID {
			return nil, fmt.Errorf("record %q is a %s, not the related object type", id, rec.ObjectTypeSlug)
		}
		return v, nil
	case bc.FieldTypeLocation:
		if _, ok := v.(map[string]any); !ok {
			return nil, fmt.Errorf("want {latitude, longitude, address}")
		}
		return v, nil
	}
	return v, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func cloneFields(f bc.FieldValues) bc.FieldValues {
	out := make(bc.FieldValues, len(f))
	maps.Copy(out, f)
	return out
}

// rewriteRecords replaces the fields of the workspace's records that change says to
// change. Records are replaced, never edited in place, so a response being encoded
// elsewhere keeps a consistent copy.
func (s *Server) rewriteRecords(wsID string, change func(*bc.Record) (bc.FieldValues, bool)) {
	now := millis(s.clock.Now())
	for _, it := range s.store.records.children(s.store.workspaces.parentOf(wsID)) {
		if it.val.WorkspaceID != wsID {
			continue
		}
		if f, ok := change(it.val); ok {
			c := *it.val
			c.Fields, c.UpdatedAt = f, now
			it.val = &c
		}
	}
}

// dropRecord deletes a record with its tasks, notes and activities.
func (s *Server) dropRecord(id string) {
	st := s.store
	st.tasks.delParent(id)
	st.notes.delParent(id)
	st.activities.delParent(id)
	st.records.del(id)
}

func (h *handlers) ListRecords(ctx context.Context, req bc.ListRecordsRequestObject) (bc.ListRecordsResponseObject, error) {
	s, k, q := h.s, keyOf(ctx), req.Params
	p, err := newPageReq(q.Limit, q.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	if q.WorkspaceID != nil {
		if _, err := s.workspaceFor(k, *q.WorkspaceID); err != nil {
			return nil, err
		}
	}
	var view *bc.RecordView
	if q.ViewID != nil {
		v, err := visible(s, k, s.store.views, "record view", *q.ViewID, viewWorkspace)
		if err != nil {
			return nil, err
		}
		view = v
	}
	archived := q.Archived != nil && *q.Archived
	search := ""
	if q.Search != nil {
		search = strings.ToLower(*q.Search)
	}
	page := pageItemsBySeq(s.store.records.children(k.OrgID), true, p, func(r *bc.Record) bool {
		return r.IsArchived == archived &&
			(k.WorkspaceID == "" || r.WorkspaceID == k.WorkspaceID) &&
			(q.WorkspaceID == nil || r.WorkspaceID == *q.WorkspaceID) &&
			(q.ObjectTypeID == nil || r.ObjectTypeID == *q.ObjectTypeID) &&
			(q.ObjectTypeSlug == nil || r.ObjectTypeSlug == *q.ObjectTypeSlug) &&
			(view == nil || r.ObjectTypeID == view.ObjectTypeID) &&
			(search == "" || strings.Contains(strings.ToLower(r.DisplayName), search))
	})
	items, err := encodeItems(page.items)
	if err != nil {
		return nil, err
	}
	return rawPage{key: "data", items: items, pagination: toPagination(page)}, nil
}

func (h *handlers) CreateRecord(ctx context.Context, req bc.CreateRecordRequestObject) (bc.CreateRecordResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	if _, err := s.workspaceFor(k, in.WorkspaceID); err != nil {
		return nil, err
	}
	obj, err := s.resolveObject(in.WorkspaceID, in.ObjectTypeID, in.ObjectTypeSlug)
	if err != nil {
		return nil, err
	}
	rec, err := s.insertRecord(in.WorkspaceID, obj, orEmptyMap(in.Fields), s.clock.Now())
	if err != nil {
		return nil, err
	}
	return bc.CreateRecord201JSONResponse{Body: bc.RecordEnvelope{Record: *rec}}, nil
}

func orEmptyMap(f *bc.FieldValues) map[string]any {
	if f == nil {
		return map[string]any{}
	}
	return *f
}

func (h *handlers) GetRecord(ctx context.Context, req bc.GetRecordRequestObject) (bc.GetRecordResponseObject, error) {
	rec, err := getVisible(ctx, h.s, h.s.store.records, "record", req.RecordID, recordWorkspace)
	if err != nil {
		return nil, err
	}
	return bc.GetRecord200JSONResponse{Body: bc.RecordEnvelope{Record: rec}}, nil
}

// replaceRecord stores a changed copy of a record.
func (s *Server) replaceRecord(c bc.Record) *bc.Record {
	it := s.store.records.byID[c.ID]
	it.val = &c
	return it.val
}

func (h *handlers) UpdateRecord(ctx context.Context, req bc.UpdateRecordRequestObject) (bc.UpdateRecordResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	rec, err := visible(s, keyOf(ctx), s.store.records, "record", req.RecordID, recordWorkspace)
	if err != nil {
		return nil, err
	}
	obj, _ := s.store.objects.get(rec.ObjectTypeID)
	fields, err := s.normalizeFields(obj, rec.Fields, req.Body.Fields, false)
	if err != nil {
		return nil, err
	}
	for _, def := range values(s.store.fields.children(obj.ID)) {
		if _, ok := fields[def.Slug]; !ok && def.IsRequired {
			return nil, invalid("fields."+def.Slug, "required field cannot be cleared")
		}
	}
	c := *rec
	c.Fields, c.DisplayName, c.UpdatedAt = fields, displayName(obj, fields), millis(s.clock.Now())
	return bc.UpdateRecord200JSONResponse{Body: bc.RecordEnvelope{Record: *s.replaceRecord(c)}}, nil
}

func (h *handlers) ArchiveRecord(ctx context.Context, req bc.ArchiveRecordRequestObject) (bc.ArchiveRecordResponseObject, error) {
	rec, err := h.setArchived(ctx, req.RecordID, true)
	if err != nil {
		return nil, err
	}
	return bc.ArchiveRecord200JSONResponse{Body: bc.RecordEnvelope{Record: rec}}, nil
}

func (h *handlers) RestoreRecord(ctx context.Context, req bc.RestoreRecordRequestObject) (bc.RestoreRecordResponseObject, error) {
	rec, err := h.setArchived(ctx, req.RecordID, false)
	if err != nil {
		return nil, err
	}
	return bc.RestoreRecord200JSONResponse{Body: bc.RecordEnvelope{Record: rec}}, nil
}

func (h *handlers) setArchived(ctx context.Context, id string, archived bool) (bc.Record, error) {
	s := h.s
	defer s.writeLock()()
	rec, err := visible(s, keyOf(ctx), s.store.records, "record", id, recordWorkspace)
	if err != nil {
		return bc.Record{}, err
	}
	if rec.IsArchived == archived {
		return *rec, nil
	}
	c := *rec
	now := millis(s.clock.Now())
	c.IsArchived, c.UpdatedAt, c.ArchivedAt = archived, now, nil
	if archived {
		c.ArchivedAt = &now
	}
	return *s.replaceRecord(c), nil
}

// ---- Custom activities ----

func (s *Server) checkRecords(wsID, field string, ids *[]string) error {
	for i, id := range orEmptyPtr(ids) {
		if r, ok := s.store.records.get(id); !ok || r.WorkspaceID != wsID {
			return invalid(fmt.Sprintf("%s.%d", field, i), "no record %q in this workspace", id)
		}
	}
	return nil
}

func (s *Server) checkUsers(wsID, field string, ids *[]string) error {
	orgID := s.store.workspaces.parentOf(wsID)
	for i, id := range orEmptyPtr(ids) {
		if u := s.store.users[id]; u == nil || u.OrgID != orgID {
			return invalid(fmt.Sprintf("%s.%d", field, i), "%q is not a member of the organization", id)
		}
	}
	return nil
}

func (h *handlers) CreateCustomActivity(ctx context.Context, req bc.CreateCustomActivityRequestObject) (bc.CreateCustomActivityResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	rec, err := visible(s, k, s.store.records, "record", req.RecordID, recordWorkspace)
	if err != nil {
		return nil, err
	}
	if err := s.checkRecords(rec.WorkspaceID, "linkedRecordIds", in.LinkedRecordIds); err != nil {
		return nil, err
	}
	if err := s.checkUsers(rec.WorkspaceID, "participantUserIds", in.ParticipantUserIds); err != nil {
		return nil, err
	}
	now := millis(s.clock.Now())
	start := now
	setIf(&start, in.StartAt)
	if in.EndAt != nil && *in.EndAt < start {
		return nil, invalid("endAt", "ends before it starts")
	}
	a := &bc.CustomActivity{
		ID: newID("ca"), WorkspaceID: rec.WorkspaceID, PrimaryRecordID: &rec.ID, Title: in.Title,
		DescriptionHTML: in.DescriptionHTML, DescriptionPlain: in.DescriptionPlain, StartAt: start, EndAt: in.EndAt,
		LinkedRecordIds: orEmpty(orEmptyPtr(in.LinkedRecordIds)), ParticipantUserIds: orEmpty(orEmptyPtr(in.ParticipantUserIds)),
		CreatedByUserID: &k.UserID, CreatedAt: now, UpdatedAt: now,
	}
	s.store.activities.put(rec.ID, a.ID, s.store.nextSeq(), a)
	return bc.CreateCustomActivity201JSONResponse{Body: bc.CustomActivityEnvelope{Activity: *a}}, nil
}

// ---- Tasks ----

func taskWorkspace(t *bc.Task) string { return t.WorkspaceID }

func (s *Server) insertTask(rec *bc.Record, in bc.TaskCreate, now time.Time) *bc.Task {
	t := &bc.Task{
		ID: newID("tk"), WorkspaceID: rec.WorkspaceID, RecordID: &rec.ID, Title: in.Title,
		DescriptionHTML: in.DescriptionHTML, DescriptionPlain: in.DescriptionPlain, Status: bc.TaskStatusTodo,
		AssigneeUserIds: orEmpty(orEmptyPtr(in.AssigneeUserIds)), ConversationID: in.ConversationID,
		LinkedResources: []bc.LinkedResource{{ResourceType: bc.LinkedResourceResourceTypeRecord, ResourceID: rec.ID, Label: &rec.DisplayName}},
		CreatedAt:       millis(now), UpdatedAt: millis(now),
	}
	t.DueAt.SetNull()
	if in.DueAt != nil {
		t.DueAt.Set(*in.DueAt)
	}
	if in.ConversationID != nil {
		t.LinkedResources = append(t.LinkedResources, bc.LinkedResource{ResourceType: bc.LinkedResourceResourceTypeConversation, ResourceID: *in.ConversationID})
	}
	s.store.tasks.put(rec.ID, t.ID, s.store.nextSeq(), t)
	return t
}

// dueKey sorts tasks by due date, undated last.
func dueKey(t *bc.Task) int64 {
	if d, err := t.DueAt.Get(); err == nil {
		return d
	}
	return 1<<62 - 1
}

func (h *handlers) ListRecordTasks(ctx context.Context, req bc.ListRecordTasksRequestObject) (bc.ListRecordTasksResponseObject, error) {
	s := h.s
	p, err := newPageReq(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	rec, err := visible(s, keyOf(ctx), s.store.records, "record", req.RecordID, recordWorkspace)
	if err != nil {
		return nil, err
	}
	done := req.Params.IncludeCompleted != nil && *req.Params.IncludeCompleted
	page := pageByKey(s.store.tasks.children(rec.ID), dueKey, p, func(t *bc.Task) bool { return done || t.Status != bc.TaskStatusDone })
	return bc.ListRecordTasks200JSONResponse{Body: bc.TaskList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

func (h *handlers) CreateRecordTask(ctx context.Context, req bc.CreateRecordTaskRequestObject) (bc.CreateRecordTaskResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	rec, err := visible(s, keyOf(ctx), s.store.records, "record", req.RecordID, recordWorkspace)
	if err != nil {
		return nil, err
	}
	if err := s.checkUsers(rec.WorkspaceID, "assigneeUserIds", in.AssigneeUserIds); err != nil {
		return nil, err
	}
	if in.ConversationID != nil {
		if c, ok := s.store.convs.get(*in.ConversationID); !ok || c.WorkspaceID != rec.WorkspaceID {
			return nil, invalid("conversationId", "no conversation %q in this workspace", *in.ConversationID)
		}
	}
	t := s.insertTask(rec, *in, s.clock.Now())
	return bc.CreateRecordTask201JSONResponse{Body: bc.TaskEnvelope{Task: *t}}, nil
}

func (s *Server) replaceTask(c bc.Task) *bc.Task {
	it := s.store.tasks.byID[c.ID]
	it.val = &c
	return it.val
}

func (h *handlers) UpdateTask(ctx context.Context, req bc.UpdateTaskRequestObject) (bc.UpdateTaskResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	t, err := visible(s, keyOf(ctx), s.store.tasks, "task", req.TaskID, taskWorkspace)
	if err != nil {
		return nil, err
	}
	if err := s.checkUsers(t.WorkspaceID, "assigneeUserIds", in.AssigneeUserIds); err != nil {
		return nil, err
	}
	c := *t
	now := millis(s.clock.Now())
	setIf(&c.Title, in.Title)
	if in.DescriptionHTML != nil {
		c.DescriptionHTML = in.DescriptionHTML
	}
	if in.DescriptionPlain != nil {
		c.DescriptionPlain = in.DescriptionPlain
	}
	if in.AssigneeUserIds != nil {
		c.AssigneeUserIds = slices.Clone(*in.AssigneeUserIds)
	}
	if in.DueAt.IsSpecified() {
		c.DueAt = in.DueAt
	}
	if in.Status != nil && *in.Status != c.Status {
		c.Status, c.CompletedAt = *in.Status, nil
		if c.Status == bc.TaskStatusDone {
			c.CompletedAt = &now
		}
	}
	c.UpdatedAt = now
	return bc.UpdateTask200JSONResponse{Body: bc.TaskEnvelope{Task: *s.replaceTask(c)}}, nil
}

func (h *handlers) CompleteTask(ctx context.Context, req bc.CompleteTaskRequestObject) (bc.CompleteTaskResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	t, err := visible(s, keyOf(ctx), s.store.tasks, "task", req.TaskID, taskWorkspace)
	if err != nil {
		return nil, err
	}
	if t.Status == bc.TaskStatusDone {
		return bc.CompleteTask200JSONResponse{Body: bc.TaskEnvelope{Task: *t}}, nil
	}
	c := *t
	now := millis(s.clock.Now())
	c.Status, c.CompletedAt, c.UpdatedAt = bc.TaskStatusDone, &now, now
	return bc.CompleteTask200JSONResponse{Body: bc.TaskEnvelope{Task: *s.replaceTask(c)}}, nil
}

// ---- Notes ----

func noteWorkspace(n *bc.Note) string { return n.WorkspaceID }

var tagPattern = regexp.MustCompile(`<[^>]*>`)

// plainText derives a note's plain text from its HTML.
func plainText(h string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagPattern.ReplaceAllString(h, " "))), " ")
}

func (s *Server) insertNote(rec *bc.Record, in bc.NoteCreate, author string, now time.Time) *bc.Note {
	n := &bc.Note{
		ID: newID("nt"), WorkspaceID: rec.WorkspaceID, RecordID: rec.ID, Title: in.Title, Content: in.Content,
		ContentPlain: plainText(in.Content), AuthorUserID: author, CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	setIf(&n.ContentPlain, in.ContentPlain)
	s.store.notes.put(rec.ID, n.ID, s.store.nextSeq(), n)
	return n
}

func (h *handlers) ListRecordNotes(ctx context.Context, req bc.ListRecordNotesRequestObject) (bc.ListRecordNotesResponseObject, error) {
	st := h.s.store
	page, err := childPage(ctx, h.s, st.records, "record", req.RecordID, recordWorkspace, st.notes, true, req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	return bc.ListRecordNotes200JSONResponse{Body: bc.NoteList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

func (h *handlers) CreateRecordNote(ctx context.Context, req bc.CreateRecordNoteRequestObject) (bc.CreateRecordNoteResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	rec, err := visible(s, k, s.store.records, "record", req.RecordID, recordWorkspace)
	if err != nil {
		return nil, err
	}
	n := s.insertNote(rec, *req.Body, k.UserID, s.clock.Now())
	return bc.CreateRecordNote201JSONResponse{Body: bc.NoteEnvelope{Note: *n}}, nil
}

func (h *handlers) GetNote(ctx context.Context, req bc.GetNoteRequestObject) (bc.GetNoteResponseObject, error) {
	n, err := getVisible(ctx, h.s, h.s.store.notes, "note", req.NoteID, noteWorkspace)
	if err != nil {
		return nil, err
	}
	return bc.GetNote200JSONResponse{Body: bc.NoteEnvelope{Note: n}}, nil
}

func (h *handlers) UpdateNote(ctx context.Context, req bc.UpdateNoteRequestObject) (bc.UpdateNoteResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	n, err := visible(s, keyOf(ctx), s.store.notes, "note", req.NoteID, noteWorkspace)
	if err != nil {
		return nil, err
	}
	c := *n
	setIf(&c.Title, in.Title)
	if in.Content != nil {
		c.Content, c.ContentPlain = *in.Content, plainText(*in.Content)
	}
	setIf(&c.ContentPlain, in.ContentPlain)
	c.UpdatedAt = millis(s.clock.Now())
	it := s.store.notes.byID[c.ID]
	it.val = &c
	return bc.UpdateNote200JSONResponse{Body: bc.NoteEnvelope{Note: c}}, nil
}
