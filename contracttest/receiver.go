package contracttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/client/webhook"
)

// ReceiverTarget is a team's own webhook endpoint to check.
type ReceiverTarget struct {
	// URL is the endpoint, as it would be registered with Breakcold.
	URL string
	// Secret is the signing secret the endpoint verifies with.
	Secret string
	// HTTPClient sends the deliveries; nil means a client with Breakcold's 10 s
	// timeout that follows no redirects.
	HTTPClient *http.Client
	// Now is the clock deliveries are signed with; nil means time.Now.
	Now func() time.Time
	// Progress receives a line per check; nil is silent.
	Progress io.Writer
}

// staleBy is how old the stale delivery's timestamp is: far beyond any
// sensible tolerance (client/webhook's default is 5 minutes).
const staleBy = time.Hour

// CheckReceiver checks a webhook receiver as Breakcold would use it: each of the
// 14 events, signed correctly with the spec's example data, must be accepted
// (2xx); a forged, a stale, an unsigned and a tampered delivery must be refused
// (4xx). Each case is a Result in group "webhooks". The error is for a receiver
// that cannot be reached at all.
func CheckReceiver(ctx context.Context, t ReceiverTarget) (*Report, error) {
	if t.URL == "" || t.Secret == "" {
		return nil, errors.New("contracttest: CheckReceiver needs the receiver's URL and secret")
	}
	doc, err := receiverSpec()
	if err != nil {
		return nil, err
	}
	hc := t.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	now := time.Now
	if t.Now != nil {
		now = t.Now
	}
	rep := &Report{Target: "webhook receiver " + t.URL, Started: time.Now(), Seen: map[string]map[int]bool{}, Exercised: map[string]bool{}}
	hooks := apispec.Webhooks(doc)
	run := 0
	event := func(w apispec.Webhook) (webhook.Event, error) {
		run++
		body := w.Op.RequestBody.Value.Content.Get("application/json")
		ex, _ := body.Example.(map[string]any)
		data, err := json.Marshal(ex["data"])
		if err != nil {
			return webhook.Event{}, err
		}
		id := fmt.Sprintf("evt_contract%d%d", rep.Started.UnixNano()%1_000_000_000, run)
		return webhook.Event{ID: id, Timestamp: now(), WorkspaceID: fmt.Sprint(ex["workspaceId"]), Type: w.Event, Data: data}, nil
	}
	type tamper func(req *http.Request, body []byte) []byte
	// The reproduction shows the signature, an HMAC that reveals nothing of
	// the secret.
	repro := newSecrets(Keys{})
	send := func(name, what string, w apispec.Webhook, secret string, signedAt time.Time, change tamper, wantOK bool) error {
		ev, err := event(w)
		if err != nil {
			return err
		}
		req, err := webhook.NewRequest(ctx, t.URL, secret, ev, signedAt)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(req.Body)
		if change != nil {
			body = change(req, body)
		}
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		start := time.Now()
		resp, err := hc.Do(req)
		res := Result{Group: "webhooks", Name: name, Operation: w.Op.OperationID, Request: "POST " + t.URL,
			Duration: time.Since(start), Curl: repro.curl(req, body)}
		if err != nil {
			if len(rep.Results) == 0 {
				return fmt.Errorf("contracttest: the receiver %s cannot be reached: %w", t.URL, err)
			}
			res.Outcome, res.Message = Fail, err.Error()
		} else {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			resp.Body.Close()
			res.Status = resp.StatusCode
			ok := resp.StatusCode >= 200 && resp.StatusCode < 300
			refused := resp.StatusCode >= 400 && resp.StatusCode < 500
			switch {
			case wantOK && ok, !wantOK && refused:
				res.Outcome = Pass
			case wantOK:
				res.Outcome, res.Message = Fail, fmt.Sprintf("answered %d to a correctly signed %s; Breakcold counts anything but 2xx as a failure and retries", resp.StatusCode, w.Event)
			default:
				res.Outcome, res.Message = Fail, fmt.Sprintf("answered %d to a delivery %s; a receiver must refuse it with a 4xx", resp.StatusCode, what)
			}
		}
		rep.Requests++
		rep.Results = append(rep.Results, res)
		if t.Progress != nil {
			fmt.Fprintf(t.Progress, "%-4s %s (%d)\n", res.Outcome, name, res.Status)
		}
		return nil
	}
	var first apispec.Webhook
	for _, w := range hooks {
		if w.Op == nil {
			continue
		}
		if first.Op == nil || w.Event == "record.created" {
			first = w
		}
		if err := send(w.Event+" signed", "", w, t.Secret, now(), nil, true); err != nil {
			return nil, err
		}
	}
	cases := []struct {
		name, what string
		secret     string
		signedAt   time.Time
		change     tamper
	}{
		{"forged", "signed with another secret", "whsec_forged_by_someone_else", now(), nil},
		{"stale", "signed an hour ago", t.Secret, now().Add(-staleBy), nil},
		{"unsigned", "without " + webhook.HeaderSignature + " and " + webhook.HeaderTimestamp, t.Secret, now(), func(req *http.Request, body []byte) []byte {
			req.Header.Del(webhook.HeaderSignature)
			req.Header.Del(webhook.HeaderTimestamp)
			return body
		}},
		{"tampered", "whose body changed after signing", t.Secret, now(), func(_ *http.Request, body []byte) []byte {
			return append(body[:len(body)-1:len(body)-1], []byte(`,"extra":true}`)...)
		}},
		{"re-timestamped", "signed an hour ago but sent with a fresh " + webhook.HeaderTimestamp, t.Secret, now().Add(-staleBy), func(req *http.Request, body []byte) []byte {
			// A replay with a fresh timestamp but the old signature.
			req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(now().Unix(), 10))
			return body
		}},
	}
	for _, c := range cases {
		if err := send(c.name, c.what, first, c.secret, c.signedAt, c.change, false); err != nil {
			return nil, err
		}
	}
	rep.Duration = time.Since(rep.Started)
	return rep, nil
}
