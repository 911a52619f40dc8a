package mockserver_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/breakcold-go/breakcold/client/webhook"
	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// handlerClient is an HTTP client whose every request is served by h in the
// caller's goroutine, so deliveries happen inside a synctest bubble. A request
// whose context ends first fails, as a timed-out request would.
func handlerClient(h http.Handler) *http.Client {
	return &http.Client{Transport: roundTrip(func(req *http.Request) (*http.Response, error) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if err := req.Context().Err(); err != nil {
			return nil, err
		}
		return rec.Result(), nil
	})}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// hookEnv is an in-process mock, for use inside synctest.Test, with one
// endpoint whose receiver checks every delivery against the spec; receive adds
// more.
type hookEnv struct {
	t  *testing.T
	ts *mockserver.TestServer
	rc *contracttest.Receiver
	ep mockserver.WebhookEndpoint

	mu        sync.Mutex
	receivers map[string]http.Handler // by host
}

func newHookEnv(t *testing.T, opts mockserver.Options, spec mockserver.WebhookSpec) *hookEnv {
	t.Helper()
	e := &hookEnv{t: t, receivers: map[string]http.Handler{}}
	opts.WebhookClient = handlerClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		h := e.receivers[r.URL.Host]
		e.mu.Unlock()
		if h == nil {
			http.Error(w, "no receiver at "+r.URL.Host, http.StatusBadGateway)
			return
		}
		h.ServeHTTP(w, r)
	}))
	e.ts = mockserver.StartInProcess(t, opts)
	e.rc, e.ep = e.receive(spec)
	return e
}

// receiver adds a receiver at a host of its own and returns it with its URL.
func (e *hookEnv) receiver() (*contracttest.Receiver, string) {
	e.t.Helper()
	rc, err := contracttest.NewReceiver("")
	if err != nil {
		e.t.Fatal(err)
	}
	rc.Now = e.ts.Now
	e.mu.Lock()
	defer e.mu.Unlock()
	host := fmt.Sprintf("r%d.receiver.test", len(e.receivers)+1)
	e.receivers[host] = rc
	return rc, "http://" + host + "/hooks"
}

// receive registers an endpoint for a new receiver through the control API.
func (e *hookEnv) receive(spec mockserver.WebhookSpec) (*contracttest.Receiver, mockserver.WebhookEndpoint) {
	e.t.Helper()
	rc, url := e.receiver()
	spec.URL = url
	var ep mockserver.WebhookEndpoint
	if err := json.Unmarshal(e.control("POST", "/webhooks", spec, http.StatusCreated), &ep); err != nil {
		e.t.Fatal(err)
	}
	rc.SetSecret(ep.Secret)
	return rc, ep
}

// send makes a request to the mock and decodes its answer; want is the status.
func (e *hookEnv) send(method, url string, body any, want int, headers ...string) []byte {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		e.t.Fatalf("%s %s: got %d %s, want %d", method, url, resp.StatusCode, b, want)
	}
	return b
}

func (e *hookEnv) control(method, path string, body any, want int) []byte {
	e.t.Helper()
	return e.send(method, e.ts.ControlURL+path, body, want)
}

// api calls the current API with the demo's full key and returns the answer's
// entity under key (record, note, task).
func (e *hookEnv) api(method, path string, body any, want int, key string) map[string]any {
	e.t.Helper()
	var out map[string]any
	if err := json.Unmarshal(e.send(method, e.ts.URL+"/api/v1"+path, body, want, bearer(e.ts.DemoKeys.Full)...), &out); err != nil {
		e.t.Fatal(err)
	}
	m, _ := out[key].(map[string]any)
	return m
}

// events are the events the receiver got, in order, failing the test for any
// delivery that is not as the spec documents.
func (e *hookEnv) events() []string {
	e.t.Helper()
	return received(e.t, e.rc)
}

func received(t *testing.T, rc *contracttest.Receiver) []string {
	t.Helper()
	var out []string
	for _, d := range rc.Deliveries() {
		for _, p := range d.Problems {
			t.Errorf("%s delivery %s: %s\nbody: %s", d.Event, d.EventID, p, d.Body)
		}
		out = append(out, d.Event)
	}
	return out
}

func (e *hookEnv) expect(what string, want ...string) {
	e.t.Helper()
	expect(e.t, e.rc, what, want...)
}

