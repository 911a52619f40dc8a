package mockserver

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// sysField describes a field every workspace's system object types have.
type sysField struct {
	slug, name string
	typ        bc.FieldType
	primary    bool
	required   bool
	multiple   bool
	target     string   // relation: target object slug
	options    []string // select: option values (labels are title-cased)
}

var systemObjects = []struct {
	slug, singular, plural, icon string
	fields                       []sysField
}{
	{"person", "Person", "People", "user", []sysField{
		{slug: "name", name: "Name", typ: bc.FieldTypeText, primary: true, required: true},
		{slug: "email", name: "Email", typ: bc.FieldTypeEmail, multiple: true},
		{slug: "phone", name: "Phone", typ: bc.FieldTypePhone},
		{slug: "job_title", name: "Job title", typ: bc.FieldTypeText},
		{slug: "company", name: "Company", typ: bc.FieldTypeRelation, target: "company"},
		{slug: "linkedin", name: "LinkedIn", typ: bc.FieldTypeLinkedin},
		{slug: "owner", name: "Owner", typ: bc.FieldTypeMember},
	}},
	{"company", "Company", "Companies", "building", []sysField{
		{slug: "name", name: "Name", typ: bc.FieldTypeText, primary: true, required: true},
		{slug: "domain", name: "Domain", typ: bc.FieldTypeURL},
		{slug: "industry", name: "Industry", typ: bc.FieldTypeSelect, options: []string{"software", "finance", "retail", "manufacturing"}},
		{slug: "employees", name: "Employees", typ: bc.FieldTypeNumber},
		{slug: "owner", name: "Owner", typ: bc.FieldTypeMember},
	}},
	{"deal", "Deal", "Deals", "handshake", []sysField{
		{slug: "name", name: "Name", typ: bc.FieldTypeText, primary: true, required: true},
		{slug: "stage", name: "Stage", typ: bc.FieldTypeSelect, options: []string{"lead", "qualified", "proposal", "won", "lost"}},
		{slug: "value", name: "Value", typ: bc.FieldTypeCurrency},
		{slug: "close_date", name: "Close date", typ: bc.FieldTypeDate},
		{slug: "owner", name: "Owner", typ: bc.FieldTypeMember},
		{slug: "primary_contact", name: "Primary contact", typ: bc.FieldTypeRelation, target: "person"},
		{slug: "company", name: "Company", typ: bc.FieldTypeRelation, target: "company"},
	}},
}

// addWorkspace creates a workspace with the system object types, their fields,
// options and default views, and an empty inbox sidebar. The store lock is held.
func (s *Server) addWorkspace(orgID, id, name, desc string, now time.Time) *bc.Workspace {
	st := s.store
	if id == "" {
		id = newID("ws")
	}
	ws := &bc.Workspace{ID: id, OrganizationID: orgID, Name: name, CreatedAt: millis(now), UpdatedAt: millis(now)}
	if desc != "" {
		ws.Description = &desc
	}
	st.workspaces.put(orgID, id, st.nextSeq(), ws)
	st.sidebars[id] = []bc.SidebarItem{}
	bySlug := map[string]*bc.CrmObject{}
	for i, so := range systemObjects {
		obj := s.insertObject(id, bc.CrmObjectCreate{WorkspaceID: id, Slug: so.slug, NameSingular: so.singular, NamePlural: so.plural, Icon: &so.icon}, i, true, now)
		bySlug[so.slug] = obj
	}
	for _, so := range systemObjects {
		obj := bySlug[so.slug]
		for _, f := range so.fields {
			in := bc.FieldDefinitionCreate{Slug: f.slug, Name: f.name, FieldType: f.typ, IsRequired: &f.required, IsMultiple: &f.multiple}
			if f.target != "" {
				in.TargetObjectTypeID = &bySlug[f.target].ID
			}
			var opts []bc.FieldOptionInput
			for j, v := range f.options {
				opts = append(opts, bc.FieldOptionInput{Value: v, Label: strings.ToUpper(v[:1]) + v[1:], Order: j, IsDefault: j == 0, IsActive: true})
			}
			if opts != nil {
				in.Options = &opts
			}
			fd := s.insertField(obj, in, true, now)
			fd.IsPrimary = f.primary
		}
		s.insertView(obj, bc.RecordViewCreate{Name: "All " + strings.ToLower(obj.NamePlural), IsDefault: ptr(true)}, now)
		if so.slug == "deal" {
			stage := s.fieldBySlug(obj.ID, "stage")
			s.insertView(obj, bc.RecordViewCreate{Name: "Pipeline", Type: ptr(bc.Kanban), KanbanFieldDefinitionID: &stage.ID}, now)
		}
	}
	return ws
}

