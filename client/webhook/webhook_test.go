package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The vector of api-facts-2 §8.4, computed independently of this package.
const (
	vectorSecret    = "test_secret"
	vectorTimestamp = 1773921600
	vectorBody      = `{"eventId":"evt_abc123","timestamp":"2026-03-19T12:00:00.000Z","workspaceId":"workspace_id","event":"record.deleted","data":{"id":"record_id","deleted":true}}`
	vectorSignature = "sha256=2dbcd965f3466a06aaac2fa72656fbffb45725f21a6836fa518ec9a9921078d8"
)

func TestSignMatchesTheVector(t *testing.T) {
	t.Parallel()
	if got := Sign(vectorSecret, time.Unix(vectorTimestamp, 0), []byte(vectorBody)); got != vectorSignature {
		t.Errorf("Sign = %s, want %s", got, vectorSignature)
	}
}

func vectorHeader() http.Header {
	h := http.Header{}
	h.Set(HeaderSignature, vectorSignature)
	h.Set(HeaderTimestamp, strconv.Itoa(vectorTimestamp))
	return h
}

func TestVerify(t *testing.T) {
	t.Parallel()
	at := func(d time.Duration) func() time.Time {
		return func() time.Time { return time.Unix(vectorTimestamp, 0).Add(d) }
	}
	tests := []struct {
		name    string
		v       Verifier
		header  func(http.Header)
		body    string
		wantErr error
	}{
		{name: "valid", v: Verifier{Secrets: []string{vectorSecret}, Now: at(time.Minute)}},
		{name: "valid with a rotated-out secret first", v: Verifier{Secrets: []string{"old", vectorSecret}, Now: at(0)}},
		{name: "one of several signatures", v: Verifier{Secrets: []string{vectorSecret}, Now: at(0)},
			header: func(h http.Header) { h.Set(HeaderSignature, "sha256=00ff, "+vectorSignature) }},
		{name: "body changed", v: Verifier{Secrets: []string{vectorSecret}, Now: at(0)}, body: strings.Replace(vectorBody, "true", "false", 1), wantErr: ErrInvalidSignature},
		{name: "wrong secret", v: Verifier{Secrets: []string{"other"}, Now: at(0)}, wantErr: ErrInvalidSignature},
		{name: "timestamp changed", v: Verifier{Secrets: []string{vectorSecret}, Now: at(0)},
			header: func(h http.Header) { h.Set(HeaderTimestamp, strconv.Itoa(vectorTimestamp+1)) }, wantErr: ErrInvalidSignature},
		{name: "stale", v: Verifier{Secrets: []string{vectorSecret}, Now: at(6 * time.Minute)}, wantErr: ErrStaleTimestamp},
		{name: "from the future", v: Verifier{Secrets: []string{vectorSecret}, Now: at(-6 * time.Minute)}, wantErr: ErrStaleTimestamp},
		{name: "stale but tolerance off", v: Verifier{Secrets: []string{vectorSecret}, Tolerance: -1, Now: at(time.Hour)}},
		{name: "custom tolerance", v: Verifier{Secrets: []string{vectorSecret}, Tolerance: 10 * time.Second, Now: at(11 * time.Second)}, wantErr: ErrStaleTimestamp},
		{name: "unsigned", v: Verifier{Secrets: []string{vectorSecret}, Now: at(0)}, header: func(h http.Header) { h.Del(HeaderSignature) }, wantErr: ErrNoSignature},
		{name: "no timestamp", v: Verifier{Secrets: []string{vectorSecret}, Now: at(0)}, header: func(h http.Header) { h.Del(HeaderTimestamp) }, wantErr: ErrNoSignature},
		{name: "timestamp not a number", v: Verifier{Secrets: []string{vectorSecret}, Now: at(0)}, header: func(h http.Header) { h.Set(HeaderTimestamp, "yesterday") }, wantErr: ErrMalformedDelivery},
		{name: "signature without sha256=", v: Verifier{Secrets: []string{vectorSecret}, Now: at(0)},
			header: func(h http.Header) { h.Set(HeaderSignature, strings.TrimPrefix(vectorSignature, "sha256=")) }, wantErr: ErrMalformedDelivery},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := vectorHeader()
			if tt.header != nil {
				tt.header(h)
			}
			body := vectorBody
			if tt.body != "" {
				body = tt.body
			}
			err := tt.v.Verify(h, []byte(body))
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("Verify = %v, want %v", err, tt.wantErr)
			}
		})
	}
	if err := (Verifier{}).Verify(vectorHeader(), []byte(vectorBody)); err == nil {
		t.Error("a Verifier without a secret accepted a delivery")
	}
}

