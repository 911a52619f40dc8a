package client

import (
	"strconv"
	"strings"
)

// A shape is what the spec allows a JSON value of a success body to be: its
// JSON types, the properties an object must have and the shapes of what it
// holds. clientgen writes one for every schema a success body reaches
// (shapes.gen.go); checkShape holds a body to it in one pass over the bytes,
// with no reflection and no allocation unless something is wrong.
//
// A shape checks only what lets a wrong answer pass as a zero value: JSON
// types (null included) and required properties. Enum values, formats, lengths
// and undeclared properties are left alone, so that the API may add to them
// without breaking programs built against today's spec.
type shape struct {
	kinds    kind   // the JSON types allowed; 0 allows any value
	props    []prop // an object's declared properties, the required ones first
	required int    // how many of props are required
	items    *shape // an array's items; nil allows any
	values   *shape // an object's other properties (additionalProperties); nil allows any
	name     string // the schema's name, for messages
}

type prop struct {
	name  string
	shape *shape
}

type kind uint8

const (
	kindObject kind = 1 << iota
	kindArray
	kindString
	kindNumber  // any JSON number
	kindInteger // a number without a fraction or an exponent
	kindBool
	kindNull
)

func (k kind) String() string {
	var names []string
	for _, n := range []struct {
		k    kind
		name string
	}{{kindObject, "object"}, {kindArray, "array"}, {kindString, "string"}, {kindNumber, "number"}, {kindInteger, "integer"}, {kindBool, "boolean"}, {kindNull, "null"}} {
		if k&n.k != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, " or ")
}

// maxDepth bounds nesting, as encoding/json does, so a hostile body cannot
// exhaust the stack.
const maxDepth = 10000

// problem is what is wrong with a body and where: path holds the keys and
// indexes from the value inward, in reverse.
type problem struct {
	path []string
	msg  string
}

func (p *problem) String() string {
	var b strings.Builder
	b.WriteString("$")
	for i := len(p.path) - 1; i >= 0; i-- {
		b.WriteString(p.path[i])
	}
	return b.String() + ": " + p.msg
}

// checkShape reports the first way data is not a JSON value of shape s, or nil.
func checkShape(data []byte, s *shape) *problem {
	sc := scanner{data: data}
	if p := sc.value(s, 0); p != nil {
		return p
	}
	sc.space()
	if sc.i < len(sc.data) {
		return &problem{msg: "invalid JSON: data after the value at byte " + strconv.Itoa(sc.i)}
	}
	return nil
}

type scanner struct {
	data []byte
	i    int
}

