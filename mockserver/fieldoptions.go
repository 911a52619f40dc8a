package mockserver

import (
	"context"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func optionOrder(o *bc.FieldOption) int64 { return int64(o.Order) }

func (s *Server) insertOption(fd *bc.FieldDefinition, in bc.FieldOptionCreate) *bc.FieldOption {
	st := s.store
	opt := bc.FieldOption{
		ID: newID("fo"), FieldDefinitionID: fd.ID, Value: in.Value, Label: in.Label, Color: in.Color,
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

// fieldOption finds an option the key may see under the field the path names; an
// option of another field is a 404, as if it did not exist.
func (s *Server) fieldOption(ctx context.Context, fieldID, optionID string) (*bc.FieldOption, error) {
	opt, err := s.store.options.visible(s, keyOf(ctx), optionID)
	if err != nil {
		return nil, err
	}
	if opt.FieldDefinitionID != fieldID {
		return nil, notFound("field option", optionID)
	}
	return opt, nil
}

func (h *handlers) ListFieldOptions(ctx context.Context, req bc.ListFieldOptionsRequestObject) (bc.ListFieldOptionsResponseObject, error) {
	s := h.s
	defer s.readLock()()
	fd, err := s.store.fields.visible(s, keyOf(ctx), req.FieldDefinitionID)
	if err != nil {
		return nil, err
	}
	all := allByKey(s.store.options.children(fd.ID), optionOrder, nil)
	return bc.ListFieldOptions200JSONResponse{Body: bc.FieldOptionList{Data: all}}, nil
}

func (h *handlers) CreateFieldOption(ctx context.Context, req bc.CreateFieldOptionRequestObject) (bc.CreateFieldOptionResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	fd, err := s.store.fields.visible(s, keyOf(ctx), req.FieldDefinitionID)
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
	fd, err := s.store.fields.visible(s, keyOf(ctx), req.FieldDefinitionID)
	if err != nil {
		return nil, err
	}
	if err := setOrder(s.store.options, fd.ID, "optionIds", req.Body.OptionIds,
		func(o *bc.FieldOption) string { return o.ID }, func(o bc.FieldOption, i int) bc.FieldOption { o.Order = i; return o }); err != nil {
		return nil, err
	}
	return bc.ReorderFieldOptions200JSONResponse{Body: bc.ReorderResult{Ids: req.Body.OptionIds}}, nil
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
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return bc.UpdateFieldOption200JSONResponse{Body: bc.FieldOptionEnvelope{Option: opt}}, nil
}

func (h *handlers) DeleteFieldOption(ctx context.Context, req bc.DeleteFieldOptionRequestObject) (bc.DeleteFieldOptionResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	opt, err := s.fieldOption(ctx, req.FieldDefinitionID, req.FieldOptionID)
	if err != nil {
		return nil, err
	}
	fd, _ := s.store.fields.get(opt.FieldDefinitionID)
	s.store.options.del(opt.ID)
	s.rewriteRecords(fd.WorkspaceID, func(r bc.Record) (bc.FieldValues, bool) {
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
