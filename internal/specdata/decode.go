package specdata

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// DecodeJSON decodes one JSON value as json.Unmarshal decodes it into an any
// (objects as map[string]any, arrays as []any, numbers as float64), with the
// same result and the same error. Request bodies are small and plain, so it
// reads them itself: a single pass without reflection. Whatever it does not
// read plainly (a string with an escape or a control character, invalid UTF-8,
// a number float64 cannot hold, nesting deeper than maxDepth, a syntax error)
// goes to json.Unmarshal, which decides. FuzzDecodeJSON holds the two together.
func DecodeJSON(data []byte) (any, error) {
	d := decoder{data: data}
	if v, ok := d.value(0); ok {
		d.space()
		if d.i == len(d.data) {
			return v, nil
		}
	}
	var v any
	err := json.Unmarshal(data, &v)
	return v, err
}

// maxDepth bounds the decoder's recursion; deeper values go to encoding/json.
const maxDepth = 100

type decoder struct {
	data []byte
	i    int
}

func (d *decoder) space() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// value reads the value at d.i; false means "not plainly", not "invalid".
func (d *decoder) value(depth int) (any, bool) {
	d.space()
	if d.i >= len(d.data) || depth > maxDepth {
		return nil, false
	}
	switch c := d.data[d.i]; {
	case c == '{':
		return d.object(depth)
	case c == '[':
		return d.array(depth)
	case c == '"':
		s, ok := d.str()
		return s, ok
	case c == 't':
		return true, d.literal("true")
	case c == 'f':
		return false, d.literal("false")
	case c == 'n':
		return nil, d.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		return d.number()
	}
	return nil, false
}

func (d *decoder) literal(word string) bool {
	if len(d.data)-d.i < len(word) || string(d.data[d.i:d.i+len(word)]) != word {
		return false
	}
	d.i += len(word)
	return true
}

func (d *decoder) object(depth int) (any, bool) {
	m := map[string]any{}
	if d.empty('}') {
		return m, true
	}
	for {
		d.space()
		if d.i >= len(d.data) || d.data[d.i] != '"' {
			return nil, false
		}
		k, ok := d.str()
		if !ok {
			return nil, false
		}
		d.space()
		if d.i >= len(d.data) || d.data[d.i] != ':' {
			return nil, false
		}
		d.i++
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		m[k] = v
		if more, ok := d.next('}'); !more {
			return m, ok
		}
	}
}

func (d *decoder) array(depth int) (any, bool) {
	a := []any{}
	if d.empty(']') {
		return a, true
	}
	for {
		v, ok := d.value(depth + 1)
		if !ok {
			return nil, false
		}
		a = append(a, v)
		if more, ok := d.next(']'); !more {
			return a, ok
		}
	}
}

// empty steps over the opening bracket at d.i and reports, stepping over it
// too, that the closing one follows at once.
func (d *decoder) empty(closing byte) bool {
	d.i++
	d.space()
	if d.i < len(d.data) && d.data[d.i] == closing {
		d.i++
		return true
	}
	return false
}

// next reads what follows a member or an element: a comma (more: true) or the
// closing bracket (more: false, ok: true); anything else is not plain (both
// false).
func (d *decoder) next(closing byte) (more, ok bool) {
	d.space()
	if d.i < len(d.data) {
		switch d.data[d.i] {
		case ',':
			d.i++
			return true, true
		case closing:
			d.i++
			return false, true
		}
	}
	return false, false
}

// str reads a string without escapes or control characters, in valid UTF-8.
func (d *decoder) str() (string, bool) {
	start := d.i + 1
	ascii := true
	for j := start; j < len(d.data); j++ {
		switch c := d.data[j]; {
		case c == '"':
			s := d.data[start:j]
			if !ascii && !utf8.Valid(s) {
				return "", false
			}
			d.i = j + 1
			return string(s), true
		case c == '\\' || c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	return "", false
}

// number reads a number by JSON's grammar, as strconv.ParseFloat reads it.
func (d *decoder) number() (any, bool) {
	start, j := d.i, d.i
	digits := func() int {
		n := 0
		for j < len(d.data) && d.data[j] >= '0' && d.data[j] <= '9' {
			j++
			n++
		}
		return n
	}
	if d.data[j] == '-' {
		j++
	}
	if j < len(d.data) && d.data[j] == '0' {
		j++
	} else if digits() == 0 {
		return nil, false
	}
	if j < len(d.data) && d.data[j] == '.' {
		j++
		if digits() == 0 {
			return nil, false
		}
	}
	if j < len(d.data) && (d.data[j] == 'e' || d.data[j] == 'E') {
		j++
		if j < len(d.data) && (d.data[j] == '+' || d.data[j] == '-') {
			j++
		}
		if digits() == 0 {
			return nil, false
		}
	}
	f, err := strconv.ParseFloat(string(d.data[start:j]), 64)
	if err != nil {
		return nil, false // out of float64's range: encoding/json says how
	}
	d.i = j
	return f, true
}
