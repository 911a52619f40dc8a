package mockserver_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/client/webhook"
	"github.com/breakcold-go/breakcold/mockserver"
)

// The tests in this file pin what tripped test authors up: each failed before
// the change that fixed it.

// A receiver with client/webhook's defaults (a 5-minute tolerance) accepts the
// mock's deliveries however far the mock's clock was moved: each attempt is
// signed with the time it is sent, while the event keeps the mock's time.
func TestWebhooksVerifyAfterTheClockMoved(t *testing.T) {
	t.Parallel()
	const secret = "whsec_clocksafe_0123456789abcdef"
	ts := start(t, mockserver.Options{})
	events := make(chan *webhook.Event, 4)
	h := webhook.NewHandler(webhook.Verifier{Secrets: []string{secret}})
	webhook.On(h, webhook.RecordCreated, func(_ context.Context, ev *webhook.Event, _ webhook.Record) error {
		events <- ev
		return nil
	})
	recv := httptest.NewServer(h)
	t.Cleanup(recv.Close)
	if _, err := ts.AddWebhook(mockserver.WebhookSpec{URL: recv.URL, Events: []string{"record.created"}, Secret: secret}); err != nil {
		t.Fatal(err)
	}
	ts.Advance(24 * time.Hour)
	r := do(t, "POST", ts.URL+"/api/v1/records", `{"workspaceId":"`+mockserver.DemoWorkspaceSales+`","objectTypeSlug":"company","fields":{"name":"Tomorrow Ltd"}}`, bearer(ts.DemoKeys.Full)...)
	check(t, "createRecord status", r.Status, http.StatusCreated)
	select {
	case ev := <-events:
		if skew := ev.Timestamp.Sub(ts.Now()).Abs(); skew > time.Minute {
			t.Errorf("event timestamp %v is %v from the mock's clock %v; want the mock's time", ev.Timestamp, skew, ts.Now())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no verified delivery within 10 s; the log says %+v", ts.WebhookDeliveries(mockserver.WebhookDeliveryFilter{}))
	}
	// The receiver has the event; the mock logs the attempt once it has the answer.
	d := ts.WebhookDeliveries(mockserver.WebhookDeliveryFilter{Event: "record.created"})
	for deadline := time.Now().Add(5 * time.Second); len(d) == 1 && d[0].Status == mockserver.DeliveryPending && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		d = ts.WebhookDeliveries(mockserver.WebhookDeliveryFilter{Event: "record.created"})
	}
	if len(d) != 1 || d[0].Status != mockserver.DeliveryDelivered || len(d[0].Attempts) != 1 {
		t.Errorf("got deliveries %+v, want one delivered at the first attempt", d)
	}
}

// fatalTB records Fatalf instead of failing the test, so a test can check
// what Start says when it cannot run.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}

func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// Start and Listen need the network, which keeps a synctest bubble's clock
// from moving: inside one they fail at once and name StartInProcess, instead
// of hanging until the test binary's timeout.
func TestStartInsideSynctestFailsAtOnce(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ts, err := mockserver.Listen(mockserver.Options{})
		if err == nil {
			ts.Close()
			t.Fatal("Listen inside a synctest bubble succeeded; want an error naming StartInProcess")
		}
		if !strings.Contains(err.Error(), "StartInProcess") {
			t.Errorf("Listen: got %q, want a message naming StartInProcess", err)
		}
		tb := &fatalTB{TB: t}
		done := make(chan struct{})
		go func() {
			defer close(done)
			mockserver.Start(tb, mockserver.Options{})
		}()
		<-done
		if !strings.Contains(tb.msg, "StartInProcess") {
			t.Errorf("Start: got Fatalf %q, want a message naming StartInProcess", tb.msg)
		}
		// The in-process mock is the way, and works.
		srv := mockserver.StartInProcess(t, mockserver.Options{})
		c, err := client.New(srv.DemoKeys.Full, client.WithBaseURL(srv.URL), client.WithHTTPClient(srv.Client()))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.ListWorkspaces(t.Context(), nil); err != nil {
			t.Errorf("in process: %v", err)
		}
	})
	// Outside a bubble Listen works as before.
	ts, err := mockserver.Listen(mockserver.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts.Close()
}

