package client_test

// Per-call overhead of the SDK against a raw net/http GET of the same URL with the
// same headers, both against one in-process mock on loopback and through one
// *http.Client, so the difference is the SDK's own work: request building, the
// retrier, rate-limit bookkeeping and decoding. Run with `make bench`, or:
//
//	go test -run '^$' -bench . -benchmem -count 5 ./client

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/mockserver"
)

// benchTarget is a mock on loopback, one record of it, and the two ways to get it.
type benchTarget struct {
	sdk *client.Client
	hc  *http.Client
	url string // the record's URL
	id  string
}

func newBenchTarget(b *testing.B) *benchTarget {
	b.Helper()
	// The limiter runs on every request but never rejects.
	srv := mockserver.Start(b, mockserver.Options{RateLimit: 100_000_000})
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 8
	hc := &http.Client{Transport: tr}
	b.Cleanup(tr.CloseIdleConnections)
	c, err := client.New(srv.DemoKeys.Full, client.WithBaseURL(srv.URL), client.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	limit := 1
	page, _, err := c.ListRecords(context.Background(), &client.ListRecordsParams{Limit: &limit})
	if err != nil || len(page.Data) == 0 {
		b.Fatalf("list records: %v, %d records", err, len(page.Data))
	}
	id := page.Data[0].ID
	return &benchTarget{sdk: c, hc: hc, url: srv.URL + "/api/v1/records/" + id, id: id}
}

// raw is the floor: one GET with the headers the SDK sends, its body read whole.
func (t *benchTarget) raw(ctx context.Context) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, t.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+mockserver.DemoKeyFull)
	req.Header.Set("User-Agent", "breakcold-go/client")
	resp, err := t.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		return nil, &statusError{resp.StatusCode, string(body)}
	}
	return body, err
}

type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return http.StatusText(e.status) + ": " + e.body }

// BenchmarkGetRecord compares, call by call: raw (GET and read the body), raw+decode
// (the same plus json.Unmarshal into the generated envelope) and sdk
// (client.GetRecord). The SDK's overhead is sdk/raw - 1.
func BenchmarkGetRecord(b *testing.B) {
	t := newBenchTarget(b)
	ctx := context.Background()
	b.Run("raw", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := t.raw(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("raw+decode", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			body, err := t.raw(ctx)
			if err != nil {
				b.Fatal(err)
			}
			var env client.RecordEnvelope
			if err := json.Unmarshal(body, &env); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, _, err := t.sdk.GetRecord(ctx, t.id); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkGetRecordOverhead alternates a raw call that decodes into the same
// type (raw GET + json.Unmarshal into client.RecordEnvelope) and an SDK call, so
// both see the same machine at the same moment (2 shared cores drift between
// separate benchmarks), and reports the median of each (raw-p50-ns,
// sdk-p50-ns) and the SDK's overhead on the median (overhead-%). ns/op is one
// pair.
func BenchmarkGetRecordOverhead(b *testing.B) {
	t := newBenchTarget(b)
	ctx := context.Background()
	var raw, sdk []time.Duration
	rawCall := func() {
		t0 := time.Now()
		body, err := t.raw(ctx)
		if err != nil {
			b.Fatal(err)
		}
		var env client.RecordEnvelope
		if err := json.Unmarshal(body, &env); err != nil {
			b.Fatal(err)
		}
		raw = append(raw, time.Since(t0))
	}
	sdkCall := func() {
		t0 := time.Now()
		if _, _, err := t.sdk.GetRecord(ctx, t.id); err != nil {
			b.Fatal(err)
		}
		sdk = append(sdk, time.Since(t0))
	}
	for i := 0; b.Loop(); i++ {
		// Swap the order every pair so neither call always follows the other.
		if i%2 == 0 {
			rawCall()
			sdkCall()
		} else {
			sdkCall()
			rawCall()
		}
	}
	r, s := median(raw), median(sdk)
	b.ReportMetric(float64(r.Nanoseconds()), "raw-p50-ns")
	b.ReportMetric(float64(s.Nanoseconds()), "sdk-p50-ns")
	b.ReportMetric(100*(float64(s)/float64(r)-1), "overhead-%")
}

func median(d []time.Duration) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
