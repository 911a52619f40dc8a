// Package contracttest checks a server, Breakcold's API or this toolkit's mock,
// against the Breakcold OpenAPI spec (Check), compares how two servers answer the
// same checks (Compare), and lets an app's own tests check their traffic through a
// validating http.RoundTripper (Transport).
package contracttest
