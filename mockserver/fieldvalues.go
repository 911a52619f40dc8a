package mockserver

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// emailPattern is compiled on first use, not at start-up.
var emailPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`) })

// normalizeFields checks values against the object's field definitions and returns
// the stored form, which is also the returned one: emails and phones become {value,
// label, countryCode, isPrimary} objects, select and multiselect options {optionId,
// value, label, color}. On create, required fields must be present; on update, null
// clears and multiselect values are appended to the current ones unless replace is set.
func (s *Server) normalizeFields(obj *bc.CrmObject, current bc.FieldValues, in map[string]any, create, replace bool) (bc.FieldValues, error) {
	defs := s.store.fields.children(obj.ID)
	def := func(slug string) *bc.FieldDefinition {
		for _, it := range defs {
			if it.val.Slug == slug {
				return it.val
			}
		}
		return nil
	}
	out := cloneFields(current)
	slugs := make([]string, 0, len(in))
	for slug := range in {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs)
	for _, slug := range slugs {
		v := in[slug]
		def := def(slug)
		if def == nil {
			return nil, invalid("fields."+slug, "object type %s has no field %q", obj.Slug, slug)
		}
		if v == nil {
			delete(out, slug)
			continue
		}
		if def.IsReadOnly != nil && *def.IsReadOnly {
			return nil, invalid("fields."+slug, "field is read-only")
		}
		norm, err := s.normalizeValue(obj, def, v)
		if err != nil {
			return nil, invalid("fields."+slug, "%v", err)
		}
		if def.FieldType == bc.FieldTypeMultiselect && !replace {
			norm = appendOptions(out[slug], norm.([]any))
		}
		if list, ok := norm.([]any); ok && len(list) == 0 && !create {
			delete(out, slug)
			continue
		}
		out[slug] = norm
	}
	if create {
		for _, it := range defs {
			if _, ok := out[it.val.Slug]; !ok && it.val.IsRequired {
				return nil, invalid("fields."+it.val.Slug, "required field is missing")
			}
		}
	}
	return out, nil
}

// appendOptions adds to a stored multiselect value the options it does not hold yet.
func appendOptions(current any, add []any) []any {
	out, _ := current.([]any)
	out = slices.Clone(out)
	for _, x := range add {
		if !slices.ContainsFunc(out, func(y any) bool { return optionIDOf(y) == optionIDOf(x) }) {
			out = append(out, x)
		}
	}
	return out
}

func optionIDOf(v any) string {
	m, _ := v.(map[string]any)
	id, _ := m["optionId"].(string)
	return id
}

// optionValue is a select or multiselect option as records hold and return it.
func optionValue(o *bc.FieldOption) map[string]any {
	v := map[string]any{"optionId": o.ID, "value": o.Value, "label": o.Label}
	if o.Color != nil {
		v["color"] = *o.Color
	}
	return v
}

func (s *Server) normalizeValue(obj *bc.CrmObject, def *bc.FieldDefinition, v any) (any, error) {
	if list, ok := v.([]any); ok {
		if !def.IsMultiple {
			return nil, fmt.Errorf("a %s field takes one value, not a list", def.FieldType)
		}
		out := make([]any, 0, len(list))
		for i, x := range list {
			n, err := s.normalizeOne(obj, def, x)
			if err != nil {
				return nil, fmt.Errorf("item %d: %w", i, err)
			}
			out = append(out, n)
		}
		return out, nil
	}
	if def.FieldType == bc.FieldTypeMultiselect {
		return nil, fmt.Errorf("a multiselect field takes a list of option ids")
	}
	return s.normalizeOne(obj, def, v)
}

func (s *Server) normalizeOne(obj *bc.CrmObject, def *bc.FieldDefinition, v any) (any, error) {
	switch def.FieldType {
	case bc.FieldTypeText, bc.FieldTypeTextarea, bc.FieldTypeURL, bc.FieldTypeLinkedin, bc.FieldTypeTwitter, bc.FieldTypeFacebook, bc.FieldTypeWhatsapp, bc.FieldTypeTelegram:
		if _, ok := v.(string); !ok {
			return nil, fmt.Errorf("want a string, got %s", jsonKind(v))
		}
		return v, nil
	case bc.FieldTypeNumber:
		if _, ok := v.(float64); !ok {
			return nil, fmt.Errorf("want a number, got %s", jsonKind(v))
		}
		return v, nil
	case bc.FieldTypeCheckbox:
		if _, ok := v.(bool); !ok {
			return nil, fmt.Errorf("want a boolean, got %s", jsonKind(v))
		}
		return v, nil
	case bc.FieldTypeDate, bc.FieldTypeDatetime:
		switch x := v.(type) {
		case float64:
			if x < 0 {
				return nil, fmt.Errorf("want epoch milliseconds ≥ 0")
			}
			return v, nil
		case string:
			if _, err := time.Parse("2006-01-02", x); err == nil {
				return v, nil
			}
			if _, err := time.Parse(time.RFC3339, x); err == nil {
				return v, nil
			}
		}
		return nil, fmt.Errorf("want epoch milliseconds or an ISO 8601 date")
	case bc.FieldTypeCurrency:
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("want {amount, currencyCode}")
		}
		if _, ok := m["amount"].(float64); !ok {
			return nil, fmt.Errorf("amount must be a number")
		}
		if c, ok := m["currencyCode"].(string); !ok || len(c) != 3 {
			return nil, fmt.Errorf("currencyCode must be a three-letter code")
		}
		return map[string]any{"amount": m["amount"], "currencyCode": m["currencyCode"]}, nil
	case bc.FieldTypeEmail, bc.FieldTypePhone:
		var value string
		out := map[string]any{"isPrimary": true}
		switch x := v.(type) {
		case string:
			value = x
		case map[string]any:
			value, _ = x["value"].(string)
			if l, ok := x["label"].(string); ok {
				out["label"] = l
			}
			if p, ok := x["isPrimary"].(bool); ok {
				out["isPrimary"] = p
			}
			if c, ok := x["countryCode"].(string); ok {
				out["countryCode"] = c
			}
		}
		if value == "" {
			return nil, fmt.Errorf("want a string or {value, label, countryCode, isPrimary}")
		}
		if def.FieldType == bc.FieldTypeEmail && !emailPattern().MatchString(value) {
			return nil, fmt.Errorf("%q is not an email address", value)
		}
		out["value"] = value
		return out, nil
	case bc.FieldTypeSelect, bc.FieldTypeMultiselect:
		id, _ := v.(string)
		if m, ok := v.(map[string]any); ok {
			id, _ = m["optionId"].(string)
		}
		if id == "" {
			return nil, fmt.Errorf("want an option id or {optionId}")
		}
		opt, ok := s.store.options.get(id)
		if !ok || opt.FieldDefinitionID != def.ID {
			return nil, fmt.Errorf("%q is not an option of this field", id)
		}
		return optionValue(opt), nil
	case bc.FieldTypeMember:
		id, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("want a user id")
		}
		u := s.store.users[id]
		if u == nil || u.OrgID != s.store.workspaces.parentOf(obj.WorkspaceID) {
			return nil, fmt.Errorf("%q is not a member of the organization", id)
		}
		return v, nil
	case bc.FieldTypeRelation:
		id, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("want a record id")
		}
		rec, found := s.store.records.get(id)
		if !found || rec.WorkspaceID != obj.WorkspaceID {
			return nil, fmt.Errorf("no record %q in this workspace", id)
		}
		if def.TargetObjectTypeID != nil && rec.ObjectTypeID != *def.TargetObjectTypeID {
			return nil, fmt.Errorf("record %q is a %s, not the related object type", id, rec.ObjectTypeSlug)
		}
		return v, nil
	case bc.FieldTypeLocation:
		if _, ok := v.(map[string]any); !ok {
			return nil, fmt.Errorf("want {latitude, longitude, address}")
		}
		return v, nil
	}
	return v, nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func cloneFields(f bc.FieldValues) bc.FieldValues {
	out := make(bc.FieldValues, len(f))
	maps.Copy(out, f)
	return out
}

func displayName(obj *bc.CrmObject, f bc.FieldValues) string {
	if n, ok := f["name"].(string); ok && n != "" {
		return n
	}
	if e := firstValue(f["email"]); e != "" {
		return e
	}
	return "Untitled " + strings.ToLower(obj.NameSingular)
}

func firstValue(v any) string {
	switch x := v.(type) {
	case map[string]any:
		s, _ := x["value"].(string)
		return s
	case []any:
		if len(x) > 0 {
			return firstValue(x[0])
		}
	}
	return ""
}

// dropOption removes an option from a select or multiselect value.
func dropOption(v any, optionID string) (any, bool) {
	isIt := func(x any) bool { return optionIDOf(x) == optionID }
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

// refreshOption rewrites an option's value, label and colour where a select or
// multiselect value holds it.
func refreshOption(v any, o *bc.FieldOption) (any, bool) {
	if optionIDOf(v) == o.ID {
		return optionValue(o), true
	}
	list, ok := v.([]any)
	if !ok {
		return v, false
	}
	i := slices.IndexFunc(list, func(x any) bool { return optionIDOf(x) == o.ID })
	if i < 0 {
		return v, false
	}
	list = slices.Clone(list)
	list[i] = optionValue(o)
	return list, true
}
