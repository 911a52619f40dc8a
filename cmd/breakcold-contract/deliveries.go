package main

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/breakcold-go/breakcold/client/webhook"
	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// deliveries is the -mock run's webhook endpoint: a contracttest.Receiver on
// loopback that the in-process mock sends every event to while the suite runs,
// so the run also checks the mock's own deliveries against the spec's webhooks
// (envelope, data schema, headers, signature and its age).
type deliveries struct {
	secret string
	rc     *contracttest.Receiver
	srv    *httptest.Server
	mock   *mockserver.Server
}

func newDeliveries() (*deliveries, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	d := &deliveries{secret: "whsec_" + hex.EncodeToString(b)}
	rc, err := contracttest.NewReceiver(d.secret)
	if err != nil {
		return nil, err
	}
	d.rc, d.srv = rc, httptest.NewServer(rc)
	return d, nil
}

func (d *deliveries) spec() mockserver.WebhookSpec {
	return mockserver.WebhookSpec{URL: d.srv.URL + "/hooks", Secret: d.secret}
}

func (d *deliveries) close() { d.srv.Close() }

// settle is how long check waits at most for the mock's queue to drain.
const settle = 10 * time.Second

// check waits until the mock has no delivery pending, then adds a result per
// delivery received to the report, and one failing result per delivery the
// mock logged as failed. It returns how many it checked and how many failed.
func (d *deliveries) check(rep *contracttest.Report) (checked, failed int) {
	deadline := time.Now().Add(settle)
	for time.Now().Before(deadline) {
		if len(d.mock.WebhookDeliveries(mockserver.WebhookDeliveryFilter{Status: mockserver.DeliveryPending})) == 0 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	for i, got := range d.rc.Deliveries() {
		res := contracttest.Result{
			Group: "webhooks", Name: fmt.Sprintf("mock delivery %d: %s %s", i+1, got.Event, got.EventID),
			Operation: got.Event, Outcome: contracttest.Pass, Request: "POST " + d.srv.URL + "/hooks", Status: 200,
		}
		problems := got.Problems
		// A receiver also checks the signature's age, as client/webhook does by
		// default: the mock's clock may run ahead of the wall clock, its
		// signatures may not.
		at := func() time.Time { return got.Time }
		if err := (webhook.Verifier{Secrets: []string{d.secret}, Now: at}).Verify(got.Header, got.Body); err != nil {
			problems = append(problems, fmt.Sprintf("a receiver with client/webhook's defaults refuses it: %v", err))
		}
		if len(problems) > 0 {
			res.Outcome, res.Message = contracttest.Fail, strings.Join(problems, "; ")
			failed++
		}
		rep.Results = append(rep.Results, res)
		checked++
	}
	for _, lost := range d.mock.WebhookDeliveries(mockserver.WebhookDeliveryFilter{Status: mockserver.DeliveryFailed}) {
		rep.Results = append(rep.Results, contracttest.Result{
			Group: "webhooks", Name: fmt.Sprintf("mock delivery of %s %s", lost.Event, lost.EventID), Operation: lost.Event,
			Outcome: contracttest.Fail, Message: fmt.Sprintf("the mock gave up after %d attempts", len(lost.Attempts)),
		})
		failed++
	}
	if checked == 0 {
		rep.Results = append(rep.Results, contracttest.Result{
			Group: "webhooks", Name: "the mock sends webhooks", Outcome: contracttest.Fail,
			Message: "the run changed records, notes and tasks, yet the receiver got no delivery",
		})
		failed++
	}
	return checked, failed
}
