package mockserver

import (
	"context"
	"strings"
	"time"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

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
