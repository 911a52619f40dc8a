// Package client is the Go SDK for Breakcold's CRM API, both the current API
// (v1, paths under /api/v1, Bearer keys) and the legacy API (v3, paths under
// /rest, x-api-key keys).
//
//	c, err := client.New(os.Getenv("BREAKCOLD_API_KEY"), client.WithRegion(client.EU))
//	if err != nil { … }
//	rec, err := c.CreateRecord(ctx, client.RecordCreate{WorkspaceId: ws, ObjectTypeSlug: &slug})
//	for r, err := range c.AllRecords(ctx, &client.ListRecordsParams{WorkspaceId: &ws}) {
//		if err != nil { … }
//		fmt.Println(r.DisplayName)
//	}
//
// Every operation of the spec is a method that takes typed parameters and
// returns the success body, with envelopes such as {"record": …} unwrapped, or an
// error. A non-2xx answer is an *Error carrying the status, the API's code and
// message, the request id and the rate-limit headers, whichever generation's
// envelope it came in; match its kind with errors.Is and ErrNotFound,
// ErrRateLimited and the other sentinels. Every list operation has an All…
// iterator that follows cursors (current API) or pages (legacy API).
//
// The client sends one key and routes it by path: Authorization: Bearer for
// bc_live_… keys on the current API, x-api-key for breakcold-usr-… keys on the
// legacy API. It refuses, before sending, a key of the wrong generation
// (ErrWrongCredential), and it shows keys in errors by prefix only.
//
// Rate limits: RateLimit returns the latest X-RateLimit-* headers. A 429 is
// retried after Retry-After (else X-RateLimit-Reset) when the wait fits both
// RetryPolicy.MaxWait and the context's deadline; otherwise its error is returned
// at once. 5xx answers and network errors are retried with exponential backoff
// and jitter, for idempotent methods only. WithPacing also waits, before
// sending, while the last response said the window is spent.
package client