func expect(t *testing.T, rc *contracttest.Receiver, what string, want ...string) {
	t.Helper()
	synctest.Wait()
	if got := received(t, rc); !slices.Equal(got, want) {
		t.Errorf("%s: got events %v, want %v", what, got, want)
	}
}

func ws() string { return mockserver.DemoWorkspaceSales }

// Every change the API can cause is delivered, as the spec describes it; the
// events it cannot cause are triggered through the control API.
func TestWebhooksForEveryChange(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newHookEnv(t, mockserver.Options{}, mockserver.WebhookSpec{})
		co1 := e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "company", "fields": map[string]any{"name": "Difference Ltd"}}, 201, "record")
		co2 := e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "company", "fields": map[string]any{"name": "Engine plc"}}, 201, "record")
		p := e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "person",
			"fields": map[string]any{"name": "Ada Byron", "email": "ada@byron.example", "company": co1["id"]}}, 201, "record")
		e.expect("creates", "record.created", "record.created", "record.created", "relation.added")

		id := p["id"].(string)
		e.api("PATCH", "/records/"+id, map[string]any{"fields": map[string]any{"job_title": "Analyst", "company": co2["id"]}}, 200, "record")
		e.api("PATCH", "/records/"+id, map[string]any{"fields": map[string]any{"job_title": "Analyst"}}, 200, "record") // no change
		e.api("POST", "/records/"+id+"/archive", nil, 200, "record")
		e.api("POST", "/records/"+id+"/archive", nil, 200, "record") // already archived
		e.api("POST", "/records/"+id+"/restore", nil, 200, "record")
		n := e.api("POST", "/records/"+id+"/notes", map[string]any{"title": "Call", "content": "<p>Keen on a <b>pilot</b>.</p>"}, 201, "note")
		e.api("PATCH", "/notes/"+n["id"].(string), map[string]any{"title": "First call"}, 200, "note")
		tk := e.api("POST", "/records/"+id+"/tasks", map[string]any{"title": "Send proposal", "dueAt": 1773921600000}, 201, "task")
		e.api("POST", "/tasks/"+tk["id"].(string)+"/complete", nil, 200, "task")
		e.api("POST", "/tasks/"+tk["id"].(string)+"/complete", nil, 200, "task") // already done
		for _, tr := range []mockserver.WebhookTrigger{
			{Event: "record.deleted", Data: map[string]any{"id": co1["id"], "deleted": true}},
			{Event: "note.deleted", Data: map[string]any{"recordId": id, "noteId": n["id"], "title": "First call"}},
			{Event: "call.linked", Data: map[string]any{"recordId": id, "callId": "call_1", "recordName": "Ada Byron", "meetingTitle": "Intro"}},
			{Event: "call.unlinked", Data: map[string]any{"recordId": id, "callId": "call_1", "recordName": "Ada Byron", "meetingTitle": "Intro"}},
			{Event: "file.uploaded", Data: map[string]any{"recordId": id, "fileName": "proposal.pdf"}},
			{Event: "file.deleted", Data: map[string]any{"recordId": id, "fileName": "proposal.pdf"}},
		} {
			tr.WorkspaceID = ws()
			e.control("POST", "/webhooks/trigger", tr, http.StatusAccepted)
		}
		e.expect("every event", "record.created", "record.created", "record.created", "relation.added",
			"record.updated", "relation.removed", "relation.added", "record.updated", "record.updated",
			"note.created", "note.updated", "task.created", "task.completed",
			"record.deleted", "note.deleted", "call.linked", "call.unlinked", "file.uploaded", "file.deleted")

		got := map[string]bool{}
		for _, ev := range e.events() {
			got[ev] = true
		}
		for _, ev := range webhook.Events() {
			if !got[ev] {
				t.Errorf("no %s delivered", ev)
			}
		}
		// Payloads: the archive is an update that says so; the note's author
		// is a name; the task's due date is in webhook form.
		ds := e.rc.Deliveries()
		data := func(i int) map[string]any {
			var env struct{ Data map[string]any }
			_ = json.Unmarshal(ds[i].Body, &env)
			return env.Data
		}
		check(t, "archived", data(7)["fields"].(map[string]any)["isArchived"], true)
		check(t, "restored", data(8)["fields"].(map[string]any)["isArchived"], false)
		check(t, "author", data(9)["author"], "Ada Lovelace")
		check(t, "dueAt", data(11)["dueAt"], "2026-03-19T12:00:00.000Z")
		check(t, "relation removed", data(5)["targetRecordId"], co1["id"])
		check(t, "relation added", data(6)["targetRecordId"], co2["id"])

		// Deleting an object type deletes its records: record.deleted each.
		obj := e.api("POST", "/crm/objects", map[string]any{"workspaceId": ws(), "nameSingular": "Project", "namePlural": "Projects", "slug": "project"}, 201, "object")
		e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "project", "fields": map[string]any{"name": "Pilot"}}, 201, "record")
		e.send("DELETE", e.ts.URL+"/api/v1/crm/objects/"+obj["id"].(string), nil, 200, bearer(e.ts.DemoKeys.Full)...)
		synctest.Wait()
		evs := e.events()
		check(t, "after deleting an object type", strings.Join(evs[len(evs)-2:], " "), "record.created record.deleted")
	})
}

