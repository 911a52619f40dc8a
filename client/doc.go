// Package client is the Go SDK for Breakcold's CRM API, both the current API
// (v1, paths under /api/v1, Bearer keys), called through a Client, and the
// legacy API (v3, paths under /rest, x-api-key keys), called through a
// LegacyClient.
//
//	c, err := client.New(os.Getenv("BREAKCOLD_API_KEY"), client.WithRegion(client.EU))
//	if err != nil { … }
//	rec, _, err := c.CreateRecord(ctx, client.RecordCreate{WorkspaceID: ws, ObjectTypeSlug: client.Ptr("person")})
//	for r, err := range c.AllRecords(ctx, &client.ListRecordsParams{WorkspaceID: &ws}) {
//		if err != nil { … }
//		fmt.Println(r.DisplayName)
//	}
//
// # Operations
//
// Every operation of the spec is a method, generated from openapi.yaml, that
// takes typed parameters and returns the success body (envelopes such as
// {"record": …} unwrapped), a *Response and an error: current-API operations
// on Client (New), legacy ones on LegacyClient (NewLegacy), named without their
// Legacy prefix (legacyListLeads is LegacyClient.ListLeads). Each method's
// documentation gives its route, the scopes it needs and the errors it returns.
// Every paginated list operation has an All… iterator that follows cursors
// (current API) or pages (legacy API). Every type a method takes or returns is
// declared in this package; optional fields are pointers (set them with Ptr),
// the legacy API's nullable fields are Nullable values, and every enum constant
// carries its type's name (TaskStatusDone).
//
// # Per-call metadata
//
// The *Response a method returns describes that call's own exchange: status,
// headers, request id, rate-limit headers and the number of attempts. It is
// returned beside an error too whenever an answer arrived, and it is the way to
// read rate-limit state under concurrency (Client.RateLimit is only the latest
// answer any goroutine saw), as go-github's Response is.
//
// # Errors
//
// A non-2xx answer is an *Error carrying the status, the API's code and
// message, the request id and the rate-limit headers, whichever generation's
// envelope it came in; match its kind with errors.Is and ErrNotFound,
// ErrRateLimited and the other sentinels, or read it with errors.As.
//
// A success answer the spec does not allow (an undeclared status, a body that
// is not JSON, a missing required property, a value of the wrong JSON type) is
// an *UnexpectedResponseError matching ErrUnexpectedResponse, never a zero
// value; WithStrictResponses(false) turns the check off.
//
// A Client sends its key as Authorization: Bearer, a LegacyClient as
// x-api-key. New refuses a legacy key and NewLegacy a current one
// (ErrWrongCredential), and keys appear in errors by prefix only.
//
// # Retries and rate limits
//
// The client never sleeps long without being asked to. A 429 is retried after
// its Retry-After (else X-RateLimit-Reset) only when that wait is at most
// RetryPolicy.MaxWait, 5 s by default, and fits the context's deadline;
// otherwise its *Error is returned at once with RetryAfter set. To wait out a
// spent 60-second window, opt in with WithRateLimitWait(61 * time.Second).
// 5xx answers and network errors are retried with exponential backoff and
// jitter for operations the spec marks safe to repeat: GET, PUT and DELETE,
// and the legacy API's POST …/list reads. WithRetryHook and WithLogger report
// every wait (operation, attempt, status, delay, reason). WithPacing also
// waits, before sending, while the last answer said the window is spent.
//
// # Testing
//
// mockserver runs Breakcold's API in process. Its TestServer.Client connects a
// client to the mock without a network, so a test can run both inside
// testing/synctest and wait out a 60-second window in virtual time; see the
// package example "VirtualTime".
package client