func orEmptyPtr[T any](p *[]T) []T {
	if p == nil {
		return nil
	}
	return *p
}

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

func (s *Server) insertField(obj *bc.CrmObject, in bc.FieldDefinitionCreate, system bool, now time.Time) *bc.FieldDefinition {
	st := s.store
	fd := &bc.FieldDefinition{
		ID: newID("fd"), WorkspaceID: obj.WorkspaceID, ObjectTypeID: obj.ID, Slug: in.Slug, Name: in.Name,
		FieldType: in.FieldType, Description: in.Description, IsSystem: system,
		IsRequired: deref(in.IsRequired), IsMultiple: deref(in.IsMultiple) || in.FieldType == bc.FieldTypeMultiselect,
		ShowInCreateModal: in.ShowInCreateModal, DefaultValue: in.DefaultValue, Validation: in.Validation,
		TargetObjectTypeID: in.TargetObjectTypeID, NotifyOnAssign: in.NotifyOnAssign, IsIdentifier: in.IsIdentifier,
		Order: len(st.fields.children(obj.ID)), CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	if in.RelationCardinality != nil {
		c := bc.FieldDefinitionRelationCardinality(*in.RelationCardinality)
		fd.RelationCardinality = &c
	}
	st.fields.put(obj.ID, fd.ID, st.nextSeq(), fd)
	for _, o := range orEmptyPtr(in.Options) {
		s.insertOption(fd, bc.FieldOptionCreate{Value: o.Value, Label: o.Label, Color: o.Color, IsDefault: &o.IsDefault, IsActive: &o.IsActive})
	}
	return fd
}

func (s *Server) insertOption(fd *bc.FieldDefinition, in bc.FieldOptionCreate) *bc.FieldOption {
	st := s.store
	opt := &bc.FieldOption{
		ID: newID("fo"), FieldDefinitionID: fd.ID, Value: in.Value, Label: in.Label, Color: in.Color,
		Order: len(st.options.children(fd.ID)), IsDefault: deref(in.IsDefault), IsActive: in.IsActive == nil || *in.IsActive,
	}
	st.options.put(fd.ID, opt.ID, st.nextSeq(), opt)
	if opt.IsDefault {
		s.clearOtherDefaults(fd.ID, opt.ID)
	}
	return opt
}

func (s *Server) clearOtherDefaults(fieldID, keepID string) {
	for _, o := range values(s.store.options.children(fieldID)) {
		if o.ID != keepID && o.IsDefault {
			c := *o
			c.IsDefault = false
			*o = c
		}
	}
}

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

func (s *Server) objectBySlug(wsID, slug string) *bc.CrmObject {
	for _, o := range values(s.store.objects.children(wsID)) {
		if o.Slug == slug {
			return o
		}
	}
	return nil
}

func (s *Server) fieldBySlug(objID, slug string) *bc.FieldDefinition {
	for _, f := range values(s.store.fields.children(objID)) {
		if f.Slug == slug {
			return f
		}
	}
	return nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func objectWorkspace(o *bc.CrmObject) string      { return o.WorkspaceID }
func fieldWorkspace(f *bc.FieldDefinition) string { return f.WorkspaceID }
func viewWorkspace(v *bc.RecordView) string       { return v.WorkspaceID }

func (s *Server) optionWorkspace(o *bc.FieldOption) string {
	if f, ok := s.store.fields.get(o.FieldDefinitionID); ok {
		return f.WorkspaceID
	}
	return ""
}

func objectOrder(o *bc.CrmObject) int64      { return int64(o.Order) }
func fieldOrder(f *bc.FieldDefinition) int64 { return int64(f.Order) }
func optionOrder(o *bc.FieldOption) int64    { return int64(o.Order) }
func viewOrder(v *bc.RecordView) int64       { return int64(v.Order) }

// reorder checks that ids names every id of have exactly once and returns their new
// positions.
func reorder(field string, ids []string, have []string) (map[string]int, error) {
	pos := make(map[string]int, len(ids))
	for i, id := range ids {
		if _, dup := pos[id]; dup {
			return nil, invalid(field, "id %q appears twice", id)
		}
		if !slices.Contains(have, id) {
			return nil, invalid(field, "id %q is not one of the items being ordered", id)
		}
		pos[id] = i
	}
	if len(pos) != len(have) {
		return nil, invalid(field, "must name all %d items exactly once; got %d", len(have), len(pos))
	}
	return pos, nil
}

func ids[T any](items []*T, id func(*T) string) []string {
	out := make([]string, len(items))
	for i, v := range items {
		out[i] = id(v)
	}
	return out
}

// setOrder checks ids names every item exactly once and gives each its position.
func setOrder[T any](field string, want []string, items []*T, idOf func(*T) string, set func(c *T, order int)) error {
	pos, err := reorder(field, want, ids(items, idOf))
	if err != nil {
		return err
	}
	for _, it := range items {
		c := *it
		set(&c, pos[idOf(it)])
		*it = c
	}
	return nil
}

// ---- Object types ----

func (h *handlers) ListCrmObjects(ctx context.Context, req bc.ListCrmObjectsRequestObject) (bc.ListCrmObjectsResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	p, err := newPageReq(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	if _, err := s.workspaceFor(k, req.Params.WorkspaceID); err != nil {
		return nil, err
	}
	page := pageByKey(s.store.objects.children(req.Params.WorkspaceID), objectOrder, p, nil)
	return bc.ListCrmObjects200JSONResponse{Body: bc.CrmObjectList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
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
	name := s.insertField(obj, bc.FieldDefinitionCreate{Slug: "name", Name: "Name", FieldType: bc.FieldTypeText, IsRequired: ptr(true)}, true, now)
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

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

// ---- Fields ----

func (h *handlers) ListCrmFields(ctx context.Context, req bc.ListCrmFieldsRequestObject) (bc.ListCrmFieldsResponseObject, error) {
	s := h.s
	p, err := newPageReq(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	obj, err := visible(s, keyOf(ctx), s.store.objects, "object type", req.ObjectTypeID, objectWorkspace)
	if err != nil {
		return nil, err
	}
	hidden := req.Params.IncludeHidden == nil || *req.Params.IncludeHidden
	page := pageByKey(s.store.fields.children(obj.ID), fieldOrder, p, func(f *bc.FieldDefinition) bool { return hidden || !f.IsHidden })
	return bc.ListCrmFields200JSONResponse{Body: bc.FieldDefinitionList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

func (h *handlers) CreateCrmField(ctx context.Context, req bc.CreateCrmFieldRequestObject) (bc.CreateCrmFieldResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	obj, err := visible(s, k, s.store.objects, "object type", req.ObjectTypeID, objectWorkspace)
	if err != nil {
		return nil, err
	}
	in := *req.Body
	if s.fieldBySlug(obj.ID, in.Slug) != nil {
		return nil, conflict("object type %s already has a field with slug %q", obj.Slug, in.Slug)
	}
	choice := in.FieldType == bc.FieldTypeSelect || in.FieldType == bc.FieldTypeMultiselect
	if in.Options != nil && !choice {
		return nil, invalid("options", "only select and multiselect fields have options")
	}
	if in.FieldType == bc.FieldTypeRelation {
		if in.TargetObjectTypeID == nil {
			return nil, invalid("targetObjectTypeId", "relation fields need a target object type")
		}
		target, ok := s.store.objects.get(*in.TargetObjectTypeID)
		if !ok || target.WorkspaceID != obj.WorkspaceID {
			return nil, invalid("targetObjectTypeId", "no object type %q in this workspace", *in.TargetObjectTypeID)
		}
	} else if in.TargetObjectTypeID != nil {
		return nil, invalid("targetObjectTypeId", "only relation fields have a target object type")
	}
	seen := map[string]bool{}
	for i, o := range orEmptyPtr(in.Options) {
		if seen[o.Value] {
			return nil, invalid(fmt.Sprintf("options.%d.value", i), "value %q appears twice", o.Value)
		}
		seen[o.Value] = true
	}
	fd := s.insertField(obj, in, false, s.clock.Now())
	return bc.CreateCrmField201JSONResponse{Body: bc.FieldDefinitionEnvelope{Field: *fd}}, nil
}

func (h *handlers) ReorderCrmFields(ctx context.Context, req bc.ReorderCrmFieldsRequestObject) (bc.ReorderCrmFieldsResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	obj, err := visible(s, keyOf(ctx), s.store.objects, "object type", req.ObjectTypeID, objectWorkspace)
	if err != nil {
		return nil, err
	}
	now := millis(s.clock.Now())
	if err := setOrder("fieldDefinitionIds", req.Body.FieldDefinitionIds, values(s.store.fields.children(obj.ID)),
		func(f *bc.FieldDefinition) string { return f.ID }, func(f *bc.FieldDefinition, i int) { f.Order, f.UpdatedAt = i, now }); err != nil {
		return nil, err
	}
	return bc.ReorderCrmFields200JSONResponse{Body: bc.ReorderResult{Ids: req.Body.FieldDefinitionIds}}, nil
}

func (h *handlers) GetCrmField(ctx context.Context, req bc.GetCrmFieldRequestObject) (bc.GetCrmFieldResponseObject, error) {
	fd, err := getVisible(ctx, h.s, h.s.store.fields, "field", req.FieldDefinitionID, fieldWorkspace)
	if err != nil {
		return nil, err
	}
	return bc.GetCrmField200JSONResponse{Body: bc.FieldDefinitionEnvelope{Field: fd}}, nil
}

func (h *handlers) UpdateCrmField(ctx context.Context, req bc.UpdateCrmFieldRequestObject) (bc.UpdateCrmFieldResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	fd, err := visible(s, keyOf(ctx), s.store.fields, "field", req.FieldDefinitionID, fieldWorkspace)
	if err != nil {
		return nil, err
	}
	in, c := req.Body, *fd
	setIf(&c.Name, in.Name)
	setIf(&c.IsRequired, in.IsRequired)
	setIf(&c.IsHidden, in.IsHidden)
	if in.IsMultiple != nil {
		if c.FieldType == bc.FieldTypeMultiselect && !*in.IsMultiple {
			return nil, invalid("isMultiple", "multiselect fields are always multiple")
		}
		c.IsMultiple = *in.IsMultiple
	}
	if in.Description != nil {
		c.Description = in.Description
	}
	if in.ShowInCreateModal != nil {
		c.ShowInCreateModal = in.ShowInCreateModal
	}
	if in.DefaultValue != nil {
		c.DefaultValue = in.DefaultValue
	}
	if in.Validation != nil {
		c.Validation = in.Validation
	}
	if in.NotifyOnAssign != nil {
		c.NotifyOnAssign = in.NotifyOnAssign
	}
	if in.IsIdentifier != nil {
		c.IsIdentifier = in.IsIdentifier
	}
	c.UpdatedAt = millis(s.clock.Now())
	*fd = c
	return bc.UpdateCrmField200JSONResponse{Body: bc.FieldDefinitionEnvelope{Field: c}}, nil
}

func (h *handlers) DeleteCrmField(ctx context.Context, req bc.DeleteCrmFieldRequestObject) (bc.DeleteCrmFieldResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	fd, err := visible(s, keyOf(ctx), s.store.fields, "field", req.FieldDefinitionID, fieldWorkspace)
	if err != nil {
		return nil, err
	}
	if fd.IsSystem {
		return nil, invalid("fieldDefinitionId", "%s is a system field and cannot be deleted", fd.Slug)
	}
	s.store.options.delParent(fd.ID)
	s.store.fields.del(fd.ID)
	s.rewriteRecords(fd.WorkspaceID, func(r *bc.Record) (bc.FieldValues, bool) {
		if r.ObjectTypeID != fd.ObjectTypeID {
			return nil, false
		}
		if _, ok := r.Fields[fd.Slug]; !ok {
			return nil, false
		}
		f := cloneFields(r.Fields)
		delete(f, fd.Slug)
		return f, true
	})
	return bc.DeleteCrmField200JSONResponse{Body: bc.DeleteResult{ID: fd.ID, Deleted: bc.DeleteResultDeletedTrue}}, nil
}

// ---- Field options ----

func (h *handlers) ListFieldOptions(ctx context.Context, req bc.ListFieldOptionsRequestObject) (bc.ListFieldOptionsResponseObject, error) {
	s := h.s
	p, err := newPageReq(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	fd, err := visible(s, keyOf(ctx), s.store.fields, "field", req.FieldDefinitionID, fieldWorkspace)
	if err != nil {
		return nil, err
	}
	page := pageByKey(s.store.options.children(fd.ID), optionOrder, p, nil)
	return bc.ListFieldOptions200JSONResponse{Body: bc.FieldOptionList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

func (h *handlers) CreateFieldOption(ctx context.Context, req bc.CreateFieldOptionRequestObject) (bc.CreateFieldOptionResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	fd, err := visible(s, keyOf(ctx), s.store.fields, "field", req.FieldDefinitionID, fieldWorkspace)
	if err != nil {
		return nil, err
	}
	if fd.FieldType != bc.FieldTypeSelect && fd.FieldType != bc.FieldTypeMultiselect {
		return nil, invalid("fieldDefinitionId", "%s is a %s field; only select and multiselect fields have options", fd.Slug, fd.FieldType)
	}
	for _, o := range values(s.store.options.children(fd.ID)) {
		if o.Value == req.Body.Value {
			return nil, conflict("field %s already has an option with value %q", fd.Slug, o.Value)
		}
	}
	opt := s.insertOption(fd, *req.Body)
	return bc.CreateFieldOption201JSONResponse{Body: bc.FieldOptionEnvelope{Option: *opt}}, nil
}

func (h *handlers) ReorderFieldOptions(ctx context.Context, req bc.ReorderFieldOptionsRequestObject) (bc.ReorderFieldOptionsResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	fd, err := visible(s, keyOf(ctx), s.store.fields, "field", req.FieldDefinitionID, fieldWorkspace)
	if err != nil {
		return nil, err
	}
	if err := setOrder("optionIds", req.Body.OptionIds, values(s.store.options.children(fd.ID)),
		func(o *bc.FieldOption) string { return o.ID }, func(o *bc.FieldOption, i int) { o.Order = i }); err != nil {
		return nil, err
	}
	return bc.ReorderFieldOptions200JSONResponse{Body: bc.ReorderResult{Ids: req.Body.OptionIds}}, nil
}

func (h *handlers) UpdateFieldOption(ctx context.Context, req bc.UpdateFieldOptionRequestObject) (bc.UpdateFieldOptionResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	opt, err := visible(s, keyOf(ctx), s.store.options, "field option", req.FieldOptionID, s.optionWorkspace)
	if err != nil {
		return nil, err
	}
	in, c := req.Body, *opt
	setIf(&c.Label, in.Label)
	setIf(&c.IsDefault, in.IsDefault)
	setIf(&c.IsActive, in.IsActive)
	if in.Color != nil {
		c.Color = in.Color
	}
	*opt = c
	if c.IsDefault {
		s.clearOtherDefaults(c.FieldDefinitionID, c.ID)
	}
	return bc.UpdateFieldOption200JSONResponse{Body: bc.FieldOptionEnvelope{Option: c}}, nil
}

func (h *handlers) DeleteFieldOption(ctx context.Context, req bc.DeleteFieldOptionRequestObject) (bc.DeleteFieldOptionResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	opt, err := visible(s, keyOf(ctx), s.store.options, "field option", req.FieldOptionID, s.optionWorkspace)
	if err != nil {
		return nil, err
	}
	fd, _ := s.store.fields.get(opt.FieldDefinitionID)
	s.store.options.del(opt.ID)
	s.rewriteRecords(fd.WorkspaceID, func(r *bc.Record) (bc.FieldValues, bool) {
		if r.ObjectTypeID != fd.ObjectTypeID {
			return nil, false
		}
		v, ok := r.Fields[fd.Slug]
		if !ok {
			return nil, false
		}
		kept, changed := dropOption(v, opt.ID)
		if !changed {
			return nil, false
		}
		f := cloneFields(r.Fields)
		if kept == nil {
			delete(f, fd.Slug)
		} else {
			f[fd.Slug] = kept
		}
		return f, true
	})
	return bc.DeleteFieldOption200JSONResponse{Body: bc.DeleteResult{ID: opt.ID, Deleted: bc.DeleteResultDeletedTrue}}, nil
}

// dropOption removes an option from a select ({optionId}) or multiselect value.
func dropOption(v any, optionID string) (any, bool) {
	isIt := func(x any) bool {
		m, ok := x.(map[string]any)
		return ok && m["optionId"] == optionID
	}
	if isIt(v) {
		return nil, true
	}
	list, ok := v.([]any)
	if !ok {
		return v, false
	}
	kept := slices.DeleteFunc(slices.Clone(list), isIt)
	if len(kept) == len(list) {
		return v, false
	}
	if len(kept) == 0 {
		return nil, true
	}
	return kept, true
}

// ---- Record views ----

func (h *handlers) ListRecordViews(ctx context.Context, req bc.ListRecordViewsRequestObject) (bc.ListRecordViewsResponseObject, error) {
	s := h.s
	p, err := newPageReq(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	obj, err := visible(s, keyOf(ctx), s.store.objects, "object type", req.ObjectTypeID, objectWorkspace)
	if err != nil {
		return nil, err
	}
	page := pageByKey(s.store.views.children(obj.ID), viewOrder, p, nil)
	return bc.ListRecordViews200JSONResponse{Body: bc.RecordViewList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
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