// An endpoint gets the events it subscribes to, for the object types and the
// workspace it names; an integration hook gets its one event.
func TestWebhookFilters(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newHookEnv(t, mockserver.Options{}, mockserver.WebhookSpec{Events: []string{"record.created", "note.created"}, ObjectTypes: []string{"company"}})
		elsewhere, _ := e.receive(mockserver.WebhookSpec{WorkspaceID: mockserver.DemoWorkspacePartn})
		sales, _ := e.receive(mockserver.WebhookSpec{WorkspaceID: ws(), Events: []string{"record.updated"}})
		everything, _ := e.receive(mockserver.WebhookSpec{})
		zap, zapURL := e.receiver()
		hook := e.api("POST", "/integrations/hooks", map[string]any{"workspaceId": ws(), "platform": "zapier", "event": "note.created",
			"targetUrl": strings.Replace(zapURL, "http:", "https:", 1), "objectTypeSlug": "person"}, 201, "hook")
		// The integration hook's endpoint is listed with its secret, delivers
		// its event for its object type, and goes with the hook.
		var list struct{ Webhooks []mockserver.WebhookEndpoint }
		_ = json.Unmarshal(e.control("GET", "/webhooks", nil, 200), &list)
		i := slices.IndexFunc(list.Webhooks, func(ep mockserver.WebhookEndpoint) bool { return ep.IntegrationHookID == hook["id"] })
		if i < 0 {
			t.Fatalf("no endpoint for integration hook %v in %+v", hook["id"], list.Webhooks)
		}
		zap.SetSecret(list.Webhooks[i].Secret)

		co := e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "company", "fields": map[string]any{"name": "Difference Ltd"}}, 201, "record")
		p := e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "person", "fields": map[string]any{"name": "Ada Byron"}}, 201, "record")
		e.api("PATCH", "/records/"+co["id"].(string), map[string]any{"fields": map[string]any{"domain": "difference.example"}}, 200, "record")
		e.api("POST", "/records/"+co["id"].(string)+"/notes", map[string]any{"title": "Call", "content": "<p>Hi</p>"}, 201, "note")
		e.api("POST", "/records/"+p["id"].(string)+"/notes", map[string]any{"title": "Call", "content": "<p>Hi</p>"}, 201, "note")

		e.expect("events and object types", "record.created", "note.created")
		expect(t, elsewhere, "another workspace")
		expect(t, sales, "one event in one workspace", "record.updated")
		expect(t, everything, "no filter", "record.created", "record.created", "record.updated", "note.created", "note.created")

		expect(t, zap, "the integration hook's event and object type", "note.created")
		e.send("DELETE", e.ts.URL+"/api/v1/integrations/hooks/"+hook["id"].(string), nil, 200, bearer(e.ts.DemoKeys.Full)...)
		check(t, "endpoints after deleting the hook", len(e.ts.Webhooks()), 4)
	})
}

