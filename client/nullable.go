package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Nullable is a field that can be absent, explicitly null, or hold a value: the
// legacy API's nullable properties, where sending null clears a value and
// leaving the field out keeps it. The zero value is absent, so a request type's
// unset fields are left out of the JSON.
//
//	up := client.LegacyLeadUpdate{...}
//	up.Data.City = client.NewNullable("Paris") // set
//	up.Data.Phone = client.Null[string]()      // clear
//
// It has the representation of github.com/oapi-codegen/nullable (a map from
// "is set" to the value) so that it marshals with encoding/json's omitempty, but
// prints readably with %v and needs no import beside this package.
type Nullable[T any] map[bool]T

// NewNullable returns a Nullable holding v.
func NewNullable[T any](v T) Nullable[T] { return Nullable[T]{true: v} }

// Null returns an explicit null.
func Null[T any]() Nullable[T] { return Nullable[T]{false: *new(T)} }

// ErrNullValue is returned by Get for an explicit null.
var ErrNullValue = errors.New("client: value is null")

// ErrNotSpecified is returned by Get for an absent field.
var ErrNotSpecified = errors.New("client: value is not specified")

// Get returns the value, or ErrNullValue or ErrNotSpecified.
func (n Nullable[T]) Get() (T, error) {
	var zero T
	if len(n) == 0 {
		return zero, ErrNotSpecified
	}
	if _, null := n[false]; null {
		return zero, ErrNullValue
	}
	return n[true], nil
}

// Value returns the value and whether there is one (false for null or absent).
func (n Nullable[T]) Value() (T, bool) {
	v, err := n.Get()
	return v, err == nil
}

// IsNull reports whether the field is an explicit null.
func (n Nullable[T]) IsNull() bool {
	_, null := n[false]
	return null
}

// IsSpecified reports whether the field is present, null or not.
func (n Nullable[T]) IsSpecified() bool { return len(n) != 0 }

// String shows the value, "null", or "<unset>".
func (n Nullable[T]) String() string {
	switch v, err := n.Get(); {
	case err == nil:
		return fmt.Sprint(v)
	case errors.Is(err, ErrNullValue):
		return "null"
	}
	return "<unset>"
}

// MarshalJSON writes the value or null. An absent field never reaches it when
// the struct tag says omitempty.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if v, ok := n.Value(); ok {
		return json.Marshal(v)
	}
	return []byte("null"), nil
}

// UnmarshalJSON reads a value or null.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		*n = Null[T]()
		return nil
	}
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*n = NewNullable(v)
	return nil
}

// UUID is a legacy-API id, such as "3f2c1d9e-…"; the API checks its form.
type UUID = string

// Email is an e-mail address; the API checks its form.
type Email = string
