package mockserver_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/breakcold-go/breakcold/mockserver"
)

// The journal keeps each request's headers and bodies, secrets by prefix, and
// what the rate-limit headers said.
func TestJournalKeepsMessagesRedacted(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	body := `{"workspaceId":"` + mockserver.DemoWorkspaceSales + `","objectTypeSlug":"person","fields":{"name":"Ada","job_title":"whsec_0123456789abcdef ` + ts.DemoKeys.Legacy + `"}}`
	r := do(t, "POST", ts.URL+"/api/v1/records?dryRun="+ts.DemoKeys.Full, body, bearer(ts.DemoKeys.Full)...)
	entries := ts.Journal(mockserver.JournalFilter{})
	if len(entries) != 1 {
		t.Fatalf("got %d entries, want 1", len(entries))
	}
	e := entries[0]
	raw, _ := json.Marshal(e)
	for _, secret := range []string{ts.DemoKeys.Full, ts.DemoKeys.Legacy, "whsec_0123456789abcdef"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the journal holds the secret %s:\n%s", secret, raw)
		}
	}
	check(t, "Authorization", e.Request.Header.Get("Authorization"), "Bearer bc_live_usfull…")
	check(t, "query", e.Query, "dryRun=bc_live_usfull…")
	check(t, "request body size", e.Request.BodySize, int64(len(body)))
	if !strings.Contains(e.Request.Body, `"name":"Ada"`) || !strings.Contains(e.Request.Body, "breakcold-usr-demo01…") {
		t.Errorf("request body: got %s", e.Request.Body)
	}
	check(t, "response status", e.Status, r.Status)
	if !strings.Contains(string(r.Body), e.Response.Body[:40]) || !strings.Contains(e.Response.Body, `"whsec_0123… breakcold-usr-demo01…"`) {
		t.Errorf("response body: got %s, want the answer %s with its secrets by prefix", e.Response.Body, r.Body)
	}
	check(t, "response Content-Type", e.Response.Header.Get("Content-Type"), "application/json")
	check(t, "rate limit remaining", fmt.Sprint(e.RateLimit.Remaining), r.Header.Get("X-RateLimit-Remaining"))
	check(t, "seq", e.Seq, int64(1))
	if summary := ts.Journal(mockserver.JournalFilter{Summary: true}); summary[0].Request != nil || summary[0].Response != nil {
		t.Errorf("a summary holds messages: %+v", summary[0])
	}
}

// The journal is bounded by entries and by bytes, oldest first, and keeps the
// start of long bodies.
func TestJournalBounds(t *testing.T) {
	t.Parallel()
	key := func(ts *mockserver.TestServer) []string { return bearer(ts.DemoKeys.Full) }
	ts := start(t, mockserver.Options{JournalSize: 3, RateLimit: -1})
	for i := range 5 {
		do(t, "GET", fmt.Sprintf("%s/api/v1/workspaces?limit=%d", ts.URL, i+1), "", key(ts)...)
	}
	got := ts.Journal(mockserver.JournalFilter{})
	check(t, "entries kept", len(got), 3)
	check(t, "oldest kept", got[0].Query, "limit=3")
	check(t, "seq of the oldest kept", got[0].Seq, int64(3))

	ts = start(t, mockserver.Options{JournalBytes: 3000, JournalBodyBytes: 64, RateLimit: -1})
	for range 10 {
		do(t, "GET", ts.URL+"/api/v1/workspaces", "", key(ts)...)
	}
	got = ts.Journal(mockserver.JournalFilter{})
	if len(got) == 0 || len(got) >= 10 {
		t.Errorf("a 3000-byte journal kept %d of 10 entries", len(got))
	}
	check(t, "newest kept", got[len(got)-1].Seq, int64(10))
	check(t, "body kept", len(got[0].Response.Body), 64)
	check(t, "truncated", got[0].Response.Truncated, true)

	ts = start(t, mockserver.Options{JournalBodyBytes: -1})
	do(t, "GET", ts.URL+"/api/v1/workspaces", "", key(ts)...)
	got = ts.Journal(mockserver.JournalFilter{})
	check(t, "no body kept", got[0].Response.Body, "")
	check(t, "size still known", got[0].Response.BodySize > 0, true)
	for _, bad := range []mockserver.Options{{JournalSize: -1}, {JournalBytes: -1}} {
		if _, err := mockserver.New(bad); err == nil {
			t.Errorf("New(%+v) accepted a negative bound", bad)
		}
	}
}

