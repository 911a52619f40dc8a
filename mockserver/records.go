package mockserver

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

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
	fields, err := s.normalizeFields(obj, nil, in, true, true)
	if err != nil {
		return nil, err
	}
	st := s.store
	rec := bc.Record{
		ID: s.id("rc"), WorkspaceID: wsID, ObjectTypeID: obj.ID, ObjectTypeSlug: obj.Slug,
		Fields: fields, DisplayName: displayName(obj, fields), CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	return st.records.add(st.workspaces.parentOf(wsID), rec.ID, rec), nil
}

// rewriteRecords replaces the fields of the workspace's records that change says to
// change.
func (s *Server) rewriteRecords(wsID string, change func(bc.Record) (bc.FieldValues, bool)) {
	now := millis(s.clock.Now())
	s.store.records.rewrite(s.store.workspaces.parentOf(wsID), func(r bc.Record) (bc.Record, bool) {
		if r.WorkspaceID != wsID {
			return r, false
		}
		f, ok := change(r)
		if ok {
			r.Fields, r.UpdatedAt = f, now
		}
		return r, ok
	})
}

// dropRecord deletes a record with its tasks, notes and activities.
func (s *Server) dropRecord(id string) {
	st := s.store
	if r, ok := st.records.get(id); ok {
		s.changed(r, nil)
	}
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
		v, err := s.store.views.visible(s, k, *q.ViewID)
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
	return rawPage{key: "data", items: items, pagination: blockOf(page)}, nil
}

func (h *handlers) CreateRecord(ctx context.Context, req bc.CreateRecordRequestObject) (bc.CreateRecordResponseObject, error) {
	s, in := h.s, req.Body
	// The answer is the record's cached encoding, which reads of it reuse.
	raw, err := inParent(ctx, s, s.store.workspaces, in.WorkspaceID, func(*bc.Workspace) (json.RawMessage, error) {
		obj, err := s.resolveObject(in.WorkspaceID, in.ObjectTypeID, in.ObjectTypeSlug)
		if err != nil {
			return nil, err
		}
		rec, err := s.insertRecord(in.WorkspaceID, obj, orEmptyMap(in.Fields), s.clock.Now())
		if err != nil {
			return nil, err
		}
		s.changed(nil, rec)
		return s.store.records.byID[rec.ID].json()
	})
	if err != nil {
		return nil, err
	}
	return rawOne{key: "record", item: raw, status: http.StatusCreated}, nil
}

func (h *handlers) GetRecord(ctx context.Context, req bc.GetRecordRequestObject) (bc.GetRecordResponseObject, error) {
	raw, err := getJSON(ctx, h.s, h.s.store.records, req.RecordID)
	if err != nil {
		return nil, err
	}
	return rawOne{key: "record", item: raw}, nil
}

func (h *handlers) UpdateRecord(ctx context.Context, req bc.UpdateRecordRequestObject) (bc.UpdateRecordResponseObject, error) {
	s := h.s
	rec, err := update(ctx, s, s.store.records, req.RecordID, func(c bc.Record) (bc.Record, error) {
		obj, _ := s.store.objects.get(c.ObjectTypeID)
		fields, err := s.normalizeFields(obj, c.Fields, req.Body.Fields, false,
			req.Body.MultiselectMode != nil && *req.Body.MultiselectMode == bc.Replace)
		if err != nil {
			return c, err
		}
		for _, def := range values(s.store.fields.children(obj.ID)) {
			if _, ok := fields[def.Slug]; !ok && def.IsRequired {
				return c, invalid("fields."+def.Slug, "required field cannot be cleared")
			}
		}
		c.Fields, c.DisplayName, c.UpdatedAt = fields, displayName(obj, fields), millis(s.clock.Now())
		return c, nil
	})
	return bc.UpdateRecord200JSONResponse{Body: bc.RecordEnvelope{Record: rec}}, err
}

func (h *handlers) ArchiveRecord(ctx context.Context, req bc.ArchiveRecordRequestObject) (bc.ArchiveRecordResponseObject, error) {
	rec, err := h.setArchived(ctx, req.RecordID, true)
	return bc.ArchiveRecord200JSONResponse{Body: bc.RecordEnvelope{Record: rec}}, err
}

func (h *handlers) RestoreRecord(ctx context.Context, req bc.RestoreRecordRequestObject) (bc.RestoreRecordResponseObject, error) {
	rec, err := h.setArchived(ctx, req.RecordID, false)
	return bc.RestoreRecord200JSONResponse{Body: bc.RecordEnvelope{Record: rec}}, err
}

func (h *handlers) setArchived(ctx context.Context, id string, archived bool) (bc.Record, error) {
	return update(ctx, h.s, h.s.store.records, id, func(c bc.Record) (bc.Record, error) {
		if c.IsArchived == archived {
			return c, nil
		}
		now := millis(h.s.clock.Now())
		c.IsArchived, c.UpdatedAt, c.ArchivedAt = archived, now, nil
		if archived {
			c.ArchivedAt = &now
		}
		return c, nil
	})
}