// A receiver that answers 500 gets exactly 3 attempts of the same delivery: at
// once, 5 s after the first was sent and 30 s after the second, on the mock's
// clock, each signed anew; advancing the clock delivers what is due and nothing
// comes before its time.
func TestWebhookRetries(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newHookEnv(t, mockserver.Options{Now: fixedClock()}, mockserver.WebhookSpec{})
		e.rc.Answer = func(int) int { return http.StatusInternalServerError }
		start, wallStart := e.ts.Now(), time.Now()
		e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "company", "fields": map[string]any{"name": "Difference Ltd"}}, 201, "record")
		for _, step := range []struct {
			advance  time.Duration
			attempts int
		}{{0, 1}, {4 * time.Second, 1}, {time.Second, 2}, {29 * time.Second, 2}, {time.Second, 3}, {time.Hour, 3}} {
			if step.advance > 0 {
				e.ts.Advance(step.advance)
			}
			time.Sleep(time.Minute) // real time passes; the mock's clock does not
			synctest.Wait()
			check(t, fmt.Sprintf("attempts at +%v", e.ts.Now().Sub(start)), len(e.rc.Deliveries()), step.attempts)
		}
		ds := e.rc.Deliveries()
		var at []time.Duration
		for _, d := range ds {
			at = append(at, d.Time.Sub(start))
			check(t, "delivery id", d.Header.Get(webhook.HeaderDeliveryID), ds[0].EventID)
			// Signed when sent, by the wall clock (the bubble's), not the mock's.
			signed, _ := strconv.ParseInt(d.Header.Get(webhook.HeaderTimestamp), 10, 64)
			check(t, "signed by the wall clock", signed >= wallStart.Unix() && signed <= time.Now().Unix(), true)
		}
		check(t, "attempt times", fmt.Sprint(at), "[0s 5s 35s]")
		check(t, "re-signed", ds[0].Header.Get(webhook.HeaderSignature) != ds[1].Header.Get(webhook.HeaderSignature), true)
		e.events()
		log := e.ts.WebhookDeliveries(mockserver.WebhookDeliveryFilter{})
		check(t, "logged", len(log), 1)
		check(t, "status", log[0].Status, mockserver.DeliveryFailed)
		check(t, "attempts logged", len(log[0].Attempts), 3)
		check(t, "status code logged", log[0].Attempts[2].StatusCode, 500)
		check(t, "failures", e.ts.Webhooks()[0].ConsecutiveFailures, 3)

		// Redelivery: a new delivery of the same event, which now succeeds.
		e.rc.Answer = nil
		var d mockserver.WebhookDelivery
		_ = json.Unmarshal(e.control("POST", "/webhooks/deliveries/"+log[0].ID+"/redeliver", nil, http.StatusAccepted), &d)
		synctest.Wait()
		check(t, "redelivered", len(e.rc.Deliveries()), 4)
		check(t, "same event id", e.rc.Deliveries()[3].EventID, log[0].EventID)
		var got struct{ Deliveries []mockserver.WebhookDelivery }
		_ = json.Unmarshal(e.control("GET", "/webhooks/deliveries?status=delivered", nil, 200), &got)
		if len(got.Deliveries) != 1 || got.Deliveries[0].RedeliveryOf != log[0].ID {
			t.Errorf("delivered: got %+v, want the redelivery of %s", got.Deliveries, log[0].ID)
		}
		check(t, "failures reset", e.ts.Webhooks()[0].ConsecutiveFailures, 0)
	})
}

// With the real clock a retry comes when its time has passed, and not before.
func TestWebhookRetriesOnTheClock(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newHookEnv(t, mockserver.Options{}, mockserver.WebhookSpec{})
		e.rc.Answer = func(n int) int { return map[bool]int{true: 503, false: 204}[n < 3] }
		e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "company", "fields": map[string]any{"name": "Difference Ltd"}}, 201, "record")
		for _, step := range []struct {
			sleep    time.Duration
			attempts int
		}{{4999 * time.Millisecond, 1}, {time.Millisecond, 2}, {29999 * time.Millisecond, 2}, {time.Millisecond, 3}, {time.Hour, 3}} {
			time.Sleep(step.sleep)
			synctest.Wait()
			check(t, "attempts", len(e.rc.Deliveries()), step.attempts)
		}
		check(t, "status", e.ts.WebhookDeliveries(mockserver.WebhookDeliveryFilter{})[0].Status, mockserver.DeliveryDelivered)
		e.events()
	})
}