func (sc *scanner) space() {
	for sc.i < len(sc.data) {
		switch sc.data[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

func (sc *scanner) syntax(what string) *problem {
	return &problem{msg: "invalid JSON: " + what + " at byte " + strconv.Itoa(sc.i)}
}

func (sc *scanner) value(s *shape, depth int) *problem {
	if depth > maxDepth {
		return sc.syntax("nesting too deep")
	}
	sc.space()
	if sc.i >= len(sc.data) {
		return sc.syntax("unexpected end")
	}
	var got kind
	switch c := sc.data[sc.i]; {
	case c == '{':
		got = kindObject
	case c == '[':
		got = kindArray
	case c == '"':
		got = kindString
		if !sc.str() {
			return sc.syntax("unterminated string")
		}
	case c == 't':
		got = kindBool
		if !sc.literal("true") {
			return sc.syntax("bad literal")
		}
	case c == 'f':
		got = kindBool
		if !sc.literal("false") {
			return sc.syntax("bad literal")
		}
	case c == 'n':
		got = kindNull
		if !sc.literal("null") {
			return sc.syntax("bad literal")
		}
	case c == '-' || c >= '0' && c <= '9':
		integer, ok := sc.number()
		if !ok {
			return sc.syntax("bad number")
		}
		got = kindNumber
		if integer {
			got |= kindInteger
		}
	default:
		return sc.syntax("unexpected character " + strconv.QuoteRune(rune(c)))
	}
	if s != nil && s.kinds != 0 && s.kinds&got == 0 {
		found := got
		if got&kindInteger != 0 {
			found = kindNumber // an integer where a string was due reads as a number
		}
		msg := "want " + s.kinds.String() + ", got " + found.String()
		if s.name != "" {
			msg += " (" + s.name + ")"
		}
		return &problem{msg: msg}
	}
	switch got {
	case kindObject:
		return sc.object(s, depth)
	case kindArray:
		var items *shape
		if s != nil {
			items = s.items
		}
		return sc.array(items, depth)
	}
	return nil
}

func (sc *scanner) object(s *shape, depth int) *problem {
	sc.i++ // {
	var seen uint64
	for n := 0; ; n++ {
		sc.space()
		if sc.i < len(sc.data) && sc.data[sc.i] == '}' && n == 0 {
			sc.i++
			break
		}
		if sc.i >= len(sc.data) || sc.data[sc.i] != '"' {
			return sc.syntax("want a property name")
		}
		start := sc.i + 1
		if !sc.str() {
			return sc.syntax("unterminated string")
		}
		key := sc.data[start : sc.i-1]
		sc.space()
		if sc.i >= len(sc.data) || sc.data[sc.i] != ':' {
			return sc.syntax("want ':'")
		}
		sc.i++
		var inner *shape
		if s != nil {
			inner = s.values
			for j := range s.props {
				if s.props[j].name == string(key) {
					inner = s.props[j].shape
					if j < s.required {
						seen |= 1 << j
					}
					break
				}
			}
		}
		if p := sc.value(inner, depth+1); p != nil {
			p.path = append(p.path, "."+string(key))
			return p
		}
		sc.space()
		if sc.i < len(sc.data) && sc.data[sc.i] == ',' {
			sc.i++
			continue
		}
		if sc.i < len(sc.data) && sc.data[sc.i] == '}' {
			sc.i++
			break
		}
		return sc.syntax("want ',' or '}'")
	}
	if s == nil || s.required == 0 {
		return nil
	}
	if all := uint64(1)<<s.required - 1; seen != all {
		for j := range s.required {
			if seen&(1<<j) == 0 {
				msg := "missing required property " + strconv.Quote(s.props[j].name)
				if s.name != "" {
					msg += " of " + s.name
				}
				return &problem{msg: msg}
			}
		}
	}
	return nil
}

func (sc *scanner) array(items *shape, depth int) *problem {
	sc.i++ // [
	for n := 0; ; n++ {
		sc.space()
		if sc.i < len(sc.data) && sc.data[sc.i] == ']' && n == 0 {
			sc.i++
			return nil
		}
		if p := sc.value(items, depth+1); p != nil {
			p.path = append(p.path, "["+strconv.Itoa(n)+"]")
			return p
		}
		sc.space()
		if sc.i < len(sc.data) && sc.data[sc.i] == ',' {
			sc.i++
			continue
		}
		if sc.i < len(sc.data) && sc.data[sc.i] == ']' {
			sc.i++
			return nil
		}
		return sc.syntax("want ',' or ']'")
	}
}

// str moves past a string whose opening quote is at sc.i.
func (sc *scanner) str() bool {
	for i := sc.i + 1; i < len(sc.data); i++ {
		switch c := sc.data[i]; {
		case c == '\\':
			if i+1 >= len(sc.data) {
				return false
			}
			i++
			switch sc.data[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(sc.data) || !hex4(sc.data[i+1:i+5]) {
					return false
				}
				i += 4
			default:
				return false
			}
		case c == '"':
			sc.i = i + 1
			return true
		case c < 0x20:
			return false
		}
	}
	return false
}

func hex4(b []byte) bool {
	for _, c := range b {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func (sc *scanner) literal(word string) bool {
	if len(sc.data)-sc.i < len(word) || string(sc.data[sc.i:sc.i+len(word)]) != word {
		return false
	}
	sc.i += len(word)
	return true
}

// number moves past a JSON number and says whether it is an integer.
func (sc *scanner) number() (integer, ok bool) {
	i := sc.i
	if i < len(sc.data) && sc.data[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(sc.data) && sc.data[i] >= '0' && sc.data[i] <= '9' {
			i++
		}
		return i - start
	}
	if n := digits(); n == 0 || n > 1 && sc.data[i-n] == '0' {
		return false, false
	}
	integer = true
	if i < len(sc.data) && sc.data[i] == '.' {
		i++
		integer = false
		if digits() == 0 {
			return false, false
		}
	}
	if i < len(sc.data) && (sc.data[i] == 'e' || sc.data[i] == 'E') {
		i++
		integer = false
		if i < len(sc.data) && (sc.data[i] == '+' || sc.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false, false
		}
	}
	sc.i = i
	return integer, true
}
