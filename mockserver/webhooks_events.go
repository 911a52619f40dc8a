package mockserver

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// The events the API causes. Handlers report each change of a record, note or
// task to changed, under the store lock: update does for every change it
// stores, and the handlers that create (createRecord, createRecordNote,
// createRecordTask) or delete (deleteCrmObject) records call it themselves.
// Seeds and schema changes (a field or option deleted, which clears values)
// send nothing: Breakcold documents events for records, notes and tasks.
//
//	record.created     createRecord
//	record.updated     updateRecord, archiveRecord, restoreRecord (with isArchived in fields), when the record changes
//	record.deleted     deleteCrmObject, for each record of the object type; POST /_mock/webhooks/trigger
//	note.created       createRecordNote
//	note.updated       updateNote
//	task.created       createRecordTask (tasks are always linked to a record)
//	task.completed     completeTask, updateTask with status done, when the task was not done
//	relation.added     createRecord, updateRecord: a relation field gains a target
//	relation.removed   updateRecord: a relation field loses a target
//	note.deleted, call.linked, call.unlinked, file.uploaded, file.deleted: POST /_mock/webhooks/trigger
//	(the API cannot delete notes, link calls or upload files to records)

// changed emits the webhooks of one change: old is nil for a creation, new is
// nil for a deletion. The store lock is held.
func (s *Server) changed(old, new any) {
	switch n := new.(type) {
	case *bc.Record:
		o, _ := old.(*bc.Record)
		s.recordChanged(o, n)
	case *bc.Note:
		event := bc.EventNoteUpdated
		if old == nil {
			event = bc.EventNoteCreated
		}
		s.outbox.emit(event, n.WorkspaceID, s.recordType(n.RecordID), func() any { return s.noteData(n) })
	case *bc.Task:
		o, _ := old.(*bc.Task)
		var event bc.WebhookEventName
		switch {
		case o == nil && n.RecordID != nil:
			event = bc.EventTaskCreated
		case o != nil && o.Status != bc.TaskStatusDone && n.Status == bc.TaskStatusDone && n.RecordID != nil:
			event = bc.EventTaskCompleted
		default:
			return
		}
		s.outbox.emit(event, n.WorkspaceID, s.recordType(*n.RecordID), func() any { return taskData(n) })
	case nil:
		if r, ok := old.(*bc.Record); ok {
			s.outbox.emit(bc.EventRecordDeleted, r.WorkspaceID, r.ObjectTypeSlug, func() any {
				return bc.WebhookRecordDeletion{ID: r.ID, Deleted: bc.WebhookRecordDeletionDeletedTrue}
			})
		}
	}
}

// recordChanged emits record.created or record.updated, then relation.added
// and relation.removed for each relation field whose targets changed.
func (s *Server) recordChanged(old, rec *bc.Record) {
	event := bc.EventRecordCreated
	if old != nil {
		if old.IsArchived == rec.IsArchived && old.DisplayName == rec.DisplayName && reflect.DeepEqual(old.Fields, rec.Fields) {
			return // archiving an archived record, or an update that changes nothing
		}
		event = bc.EventRecordUpdated
	}
	archival := old != nil && old.IsArchived != rec.IsArchived
	s.outbox.emit(event, rec.WorkspaceID, rec.ObjectTypeSlug, func() any { return s.recordData(rec, archival) })
	for _, def := range values(s.store.fields.children(rec.ObjectTypeID)) {
		if def.FieldType != bc.FieldTypeRelation {
			continue
		}
		var before []string
		if old != nil {
			before = relationTargets(old.Fields[def.Slug])
		}
		after := relationTargets(rec.Fields[def.Slug])
		for _, change := range []struct {
			event    bc.WebhookEventName
			from, to []string
		}{{bc.EventRelationRemoved, after, before}, {bc.EventRelationAdded, before, after}} {
			for _, target := range change.to {
				if !slices.Contains(change.from, target) {
					s.outbox.emit(change.event, rec.WorkspaceID, rec.ObjectTypeSlug, func() any {
						return bc.WebhookRelation{SourceRecordID: rec.ID, TargetRecordID: target, FieldDefinitionID: def.ID, FieldSlug: def.Slug}
					})
				}
			}
		}
	}
}

// relationTargets reads a relation field's record ids: one id, or a list.
func relationTargets(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if id, ok := e.(string); ok {
				out = append(out, id)
			}
		}
		return out
	}
	return nil
}

// webhookTime writes an epoch-millisecond time as webhooks do: ISO 8601 in UTC
// with milliseconds.
func webhookTime(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000Z")
}

// The data of the events the API causes, in the spec's schemas (WebhookRecord,
// WebhookNote, WebhookTask) with times written as webhookTime does; the
// generated types would write RFC 3339 without the milliseconds.

