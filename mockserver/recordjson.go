package mockserver

import (
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// appendRecord appends json.Marshal's encoding of r to b without reflection:
// a record is encoded on every create and update, and its fields map is the
// costly part for encoding/json (a key and a value boxed per entry). Whatever
// it does not write itself (a string with characters encoding/json escapes, a
// number it might print another way, a value of another type) it hands to
// json.Marshal, so the bytes are json.Marshal's; TestAppendRecordIsMarshal and
// FuzzAppendRecord hold it to that.
func appendRecord(b []byte, r *bc.Record) ([]byte, error) {
	b = append(b, '{')
	if r.ArchivedAt != nil {
		b = append(b, `"archivedAt":`...)
		b = strconv.AppendInt(b, *r.ArchivedAt, 10)
		b = append(b, ',')
	}
	b = append(b, `"createdAt":`...)
	b = strconv.AppendInt(b, r.CreatedAt, 10)
	b = append(b, `,"displayName":`...)
	b = appendJSONString(b, r.DisplayName)
	b = append(b, `,"fields":`...)
	b, err := appendJSONValue(b, map[string]any(r.Fields))
	if err != nil {
		return nil, err
	}
	b = append(b, `,"id":`...)
	b = appendJSONString(b, r.ID)
	b = append(b, `,"isArchived":`...)
	b = strconv.AppendBool(b, r.IsArchived)
	b = append(b, `,"objectTypeId":`...)
	b = appendJSONString(b, r.ObjectTypeID)
	b = append(b, `,"objectTypeSlug":`...)
	b = appendJSONString(b, r.ObjectTypeSlug)
	b = append(b, `,"updatedAt":`...)
	b = strconv.AppendInt(b, r.UpdatedAt, 10)
	b = append(b, `,"workspaceId":`...)
	b = appendJSONString(b, r.WorkspaceID)
	return append(b, '}'), nil
}

// appendJSONValue appends the encoding of a value as encoding/json decodes into
// any (a nil map is null, map keys sorted); anything else goes to json.Marshal.
func appendJSONValue(b []byte, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, "null"...), nil
	case string:
		return appendJSONString(b, x), nil
	case bool:
		return strconv.AppendBool(b, x), nil
	case float64:
		// A whole number well inside float64's exact range, not -0: encoding/json
		// prints it as the integer.
		if x == math.Trunc(x) && math.Abs(x) < 1e15 && (x != 0 || !math.Signbit(x)) {
			return strconv.AppendInt(b, int64(x), 10), nil
		}
	case map[string]any:
		if x == nil {
			return append(b, "null"...), nil
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = append(b, '{')
		for i, k := range keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			var err error
			if b, err = appendJSONValue(b, x[k]); err != nil {
				return nil, err
			}
		}
		return append(b, '}'), nil
	case []any:
		if x == nil {
			return append(b, "null"...), nil
		}
		b = append(b, '[')
		for i, item := range x {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = appendJSONValue(b, item); err != nil {
				return nil, err
			}
		}
		return append(b, ']'), nil
	}
	js, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, js...), nil
}

// appendJSONString appends s quoted as encoding/json quotes it: printable ASCII
// other than the quote, the backslash and <, > and & (escaped for HTML) stands
// for itself; a string with anything else goes to json.Marshal.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			js, _ := json.Marshal(s) // a string always encodes
			return append(b, js...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
