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
	var body []byte
	if r.Body != nil {
		data, err := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(data))
		if err != nil {
			return []Problem{{Field: "body", Message: fmt.Sprintf("cannot be read: %v", err)}}
		}
		body = data
	}
	in, problems := Check(r, op, body, nil)
	if len(problems) == 0 {
		in.Put(r)
	}
	return problems
}

// Input is what Check read from a request, for the steps after it to use rather
// than parse again.
type Input struct {
	// Query is the parsed query with the defaults Check added; nil when the
	// operation has no query parameter.
	Query url.Values
	// Body is the JSON body as encoding/json decodes it into any, with the
	// defaults Check added; nil when there is none (or it is JSON null).
	Body any
	// Defaulted says a default was added to Body, QueryDefaulted one to Query:
	// the request's own bytes then lack it (see Put).
	Defaulted, QueryDefaulted bool
}

// Put gives the request the defaults Check added, for a handler that reads the
// query and decodes the body itself: the query re-encoded, the body encoded.
func (in Input) Put(r *http.Request) {
	if in.QueryDefaulted {
		r.URL.RawQuery = in.Query.Encode()
	}
	if !in.Defaulted {
		return
	}
	if out, err := json.Marshal(in.Body); err == nil {
		r.Body = io.NopCloser(bytes.NewReader(out))
		r.ContentLength = int64(len(out))
	}
}

// Check is Validate for a body the caller has already read: body is its bytes,
// or nil for none, and decoded, when not nil, the body as json.Unmarshal decoded
// it into an any, so it is not decoded again. It returns the defaults it added
// in Input rather than putting them in the request (see Put).
func Check(r *http.Request, op *Operation, body []byte, decoded *any) (Input, []Problem) {
	v := validator{}
	v.params(r, op)
	if op.Body != nil {
		v.body(r, op.Body, body, decoded)
	}
	return v.in, v.problems
}

// ValidateValue checks a decoded JSON value (as encoding/json decodes into any)
// against the schema; name names the value in the problems.
func ValidateValue(schema *Schema, value any, name string) []Problem {
	v := validator{}
	v.value(schema, value, field{base: name})
	return v.problems
}

type validator struct {
	problems []Problem
	in       Input // what Check returns; in.Defaulted: a default was added to the body
}

func (v *validator) add(f field, format string, args ...any) {
	v.problems = append(v.problems, Problem{Field: f.String(), Message: fmt.Sprintf(format, args...)})
}

// field names a value in the problems: base, then ".key" when key is set. It is
// joined only for a problem or a container's children, so a valid leaf costs
// no string.
type field struct{ base, key string }

func (f field) String() string {
	if f.key == "" {
		return f.base
	}
	return f.base + "." + f.key
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
				v.add(field{base: p.Name}, "empty value is not allowed")
				continue
			}
			setParam(r, query, p, defaultText(s.Default))
			queryChanged = queryChanged || p.In == "query"
			continue
		}
		if !present {
			switch {
			case p.Required:
				v.add(field{base: p.Name}, "%s parameter %q is required", p.In, p.Name)
			case s.Default != "":
				setParam(r, query, p, defaultText(s.Default))
				queryChanged = queryChanged || p.In == "query"
			}
			continue
		}
		value, ok := parsePrimitive(raw, s.Types)
		if !ok {
			v.add(field{base: p.Name}, "value %q is not %s", raw, typeNames(s.Types&^TypeNull))
			continue
		}
		v.value(p.Schema, value, field{base: p.Name})
	}
	v.in.Query, v.in.QueryDefaulted = query, queryChanged
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

// defaultText is a primitive default as a parameter carries it: a string's
// text, or the JSON of a number or boolean as it stands.
func defaultText(js string) string {
	if dv, ok := defaultValue(js); ok {
		if s, ok := dv.(string); ok {
			return s
		}
	}
	return js
}

// defaults holds each primitive default decoded, so a request that takes one
// does not decode it again; an object or array default is decoded afresh each
// time, since the handler may change the value it gets.
var defaults sync.Map // JSON text → any