// A seed that registers the demo keys (DemoSeed, changed) gives them to
// TestServer.DemoKeys, and every seed's keys are listed by prefix.
func TestSeedKeysAreListed(t *testing.T) {
	t.Parallel()
	seed := mockserver.DemoSeed()
	seed.Organizations[0].Workspaces[0].Name = "Renamed"
	ts := start(t, mockserver.Options{Seed: seed})
	check(t, "DemoKeys.Full with a seed holding it", ts.DemoKeys.Full, mockserver.DemoKeyFull)
	check(t, "DemoKeys.Legacy with a seed holding it", ts.DemoKeys.Legacy, mockserver.DemoKeyLegacy)
	check(t, "the demo key works", do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...).Status, 200)
}

// A seed key given no secret gets one the test can use; the keys are listed
// in the seed's order.
func TestSeedKeysWithoutSecrets(t *testing.T) {
	t.Parallel()
	seed := mockserver.DemoSeed()
	seed.Keys = []mockserver.KeySpec{
		{Name: "ci", UserID: mockserver.DemoUserAda, AllScopes: true},
		{Name: "reader", UserID: mockserver.DemoUserAda, Scopes: mockserver.ReadScopes},
	}
	ts := start(t, mockserver.Options{Seed: seed})
	check(t, "seed keys", len(ts.SeedKeys), 2)
	check(t, "no demo keys", ts.DemoKeys, mockserver.DemoKeys{})
	check(t, "first", ts.SeedKeys[0].Name, "ci")
	check(t, "full", ts.SeedKeys[0].Full(), true)
	check(t, "reader is not full", ts.SeedKeys[1].Full(), false)
	check(t, "its secret works", do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.SeedKeys[0].Secret)...).Status, 200)
	if err := ts.Reset(); err != nil {
		t.Fatal(err)
	}
	check(t, "the secret works after Reset", do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.SeedKeys[0].Secret)...).Status, 200)
	check(t, "demo seed keys", len(start(t, mockserver.Options{}).SeedKeys), 6)
	check(t, "no keys when empty", len(start(t, mockserver.Options{Empty: true}).SeedKeys), 0)
}

// ResetWith keeps what its options name, as ?keep= does.
func TestResetWithKeeps(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{Now: fixedClock()})
	do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...)
	ts.Advance(time.Hour)
	if _, err := ts.AddFault(mockserver.Fault{Status: 503}); err != nil {
		t.Fatal(err)
	}
	if err := ts.ResetWith(mockserver.ResetOptions{KeepJournal: true, KeepClock: true, KeepFaults: true}); err != nil {
		t.Fatal(err)
	}
	check(t, "journal kept", len(ts.Journal(mockserver.JournalFilter{})), 1)
	check(t, "clock kept", ts.Now().Sub(fixedClock()()), time.Hour)
	check(t, "faults kept", len(ts.Faults()), 1)
	r := control(t, ts, "POST", "/reset?keep=journal&keep=clock,faults", nil)
	check(t, "kept", string(r.json(t)["kept"].([]any)[2].(string)), "faults")
	if err := ts.Reset(); err != nil {
		t.Fatal(err)
	}
	check(t, "journal after Reset", len(ts.Journal(mockserver.JournalFilter{})), 0)
	check(t, "clock after Reset", ts.Now(), fixedClock()())
	check(t, "faults after Reset", len(ts.Faults()), 0)
}

