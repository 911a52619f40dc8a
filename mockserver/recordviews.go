package mockserver

import (
	"context"
	"time"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func viewWorkspace(v *bc.RecordView) string { return v.WorkspaceID }

func viewOrder(v *bc.RecordView) int64 { return int64(v.Order) }

func (s *Server) insertView(obj *bc.CrmObject, in bc.RecordViewCreate, now time.Time) *bc.RecordView {
	st := s.store
	v := &bc.RecordView{
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
	st.views.put(obj.ID, v.ID, st.nextSeq(), v)
	if v.IsDefault {
		s.clearOtherDefaultViews(obj.ID, v.ID)
	}
	return v
}

func (s *Server) clearOtherDefaultViews(objID, keepID string) {
	for _, v := range values(s.store.views.children(objID)) {
		if v.ID != keepID && v.IsDefault {
			c := *v
			c.IsDefault = false
			*v = c
		}
	}
}

func (h *handlers) ListRecordViews(ctx context.Context, req bc.ListRecordViewsRequestObject) (bc.ListRecordViewsResponseObject, error) {
	s := h.s
	defer s.readLock()()
	obj, err := visible(s, keyOf(ctx), s.store.objects, "object type", req.ObjectTypeID, objectWorkspace)
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
	obj, err := visible(s, keyOf(ctx), s.store.objects, "object type", req.ObjectTypeID, objectWorkspace)
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
	obj, err := visible(s, keyOf(ctx), s.store.objects, "object type", req.ObjectTypeID, objectWorkspace)
	if err != nil {
		return nil, err
	}
	now := millis(s.clock.Now())
	if err := setOrder("viewIds", req.Body.ViewIds, values(s.store.views.children(obj.ID)),
		func(v *bc.RecordView) string { return v.ID }, func(v *bc.RecordView, i int) { v.Order, v.UpdatedAt = i, now }); err != nil {
		return nil, err
	}
	return bc.ReorderRecordViews200JSONResponse{Body: bc.ReorderResult{Ids: req.Body.ViewIds}}, nil
}

func (h *handlers) GetRecordView(ctx context.Context, req bc.GetRecordViewRequestObject) (bc.GetRecordViewResponseObject, error) {
	v, err := getVisible(ctx, h.s, h.s.store.views, "record view", req.ViewID, viewWorkspace)
	if err != nil {
		return nil, err
	}
	return bc.GetRecordView200JSONResponse{Body: bc.RecordViewEnvelope{View: v}}, nil
}

func (h *handlers) UpdateRecordView(ctx context.Context, req bc.UpdateRecordViewRequestObject) (bc.UpdateRecordViewResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	v, err := visible(s, keyOf(ctx), s.store.views, "record view", req.ViewID, viewWorkspace)
	if err != nil {
		return nil, err
	}
	in, c := req.Body, *v
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
		return nil, err
	}
	c.UpdatedAt = millis(s.clock.Now())
	*v = c
	if c.IsDefault {
		s.clearOtherDefaultViews(c.ObjectTypeID, c.ID)
	}
	return bc.UpdateRecordView200JSONResponse{Body: bc.RecordViewEnvelope{View: c}}, nil
}

func (h *handlers) DeleteRecordView(ctx context.Context, req bc.DeleteRecordViewRequestObject) (bc.DeleteRecordViewResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	v, err := visible(s, keyOf(ctx), s.store.views, "record view", req.ViewID, viewWorkspace)
	if err != nil {
		return nil, err
	}
	if len(s.store.views.children(v.ObjectTypeID)) == 1 {
		return nil, invalid("viewId", "the last view of an object type cannot be deleted")
	}
	s.store.views.del(v.ID)
	return bc.DeleteRecordView200JSONResponse{Body: bc.DeleteResult{ID: v.ID, Deleted: bc.DeleteResultDeletedTrue}}, nil
}