// defaultValue is a default's JSON text decoded as encoding/json decodes into
// any.
func defaultValue(js string) (any, bool) {
	if dv, ok := defaults.Load(js); ok {
		return dv, true
	}
	var dv any
	if json.Unmarshal([]byte(js), &dv) != nil {
		return nil, false
	}
	switch dv.(type) {
	case map[string]any, []any:
		return dv, true
	}
	defaults.Store(js, dv)
	return dv, true
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

func (v *validator) body(r *http.Request, b *Body, data []byte, decoded *any) {
	body := field{base: "body"}
	if len(bytes.TrimSpace(data)) == 0 {
		if b.Required {
			v.add(body, "a request body is required")
		}
		return
	}
	if b.Schema == nil || !isJSON(r.Header.Get("Content-Type")) {
		return
	}
	var value any
	if decoded != nil {
		value = *decoded
	} else {
		var err error
		if value, err = DecodeJSON(data); err != nil {
			v.add(body, "not JSON: %v", err)
			return
		}
	}
	v.value(b.Schema, value, body)
	v.in.Body = value
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
func (v *validator) value(s *Schema, value any, f field) {
	if value == nil {
		if s.Types != 0 && s.Types&TypeNull == 0 {
			v.add(f, "value must be %s", typeNames(s.Types))
		}
		return
	}
	t := typeOf(value)
	if s.Types != 0 && s.Types&t == 0 && (t != TypeNumber || s.Types&TypeInteger == 0) {
		v.add(f, "value must be %s", typeNames(s.Types&^TypeNull))
		return
	}
	if t == TypeNumber && s.Types&(TypeNumber|TypeInteger) == TypeInteger {
		if n := value.(float64); n != math.Trunc(n) {
			v.add(f, "value must be an integer")
			return
		}
	}
	if len(s.Enum) > 0 && !inEnum(s.Enum, value) {
		v.add(f, "value is not one of the allowed values [%s]", strings.Join(s.Enum, ","))
		return
	}
	switch val := value.(type) {
	case string:
		v.str(s, val, f)
	case float64:
		v.number(s, val, f)
	case []any:
		v.array(s, val, f)
	case map[string]any:
		v.object(s, val, f)
	}
}

func (v *validator) str(s *Schema, val string, f field) {
	n := -1
	if s.MinLength > 0 || s.MaxLength != None {
		n = utf8.RuneCountInString(val)
	}
	if s.MinLength > 0 && n < s.MinLength {
		v.add(f, "minimum string length is %d", s.MinLength)
	}
	if s.MaxLength != None && n > s.MaxLength {
		v.add(f, "maximum string length is %d", s.MaxLength)
	}
	if s.Pattern != "" && !pattern(s.Pattern).MatchString(val) {
		v.add(f, "string doesn't match the regular expression %q", s.Pattern)
	}
	if s.Format == "date-time" && !pattern(dateTime).MatchString(val) {
		v.add(f, "string is not an RFC 3339 date-time")
	}
}

func (v *validator) number(s *Schema, val float64, f field) {
	if s.HasMin && val < s.Min {
		v.add(f, "number must be at least %s", formatNumber(s.Min))
	}
	if s.HasMax && val > s.Max {
		v.add(f, "number must be at most %s", formatNumber(s.Max))
	}
	switch s.Format {
	case "int32":
		if val < math.MinInt32 || val > math.MaxInt32 {
			v.add(f, "number must be an int32")
		}
	case "int64":
		if val < math.MinInt64 || val >= math.MaxInt64 {
			v.add(f, "number must be an int64")
		}
	}
}

func (v *validator) array(s *Schema, val []any, f field) {
	if s.MinItems > 0 && len(val) < s.MinItems {
		v.add(f, "minimum number of items is %d", s.MinItems)
	}
	if s.MaxItems != None && len(val) > s.MaxItems {
		v.add(f, "maximum number of items is %d", s.MaxItems)
	}
	if s.Unique && hasDuplicates(val) {
		v.add(f, "duplicate items found")
	}
	if s.Items != nil {
		base := f.String()
		for i, item := range val {
			v.value(s.Items, item, field{base, strconv.Itoa(i)})
		}
	}
}

func (v *validator) object(s *Schema, val map[string]any, f field) {
	// A property that is absent or null takes its default.
	for _, p := range s.Props {
		if val[p.Name] == nil {
			if d := p.Schema.Default; d != "" {
				if dv, ok := defaultValue(d); ok {
					val[p.Name] = dv
					v.in.Defaulted = true
				}
			}
		}
	}
	if s.MinProps > 0 && len(val) < s.MinProps {
		v.add(f, "at least %d %s required", s.MinProps, plural(s.MinProps, "property is", "properties are"))
	}
	base := f.String()
	for _, name := range s.Required {
		if _, ok := val[name]; !ok {
			v.add(field{base, name}, "property %q is missing", name)
		}
	}
	// The properties in name order, unknown ones included, so the problems come
	// in an order that does not depend on the map's. When no key is unknown or
	// unknown keys are ignored, the declaration (sorted by name) is that order.
	if !s.Closed || knownProps(s, val) == len(val) {
		for _, p := range s.Props {
			if x, ok := val[p.Name]; ok {
				v.value(p.Schema, x, field{base, p.Name})
			}
		}
		return
	}
	keys := make([]string, 0, len(val))
	for k := range val {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		i, found := slices.BinarySearchFunc(s.Props, k, func(p Property, name string) int { return strings.Compare(p.Name, name) })
		if !found {
			v.add(field{base, k}, "property %q is unsupported", k)
			continue
		}
		v.value(s.Props[i].Schema, val[k], field{base, k})
	}
}

// knownProps counts the keys of val the schema declares.
func knownProps(s *Schema, val map[string]any) int {
	n := 0
	for _, p := range s.Props {
		if _, ok := val[p.Name]; ok {
			n++
		}
	}
	return n
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
	if str, ok := value.(string); ok && plainString(str) {
		// encoding/json writes such a string as itself in quotes.
		for _, e := range enum {
			if len(e) == len(str)+2 && e[0] == '"' && e[len(e)-1] == '"' && e[1:len(e)-1] == str {
				return true
			}
		}
		return false
	}
	js, err := json.Marshal(value)
	return err == nil && slices.Contains(enum, string(js))
}

// plainString reports that encoding/json encodes s as s between quotes: printable
// ASCII without a quote, a backslash or one of the characters it escapes for HTML.
func plainString(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return false
		}
	}
	return true
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