// The journal's filters work alike over HTTP and from Go, and a test in any
// language asks how many requests matched in one call.
func TestJournalFiltersAndCount(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: -1})
	full := bearer(ts.DemoKeys.Full)
	do(t, "GET", ts.URL+"/api/v1/workspaces", "", full...)
	do(t, "GET", ts.URL+"/api/v1/records?limit=1", "", full...)
	do(t, "GET", ts.URL+"/api/v1/records/nope", "", full...)
	do(t, "POST", ts.URL+"/api/v1/records", `{}`, full...)
	do(t, "GET", ts.URL+"/api/v1/workspaces", "")
	for _, c := range []struct {
		query string
		f     mockserver.JournalFilter
		want  int
	}{
		{"", mockserver.JournalFilter{}, 5},
		{"method=GET", mockserver.JournalFilter{Method: "GET"}, 4},
		{"method=post&status=400", mockserver.JournalFilter{Method: "post", Status: 400}, 1},
		{"path=/api/v1/records", mockserver.JournalFilter{Path: "/api/v1/records"}, 2},
		{"path=/api/v1/records*", mockserver.JournalFilter{Path: "/api/v1/records*"}, 3},
		{"status=401", mockserver.JournalFilter{Status: 401}, 1},
		{"operation=listWorkspaces&key=bc_live_usfull", mockserver.JournalFilter{Operation: "listWorkspaces", KeyPrefix: "bc_live_usfull"}, 1},
	} {
		r := control(t, ts, "GET", "/journal/count?"+c.query, nil)
		check[any](t, "count?"+c.query, r.json(t)["count"], float64(c.want))
		check(t, fmt.Sprintf("JournalCount(%+v)", c.f), ts.JournalCount(c.f), c.want)
		r = control(t, ts, "GET", "/journal?"+c.query, nil)
		check(t, "journal?"+c.query, len(r.json(t)["entries"].([]any)), c.want)
	}
	r := control(t, ts, "GET", "/journal?limit=2&summary=true", nil)
	entries := r.json(t)["entries"].([]any)
	check(t, "limit keeps the newest", len(entries), 2)
	last := entries[1].(map[string]any)
	check[any](t, "newest last", last["status"], float64(401))
	if _, ok := last["request"]; ok {
		t.Errorf("a summary holds the request: %v", last)
	}
	check(t, "Journal Limit", ts.Journal(mockserver.JournalFilter{Limit: 1})[0].Status, 401)

	one := control(t, ts, "GET", "/journal/"+last["requestId"].(string), nil)
	check(t, "one entry", one.Status, 200)
	check(t, "its response", one.json(t)["response"].(map[string]any)["bodySize"].(float64) > 0, true)
	check(t, "unknown entry", control(t, ts, "GET", "/journal/req_nope", nil).Status, 404)
	for _, q := range []string{"limit=x", "status=-1", "summary=maybe"} {
		check(t, "journal?"+q, control(t, ts, "GET", "/journal?"+q, nil).Status, 400)
	}
}