// Reset keeps what ?keep= names: here the endpoints registered through the
// control API, which a plain reset removes.
func TestResetCanKeepWebhooks(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	r := control(t, ts, "POST", "/webhooks", mockserver.WebhookSpec{URL: "http://127.0.0.1:9/hooks"})
	check(t, "add webhook", r.Status, http.StatusCreated)
	r = control(t, ts, "POST", "/reset?keep=webhooks", nil)
	check(t, "reset?keep=webhooks status", r.Status, http.StatusOK)
	check(t, "endpoints after reset?keep=webhooks", len(ts.Webhooks()), 1)
	r = control(t, ts, "POST", "/reset", nil)
	check(t, "reset status", r.Status, http.StatusOK)
	check(t, "endpoints after a plain reset", len(ts.Webhooks()), 0)
	r = control(t, ts, "POST", "/reset?keep=everything", nil)
	check(t, "reset?keep=everything status", r.Status, http.StatusBadRequest)
}

// A body the client broke (malformed chunked encoding, shorter than its
// Content-Length) is the client's fault: 400 in the envelope, and no error in
// the log.
func TestBrokenBodiesAre400(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	ts := start(t, mockserver.Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	head := "POST /api/v1/records HTTP/1.1\r\nHost: mock\r\nAuthorization: Bearer " + ts.DemoKeys.Full + "\r\nContent-Type: application/json\r\n"
	for _, c := range []struct {
		name, raw string
		halfClose bool
	}{
		{"malformed chunked", head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", false},
		{"shorter than Content-Length", head + "Content-Length: 100\r\n\r\n{\"workspaceId\":", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", strings.TrimPrefix(ts.URL, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
			if _, err := io.WriteString(conn, c.raw); err != nil {
				t.Fatal(err)
			}
			if c.halfClose {
				_ = conn.(*net.TCPConn).CloseWrite()
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer: %v", err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			check(t, "status", resp.StatusCode, http.StatusBadRequest)
			check(t, "code", reply{Body: b}.errorCode(t), "invalid_request")
		})
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("a broken body logged an error:\n%s", logs.String())
	}
}

// Answers that draw on no window still describe the key's window as it stands:
// a 413 and a 404 for a path not in its clean form, sent with a valid key.
func TestRefusalsCarryTheKeysWindow(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{Now: fixedClock(), MaxBodyBytes: 64})
	full := bearer(ts.DemoKeys.Full)
	for range 3 {
		check(t, "listWorkspaces", do(t, "GET", ts.URL+"/api/v1/workspaces", "", full...).Status, 200)
	}
	for _, c := range []struct {
		name, method, path, body string
		status                   int
	}{
		{"413", "POST", "/api/v1/records", `{"name":"` + strings.Repeat("x", 100) + `"}`, http.StatusRequestEntityTooLarge},
		{"404, unclean path", "GET", "/api/v1//records", "", http.StatusNotFound},
		{"404, unknown path", "GET", "/api/v1/nothing", "", http.StatusNotFound},
	} {
		r := do(t, c.method, ts.URL+c.path, c.body, full...)
		check(t, c.name+" status", r.Status, c.status)
		check(t, c.name+" X-RateLimit-Remaining", r.Header.Get("X-RateLimit-Remaining"), "57")
	}
}

// An injected fault is the test's own doing: its answer logs at info with the
// fault named, never as an error a CI log scanner would flag.
func TestInjectedFaultsLogAtInfo(t *testing.T) {
	t.Parallel()
	var logs syncBuffer
	ts := start(t, mockserver.Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	f, err := ts.AddFault(mockserver.Fault{Operation: "listWorkspaces", Status: http.StatusServiceUnavailable})
	if err != nil {
		t.Fatal(err)
	}
	check(t, "faulted status", do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...).Status, 503)
	var line map[string]any
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.Contains(l, `"operation":"listWorkspaces"`) {
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatal(err)
			}
		}
	}
	check[any](t, "level", line["level"], "INFO")
	check[any](t, "fault named", line["fault"], float64(f.ID))
}