func TestHandler(t *testing.T) {
	t.Parallel()
	const secret = "whsec_test"
	now := time.Date(2026, 3, 19, 12, 0, 0, 0, time.UTC)
	var got []string
	h := NewHandler(Verifier{Secrets: []string{secret}, Now: func() time.Time { return now }})
	On(h, RecordCreated, func(_ context.Context, ev *Event, rec Record) error {
		got = append(got, ev.Type+" "+rec.Name+" "+rec.ObjectType)
		return nil
	})
	On(h, TaskCompleted, func(context.Context, *Event, Task) error { return errors.New("database down") })
	srv := httptest.NewServer(h)
	defer srv.Close()

	created := Event{ID: "evt_1", Timestamp: now, WorkspaceID: "ws_1", Type: RecordCreated.Name(),
		Data: json.RawMessage(`{"id":"rec_1","objectType":"person","objectTypeName":"Person","name":"Ada","fields":{},"createdAt":"2026-03-19T12:00:00.000Z","updatedAt":"2026-03-19T12:00:00.000Z"}`)}
	send := func(t *testing.T, req *http.Request) int {
		t.Helper()
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	signed := func(ev Event, secret string, at time.Time) *http.Request {
		req, err := NewRequest(context.Background(), srv.URL, secret, ev, at)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
	}{
		{"signed", func() *http.Request { return signed(created, secret, now) }, http.StatusOK},
		{"forged", func() *http.Request { return signed(created, "guess", now) }, http.StatusUnauthorized},
		{"stale", func() *http.Request { return signed(created, secret, now.Add(-time.Hour)) }, http.StatusUnauthorized},
		{"unsigned", func() *http.Request {
			r := signed(created, secret, now)
			r.Header.Del(HeaderSignature)
			return r
		}, http.StatusUnauthorized},
		{"event header disagrees", func() *http.Request {
			r := signed(created, secret, now)
			r.Header.Set(HeaderEvent, "record.deleted")
			return r
		}, http.StatusBadRequest},
		{"GET", func() *http.Request { r, _ := http.NewRequest(http.MethodGet, srv.URL, nil); return r }, http.StatusMethodNotAllowed},
		{"function fails", func() *http.Request {
			ev := created
			ev.Type, ev.Data = TaskCompleted.Name(), json.RawMessage(`{"recordId":"rec_1","taskId":"tsk_1","title":"Call","status":"done"}`)
			return signed(ev, secret, now)
		}, http.StatusInternalServerError},
		{"data of the wrong shape", func() *http.Request {
			ev := created
			ev.Data = json.RawMessage(`{"name":42}`)
			return signed(ev, secret, now)
		}, http.StatusInternalServerError},
		{"event nobody handles", func() *http.Request {
			ev := created
			ev.Type, ev.Data = FileUploaded.Name(), json.RawMessage(`{"recordId":"rec_1","fileName":"a.pdf"}`)
			return signed(ev, secret, now)
		}, http.StatusOK},
	}
	for _, tt := range tests {
		if status := send(t, tt.req()); status != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, status, tt.status)
		}
	}
	if len(got) != 1 || got[0] != "record.created Ada person" {
		t.Errorf("dispatched %q, want one record.created", got)
	}
}

func TestEnvelopeUsesBreakcoldTimeForm(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(Event{ID: "evt_abc123", Timestamp: time.Unix(vectorTimestamp, 0), WorkspaceID: "workspace_id", Type: "record.deleted", Data: json.RawMessage(`{"id":"record_id","deleted":true}`)})
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != vectorBody {
		t.Errorf("envelope = %s, want %s", b, vectorBody)
	}
	ev, err := Parse(b)
	if err != nil || !ev.Timestamp.Equal(time.Unix(vectorTimestamp, 0)) {
		t.Errorf("Parse = %+v, %v", ev, err)
	}
	if d, err := RecordDeleted.Decode(ev); err != nil || !d.Deleted || d.ID != "record_id" {
		t.Errorf("Decode = %+v, %v", d, err)
	}
	if _, err := RecordCreated.Decode(ev); err == nil {
		t.Error("decoded a record.deleted event as record.created")
	}
	if len(Events()) != 14 {
		t.Errorf("Events() lists %d events, want 14", len(Events()))
	}
}