// Deliveries to an endpoint go out in the order of the changes, even when the
// first waits for its retry.
func TestWebhookOrder(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newHookEnv(t, mockserver.Options{}, mockserver.WebhookSpec{Events: []string{"record.created"}})
		e.rc.Answer = func(n int) int { return map[bool]int{true: 500, false: 200}[n == 1] }
		var want []string
		for i := range 20 {
			r := e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "company", "fields": map[string]any{"name": fmt.Sprint("Company ", i)}}, 201, "record")
			want = append(want, r["id"].(string))
		}
		time.Sleep(time.Minute)
		synctest.Wait()
		var got []string
		for _, d := range e.rc.Deliveries()[1:] { // the first failed, and came again first
			var env struct{ Data struct{ ID string } }
			_ = json.Unmarshal(d.Body, &env)
			got = append(got, env.Data.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("order: got %v, want %v", got, want)
		}
	})
}

// After 50 consecutive failed attempts an endpoint is disabled: what it still
// had queued fails, and it gets nothing more until enabled again.
func TestWebhookDisabledAfter50Failures(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newHookEnv(t, mockserver.Options{}, mockserver.WebhookSpec{})
		e.rc.Answer = func(int) int { return http.StatusBadGateway }
		for i := range 20 { // 60 attempts' worth
			e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "company", "fields": map[string]any{"name": fmt.Sprint("Company ", i)}}, 201, "record")
		}
		time.Sleep(time.Hour)
		synctest.Wait()
		check(t, "attempts", len(e.rc.Deliveries()), 50)
		ep := e.ts.Webhooks()[0]
		check(t, "active", ep.Active, false)
		check(t, "failures", ep.ConsecutiveFailures, 50)
		check(t, "pending", len(e.ts.WebhookDeliveries(mockserver.WebhookDeliveryFilter{Status: mockserver.DeliveryPending})), 0)
		check(t, "failed", len(e.ts.WebhookDeliveries(mockserver.WebhookDeliveryFilter{Status: mockserver.DeliveryFailed})), 20)
		e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "company", "fields": map[string]any{"name": "Late"}}, 201, "record")
		synctest.Wait()
		check(t, "attempts while disabled", len(e.rc.Deliveries()), 50)

		e.rc.Answer = nil
		e.control("POST", "/webhooks/"+ep.ID+"/enable", nil, 200)
		e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "company", "fields": map[string]any{"name": "Later"}}, 201, "record")
		synctest.Wait()
		check(t, "attempts once enabled", len(e.rc.Deliveries()), 51)
	})
}

// A receiver that never answers costs the API nothing: the response comes at
// once, and the attempt times out after Options.WebhookTimeout.
func TestSlowReceiverDoesNotSlowTheAPI(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newHookEnv(t, mockserver.Options{WebhookTimeout: 2 * time.Second}, mockserver.WebhookSpec{})
		_, ep := e.receive(mockserver.WebhookSpec{})
		e.mu.Lock()
		e.receivers[strings.TrimPrefix(strings.TrimSuffix(ep.URL, "/hooks"), "http://")] = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(time.Hour):
			case <-r.Context().Done():
			}
		})
		e.mu.Unlock()
		start := time.Now()
		for i := range 5 {
			e.api("POST", "/records", map[string]any{"workspaceId": ws(), "objectTypeSlug": "company", "fields": map[string]any{"name": fmt.Sprint("Company ", i)}}, 201, "record")
		}
		check(t, "API time", time.Since(start), time.Duration(0))
		synctest.Wait()
		check(t, "the other endpoint is not held up", len(e.rc.Deliveries()), 5)
		time.Sleep(3 * time.Second)
		synctest.Wait()
		d := e.ts.WebhookDeliveries(mockserver.WebhookDeliveryFilter{Endpoint: ep.ID})[0]
		check(t, "timed out", d.Attempts[0].Error, "no answer within 2s")
		check(t, "next attempt", d.NextAttempt != nil, true)
	})
}

