package mockserver

import (
	"context"
	"time"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func viewOrder(v *bc.RecordView) int64 { return int64(v.Order) }

func (s *Server) insertView(obj *bc.CrmObject, in bc.RecordViewCreate, now time.Time) *bc.RecordView {
	st := s.store
	v := bc.RecordView{
		ID: newID("rv"), WorkspaceID: obj.WorkspaceID, ObjectTypeID: obj.ID, Name: in.Name, Emoji: in.Emoji,
		Type: bc.Table, IsDefault: deref(in.IsDefault), Order: len(st.views.children(obj.ID)),
		Config: bc.ViewConfig{}, KanbanFieldDefinitionID: in.KanbanFieldDefinitionID,
		KanbanWinOptionIds: in.KanbanWinOptionIds, KanbanLossOptionIds: in.KanbanLossOptionIds,
		CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	if in.Type != nil {
		v.Type = *in.Type
	}
	if in.Config != nil {
		v.Config = *in.Config
	}
	if v.IsDefault {
		s.clearOtherDefaultViews(obj.ID, v.ID)
	}
	return st.views.add(obj.ID, v.ID, v)
}

// clearOtherDefaultViews keeps an object type's one default view: keepID.
func (s *Server) clearOtherDefaultViews(objID, keepID string) {
	s.store.views.rewrite(objID, func(v bc.RecordView) (bc.RecordView, bool) {
		if v.ID == keepID || !v.IsDefault {
			return v, false
		}
		v.IsDefault = false
		return v, true
	})
}

func (h *handlers) ListRecordViews(ctx context.Context, req bc.ListRecordViewsRequestObject) (bc.ListRecordViewsResponseObject, error) {
	s := h.s
	defer s.readLock()()
	obj, err := s.store.objects.visible(s, keyOf(ctx), req.ObjectTypeID)
	if err != nil {
		return nil, err
	}
	all := allByKey(s.store.views.children(obj.ID), viewOrder, nil)
	return bc.ListRecordViews200JSONResponse{Body: bc.RecordViewList{Data: all}}, nil
}

func (s *Server) checkKanban(objID string, kanbanField *string, typ bc.RecordViewType) error {
	if typ != bc.Kanban {
		return nil
	}
	if kanbanField == nil {
		return invalid("kanbanFieldDefinitionId", "kanban views need a select field to group by")
	}
	fd, ok := s.store.fields.get(*kanbanField)
	if !ok || fd.ObjectTypeID != objID || fd.FieldType != bc.FieldTypeSelect {
		return invalid("kanbanFieldDefinitionId", "%q is not a select field of this object type", *kanbanField)
	}
	return nil
}

func (h *handlers) CreateRecordView(ctx context.Context, req bc.CreateRecordViewRequestObject) (bc.CreateRecordViewResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	obj, err := s.store.objects.visible(s, keyOf(ctx), req.ObjectTypeID)
	if err != nil {
		return nil, err
	}
	typ := bc.Table
	setIf(&typ, req.Body.Type)
	if err := s.checkKanban(obj.ID, req.Body.KanbanFieldDefinitionID, typ); err != nil {
		return nil, err
	}
	v := s.insertView(obj, *req.Body, s.clock.Now())
	return bc.CreateRecordView201JSONResponse{Body: bc.RecordViewEnvelope{View: *v}}, nil
}

func (h *handlers) ReorderRecordViews(ctx context.Context, req bc.ReorderRecordViewsRequestObject) (bc.ReorderRecordViewsResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	obj, err := s.store.objects.visible(s, keyOf(ctx), req.ObjectTypeID)
	if err != nil {
		return nil, err
	}
	now := millis(s.clock.Now())
	if err := setOrder(s.store.views, obj.ID, "viewIds", req.Body.ViewIds,
		func(v *bc.RecordView) string { return v.ID }, func(v bc.RecordView, i int) bc.RecordView { v.Order, v.UpdatedAt = i, now; return v }); err != nil {
		return nil, err
	}
	return bc.ReorderRecordViews200JSONResponse{Body: bc.ReorderResult{Ids: req.Body.ViewIds}}, nil
}

func (h *handlers) GetRecordView(ctx context.Context, req bc.GetRecordViewRequestObject) (bc.GetRecordViewResponseObject, error) {
	v, err := get(ctx, h.s, h.s.store.views, req.ViewID)
	if err != nil {
		return nil, err
	}
	return bc.GetRecordView200JSONResponse{Body: bc.RecordViewEnvelope{View: v}}, nil
}

func (h *handlers) UpdateRecordView(ctx context.Context, req bc.UpdateRecordViewRequestObject) (bc.UpdateRecordViewResponseObject, error) {
	s, in := h.s, req.Body
	v, err := update(ctx, s, s.store.views, req.ViewID, func(c bc.RecordView) (bc.RecordView, error) {
		setIf(&c.Name, in.Name)
		setIf(&c.IsDefault, in.IsDefault)
		setIf(&c.Config, in.Config)
		setIf(&c.Type, in.Type)
		if in.Emoji != nil {
			c.Emoji = in.Emoji
		}
		if in.KanbanFieldDefinitionID != nil {
			c.KanbanFieldDefinitionID = in.KanbanFieldDefinitionID
		}
		if in.KanbanWinOptionIds != nil {
			c.KanbanWinOptionIds = in.KanbanWinOptionIds
		}
		if in.KanbanLossOptionIds != nil {
			c.KanbanLossOptionIds = in.KanbanLossOptionIds
		}
		if err := s.checkKanban(c.ObjectTypeID, c.KanbanFieldDefinitionID, c.Type); err != nil {
			return c, err
		}
		c.UpdatedAt = millis(s.clock.Now())
		if c.IsDefault {
			s.clearOtherDefaultViews(c.ObjectTypeID, c.ID)
		}
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return bc.UpdateRecordView200JSONResponse{Body: bc.RecordViewEnvelope{View: v}}, nil
}

func (h *handlers) DeleteRecordView(ctx context.Context, req bc.DeleteRecordViewRequestObject) (bc.DeleteRecordViewResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	v, err := s.store.views.visible(s, keyOf(ctx), req.ViewID)
	if err != nil {
		return nil, err
	}
	if len(s.store.views.children(v.ObjectTypeID)) == 1 {
		return nil, invalid("viewId", "the last view of an object type cannot be deleted")
	}
	s.store.views.del(v.ID)
	return bc.DeleteRecordView200JSONResponse{Body: bc.DeleteResult{ID: v.ID, Deleted: bc.DeleteResultDeletedTrue}}, nil
}