func (s *Server) recordData(r *bc.Record, archival bool) map[string]any {
	name := r.ObjectTypeSlug
	if obj, ok := s.store.objects.get(r.ObjectTypeID); ok {
		name = obj.NameSingular
	}
	fields := maps.Clone(map[string]any(r.Fields))
	if fields == nil {
		fields = map[string]any{}
	}
	if archival {
		// The spec's record.updated: archiving is reported as an update that
		// says so.
		fields["isArchived"] = r.IsArchived
	}
	return map[string]any{
		"id": r.ID, "objectType": r.ObjectTypeSlug, "objectTypeName": name, "name": r.DisplayName,
		"fields": fields, "createdAt": webhookTime(r.CreatedAt), "updatedAt": webhookTime(r.UpdatedAt),
	}
}

func (s *Server) noteData(n *bc.Note) map[string]any {
	author := n.AuthorUserID
	if u := s.store.users[n.AuthorUserID]; u != nil {
		author = u.Name
	}
	return map[string]any{
		"recordId": n.RecordID, "noteId": n.ID, "title": n.Title, "contentPlain": n.ContentPlain, "author": author,
		"createdAt": webhookTime(n.CreatedAt), "updatedAt": webhookTime(n.UpdatedAt),
	}
}

func taskData(t *bc.Task) map[string]any {
	status := bc.WebhookTaskStatusTodo
	if t.Status == bc.TaskStatusDone {
		status = bc.WebhookTaskStatusDone
	}
	d := map[string]any{"recordId": deref(t.RecordID), "taskId": t.ID, "title": t.Title, "status": status}
	if due, err := t.DueAt.Get(); err == nil {
		d["dueAt"] = webhookTime(due)
	}
	return d
}

// recordType is the object type slug of a record, or "" when there is none.
// The store lock is held.
func (s *Server) recordType(id string) string {
	if r, ok := s.store.records.get(id); ok {
		return r.ObjectTypeSlug
	}
	return ""
}

// WebhookTrigger is an event the API cannot cause (call.*, file.*, note.deleted,
// record.deleted), sent through POST /_mock/webhooks/trigger or
// Server.TriggerWebhook. Data must match the event's schema in the spec.
type WebhookTrigger struct {
	Event       string         `json:"event"`
	WorkspaceID string         `json:"workspaceId"`
	Data        map[string]any `json:"data"`
	// ObjectType is the record's object type for endpoints' object-type
	// filters; empty means the type of the record the data names, if the mock
	// has it.
	ObjectType string `json:"objectType,omitempty"`
}

// TriggerWebhook sends an event to every endpoint that wants it and returns
// the event's id. Any of the 14 events can be triggered.
func (s *Server) TriggerWebhook(t WebhookTrigger) (string, error) {
	var hook *specdata.Webhook
	for i, w := range specdata.Webhooks {
		if w.Event == t.Event {
			hook = &specdata.Webhooks[i]
		}
	}
	if hook == nil {
		return "", invalid("event", "%q is not one of Breakcold's 14 events", t.Event)
	}
	if t.WorkspaceID == "" {
		return "", invalid("workspaceId", "required")
	}
	if t.Data == nil {
		return "", invalid("data", "required")
	}
	// Validate the data as it would arrive over the wire: decoded JSON, not the
	// caller's Go values.
	raw, err := json.Marshal(t.Data)
	if err != nil {
		return "", invalid("data", "not JSON: %v", err)
	}
	var data any
	if err := json.Unmarshal(raw, &data); err != nil {
		return "", invalid("data", "not JSON: %v", err)
	}
	if problems := specdata.ValidateValue(hook.Data, data, "data"); len(problems) > 0 {
		return "", validationError(problems)
	}
	objectType := t.ObjectType
	if objectType == "" {
		s.store.mu.RLock()
		for _, k := range []string{"recordId", "sourceRecordId", "id"} {
			if id, ok := t.Data[k].(string); ok && objectType == "" {
				objectType = s.recordType(id)
			}
		}
		s.store.mu.RUnlock()
	}
	return s.outbox.emit(bc.WebhookEventName(t.Event), t.WorkspaceID, objectType, func() any { return t.Data }), nil
}

// integrationHookAdded makes an integration hook (createIntegrationHook) an
// endpoint: its target URL receives its event, limited to its workspace and
// object type, signed with a generated secret that GET /_mock/webhooks shows.
// Zapier's and Make's delivery format is unpublished, so the mock sends
// Breakcold's outbound webhooks.
func (s *Server) integrationHookAdded(hook bc.IntegrationHook) {
	spec := WebhookSpec{URL: hook.TargetURL, Events: []string{string(hook.Event)}, WorkspaceID: hook.WorkspaceID}
	if hook.ObjectTypeSlug != nil {
		spec.ObjectTypes = []string{*hook.ObjectTypeSlug}
	}
	if _, err := s.outbox.add(spec, hook.ID); err != nil {
		s.opts.Logger.Warn("integration hook cannot receive webhooks", "hook", hook.ID, "error", err)
	}
}
