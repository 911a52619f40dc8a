package mockserver

import (
	"slices"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func ptr[T any](v T) *T { return &v }

func mustUUID(s string) uuid.UUID {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.NewSHA1(uuid.NameSpaceURL, []byte(s))
	}
	return id
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func orEmptyPtr[T any](p *[]T) []T {
	if p == nil {
		return nil
	}
	return *p
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func setIf[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

func orEmptyMap(f *bc.FieldValues) map[string]any {
	if f == nil {
		return map[string]any{}
	}
	return *f
}

func nullOf[T any]() nullable.Nullable[T] { return nullable.NewNullNullable[T]() }

// nullCopy is n as a stored value: a fresh map, and null when n was left out (a
// stored nullable must never be unspecified, or it would encode as a zero value).
func nullCopy[T any](n nullable.Nullable[T]) nullable.Nullable[T] {
	if v, err := n.Get(); err == nil {
		return nullable.NewNullableWithValue(v)
	}
	return nullOf[T]()
}

// applyNullable applies an update's nullable field: absent leaves dst alone, null
// clears it, a value sets it. dst gets a new map, so copies sharing the old one keep it.
func applyNullable[T any](dst *nullable.Nullable[T], src nullable.Nullable[T]) {
	if src.IsSpecified() {
		*dst = nullCopy(src)
	}
}

// nullableOr is n when it was sent (value or null), else def.
func nullableOr[T any](n nullable.Nullable[T], def nullable.Nullable[T]) nullable.Nullable[T] {
	if n.IsSpecified() {
		return nullCopy(n)
	}
	return def
}

// idsUnion is have plus the ids of add it lacks, as a new slice.
func idsUnion[T comparable](have []T, add ...T) []T {
	out := slices.Clone(have)
	for _, id := range add {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return orEmpty(out)
}

// idsMinus is have without the ids of drop, as a new slice.
func idsMinus[T comparable](have []T, drop ...T) []T {
	out := make([]T, 0, len(have))
	for _, id := range have {
		if !slices.Contains(drop, id) {
			out = append(out, id)
		}
	}
	return out
}
