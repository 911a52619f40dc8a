package mockserver

import (
	"context"
	"strings"
	"time"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func objectWorkspace(o *bc.CrmObject) string { return o.WorkspaceID }

func objectOrder(o *bc.CrmObject) int64 { return int64(o.Order) }

func (s *Server) insertObject(wsID string, in bc.CrmObjectCreate, order int, system bool, now time.Time) *bc.CrmObject {
	st := s.store
	obj := &bc.CrmObject{
		ID: newID("ot"), WorkspaceID: wsID, Slug: in.Slug, NameSingular: in.NameSingular, NamePlural: in.NamePlural,
		Icon: in.Icon, Color: in.Color, IsSystem: system, IsActive: true, Order: order,
		CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	st.objects.put(wsID, obj.ID, st.nextSeq(), obj)
	return obj
}

func (s *Server) objectBySlug(wsID, slug string) *bc.CrmObject {
	for _, o := range values(s.store.objects.children(wsID)) {
		if o.Slug == slug {
			return o
		}
	}
	return nil
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
	name := s.insertField(obj, bc.FieldDefinitionCreate{Slug: "name", Name: "Name", FieldType: string(bc.FieldTypeText), IsRequired: ptr(true)}, true, now)
	name.IsPrimary = true
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
	if err := setOrder("objectTypeIds", req.Body.ObjectTypeIds, values(s.store.objects.children(req.Body.WorkspaceID)),
		func(o *bc.CrmObject) string { return o.ID }, func(o *bc.CrmObject, i int) { o.Order, o.UpdatedAt = i, now }); err != nil {
		return nil, err
	}
	return bc.ReorderCrmObjects200JSONResponse{Body: bc.ReorderResult{Ids: req.Body.ObjectTypeIds}}, nil
}

func (h *handlers) GetCrmObject(ctx context.Context, req bc.GetCrmObjectRequestObject) (bc.GetCrmObjectResponseObject, error) {
	obj, err := getVisible(ctx, h.s, h.s.store.objects, "object type", req.ObjectTypeID, objectWorkspace)
	if err != nil {
		return nil, err
	}
	return bc.GetCrmObject200JSONResponse{Body: bc.CrmObjectEnvelope{Object: obj}}, nil
}

func (h *handlers) UpdateCrmObject(ctx context.Context, req bc.UpdateCrmObjectRequestObject) (bc.UpdateCrmObjectResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	obj, err := visible(s, keyOf(ctx), s.store.objects, "object type", req.ObjectTypeID, objectWorkspace)
	if err != nil {
		return nil, err
	}
	in, c := req.Body, *obj
	setIf(&c.NameSingular, in.NameSingular)
	setIf(&c.NamePlural, in.NamePlural)
	setIf(&c.IsActive, in.IsActive)
	if in.Icon != nil {
		c.Icon = in.Icon
	}
	if in.Color != nil {
		c.Color = in.Color
	}
	c.UpdatedAt = millis(s.clock.Now())
	*obj = c
	return bc.UpdateCrmObject200JSONResponse{Body: bc.CrmObjectEnvelope{Object: c}}, nil
}

func (h *handlers) DeleteCrmObject(ctx context.Context, req bc.DeleteCrmObjectRequestObject) (bc.DeleteCrmObjectResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	obj, err := visible(s, keyOf(ctx), s.store.objects, "object type", req.ObjectTypeID, objectWorkspace)
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
