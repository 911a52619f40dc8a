package client

// Generation names one of Breakcold's two public APIs. Keys, operations and the
// mock's journal entries each belong to one.
type Generation string

const (
	// GenerationCurrent is API v1: Bearer keys (bc_live_…) with scopes, paths under
	// /api/v1, US and EU hosts.
	GenerationCurrent Generation = "current"
	// GenerationLegacy is the v3 API: x-api-key keys (breakcold-usr-…), paths under
	// /rest, one host.
	GenerationLegacy Generation = "legacy"
)
