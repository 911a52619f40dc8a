package mockserver

// CRM metadata, the crm:metadata scopes: object types, their fields, the options
// of select fields, and record views.

import (
	"context"
	"fmt"
	"strings"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func objectOrder(o *bc.CrmObject) int64 { return int64(o.Order) }

func (s *Server) insertObject(wsID string, in bc.CrmObjectCreate, order int, system bool, now time.Time) *bc.CrmObject {
	obj := bc.CrmObject{
		ID: s.id("ot"), WorkspaceID: wsID, Slug: in.Slug, Name: ptr(in.NameSingular), NameSingular: in.NameSingular, NamePlural: in.NamePlural,
		Icon: in.Icon, Color: in.Color, IsSystem: system, IsActive: true, Order: order,
		CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	return s.store.objects.add(wsID, obj.ID, obj)
}

func (s *Server) objectBySlug(wsID, slug string) *bc.CrmObject {
	return s.store.objects.find(wsID, func(o *bc.CrmObject) bool { return o.Slug == slug })
}

func (h *handlers) ListCrmObjects(ctx context.Context, req bc.ListCrmObjectsRequestObject) (bc.ListCrmObjectsResponseObject, error) {
	all, err := allChildren(ctx, h.s, h.s.store.workspaces, req.Params.WorkspaceID, h.s.store.objects, objectOrder)
	return bc.ListCrmObjects200JSONResponse{Body: bc.CrmObjectList{Data: all}}, err
}

func (h *handlers) CreateCrmObject(ctx context.Context, req bc.CreateCrmObjectRequestObject) (bc.CreateCrmObjectResponseObject, error) {
	s, in := h.s, *req.Body
	obj, err := inParent(ctx, s, s.store.workspaces, in.WorkspaceID, func(*bc.Workspace) (*bc.CrmObject, error) {
		if s.objectBySlug(in.WorkspaceID, in.Slug) != nil {
			return nil, conflict("an object type with slug %q already exists", in.Slug)
		}
		now := s.clock.Now()
		obj := s.insertObject(in.WorkspaceID, in, len(s.store.objects.children(in.WorkspaceID)), false, now)
		s.insertField(obj, bc.FieldDefinitionCreate{Slug: "name", Name: "Name", FieldType: string(bc.FieldTypeText), IsRequired: ptr(true)}, true, true, now)
		s.insertView(obj, bc.RecordViewCreate{Name: "All " + strings.ToLower(obj.NamePlural), IsDefault: ptr(true)}, now)
		return obj, nil
	})
	return bc.CreateCrmObject201JSONResponse{Body: bc.CrmObjectEnvelope{Object: deref(obj)}}, err
}

func (h *handlers) ReorderCrmObjects(ctx context.Context, req bc.ReorderCrmObjectsRequestObject) (bc.ReorderCrmObjectsResponseObject, error) {
	st, in, now := h.s.store, req.Body, millis(h.s.clock.Now())
	err := reorderChildren(ctx, h.s, st.workspaces, in.WorkspaceID, st.objects, "objectTypeIds", in.ObjectTypeIds,
		func(o *bc.CrmObject) string { return o.ID }, func(o bc.CrmObject, i int) bc.CrmObject { o.Order, o.UpdatedAt = i, now; return o })
	return bc.ReorderCrmObjects200JSONResponse{Body: bc.ReorderResult{Ids: in.ObjectTypeIds}}, err
}

func (h *handlers) GetCrmObject(ctx context.Context, req bc.GetCrmObjectRequestObject) (bc.GetCrmObjectResponseObject, error) {
	obj, err := get(ctx, h.s, h.s.store.objects, req.ObjectTypeID)
	return bc.GetCrmObject200JSONResponse{Body: bc.CrmObjectEnvelope{Object: obj}}, err
}

func (h *handlers) UpdateCrmObject(ctx context.Context, req bc.UpdateCrmObjectRequestObject) (bc.UpdateCrmObjectResponseObject, error) {
	in := req.Body
	obj, err := update(ctx, h.s, h.s.store.objects, req.ObjectTypeID, func(c bc.CrmObject) (bc.CrmObject, error) {
		setIf(&c.NameSingular, in.NameSingular)
		c.Name = ptr(c.NameSingular) // Breakcold shows name without defining it; the mock keeps it the singular name
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
	return bc.UpdateCrmObject200JSONResponse{Body: bc.CrmObjectEnvelope{Object: obj}}, err
}

func (h *handlers) DeleteCrmObject(ctx context.Context, req bc.DeleteCrmObjectRequestObject) (bc.DeleteCrmObjectResponseObject, error) {
	s := h.s
	res, err := remove(ctx, s, s.store.objects, req.ObjectTypeID, func(obj *bc.CrmObject) error {
		if obj.IsSystem {
			return invalid("objectTypeId", "%s is a system object type and cannot be deleted", obj.Slug)
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
		return nil
	})
	return bc.DeleteCrmObject200JSONResponse{Body: res}, err
}

func fieldOrder(f *bc.FieldDefinition) int64 { return int64(f.Order) }

// insertField stores a field with its options. system and primary are what the
// API does not let a client set: system fields cannot be deleted, and the primary
// field names a record.
func (s *Server) insertField(obj *bc.CrmObject, in bc.FieldDefinitionCreate, system, primary bool, now time.Time) *bc.FieldDefinition {
	st := s.store
	fd := bc.FieldDefinition{
		ID: s.id("fd"), WorkspaceID: obj.WorkspaceID, ObjectTypeID: obj.ID, Slug: in.Slug, Name: in.Name,
		FieldType: bc.FieldType(in.FieldType), Description: in.Description, IsSystem: system, IsPrimary: primary,
		IsRequired: deref(in.IsRequired), IsMultiple: deref(in.IsMultiple) || in.FieldType == string(bc.FieldTypeMultiselect),
		ShowInCreateModal: in.ShowInCreateModal, DefaultValue: in.DefaultValue, Validation: in.Validation,
		TargetObjectTypeID: in.TargetObjectTypeID, NotifyOnAssign: in.NotifyOnAssign, IsIdentifier: in.IsIdentifier,
		InteractionRollupMode: in.InteractionRollupMode, DefaultValueTemplate: in.DefaultValueTemplate,
		IsComputed: in.IsComputed, ComputeExpression: in.ComputeExpression, RelationCardinality: in.RelationCardinality,
		Order: len(st.fields.children(obj.ID)), CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	if in.TargetObjectTypeID != nil {
		// The mock's choice: one relation definition per relation field.
		fd.RelationDefinitionID = ptr(s.id("rd"))
	}
	stored := st.fields.add(obj.ID, fd.ID, fd)
	for _, o := range orEmptyPtr(in.Options) {
		s.insertOption(stored, bc.FieldOptionCreate{Value: o.Value, Label: o.Label, Color: o.Color, IsDefault: &o.IsDefault, IsActive: &o.IsActive})
	}
	return stored
}

func (s *Server) fieldBySlug(objID, slug string) *bc.FieldDefinition {
	return s.store.fields.find(objID, func(f *bc.FieldDefinition) bool { return f.Slug == slug })
}

func (h *handlers) ListCrmFields(ctx context.Context, req bc.ListCrmFieldsRequestObject) (bc.ListCrmFieldsResponseObject, error) {
	all, err := allChildren(ctx, h.s, h.s.store.objects, req.ObjectTypeID, h.s.store.fields, fieldOrder)
	return bc.ListCrmFields200JSONResponse{Body: bc.FieldDefinitionList{Data: all}}, err
}

func (h *handlers) CreateCrmField(ctx context.Context, req bc.CreateCrmFieldRequestObject) (bc.CreateCrmFieldResponseObject, error) {
	s, in := h.s, *req.Body
	fd, err := inParent(ctx, s, s.store.objects, req.ObjectTypeID, func(obj *bc.CrmObject) (*bc.FieldDefinition, error) {
		if s.fieldBySlug(obj.ID, in.Slug) != nil {
			return nil, conflict("object type %s already has a field with slug %q", obj.Slug, in.Slug)
		}
		ft := bc.FieldType(in.FieldType)
		if !ft.Valid() {
			// Breakcold's contract takes any string; the mock knows only the FieldType values.
			return nil, invalid("fieldType", "unknown field type %q", in.FieldType)
		}
		choice := ft == bc.FieldTypeSelect || ft == bc.FieldTypeMultiselect
		if in.Options != nil && !choice {
			return nil, invalid("options", "only select and multiselect fields have options")
		}
		if ft == bc.FieldTypeRelation {
			if in.TargetObjectTypeID == nil {
				return nil, invalid("targetObjectTypeId", "relation fields need a target object type")
			}
			if err := s.checkTarget(obj.WorkspaceID, *in.TargetObjectTypeID); err != nil {
				return nil, err
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
		return s.insertField(obj, in, false, false, s.clock.Now()), nil
	})
	return bc.CreateCrmField201JSONResponse{Body: bc.FieldDefinitionEnvelope{Field: deref(fd)}}, err
}

// checkTarget accepts a relation's target object type only in the field's workspace.
func (s *Server) checkTarget(workspaceID, targetID string) error {
	target, ok := s.store.objects.get(targetID)
	if !ok || target.WorkspaceID != workspaceID {
		return invalid("targetObjectTypeId", "no object type %q in this workspace", targetID)
	}
	return nil
}

func (h *handlers) ReorderCrmFields(ctx context.Context, req bc.ReorderCrmFieldsRequestObject) (bc.ReorderCrmFieldsResponseObject, error) {
	st, ids, now := h.s.store, req.Body.FieldDefinitionIds, millis(h.s.clock.Now())
	err := reorderChildren(ctx, h.s, st.objects, req.ObjectTypeID, st.fields, "fieldDefinitionIds", ids,
		func(f *bc.FieldDefinition) string { return f.ID }, func(f bc.FieldDefinition, i int) bc.FieldDefinition { f.Order, f.UpdatedAt = i, now; return f })
	return bc.ReorderCrmFields200JSONResponse{Body: bc.ReorderResult{Ids: ids}}, err
}

func (h *handlers) GetCrmField(ctx context.Context, req bc.GetCrmFieldRequestObject) (bc.GetCrmFieldResponseObject, error) {
	fd, err := get(ctx, h.s, h.s.store.fields, req.FieldDefinitionID)
	return bc.GetCrmField200JSONResponse{Body: bc.FieldDefinitionEnvelope{Field: fd}}, err
}

func (h *handlers) UpdateCrmField(ctx context.Context, req bc.UpdateCrmFieldRequestObject) (bc.UpdateCrmFieldResponseObject, error) {
	in := req.Body
	fd, err := update(ctx, h.s, h.s.store.fields, req.FieldDefinitionID, func(c bc.FieldDefinition) (bc.FieldDefinition, error) {
		setIf(&c.Name, in.Name)
		setIf(&c.IsRequired, in.IsRequired)
		setIf(&c.IsHidden, in.IsHidden)
		if in.IsMultiple != nil {
			if c.FieldType == bc.FieldTypeMultiselect && !*in.IsMultiple {
				return c, invalid("isMultiple", "multiselect fields are always multiple")
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
		if in.TargetObjectTypeID != nil {
			if c.FieldType != bc.FieldTypeRelation {
				return c, invalid("targetObjectTypeId", "only relation fields have a target object type")
			}
			if err := h.s.checkTarget(c.WorkspaceID, *in.TargetObjectTypeID); err != nil {
				return c, err
			}
			c.TargetObjectTypeID = in.TargetObjectTypeID
		}
		if in.InteractionRollupMode != nil {
			c.InteractionRollupMode = in.InteractionRollupMode
		}
		if in.DefaultValueTemplate != nil {
			c.DefaultValueTemplate = in.DefaultValueTemplate
		}
		if in.IsComputed != nil {
			c.IsComputed = in.IsComputed
		}
		if in.ComputeExpression != nil {
			c.ComputeExpression = in.ComputeExpression
		}
		c.UpdatedAt = millis(h.s.clock.Now())
		return c, nil
	})
	return bc.UpdateCrmField200JSONResponse{Body: bc.FieldDefinitionEnvelope{Field: fd}}, err
}

func (h *handlers) DeleteCrmField(ctx context.Context, req bc.DeleteCrmFieldRequestObject) (bc.DeleteCrmFieldResponseObject, error) {
	s := h.s
	res, err := remove(ctx, s, s.store.fields, req.FieldDefinitionID, func(fd *bc.FieldDefinition) error {
		if fd.IsSystem {
			return invalid("fieldDefinitionId", "%s is a system field and cannot be deleted", fd.Slug)
		}
		s.store.options.delParent(fd.ID)
		s.rewriteFieldValues(fd, func(any) (any, bool) { return nil, true })
		return nil
	})
	return bc.DeleteCrmField200JSONResponse{Body: res}, err
}

func optionOrder(o *bc.FieldOption) int64 { return int64(o.Order) }

func (s *Server) insertOption(fd *bc.FieldDefinition, in bc.FieldOptionCreate) *bc.FieldOption {
	st := s.store
	opt := bc.FieldOption{
		ID: s.id("fo"), FieldDefinitionID: fd.ID, Value: in.Value, Label: in.Label, Color: in.Color,
		Order: len(st.options.children(fd.ID)), IsDefault: deref(in.IsDefault), IsActive: in.IsActive == nil || *in.IsActive,
	}
	if opt.IsDefault {
		s.clearOtherDefaults(fd.ID, opt.ID)
	}
	return st.options.add(fd.ID, opt.ID, opt)
}

// clearOtherDefaults keeps a field's one default option: keepID.
func (s *Server) clearOtherDefaults(fieldID, keepID string) {
	s.store.options.rewrite(fieldID, func(o bc.FieldOption) (bc.FieldOption, bool) {
		if o.ID == keepID || !o.IsDefault {
			return o, false
		}
		o.IsDefault = false
		return o, true
	})
}

func (h *handlers) ListFieldOptions(ctx context.Context, req bc.ListFieldOptionsRequestObject) (bc.ListFieldOptionsResponseObject, error) {
	all, err := allChildren(ctx, h.s, h.s.store.fields, req.FieldDefinitionID, h.s.store.options, optionOrder)
	return bc.ListFieldOptions200JSONResponse{Body: bc.FieldOptionList{Data: all}}, err
}

func (h *handlers) CreateFieldOption(ctx context.Context, req bc.CreateFieldOptionRequestObject) (bc.CreateFieldOptionResponseObject, error) {
	s := h.s
	opt, err := inParent(ctx, s, s.store.fields, req.FieldDefinitionID, func(fd *bc.FieldDefinition) (*bc.FieldOption, error) {
		if fd.FieldType != bc.FieldTypeSelect && fd.FieldType != bc.FieldTypeMultiselect {
			return nil, invalid("fieldDefinitionId", "%s is a %s field; only select and multiselect fields have options", fd.Slug, fd.FieldType)
		}
		if o := s.store.options.find(fd.ID, func(o *bc.FieldOption) bool { return o.Value == req.Body.Value }); o != nil {
			return nil, conflict("field %s already has an option with value %q", fd.Slug, o.Value)
		}
		return s.insertOption(fd, *req.Body), nil
	})
	return bc.CreateFieldOption201JSONResponse{Body: bc.FieldOptionEnvelope{Option: deref(opt)}}, err
}

func (h *handlers) ReorderFieldOptions(ctx context.Context, req bc.ReorderFieldOptionsRequestObject) (bc.ReorderFieldOptionsResponseObject, error) {
	st, ids := h.s.store, req.Body.OptionIds
	err := reorderChildren(ctx, h.s, st.fields, req.FieldDefinitionID, st.options, "optionIds", ids,
		func(o *bc.FieldOption) string { return o.ID }, func(o bc.FieldOption, i int) bc.FieldOption { o.Order = i; return o })
	return bc.ReorderFieldOptions200JSONResponse{Body: bc.ReorderResult{Ids: ids}}, err
}

func (h *handlers) UpdateFieldOption(ctx context.Context, req bc.UpdateFieldOptionRequestObject) (bc.UpdateFieldOptionResponseObject, error) {
	in := req.Body
	opt, err := update(ctx, h.s, h.s.store.options, req.FieldOptionID, func(c bc.FieldOption) (bc.FieldOption, error) {
		if c.FieldDefinitionID != req.FieldDefinitionID {
			return c, notFound("field option", req.FieldOptionID)
		}
		if in.Value != nil && *in.Value != c.Value {
			if h.s.store.options.find(c.FieldDefinitionID, func(o *bc.FieldOption) bool { return o.Value == *in.Value }) != nil {
				return c, conflict("the field already has an option with value %q", *in.Value)
			}
			c.Value = *in.Value
		}
		setIf(&c.Label, in.Label)
		setIf(&c.IsDefault, in.IsDefault)
		setIf(&c.IsActive, in.IsActive)
		if in.Color != nil {
			c.Color = in.Color
		}
		if c.IsDefault {
			h.s.clearOtherDefaults(c.FieldDefinitionID, c.ID)
		}
		fd, _ := h.s.store.fields.get(c.FieldDefinitionID)
		h.s.rewriteFieldValues(fd, func(v any) (any, bool) { return refreshOption(v, &c) })
		return c, nil
	})
	return bc.UpdateFieldOption200JSONResponse{Body: bc.FieldOptionEnvelope{Option: opt}}, err
}

func (h *handlers) DeleteFieldOption(ctx context.Context, req bc.DeleteFieldOptionRequestObject) (bc.DeleteFieldOptionResponseObject, error) {
	s := h.s
	res, err := remove(ctx, s, s.store.options, req.FieldOptionID, func(opt *bc.FieldOption) error {
		if opt.FieldDefinitionID != req.FieldDefinitionID {
			return notFound("field option", req.FieldOptionID) // an option of another field
		}
		fd, _ := s.store.fields.get(opt.FieldDefinitionID)
		s.rewriteFieldValues(fd, func(v any) (any, bool) { return dropOption(v, opt.ID) })
		return nil
	})
	return bc.DeleteFieldOption200JSONResponse{Body: res}, err
}

func viewOrder(v *bc.RecordView) int64 { return int64(v.Order) }

func (s *Server) insertView(obj *bc.CrmObject, in bc.RecordViewCreate, now time.Time) *bc.RecordView {
	st := s.store
	v := bc.RecordView{
		ID: s.id("rv"), WorkspaceID: obj.WorkspaceID, ObjectTypeID: obj.ID, Name: in.Name, Emoji: in.Emoji,
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
	all, err := allChildren(ctx, h.s, h.s.store.objects, req.ObjectTypeID, h.s.store.views, viewOrder)
	return bc.ListRecordViews200JSONResponse{Body: bc.RecordViewList{Data: all}}, err
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
	v, err := inParent(ctx, s, s.store.objects, req.ObjectTypeID, func(obj *bc.CrmObject) (*bc.RecordView, error) {
		typ := bc.Table
		setIf(&typ, req.Body.Type)
		if err := s.checkKanban(obj.ID, req.Body.KanbanFieldDefinitionID, typ); err != nil {
			return nil, err
		}
		return s.insertView(obj, *req.Body, s.clock.Now()), nil
	})
	return bc.CreateRecordView201JSONResponse{Body: bc.RecordViewEnvelope{View: deref(v)}}, err
}

func (h *handlers) ReorderRecordViews(ctx context.Context, req bc.ReorderRecordViewsRequestObject) (bc.ReorderRecordViewsResponseObject, error) {
	st, ids, now := h.s.store, req.Body.ViewIds, millis(h.s.clock.Now())
	err := reorderChildren(ctx, h.s, st.objects, req.ObjectTypeID, st.views, "viewIds", ids,
		func(v *bc.RecordView) string { return v.ID }, func(v bc.RecordView, i int) bc.RecordView { v.Order, v.UpdatedAt = i, now; return v })
	return bc.ReorderRecordViews200JSONResponse{Body: bc.ReorderResult{Ids: ids}}, err
}

func (h *handlers) GetRecordView(ctx context.Context, req bc.GetRecordViewRequestObject) (bc.GetRecordViewResponseObject, error) {
	v, err := get(ctx, h.s, h.s.store.views, req.ViewID)
	return bc.GetRecordView200JSONResponse{Body: bc.RecordViewEnvelope{View: v}}, err
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
	return bc.UpdateRecordView200JSONResponse{Body: bc.RecordViewEnvelope{View: v}}, err
}

func (h *handlers) DeleteRecordView(ctx context.Context, req bc.DeleteRecordViewRequestObject) (bc.DeleteRecordViewResponseObject, error) {
	s := h.s
	res, err := remove(ctx, s, s.store.views, req.ViewID, func(v *bc.RecordView) error {
		if len(s.store.views.children(v.ObjectTypeID)) == 1 {
			return invalid("viewId", "the last view of an object type cannot be deleted")
		}
		return nil
	})
	return bc.DeleteRecordView200JSONResponse{Body: res}, err
}

// rewriteFieldValues applies change to the field's value in every record of its
// object type; a nil result clears the value. The store lock is held.
func (s *Server) rewriteFieldValues(fd *bc.FieldDefinition, change func(any) (any, bool)) {
	s.rewriteRecords(fd.WorkspaceID, func(r bc.Record) (bc.FieldValues, bool) {
		v, ok := r.Fields[fd.Slug]
		if !ok || r.ObjectTypeID != fd.ObjectTypeID {
			return nil, false
		}
		nv, changed := change(v)
		if !changed {
			return nil, false
		}
		f := cloneFields(r.Fields)
		if nv == nil {
			delete(f, fd.Slug)
		} else {
			f[fd.Slug] = nv
		}
		return f, true
	})
}
