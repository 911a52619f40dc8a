// Package webhook receives Breakcold's outbound webhooks: it verifies a
// delivery's signature, parses the event envelope into typed data, and serves
// an http.Handler that does both and dispatches each event to a typed
// function. Sign and NewRequest sign a payload the way Breakcold does, so an
// app can test its handler without Breakcold or the mock.
//
// A delivery is an HTTP POST with a JSON body
//
//	{"eventId":"evt_…","timestamp":"2026-03-19T12:00:00.000Z","workspaceId":"…","event":"record.created","data":{…}}
//
// and the headers X-Webhook-Signature (sha256=<hex HMAC-SHA256 of
// "<X-Webhook-Timestamp>.<raw body>" keyed with the endpoint's signing
// secret>), X-Webhook-Event, X-Webhook-Delivery-Id (stable across retries: use
// it for idempotency), X-Webhook-Timestamp (Unix seconds) and User-Agent
// Breakcold-Webhooks/1.0. Any 2xx answer accepts it; Breakcold tries up to
// three times.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The headers of a delivery.
const (
	HeaderSignature  = "X-Webhook-Signature"
	HeaderEvent      = "X-Webhook-Event"
	HeaderDeliveryID = "X-Webhook-Delivery-Id"
	HeaderTimestamp  = "X-Webhook-Timestamp"
	// UserAgent is the User-Agent Breakcold sends.
	UserAgent = "Breakcold-Webhooks/1.0"
)

// DefaultTolerance is how far a delivery's timestamp may be from the
// receiver's clock before Verify refuses it as a replay. Breakcold signs each
// attempt anew, so a fresh delivery is always within seconds.
const DefaultTolerance = 5 * time.Minute

// Errors Verify returns; match them with errors.Is.
var (
	ErrNoSignature       = errors.New("webhook: missing " + HeaderSignature + " or " + HeaderTimestamp)
	ErrInvalidSignature  = errors.New("webhook: signature does not match")
	ErrStaleTimestamp    = errors.New("webhook: timestamp outside the tolerance")
	ErrMalformedDelivery = errors.New("webhook: malformed delivery")
)

// Sign returns the X-Webhook-Signature value Breakcold sends for body at
// timestamp: "sha256=" and the hex HMAC-SHA256 of "<unix seconds>.<body>".
func Sign(secret string, timestamp time.Time, body []byte) string {
	return "sha256=" + hex.EncodeToString(mac(secret, strconv.FormatInt(timestamp.Unix(), 10), body))
}

func mac(secret, timestamp string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verifier checks deliveries' signatures. Its zero value is not usable: set
// at least one secret.
type Verifier struct {
	// Secrets are the endpoint's signing secrets; a delivery signed with any
	// of them is accepted, so a secret can be rotated without downtime.
	Secrets []string
	// Tolerance is how far the timestamp may be from Now; 0 means
	// DefaultTolerance, a negative value turns the check off.
	Tolerance time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Verify checks the signature of one delivery: its headers and its raw body,
// exactly as received. It compares in constant time.
func (v Verifier) Verify(h http.Header, body []byte) error {
	if len(v.Secrets) == 0 {
		return errors.New("webhook: Verifier has no secret")
	}
	sigs, ts := h.Values(HeaderSignature), strings.TrimSpace(h.Get(HeaderTimestamp))
	if len(sigs) == 0 || ts == "" {
		return ErrNoSignature
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %s %q is not Unix seconds", ErrMalformedDelivery, HeaderTimestamp, ts)
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	tol := v.Tolerance
	if tol == 0 {
		tol = DefaultTolerance
	}
	if skew := now().Sub(time.Unix(sec, 0)).Abs(); tol > 0 && skew > tol {
		return fmt.Errorf("%w: %v from now, tolerance %v", ErrStaleTimestamp, skew.Round(time.Second), tol)
	}
	var given [][]byte
	for _, header := range sigs {
		for _, s := range strings.Split(header, ",") {
			hexSig, ok := strings.CutPrefix(strings.TrimSpace(s), "sha256=")
			if !ok {
				continue
			}
			if b, err := hex.DecodeString(hexSig); err == nil {
				given = append(given, b)
			}
		}
	}
	if len(given) == 0 {
		return fmt.Errorf("%w: %s has no sha256=<hex> value", ErrMalformedDelivery, HeaderSignature)
	}
	for _, secret := range v.Secrets {
		want := mac(secret, ts, body)
		for _, g := range given {
			if hmac.Equal(g, want) {
				return nil
			}
		}
	}
	return ErrInvalidSignature
}

// Verify checks one delivery against secret with DefaultTolerance.
func Verify(secret string, h http.Header, body []byte) error {
	return Verifier{Secrets: []string{secret}}.Verify(h, body)
}