// GET /_mock/journal.har is HAR 1.2, held to a JSON Schema of the
// specification (testdata/har-1.2.schema.json), and its requests are the
// journal's: replayed against a fresh mock they get the same answers.
func TestJournalHAR(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{Now: fixedClock()})
	full := bearer(ts.DemoKeys.Full)
	do(t, "GET", ts.URL+"/api/v1/workspaces?limit=2&cursor=a%20b", "", full...)
	do(t, "POST", ts.URL+"/api/v1/records", `{"workspaceId":"`+mockserver.DemoWorkspaceSales+`","objectTypeSlug":"person","fields":{"name":"Grace"}}`, full...)
	do(t, "GET", ts.URL+"/api/v1/records/nope", "", full...)
	do(t, "GET", ts.URL+"/api/v1/records", "")
	do(t, "GET", ts.URL+"/rest/me", "", "x-api-key", ts.DemoKeys.Legacy)
	do(t, "GET", ts.URL+"/elsewhere", "")
	if _, err := ts.AddFault(mockserver.Fault{Operation: "listWorkspaces", Status: 503}); err != nil {
		t.Fatal(err)
	}
	do(t, "GET", ts.URL+"/api/v1/workspaces", "", full...)
	if _, err := ts.AddFault(mockserver.Fault{Operation: "listWorkspaces", Drop: true}); err != nil {
		t.Fatal(err)
	}
	if req, _ := http.NewRequest("GET", ts.URL+"/api/v1/workspaces", nil); req != nil {
		req.Header.Set("Authorization", "Bearer "+ts.DemoKeys.Full)
		// A new connection: net/http sends a GET again when a reused one drops.
		fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		if resp, err := fresh.Do(req); err == nil {
			resp.Body.Close()
			t.Error("a dropped connection answered")
		}
	}

	r := control(t, ts, "GET", "/journal.har", nil)
	check(t, "status", r.Status, 200)
	check(t, "Content-Type", r.Header.Get("Content-Type"), "application/json")
	for _, secret := range []string{ts.DemoKeys.Full, ts.DemoKeys.Legacy} {
		if bytes.Contains(r.Body, []byte(secret)) {
			t.Errorf("the HAR holds the key %s", secret)
		}
	}
	validateHAR(t, r.Body)
	var written bytes.Buffer
	if err := ts.WriteHAR(&written, mockserver.JournalFilter{}); err != nil {
		t.Fatal(err)
	}
	check(t, "WriteHAR and GET /_mock/journal.har", written.String(), string(r.Body))

	var har struct {
		Log struct {
			Entries []struct {
				StartedDateTime string
				Request         struct {
					Method, URL string
					Headers     []struct{ Name, Value string }
					PostData    *struct{ MimeType, Text string }
				}
				Response struct {
					Status  int
					Content struct{ Text string }
				}
				RequestID string `json:"_requestId"`
				Fault     int    `json:"_fault"`
			}
		}
	}
	if err := json.Unmarshal(r.Body, &har); err != nil {
		t.Fatal(err)
	}
	journal := ts.Journal(mockserver.JournalFilter{})
	if len(har.Log.Entries) != len(journal) || len(journal) != 8 {
		t.Fatalf("the HAR has %d entries, the journal %d; want 8", len(har.Log.Entries), len(journal))
	}
	// Replayed against a fresh mock with the same clock, the HAR's requests
	// get the answers the journal recorded; the secrets, shown by prefix, are
	// the demo keys'.
	fresh := start(t, mockserver.Options{Now: fixedClock()})
	secrets := map[string]string{"Bearer bc_live_usfull…": "Bearer " + ts.DemoKeys.Full, "breakcold-usr-demo01…": ts.DemoKeys.Legacy}
	for i, e := range har.Log.Entries {
		j := journal[i]
		check(t, fmt.Sprintf("entry %d request id", i), e.RequestID, j.RequestID)
		check(t, fmt.Sprintf("entry %d time", i), e.StartedDateTime, j.Time.UTC().Format("2006-01-02T15:04:05.999999999Z07:00"))
		check(t, fmt.Sprintf("entry %d status", i), e.Response.Status, j.Status)
		if j.Response != nil {
			check(t, fmt.Sprintf("entry %d response body", i), e.Response.Content.Text, j.Response.Body)
		}
		if e.Fault != 0 {
			continue // the fault was the test's, not the request's
		}
		var body []byte
		if pd := e.Request.PostData; pd != nil {
			check(t, fmt.Sprintf("entry %d request body", i), pd.Text, j.Request.Body)
			body = []byte(pd.Text)
		}
		var headers []string
		for _, h := range e.Request.Headers {
			if s, ok := secrets[h.Value]; ok {
				h.Value = s
			}
			if h.Name != "Content-Length" {
				headers = append(headers, h.Name, h.Value)
			}
		}
		got, _ := exchange(t, http.DefaultClient, e.Request.Method, strings.Replace(e.Request.URL, ts.URL, fresh.URL, 1), body, headers...)
		check(t, fmt.Sprintf("replay of %s %s", e.Request.Method, e.Request.URL), got.Status, e.Response.Status)
	}
}

// The schema is strict: a HAR missing what the specification requires fails.
func TestHARSchemaRefusesIncompleteFiles(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...)
	good := control(t, ts, "GET", "/journal.har", nil).Body
	if err := harSchemaError(t, good); err != nil {
		t.Fatalf("the mock's HAR fails: %v", err)
	}
	for _, drop := range []string{`"timings"`, `"httpVersion"`, `"queryString"`, `"creator"`, `"redirectURL"`} {
		var v any
		_ = json.Unmarshal(good, &v)
		bad, _ := json.Marshal(v)
		// Rename the field, so the file lacks it and has an unknown one.
		bad = bytes.Replace(bad, []byte(drop), []byte(`"x`+drop[1:]), 1)
		if harSchemaError(t, bad) == nil {
			t.Errorf("the schema accepts a HAR without %s", drop)
		}
	}
}

