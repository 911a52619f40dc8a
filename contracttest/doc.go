// Package contracttest checks a server, Breakcold's API or this toolkit's mock,
// against the Breakcold OpenAPI spec, and lets an app's own tests do the same
// through a validating http.RoundTripper (Transport).
package contracttest
