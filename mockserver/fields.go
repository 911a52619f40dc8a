package mockserver

import (
	"context"
	"fmt"
	"time"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func fieldOrder(f *bc.FieldDefinition) int64 { return int64(f.Order) }

// insertField stores a field with its options. system and primary are what the
// API does not let a client set: system fields cannot be deleted, and the primary
// field names a record.
func (s *Server) insertField(obj *bc.CrmObject, in bc.FieldDefinitionCreate, system, primary bool, now time.Time) *bc.FieldDefinition {
	st := s.store
	fd := bc.FieldDefinition{
		ID: newID("fd"), WorkspaceID: obj.WorkspaceID, ObjectTypeID: obj.ID, Slug: in.Slug, Name: in.Name,
		FieldType: bc.FieldType(in.FieldType), Description: in.Description, IsSystem: system, IsPrimary: primary,
		IsRequired: deref(in.IsRequired), IsMultiple: deref(in.IsMultiple) || in.FieldType == string(bc.FieldTypeMultiselect),
		ShowInCreateModal: in.ShowInCreateModal, DefaultValue: in.DefaultValue, Validation: in.Validation,
		TargetObjectTypeID: in.TargetObjectTypeID, NotifyOnAssign: in.NotifyOnAssign, IsIdentifier: in.IsIdentifier,
		InteractionRollupMode: in.InteractionRollupMode, DefaultValueTemplate: in.DefaultValueTemplate,
		IsComputed: in.IsComputed, ComputeExpression: in.ComputeExpression,
		Order: len(st.fields.children(obj.ID)), CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	if in.TargetObjectTypeID != nil {
		// The mock's choice: one relation definition per relation field.
		fd.RelationDefinitionID = ptr(newID("rd"))
	}
	if in.RelationCardinality != nil {
		c := bc.FieldDefinitionRelationCardinality(*in.RelationCardinality)
		fd.RelationCardinality = &c
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
	s := h.s
	defer s.readLock()()
	obj, err := s.store.objects.visible(s, keyOf(ctx), req.ObjectTypeID)
	if err != nil {
		return nil, err
	}
	all := allByKey(s.store.fields.children(obj.ID), fieldOrder, nil)
	return bc.ListCrmFields200JSONResponse{Body: bc.FieldDefinitionList{Data: all}}, nil
}

func (h *handlers) CreateCrmField(ctx context.Context, req bc.CreateCrmFieldRequestObject) (bc.CreateCrmFieldResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	obj, err := s.store.objects.visible(s, k, req.ObjectTypeID)
	if err != nil {
		return nil, err
	}
	in := *req.Body
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
	fd := s.insertField(obj, in, false, false, s.clock.Now())
	return bc.CreateCrmField201JSONResponse{Body: bc.FieldDefinitionEnvelope{Field: *fd}}, nil
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
	s := h.s
	defer s.writeLock()()
	obj, err := s.store.objects.visible(s, keyOf(ctx), req.ObjectTypeID)
	if err != nil {
		return nil, err
	}
	now := millis(s.clock.Now())
	if err := setOrder(s.store.fields, obj.ID, "fieldDefinitionIds", req.Body.FieldDefinitionIds,
		func(f *bc.FieldDefinition) string { return f.ID }, func(f bc.FieldDefinition, i int) bc.FieldDefinition { f.Order, f.UpdatedAt = i, now; return f }); err != nil {
		return nil, err
	}
	return bc.ReorderCrmFields200JSONResponse{Body: bc.ReorderResult{Ids: req.Body.FieldDefinitionIds}}, nil
}

func (h *handlers) GetCrmField(ctx context.Context, req bc.GetCrmFieldRequestObject) (bc.GetCrmFieldResponseObject, error) {
	fd, err := get(ctx, h.s, h.s.store.fields, req.FieldDefinitionID)
	if err != nil {
		return nil, err
	}
	return bc.GetCrmField200JSONResponse{Body: bc.FieldDefinitionEnvelope{Field: fd}}, nil
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
	if err != nil {
		return nil, err
	}
	return bc.UpdateCrmField200JSONResponse{Body: bc.FieldDefinitionEnvelope{Field: fd}}, nil
}

func (h *handlers) DeleteCrmField(ctx context.Context, req bc.DeleteCrmFieldRequestObject) (bc.DeleteCrmFieldResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	fd, err := s.store.fields.visible(s, keyOf(ctx), req.FieldDefinitionID)
	if err != nil {
		return nil, err
	}
	if fd.IsSystem {
		return nil, invalid("fieldDefinitionId", "%s is a system field and cannot be deleted", fd.Slug)
	}
	s.store.options.delParent(fd.ID)
	s.store.fields.del(fd.ID)
	s.rewriteRecords(fd.WorkspaceID, func(r bc.Record) (bc.FieldValues, bool) {
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