// Over real listeners: endpoints through the control API, its errors, and
// POST /_mock/clock/advance answering once what it made due was attempted.
func TestWebhookControlAPI(t *testing.T) {
	t.Parallel()
	rc, err := contracttest.NewReceiver("")
	if err != nil {
		t.Fatal(err)
	}
	rc.Answer = func(n int) int { return map[bool]int{true: 500, false: 200}[n == 1] }
	recv := httptest.NewServer(rc)
	t.Cleanup(recv.Close)
	ts := start(t, mockserver.Options{Now: fixedClock(), Empty: true, Seed: nil})
	for _, bad := range []map[string]any{
		{"url": "ftp://example.test"},
		{"url": "/relative"},
		{"url": recv.URL, "events": []string{"record.exploded"}},
		{"url": recv.URL, "colour": "red"},
	} {
		check(t, fmt.Sprint("POST /webhooks ", bad), control(t, ts, "POST", "/webhooks", bad).Status, 400)
	}
	r := control(t, ts, "POST", "/webhooks", map[string]any{"url": recv.URL, "secret": "whsec_test"})
	check(t, "created", r.Status, 201)
	ep := r.json(t)
	for _, k := range []string{"id", "url", "events", "objectTypes", "secret", "active", "consecutiveFailures"} {
		if _, ok := ep[k]; !ok {
			t.Errorf("endpoint lacks %s: %v", k, ep)
		}
	}
	rc.SetSecret("whsec_test")
	check(t, "trigger with bad data", control(t, ts, "POST", "/webhooks/trigger", map[string]any{"event": "file.uploaded", "workspaceId": "ws1", "data": map[string]any{"recordId": "r1"}}).Status, 400)
	check(t, "trigger", control(t, ts, "POST", "/webhooks/trigger", map[string]any{"event": "file.uploaded", "workspaceId": "ws1", "data": map[string]any{"recordId": "r1", "fileName": "a.pdf"}}).Status, 202)
	waitFor(t, func() bool { return len(rc.Deliveries()) == 1 })
	// The attempt may still be in flight: its retry is due 5 s after it was
	// sent either way.
	check(t, "advance", control(t, ts, "POST", "/clock/advance", map[string]any{"seconds": 5}).Status, 200)
	check(t, "delivered by the time advance answers", len(rc.Deliveries()), 2)
	for _, d := range rc.Deliveries() {
		for _, p := range d.Problems {
			t.Errorf("delivery: %s", p)
		}
	}
	var log struct{ Deliveries []mockserver.WebhookDelivery }
	_ = json.Unmarshal(control(t, ts, "GET", "/webhooks/deliveries?event=file.uploaded&endpoint="+ep["id"].(string), nil).Body, &log)
	if len(log.Deliveries) != 1 || len(log.Deliveries[0].Attempts) != 2 || log.Deliveries[0].Status != "delivered" {
		t.Errorf("log: got %+v, want one delivered delivery with two attempts", log.Deliveries)
	}
	check(t, "unknown delivery", control(t, ts, "POST", "/webhooks/deliveries/dlv_nope/redeliver", nil).Status, 404)
	check(t, "delete", control(t, ts, "DELETE", "/webhooks/"+ep["id"].(string), nil).Status, 200)
	check(t, "delete again", control(t, ts, "DELETE", "/webhooks/"+ep["id"].(string), nil).Status, 404)
	check(t, "listed after delete", len(ts.Webhooks()), 0)
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for range 500 {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("timed out waiting")
}

// Options' endpoints keep their secret across Reset; a seed's come with it;
// Reset forgets the rest and the log.
func TestWebhookOptionsSeedAndReset(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		e := newHookEnv(t, mockserver.Options{Webhooks: []mockserver.WebhookSpec{{URL: "http://r9.receiver.test/app"}}}, mockserver.WebhookSpec{})
		eps := e.ts.Webhooks()
		check(t, "endpoints", len(eps), 2)
		secret := eps[0].Secret
		check(t, "generated secret", strings.HasPrefix(secret, "whsec_"), true)
		e.control("POST", "/reset", nil, 200)
		eps = e.ts.Webhooks()
		check(t, "after reset", len(eps), 1)
		check(t, "same secret", eps[0].Secret, secret)
		seed := mockserver.DemoSeed()
		seed.Webhooks = []mockserver.WebhookSpec{{URL: "http://r8.receiver.test/seeded", Events: []string{"task.created"}, Secret: "whsec_seed"}}
		e.control("POST", "/seed", seed, 200)
		eps = e.ts.Webhooks()
		if len(eps) != 2 || eps[1].Secret != "whsec_seed" || eps[1].Events[0] != "task.created" {
			t.Errorf("after loading a seed: got %+v", eps)
		}
	})
}
