package mockserver

import (
	"context"
	"strings"
	"time"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func objectOrder(o *bc.CrmObject) int64 { return int64(o.Order) }

func (s *Server) insertObject(wsID string, in bc.CrmObjectCreate, order int, system bool, now time.Time) *bc.CrmObject {
	obj := bc.CrmObject{
		ID: newID("ot"), WorkspaceID: wsID, Slug: in.Slug, NameSingular: in.NameSingular, NamePlural: in.NamePlural,
		Icon: in.Icon, Color: in.Color, IsSystem: system, IsActive: true, Order: order,
		CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	return s.store.objects.add(wsID, obj.ID, obj)
}

func (s *Server) objectBySlug(wsID, slug string) *bc.CrmObject {
	return s.store.objects.find(wsID, func(o *bc.CrmObject) bool { return o.Slug == slug })
}

func (h *handlers) ListCrmObjects(ctx context.Context, req bc.ListCrmObjectsRequestObject) (bc.ListCrmObjectsResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	if _, err := s.workspaceFor(k, req.Params.WorkspaceID); err != nil {
		return nil, err
	}
	all := allByKey(s.store.objects.children(req.Params.WorkspaceID), objectOrder, nil)
	return bc.ListCrmObjects200JSONResponse{Body: bc.CrmObjectList{Data: all}}, nil
}

func (h *handlers) CreateCrmObject(ctx context.Context, req bc.CreateCrmObjectRequestObject) (bc.CreateCrmObjectResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	in := *req.Body
	if _, err := s.workspaceFor(k, in.WorkspaceID); err != nil {
		return nil, err
	}
	if s.objectBySlug(in.WorkspaceID, in.Slug) != nil {
		return nil, conflict("an object type with slug %q already exists", in.Slug)
	}
	now := s.clock.Now()
	obj := s.insertObject(in.WorkspaceID, in, len(s.store.objects.children(in.WorkspaceID)), false, now)
	s.insertField(obj, bc.FieldDefinitionCreate{Slug: "name", Name: "Name", FieldType: string(bc.FieldTypeText), IsRequired: ptr(true)}, true, true, now)
	s.insertView(obj, bc.RecordViewCreate{Name: "All " + strings.ToLower(obj.NamePlural), IsDefault: ptr(true)}, now)
	return bc.CreateCrmObject201JSONResponse{Body: bc.CrmObjectEnvelope{Object: *obj}}, nil
}

func (h *handlers) ReorderCrmObjects(ctx context.Context, req bc.ReorderCrmObjectsRequestObject) (bc.ReorderCrmObjectsResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	if _, err := s.workspaceFor(k, req.Body.WorkspaceID); err != nil {
		return nil, err
	}
	now := millis(s.clock.Now())
	if err := setOrder(s.store.objects, req.Body.WorkspaceID, "objectTypeIds", req.Body.ObjectTypeIds,
		func(o *bc.CrmObject) string { return o.ID }, func(o bc.CrmObject, i int) bc.CrmObject { o.Order, o.UpdatedAt = i, now; return o }); err != nil {
		return nil, err
	}
	return bc.ReorderCrmObjects200JSONResponse{Body: bc.ReorderResult{Ids: req.Body.ObjectTypeIds}}, nil
}

func (h *handlers) GetCrmObject(ctx context.Context, req bc.GetCrmObjectRequestObject) (bc.GetCrmObjectResponseObject, error) {
	obj, err := get(ctx, h.s, h.s.store.objects, req.ObjectTypeID)
	if err != nil {
		return nil, err
	}
	return bc.GetCrmObject200JSONResponse{Body: bc.CrmObjectEnvelope{Object: obj}}, nil
}

func (h *handlers) UpdateCrmObject(ctx context.Context, req bc.UpdateCrmObjectRequestObject) (bc.UpdateCrmObjectResponseObject, error) {
	in := req.Body
	obj, err := update(ctx, h.s, h.s.store.objects, req.ObjectTypeID, func(c bc.CrmObject) (bc.CrmObject, error) {
		setIf(&c.NameSingular, in.NameSingular)
		setIf(&c.NamePlural, in.NamePlural)
		setIf(&c.IsActive, in.IsActive)
		if in.Icon != nil {
			c.Icon = in.Icon
		}
		if in.Color != nil {
			c.Color = in.Color
		}
		c.UpdatedAt = millis(h.s.clock.Now())
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return bc.UpdateCrmObject200JSONResponse{Body: bc.CrmObjectEnvelope{Object: obj}}, nil
}

func (h *handlers) DeleteCrmObject(ctx context.Context, req bc.DeleteCrmObjectRequestObject) (bc.DeleteCrmObjectResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	obj, err := s.store.objects.visible(s, keyOf(ctx), req.ObjectTypeID)
	if err != nil {
		return nil, err
	}
	if obj.IsSystem {
		return nil, invalid("objectTypeId", "%s is a system object type and cannot be deleted", obj.Slug)
	}
	st := s.store
	for _, f := range st.fields.delParent(obj.ID) {
		st.options.delParent(f.ID)
	}
	st.views.delParent(obj.ID)
	var doomed []string
	for _, it := range st.records.children(st.workspaces.parentOf(obj.WorkspaceID)) {
		if it.val.ObjectTypeID == obj.ID {
			doomed = append(doomed, it.id)
		}
	}
	for _, id := range doomed {
		s.dropRecord(id)
	}
	st.objects.del(obj.ID)
	return bc.DeleteCrmObject200JSONResponse{Body: bc.DeleteResult{ID: obj.ID, Deleted: bc.DeleteResultDeletedTrue}}, nil
}
