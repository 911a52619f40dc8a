package mockserver

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func attributeHasOptions(t bc.LegacyAttributeType) bool {
	return t == bc.LegacyAttributeTypeSelect || t == bc.LegacyAttributeTypeMultiselect
}

// attributeOptions builds an attribute's option list from the complete list sent:
// an option sent with the id of one of have is kept and relabelled, one without an
// id is new.
func attributeOptions(t bc.LegacyAttributeType, have []bc.LegacyAttributeOption, in *[]bc.LegacyAttributeOptionInput) ([]bc.LegacyAttributeOption, error) {
	out := []bc.LegacyAttributeOption{}
	if in == nil {
		return out, nil
	}
	if len(*in) > 0 && !attributeHasOptions(t) {
		return nil, invalid("options", "only select and multiselect attributes take options, not %s", t)
	}
	for i, o := range *in {
		id := uuid.New()
		if o.ID != nil {
			if !slices.ContainsFunc(have, func(h bc.LegacyAttributeOption) bool { return h.ID == *o.ID }) {
				return nil, invalid(fmt.Sprintf("options.%d.id", i), "no option %s on this attribute", *o.ID)
			}
			if slices.ContainsFunc(out, func(h bc.LegacyAttributeOption) bool { return h.ID == *o.ID }) {
				return nil, invalid(fmt.Sprintf("options.%d.id", i), "option %s appears twice", *o.ID)
			}
			id = *o.ID
		}
		out = append(out, bc.LegacyAttributeOption{ID: id, Label: o.Label})
	}
	return out, nil
}

func (h *handlers) LegacyListAttributes(ctx context.Context, _ bc.LegacyListAttributesRequestObject) (bc.LegacyListAttributesResponseObject, error) {
	return bc.LegacyListAttributes200JSONResponse{Body: legacyAll(ctx, h.s, h.s.store.attributes)}, nil
}

func (h *handlers) LegacyCreateAttribute(ctx context.Context, req bc.LegacyCreateAttributeRequestObject) (bc.LegacyCreateAttributeResponseObject, error) {
	in := req.Body
	a, err := legacyCreate(ctx, h.s, func(k *Key, now time.Time) (*bc.LegacyAttribute, error) {
		opts, err := attributeOptions(in.Type, nil, in.Options)
		if err != nil {
			return nil, err
		}
		a := bc.LegacyAttribute{
			ID: uuid.New(), Name: in.Name, Type: in.Type, Options: opts, IsCompany: deref(in.IsCompany),
			IDSpace: mustUUID(k.SpaceID), CreatedAt: now,
		}
		return h.s.store.attributes.add(k.SpaceID, a.ID.String(), a), nil
	})
	return bc.LegacyCreateAttribute200JSONResponse{Body: a}, err
}

func (h *handlers) LegacyUpdateAttribute(ctx context.Context, req bc.LegacyUpdateAttributeRequestObject) (bc.LegacyUpdateAttributeResponseObject, error) {
	s, in, space := h.s, req.Body, keyOf(ctx).SpaceID
	a, err := legacyUpdate(ctx, s, s.store.attributes, req.ID, func(c bc.LegacyAttribute) (bc.LegacyAttribute, error) {
		setIf(&c.Name, in.Name)
		if in.Options == nil {
			return c, nil
		}
		opts, err := attributeOptions(c.Type, c.Options, in.Options)
		if err != nil {
			return c, err
		}
		c.Options = opts
		kept := func(x any) bool {
			str, _ := x.(string)
			return slices.ContainsFunc(opts, func(o bc.LegacyAttributeOption) bool { return o.ID.String() == str })
		}
		// Values naming a removed option lose it.
		s.rewriteAttributeValues(space, func(attrID string, v any) (any, bool) {
			if attrID != c.ID.String() || !attributeHasOptions(c.Type) {
				return v, false
			}
			if list, ok := v.([]any); ok {
				left := slices.DeleteFunc(slices.Clone(list), func(x any) bool { return !kept(x) })
				if len(left) == len(list) {
					return v, false
				}
				return left, true
			}
			if kept(v) {
				return v, false
			}
			return nil, true
		})
		return c, nil
	})
	return bc.LegacyUpdateAttribute200JSONResponse{Body: a}, err
}

func (h *handlers) LegacyDeleteAttribute(ctx context.Context, req bc.LegacyDeleteAttributeRequestObject) (bc.LegacyDeleteAttributeResponseObject, error) {
	res, err := legacyRemove(ctx, h.s, h.s.store.attributes, req.ID, func(space string, _ *bc.LegacyAttribute) {
		h.s.rewriteAttributeValues(space, func(attrID string, v any) (any, bool) {
			if attrID == req.ID.String() {
				return nil, true
			}
			return v, false
		})
	})
	return bc.LegacyDeleteAttribute200JSONResponse{Body: res}, err
}
