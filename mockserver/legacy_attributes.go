package mockserver

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
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

// legacyAttributeTypes maps the documented create's UPPERCASE types to the types
// the list and update operations answer (see LegacyAttributeDefinitionType); a
// SELECT with isMultiSelect is a multiselect.
var legacyAttributeTypes = map[bc.LegacyAttributeDefinitionType]bc.LegacyAttributeType{
	bc.LegacyAttributeDefinitionTypeText:        bc.LegacyAttributeTypeText,
	bc.LegacyAttributeDefinitionTypeTextarea:    bc.LegacyAttributeTypeText,
	bc.LegacyAttributeDefinitionTypeEmail:       bc.LegacyAttributeTypeText,
	bc.LegacyAttributeDefinitionTypePhoneNumber: bc.LegacyAttributeTypeText,
	bc.LegacyAttributeDefinitionTypeNumber:      bc.LegacyAttributeTypeNumber,
	bc.LegacyAttributeDefinitionTypeCurrency:    bc.LegacyAttributeTypeNumber,
	bc.LegacyAttributeDefinitionTypeDate:        bc.LegacyAttributeTypeDate,
	bc.LegacyAttributeDefinitionTypeTimestamp:   bc.LegacyAttributeTypeDate,
	bc.LegacyAttributeDefinitionTypeSelect:      bc.LegacyAttributeTypeSelect,
	bc.LegacyAttributeDefinitionTypeCheckbox:    bc.LegacyAttributeTypeCheckbox,
	bc.LegacyAttributeDefinitionTypeLocation:    bc.LegacyAttributeTypeLocation,
	bc.LegacyAttributeDefinitionTypeRelation:    bc.LegacyAttributeTypeRelation,
}

// LegacyObjectID is the id of a legacy workspace's person (company false) or
// company object definition: the id_object that legacyCreateAttribute takes. No
// documented operation lists object definitions, so the mock derives them from the
// workspace id, and they stay the same across restarts and resets.
func LegacyObjectID(space string, company bool) string {
	name := "person"
	if company {
		name = "company"
	}
	return uuid.NewSHA1(mustUUID(space), []byte(name)).String()
}

// legacyObjectSide says whether id is the space's company or person object.
func legacyObjectSide(space string, id uuid.UUID) (company bool, err error) {
	switch id.String() {
	case LegacyObjectID(space, false):
		return false, nil
	case LegacyObjectID(space, true):
		return true, nil
	}
	return false, invalid("id_object", "no object definition %s in this workspace: use the person (%s) or the company (%s) object",
		id, LegacyObjectID(space, false), LegacyObjectID(space, true))
}

// LegacyCreateAttribute takes the documented body and answers the documented
// definition; the attribute is stored in the shape the list and update operations
// answer, so the two views stay one attribute.
func (h *handlers) LegacyCreateAttribute(ctx context.Context, req bc.LegacyCreateAttributeRequestObject) (bc.LegacyCreateAttributeResponseObject, error) {
	in := req.Body
	d, err := legacyCreate(ctx, h.s, func(k *Key, now time.Time) (*bc.LegacyAttributeDefinition, error) {
		company, err := legacyObjectSide(k.SpaceID, in.IDObject)
		if err != nil {
			return nil, err
		}
		t, multi, choices := legacyAttributeTypes[in.Type], deref(in.IsMultiSelect), orEmptyPtr(in.SelectOptions)
		switch {
		case in.Type != bc.LegacyAttributeDefinitionTypeSelect && multi:
			return nil, invalid("isMultiSelect", "only SELECT attributes can be multi-select, not %s", in.Type)
		case in.Type != bc.LegacyAttributeDefinitionTypeSelect && len(choices) > 0:
			return nil, invalid("select_options", "only SELECT attributes take options, not %s", in.Type)
		case multi:
			t = bc.LegacyAttributeTypeMultiselect
		}
		opts, order := []bc.LegacyAttributeOption{}, []string{}
		for _, o := range choices {
			opt := bc.LegacyAttributeOption{ID: uuid.New(), Label: o.Name}
			opts, order = append(opts, opt), append(order, opt.ID.String())
		}
		a := bc.LegacyAttribute{
			ID: uuid.New(), Name: in.Name, Type: t, Options: opts, IsCompany: company,
			IDSpace: mustUUID(k.SpaceID), CreatedAt: now,
		}
		h.s.store.attributes.add(k.SpaceID, a.ID.String(), a)
		desc := in.Description
		if !desc.IsSpecified() {
			desc = nullOf[string]()
		}
		return &bc.LegacyAttributeDefinition{
			Type: in.Type, ID: a.ID, Slug: in.Slug, Name: in.Name, Description: desc, IsMultiSelect: multi,
			CreatedAt: now, UpdatedAt: now, IDSpace: a.IDSpace, AttributeDefinitionsSelectOptionsOrder: order,
			ObjectDefinitionsID: in.IDObject,
		}, nil
	})
	return bc.LegacyCreateAttribute200JSONResponse{Body: d}, err
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