// validateHAR holds a HAR file to the schema in testdata.
func validateHAR(t *testing.T, har []byte) {
	t.Helper()
	if err := harSchemaError(t, har); err != nil {
		t.Errorf("the HAR is not HAR 1.2: %v\n%s", err, har)
	}
}

func harSchemaError(t *testing.T, har []byte) error {
	t.Helper()
	f, err := os.Open("testdata/har-1.2.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("har-1.2.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("har-1.2.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(har))
	if err != nil {
		return err
	}
	return sch.Validate(doc)
}

// GET /_mock/journal/stream sends each journaled request as it happens
// (Server-Sent Events), says when the journal is cleared, and ends when the
// mock closes.
func TestJournalStream(t *testing.T) {
	t.Parallel()
	ts := mockserver.Start(t, mockserver.Options{})
	do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...)
	resp, err := http.Get(ts.ControlURL + "/journal/stream?after=0")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	check(t, "Content-Type", resp.Header.Get("Content-Type"), "text/event-stream")
	events := make(chan string, 16)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		var ev []string
		for sc.Scan() {
			if sc.Text() == "" {
				events <- strings.Join(ev, "\n")
				ev = nil
				continue
			}
			ev = append(ev, sc.Text())
		}
	}()
	next := func(what string) string {
		t.Helper()
		select {
		case e := <-events:
			return e
		case <-time.After(5 * time.Second):
			t.Fatalf("no %s event within 5 s", what)
			return ""
		}
	}
	if e := next("first entry"); !strings.Contains(e, "id: 1\nevent: entry\n") || !strings.Contains(e, `"operation":"listWorkspaces"`) {
		t.Errorf("first event: %q", e)
	}
	do(t, "GET", ts.URL+"/api/v1/records?limit=1", "", bearer(ts.DemoKeys.Full)...)
	if e := next("second entry"); !strings.Contains(e, "id: 2\n") || !strings.Contains(e, `"operation":"listRecords"`) || strings.Contains(e, `"request"`) {
		t.Errorf("second event: %q", e)
	}
	ts.ClearJournal()
	if e := next("reset"); !strings.HasPrefix(e, "event: reset") {
		t.Errorf("after ClearJournal: %q", e)
	}
	closed := make(chan struct{})
	go func() { ts.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waits for an open stream")
	}
}

// The journal builds a list page's body again when it is read, from the same
// cached item encodings: it must be byte for byte what the client got, also
// after the listed records changed.
func TestJournalListBodiesAreWhatWasSent(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	list := ts.URL + "/api/v1/records?limit=3&workspaceId=" + mockserver.DemoWorkspaceSales
	r := do(t, "GET", list, "", bearer(ts.DemoKeys.Full)...)
	leads := do(t, "POST", ts.URL+"/rest/leads/list", `{"pagination":{"page":0,"page_size":2}}`, "x-api-key", ts.DemoKeys.Legacy)
	var page struct{ Data []struct{ ID string } }
	if err := json.Unmarshal(r.Body, &page); err != nil || len(page.Data) == 0 {
		t.Fatalf("list: %v %s", err, r.Body)
	}
	do(t, "PATCH", ts.URL+"/api/v1/records/"+page.Data[0].ID, `{"fields":{"name":"Renamed"}}`, bearer(ts.DemoKeys.Full)...)
	for _, c := range []struct {
		op   string
		sent []byte
	}{{"listRecords", r.Body}, {"legacyListLeads", leads.Body}} {
		var got *mockserver.JournalEntry
		for _, e := range ts.Journal(mockserver.JournalFilter{}) {
			if e.Operation == c.op {
				got = &e
			}
		}
		if got == nil || got.Response == nil {
			t.Fatalf("%s: no journal entry with its answer", c.op)
		}
		if got.Response.Body != string(c.sent) || got.Response.BodySize != int64(len(c.sent)) || got.Response.Truncated {
			t.Errorf("%s: the journal shows %d bytes (truncated %t), the client got %d:\n%s\n%s", c.op, len(got.Response.Body), got.Response.Truncated, len(c.sent), got.Response.Body, c.sent)
		}
	}
}
