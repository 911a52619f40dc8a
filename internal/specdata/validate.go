package specdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Problem is one finding of Validate: the field it is about (a parameter's name,
// or "body" and the path to the value, e.g. body.fields.email) and what is wrong.
type Problem struct {
	Field   string
	Message string
}

// Validate checks the request's parameters and JSON body against the operation's
// declaration and returns every problem it finds, parameters first. Like a server
// that applies the spec's defaults, it adds the declared default of an absent
// query parameter or body property to the request before the handler sees it.
//
// The body must be buffered (it is read and put back) and, when its media type is
// JSON, already known to be one JSON value; the caller refuses anything else.
// Unknown query parameters are ignored, as Breakcold ignores them.
func Validate(r *http.Request, op *Operation) []Problem {
	v := validator{}
	v.params(r, op)
	if op.Body != nil {
		v.body(r, op.Body)
	}
	return v.problems
}

// ValidateValue checks a decoded JSON value (as encoding/json decodes into any)
// against the schema; field names the value in the problems.
func ValidateValue(schema *Schema, value any, field string) []Problem {
	v := validator{}
	v.value(schema, value, field)
	return v.problems
}

type validator struct {
	problems []Problem
	defaults bool // a default was added to the body
}

func (v *validator) add(field, format string, args ...any) {
	v.problems = append(v.problems, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) params(r *http.Request, op *Operation) {
	var query url.Values
	queryChanged := false
	for _, p := range op.Params {
		var raw string
		var present bool
		switch p.In {
		case "path":
			raw = r.PathValue(p.Name)
			present = raw != ""
		case "query":
			if query == nil {
				query = r.URL.Query()
			}
			var vals []string
			vals, present = query[p.Name]
			if present && len(vals) > 0 {
				raw = vals[0]
			}
		case "header":
			vals := r.Header.Values(p.Name)
			present = len(vals) > 0
			if present {
				raw = vals[0]
			}
		}
		s := p.Schema
		if present && raw == "" && s.Types&TypeString == 0 && p.In != "path" {
			// An empty value of a number or boolean says nothing: the default
			// applies; without one it is refused.
			if s.Default == "" {
				v.add(p.Name, "empty value is not allowed")
				continue
			}
			setParam(r, query, p, defaultText(s.Default))
			queryChanged = queryChanged || p.In == "query"
			continue
		}
		if !present {
			switch {
			case p.Required:
				v.add(p.Name, "%s parameter %q is required", p.In, p.Name)
			case s.Default != "":
				setParam(r, query, p, defaultText(s.Default))
				queryChanged = queryChanged || p.In == "query"
			}
			continue
		}
		value, ok := parsePrimitive(raw, s.Types)
		if !ok {
			v.add(p.Name, "value %q is not %s", raw, typeNames(s.Types&^TypeNull))
			continue
		}
		v.value(p.Schema, value, p.Name)
	}
	if queryChanged {
		r.URL.RawQuery = query.Encode()
	}
}

// setParam gives a query or header parameter its value.
func setParam(r *http.Request, query url.Values, p Param, value string) {
	switch p.In {
	case "query":
		query.Set(p.Name, value)
	case "header":
		r.Header.Set(p.Name, value)
	}
}

// defaultText is a primitive default as a parameter carries it.
func defaultText(js string) string {
	var s string
	if json.Unmarshal([]byte(js), &s) == nil {
		return s
	}
	return js
}

// parsePrimitive reads a parameter's text as the schema's type: a whole number
// for integer, any number for number, true/false (as strconv.ParseBool reads
// them) for boolean, else the text itself.
func parsePrimitive(raw string, t Type) (any, bool) {
	switch {
	case t&TypeInteger != 0:
		n, err := strconv.ParseInt(raw, 10, 64)
		return float64(n), err == nil
	case t&TypeNumber != 0:
		f, err := strconv.ParseFloat(raw, 64)
		return f, err == nil && !math.IsInf(f, 0) && !math.IsNaN(f)
	case t&TypeBoolean != 0:
		b, err := strconv.ParseBool(raw)
		return b, err == nil
	}
	return raw, true
}

func (v *validator) body(r *http.Request, b *Body) {
	if r.Body == nil {
		if b.Required {
			v.add("body", "a request body is required")
		}
		return
	}
	data, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(data))
	if err != nil {
		v.add("body", "cannot be read: %v", err)
		return
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if b.Required {
			v.add("body", "a request body is required")
		}
		return
	}
	if b.Schema == nil || !isJSON(r.Header.Get("Content-Type")) {
		return
	}
	var value any
	if err := json.Unmarshal(data, &value); err != nil {
		v.add("body", "not JSON: %v", err)
		return
	}
	v.value(b.Schema, value, "body")
	if v.defaults && len(v.problems) == 0 {
		if out, err := json.Marshal(value); err == nil {
			r.Body = io.NopCloser(bytes.NewReader(out))
			r.ContentLength = int64(len(out))
		}
	}
}

// isJSON reports whether a Content-Type is JSON; an absent one counts as JSON, as
// the generated handlers decode it so.
func isJSON(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "" || mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// value checks one decoded JSON value; objects get their absent properties'
// defaults.
func (v *validator) value(s *Schema, value any, field string) {
	if value == nil {
		if s.Types != 0 && s.Types&TypeNull == 0 {
			v.add(field, "value must be %s", typeNames(s.Types))
		}
		return
	}
	t := typeOf(value)
	if s.Types != 0 && s.Types&t == 0 && (t != TypeNumber || s.Types&TypeInteger == 0) {
		v.add(field, "value must be %s", typeNames(s.Types&^TypeNull))
		return
	}
	if t == TypeNumber && s.Types&(TypeNumber|TypeInteger) == TypeInteger {
		if f := value.(float64); f != math.Trunc(f) {
			v.add(field, "value must be an integer")
			return
		}
	}
	if len(s.Enum) > 0 && !inEnum(s.Enum, value) {
		v.add(field, "value is not one of the allowed values [%s]", strings.Join(s.Enum, ","))
		return
	}
	switch val := value.(type) {
	case string:
		v.str(s, val, field)
	case float64:
		v.number(s, val, field)
	case []any:
		v.array(s, val, field)
	case map[string]any:
		v.object(s, val, field)
	}
}

func (v *validator) str(s *Schema, val string, field string) {
	n := -1
	if s.MinLength > 0 || s.MaxLength != None {
		n = utf8.RuneCountInString(val)
	}
	if s.MinLength > 0 && n < s.MinLength {
		v.add(field, "minimum string length is %d", s.MinLength)
	}
	if s.MaxLength != None && n > s.MaxLength {
		v.add(field, "maximum string length is %d", s.MaxLength)
	}
	if s.Pattern != "" && !pattern(s.Pattern).MatchString(val) {
		v.add(field, "string doesn't match the regular expression %q", s.Pattern)
	}
	if s.Format == "date-time" && !pattern(dateTime).MatchString(val) {
		v.add(field, "string is not an RFC 3339 date-time")
	}
}

func (v *validator) number(s *Schema, val float64, field string) {
	if s.HasMin && val < s.Min {
		v.add(field, "number must be at least %s", formatNumber(s.Min))
	}
	if s.HasMax && val > s.Max {
		v.add(field, "number must be at most %s", formatNumber(s.Max))
	}
	switch s.Format {
	case "int32":
		if val < math.MinInt32 || val > math.MaxInt32 {
			v.add(field, "number must be an int32")
		}
	case "int64":
		if val < math.MinInt64 || val >= math.MaxInt64 {
			v.add(field, "number must be an int64")
		}
	}
}

func (v *validator) array(s *Schema, val []any, field string) {
	if s.MinItems > 0 && len(val) < s.MinItems {
		v.add(field, "minimum number of items is %d", s.MinItems)
	}
	if s.MaxItems != None && len(val) > s.MaxItems {
		v.add(field, "maximum number of items is %d", s.MaxItems)
	}
	if s.Unique && hasDuplicates(val) {
		v.add(field, "duplicate items found")
	}
	if s.Items != nil {
		for i, item := range val {
			v.value(s.Items, item, field+"."+strconv.Itoa(i))
		}
	}
}

func (v *validator) object(s *Schema, val map[string]any, field string) {
	// A property that is absent or null takes its default.
	for _, p := range s.Props {
		if val[p.Name] == nil {
			if d := p.Schema.Default; d != "" {
				var dv any
				if json.Unmarshal([]byte(d), &dv) == nil {
					val[p.Name] = dv
					v.defaults = true
				}
			}
		}
	}
	if s.MinProps > 0 && len(val) < s.MinProps {
		v.add(field, "at least %d %s required", s.MinProps, plural(s.MinProps, "property is", "properties are"))
	}
	for _, name := range s.Required {
		if _, ok := val[name]; !ok {
			v.add(field+"."+name, "property %q is missing", name)
		}
	}
	keys := make([]string, 0, len(val))
	for k := range val {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		i, found := slices.BinarySearchFunc(s.Props, k, func(p Property, name string) int { return strings.Compare(p.Name, name) })
		if !found {
			if s.Closed {
				v.add(field+"."+k, "property %q is unsupported", k)
			}
			continue
		}
		v.value(s.Props[i].Schema, val[k], field+"."+k)
	}
}

func typeOf(value any) Type {
	switch value.(type) {
	case bool:
		return TypeBoolean
	case float64:
		return TypeNumber
	case string:
		return TypeString
	case []any:
		return TypeArray
	case map[string]any:
		return TypeObject
	}
	return 0
}

// typeNames reads a type set as words: "a string", "a string or null".
func typeNames(t Type) string {
	var names []string
	for _, n := range []struct {
		t    Type
		name string
	}{
		{TypeObject, "an object"}, {TypeArray, "an array"}, {TypeString, "a string"}, {TypeNumber, "a number"},
		{TypeInteger, "an integer"}, {TypeBoolean, "a boolean"}, {TypeNull, "null"},
	} {
		if t&n.t != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, " or ")
}

func inEnum(enum []string, value any) bool {
	js, err := json.Marshal(value)
	return err == nil && slices.Contains(enum, string(js))
}

func hasDuplicates(items []any) bool {
	seen := make(map[string]bool, len(items))
	for _, item := range items {
		js, _ := json.Marshal(item) // maps marshal with sorted keys
		if seen[string(js)] {
			return true
		}
		seen[string(js)] = true
	}
	return false
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// dateTime is RFC 3339's date-time, as OpenAPI's date-time format means it;
// compiled on first use (through pattern), not at package init.
const dateTime = (`^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$`)

// patterns holds each schema's pattern, compiled on first use (the generator has
// compiled each once already, so MustCompile cannot fail).
var patterns sync.Map

func pattern(expr string) *regexp.Regexp {
	if re, ok := patterns.Load(expr); ok {
		return re.(*regexp.Regexp)
	}
	re, _ := patterns.LoadOrStore(expr, regexp.MustCompile(expr))
	return re.(*regexp.Regexp)
}
