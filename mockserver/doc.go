// Package mockserver is a faithful, stateful mock of both generations of
// Breakcold's CRM API: the current API (v1, paths under /api/v1, Bearer keys,
// one host per region) and the legacy API (v3, paths under /rest, x-api-key
// keys). It serves every operation of the spec in openapi.yaml, checks every
// request against it, keeps what clients create, and lets a test steer it: its
// clock, its keys, injected faults and a journal of what it was asked.
//
// The mock is an http.Handler first. New builds a Server from Options, and
// Server.Handler(region) serves one region; the breakcold-mock command only
// parses flags into Options and serves the two handlers. In Go tests, Start runs
// it on two loopback listeners:
//
//	srv := mockserver.Start(t, mockserver.Options{}) // US and EU listeners, closed by t.Cleanup
//	c, _ := client.New(srv.DemoKeys.Full, client.WithBaseURL(srv.URL))
//	srv.Advance(time.Minute)                         // move the mock's clock
//
// # Running it
//
//   - New(Options) returns the Server: handlers, state and controls, no listener.
//   - Start(t, Options, ...ListenOption) runs it for a test, stopped by t.Cleanup.
//   - Listen(Options, ...ListenOption) does the same outside a test, until Close:
//     it is what breakcold-contract -mock serves. ListenAddr picks a listener's
//     address; WrapHandler wraps each region's handler.
//   - StartInProcess(t, Options) has no listener at all: its Client hands requests
//     straight to the handlers, so a test inside testing/synctest waits out rate
//     limits in virtual time. Start and Listen need the network, which keeps a
//     bubble's clock still: inside a bubble they fail at once, naming
//     StartInProcess.
//
// The returned TestServer carries what a client or the contract suite needs:
// URL (US), EUURL, ControlURL, the DemoKeys the starting data registers and
// SeedKeys, every key of the starting data with its secret.
//
// # Options
//
// The zero Options is a usable mock: the demo dataset (DemoSeed) and its keys
// (DemoKeyFull and the others), 60 requests per 60-second window per user, the
// system clock, 1 MiB bodies. Options.Now injects a clock; Seed or Empty replace
// the data; RateLimit, RateWindow and LimitProfile shape the limiter; Logger
// receives a line per request, with keys by prefix only.
//
// # What every request goes through
//
// In this order; the first check that fails answers:
//
//  1. Body size: larger than Options.MaxBodyBytes is 413 (the body is read
//     whole before anything else looks at the request).
//  2. The credential: 401 when it is missing, malformed, unknown, expired,
//     revoked, of the other region, or the other generation's key, each with a
//     message saying what the API expects (the Bearer API adds WWW-Authenticate).
//  3. The rate limit: 429 with Retry-After once the user's window is spent.
//  4. Injected faults (Server.AddFault): a status, a delay or a dropped connection.
//  5. Scopes, read from the spec: 403 naming the scope the key lacks.
//  6. The input's form, then schema validation against the spec: a query that
//     is not valid percent-encoding or a JSON body followed by anything but
//     white space is 400, a body without a Content-Type or with one the
//     operation does not take 415; then 400 naming each field the schema
//     refuses. The operations and schemas come from tables generated from the
//     spec (internal/specdata), so the mock decodes nothing of the spec when
//     it starts.
//  7. The operation itself, whose workspace checks answer 403 outside a key's
//     workspace limit and 404 for another tenant's ids.
//
// Every error is JSON in its generation's envelope, built in one place; unknown
// paths and methods answer 404 and 405 the same way. A body the client broke
// (malformed chunked encoding, shorter than its Content-Length) is a 400. The
// answers given before the rate limit (413, 404 and 405) draw on no window; with
// a valid key they carry its user's X-RateLimit-* headers as they stand, without
// one the headers of a fresh window.
//
// Logger gets one line per request (JSON with -log-format json), the control
// API's included: durations in duration_ms, keys by prefix, also keys pasted
// into a path; 5xx logs as an error and a dropped connection as a warning,
// except the answers of injected faults, which log at info with the fault's id
// (fault=3), so a CI log scanner does not flag a test's own fault. The
// journal keeps every request but control-API calls, paths outside the API too,
// with its headers and bodies and the answer's: keys and webhook secrets only by
// prefix, Options.JournalSize entries and Options.JournalBytes of messages at
// most (oldest dropped first), Options.JournalBodyBytes of each body. Every response carries
// X-Breakcold-Mock-Version, and every response to the API the X-RateLimit-*
// headers of the tightest budget.
//
// # Regions and tenancy
//
// Each handler is one region. A current-API organization, its keys and its data
// live in one region; a key sent to the other region gets a 401 naming the host
// it belongs to. The legacy API has one host in reality; the mock serves it on
// every handler. Ids of another organization, region or legacy space answer
// 404, never 403, so ids do not leak across tenants; ids of another tenant sent
// in a legacy body are a 400 naming the field, like unknown ids.
//
// Rate limits are per user (a user's keys share a window): fixed windows
// anchored at the user's first request, Options.RateLimit requests per
// Options.RateWindow. Rejected requests consume nothing, and unauthenticated ones
// count against no one. ProfileMultiLevel applies the current API's documented
// budgets instead: organization 600, workspace 300, identity 180, key 180, and
// each operation's route budget from the spec's x-breakcold-rate-limit, all per
// minute whatever RateWindow says. A request draws on the workspace it names in
// its query or body, or on the workspace of the resource its path names. The
// headers describe the tightest budget; the mock always sends X-RateLimit-* and
// Retry-After, which Breakcold does not document on the current API.
//
// Paged lists are newest first (records, notes, conversations) or in a stated
// order; their cursors are keyset cursors, so paging is stable under concurrent
// inserts. Object types, fields, options and views come whole, in display order.
// Legacy pages are 0-based.
//
// # Control API
//
// Every handler also serves the control API under ControlPrefix (/_mock),
// outside the spec, JSON in and out. Each call has a Go equivalent on Server:
//
//	GET    /_mock                       an index of these calls
//	GET    /_mock/ui                    the inspector: a page that lists requests live, with
//	                                    their headers and bodies, and panels for keys and their
//	                                    windows, webhooks and deliveries, faults and the clock
//	                                    (GET /_mock/ui/state is what its panels show)
//	GET    /_mock/openapi.json, .yaml   the spec the mock serves, for tools pointed at it
//	GET    /_mock/health, /_mock/ready  status, version, the mock's time, counts
//	POST   /_mock/reset                 Reset: the starting data and keys, fresh windows,
//	                                    no faults, an empty journal, the clock's offset undone,
//	                                    the webhook endpoints of Options.Webhooks and the seed
//	                                    only (those added since are removed) and an empty
//	                                    delivery log; ?keep=webhooks,journal,clock,faults keeps
//	                                    those (ResetWith)
//	POST   /_mock/seed                  LoadSeed: replace data and keys (the format of
//	                                    breakcold-mock -print-seed), whole or not at all
//	GET    /_mock/principals            organizations, users, workspaces and legacy users
//	GET    /_mock/keys                  Keys: every key, without secrets
//	POST   /_mock/keys                  CreateKey(KeySpec): the secret is answered once
//	DELETE /_mock/keys/{prefix}         RevokeKey: the one active key with the prefix; 409
//	                                    listing the matches when several share it (?name= picks)
//	GET    /_mock/clock                 Now
//	POST   /_mock/clock/advance         Advance ({"seconds": 60}): windows and expiry follow;
//	                                    more than 0 and at most ten years, else 400
//	GET    /_mock/faults                Faults
//	POST   /_mock/faults                AddFault: the next Count requests matching KeyPrefix
//	                                    and Operation get Status, LatencyMS or Drop
//	DELETE /_mock/faults                ClearFaults
//	GET    /_mock/journal               Journal(JournalFilter): ?operation=, ?key=, ?status=,
//	                                    ?method=, ?path= (a trailing * for a prefix), ?limit=
//	                                    (the newest N), ?summary=true (no headers or bodies)
//	GET    /_mock/journal/count         JournalCount: how many match, with the same filters
//	GET    /_mock/journal/{requestId}   one entry, with its headers and bodies
//	GET    /_mock/journal.har           WriteHAR: the entries as HAR 1.2, same filters
//	GET    /_mock/journal/stream        each new entry as it happens (Server-Sent Events)
//	DELETE /_mock/journal               ClearJournal
//	GET    /_mock/webhooks              Webhooks: the endpoints that receive events
//	POST   /_mock/webhooks              AddWebhook(WebhookSpec): url, events, objectTypes,
//	                                    workspaceId, secret (generated when absent)
//	DELETE /_mock/webhooks/{id}         RemoveWebhook
//	POST   /_mock/webhooks/{id}/enable  EnableWebhook: after 50 consecutive failures
//	POST   /_mock/webhooks/trigger      TriggerWebhook: an event the API cannot cause
//	GET    /_mock/webhooks/deliveries   WebhookDeliveries: ?event=, ?endpoint=, ?status=
//	POST   /_mock/webhooks/deliveries/{id}/redeliver  Redeliver
//
// Every control call passes the same front door: a path not in its clean form
// is 404 and a method the path does not serve is 405 with Allow, both in the
// JSON envelope; bodies are capped (64 KiB, a seed 64 MiB: 413 beyond) and must
// be one JSON value. Requests a web page could make are refused, so a page the
// user visits cannot reset or reseed the mock: 403 when Sec-Fetch-Site says
// cross-site or Origin names another origin, 415 when a state-changing call's
// Content-Type is not application/json (no Content-Type is accepted, as curl
// -X POST sends none). With Options.ControlToken set, every call but health,
// ready and the spec needs "Authorization: Bearer <token>" (or the token as
// the basic-auth password, as in http://:token@host/_mock), else 401.
//
// # State
//
// One lock guards the store, so a change that spans entities (a delete that
// cascades, a reorder) is atomic. Stored values are never edited in place: a
// handler changes a copy and stores it (see resource.go), which keeps each item's
// cached JSON encoding valid and is checked by a test.
package mockserver
