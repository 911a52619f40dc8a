package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/mockserver"
)

// opNames are the operations the bench can load, in the order it runs them in
// each round. createRecord comes last: it is the only one that grows the store,
// and the reads are measured on the store the round began with, not on one the
// creates inflated.
var opNames = []string{"getRecord", "listRecords", "legacyListLeads", "createRecord"}

// op is one request the load generator repeats.
type op struct {
	name   string
	method string
	target string // path and query
	key    string
	body   []byte
	want   int
}

func (o op) request(ctx context.Context, base string) (*http.Request, error) {
	var body io.Reader
	if o.body != nil {
		body = bytes.NewReader(o.body)
	}
	req, err := http.NewRequestWithContext(ctx, o.method, base+o.target, body)
	if err != nil {
		return nil, err
	}
	req.Header = o.header()
	return req, nil
}

// header is what o sends besides the method and target: its key, if any, in
// the header its API reads, and the body's type. The bench's load generator and wrk send
// the same.
func (o op) header() http.Header {
	h := http.Header{}
	switch {
	case o.key == "": // the control API
	case strings.HasPrefix(o.key, client.LegacyKeyPrefix):
		h.Set("x-api-key", o.key)
	default:
		h.Set("Authorization", "Bearer "+o.key)
	}
	if o.body != nil {
		h.Set("Content-Type", "application/json")
	}
	return h
}

// send makes one request and returns its status and body.
func send(ctx context.Context, hc *http.Client, base string, o op) (int, []byte, http.Header, error) {
	req, err := o.request(ctx, base)
	if err != nil {
		return 0, nil, nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header, err
}

// writeSeed writes the seed the mock under load starts from into dir: the demo
// data with page more person records in the Sales workspace (which the demo full
// key reaches) and page more leads for the demo legacy user, so each list
// operation answers a full page. The mock derives ids from the seed, so they are
// the same after every POST /_mock/reset.
func writeSeed(dir string, page int) (string, error) {
	seed, err := benchSeed(page)
	if err != nil {
		return "", err
	}
	data, err := json.Marshal(seed)
	if err != nil {
		return "", err
	}
	file := filepath.Join(dir, "seed.json")
	if err := os.WriteFile(file, data, 0o600); err != nil { // 0600: the seed holds the demo keys' secrets
		return "", err
	}
	return file, nil
}

// benchSeed is mockserver.DemoSeed with page more records and leads.
func benchSeed(page int) (*mockserver.Seed, error) {
	seed := mockserver.DemoSeed()
	if len(seed.Organizations) == 0 || len(seed.Organizations[0].Workspaces) == 0 || len(seed.LegacyUsers) == 0 {
		return nil, errors.New("seed: the demo data has no first workspace or no legacy user")
	}
	ws := &seed.Organizations[0].Workspaces[0]
	if ws.ID != mockserver.DemoWorkspaceSales {
		return nil, fmt.Errorf("seed: the demo data's first workspace is %s, want Sales (%s)", ws.ID, mockserver.DemoWorkspaceSales)
	}
	lu := &seed.LegacyUsers[0]
	for i := range page {
		ws.Records = append(ws.Records, mockserver.SeedRecord{ObjectType: "person", Fields: map[string]any{
			"name": fmt.Sprintf("Bench Person %d", i), "email": fmt.Sprintf("p%d@bench.example", i), "job_title": "Engineer",
		}})
		lu.Leads = append(lu.Leads, map[string]any{
			"first_name": "Bench", "last_name": fmt.Sprintf("Lead %d", i), "email": fmt.Sprintf("l%d@bench.example", i), "company": "Bench Ltd",
		})
	}
	return seed, nil
}

// prepare finds a record to get in the mock (started from writeSeed's seed),
// checks every operation of cfg.ops answers as expected once, and that each
// list answers a full page. It returns those operations, in opNames' order, and
// the getRecord request, which resetMock uses whether or not it is loaded.
func prepare(ctx context.Context, m *mockProc, cfg config) (ops []op, get op, err error) {
	full, legacy := mockserver.DemoKeyFull, mockserver.DemoKeyLegacy
	code, b, _, err := send(ctx, m.hc, m.base, op{method: http.MethodGet, target: "/api/v1/records?limit=1", key: full})
	if err != nil || code != http.StatusOK {
		return nil, op{}, fmt.Errorf("find a record: %d %s %v", code, b, err)
	}
	var page struct {
		Data []struct{ ID string } `json:"data"`
	}
	if err := json.Unmarshal(b, &page); err != nil || len(page.Data) == 0 {
		return nil, op{}, fmt.Errorf("find a record: %v in %s", err, b)
	}
	all := map[string]op{
		"getRecord":   {name: "getRecord", method: http.MethodGet, target: "/api/v1/records/" + page.Data[0].ID, key: full, want: http.StatusOK},
		"listRecords": {name: "listRecords", method: http.MethodGet, target: fmt.Sprintf("/api/v1/records?limit=%d", cfg.page), key: full, want: http.StatusOK},
		"legacyListLeads": {name: "legacyListLeads", method: http.MethodPost, target: "/rest/leads/list", key: legacy, want: http.StatusOK,
			body: fmt.Appendf(nil, `{"pagination":{"page":0,"page_size":%d}}`, cfg.page)},
		"createRecord": {name: "createRecord", method: http.MethodPost, target: "/api/v1/records", key: full, want: http.StatusCreated,
			body: []byte(`{"workspaceId":"` + mockserver.DemoWorkspaceSales + `","objectTypeSlug":"person","fields":{"name":"Ada Bench","email":"ada@bench.example","job_title":"Engineer"}}`)},
	}
	for _, name := range opNames {
		if !slices.Contains(cfg.ops, name) {
			continue
		}
		o := all[name]
		code, b, _, err := send(ctx, m.hc, m.base, o)
		if err != nil {
			return nil, op{}, fmt.Errorf("%s: %w", name, err)
		}
		if code != o.want {
			return nil, op{}, fmt.Errorf("%s %s answered %d, want %d: %.300s", o.method, o.target, code, o.want, b)
		}
		if err := checkFullPage(name, b, cfg.page); err != nil {
			return nil, op{}, err
		}
		ops = append(ops, o)
	}
	return ops, all["getRecord"], nil
}

// pageField is where each list operation's answer holds its items.
var pageField = map[string]string{"listRecords": "data", "legacyListLeads": "leads"}

// checkFullPage checks that a list operation's answer holds page items: a
// shorter page would measure less work than a full one. Other operations pass.
func checkFullPage(name string, body []byte, page int) error {
	field, ok := pageField[name]
	if !ok {
		return nil
	}
	var answer map[string]json.RawMessage
	var items []json.RawMessage
	err := json.Unmarshal(body, &answer)
	if err == nil {
		if _, ok := answer[field]; !ok {
			err = fmt.Errorf("no %q", field)
		} else {
			err = json.Unmarshal(answer[field], &items)
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %v in %.300s", name, err, body)
	}
	if len(items) != page {
		return fmt.Errorf("%s answered %d items, want a full page of %d", name, len(items), page)
	}
	return nil
}

// resetMock restores the store the mock started from (POST /_mock/reset, which
// reloads its seed with the same ids) and checks that get, the getRecord
// request, still finds its record.
func resetMock(ctx context.Context, m *mockProc, get op) error {
	code, b, _, err := send(ctx, m.hc, m.base, op{method: http.MethodPost, target: mockserver.ControlPrefix + "/reset"})
	if err != nil {
		return fmt.Errorf("reset the mock: %w", err)
	}
	if code != http.StatusOK {
		return fmt.Errorf("reset the mock: POST %s/reset answered %d, want 200: %.300s", mockserver.ControlPrefix, code, b)
	}
	code, b, _, err = send(ctx, m.hc, m.base, get)
	if err != nil {
		return fmt.Errorf("after reset: %w", err)
	}
	if code != http.StatusOK {
		return fmt.Errorf("after reset: GET %s answered %d, want 200 (the seed's ids changed?): %.300s", get.target, code, b)
	}
	return nil
}

// stats summarises one load test.
type stats struct {
	n        int
	elapsed  time.Duration
	p50, p99 time.Duration
}

func (s stats) rps() float64 { return float64(s.n) / s.elapsed.Seconds() }

// loadTest sends o to srv from cfg.concurrency workers, each on its own kept-alive
// connection and one request at a time, until cfg.requests have completed or
// cfg.duration has passed, after cfg.warmup requests that are not counted.
func loadTest(ctx context.Context, srv *server, o op, cfg config) (stats, error) {
	if cfg.warmup > 0 {
		if _, err := hammer(ctx, srv, o, cfg.warmup, time.Minute, cfg.concurrency); err != nil {
			return stats{}, fmt.Errorf("warm-up: %w", err)
		}
	}
	start := time.Now()
	lat, err := hammer(ctx, srv, o, cfg.requests, cfg.duration, cfg.concurrency)
	elapsed := time.Since(start)
	if err != nil {
		return stats{}, err
	}
	slices.Sort(lat)
	return stats{n: len(lat), elapsed: elapsed, p50: percentile(lat, 50), p99: percentile(lat, 99)}, nil
}

// hammer is the closed loop: at most n requests, none started after limit has
// passed. It fails on the first unexpected status or transport error: a 429 would
// mean the limiter rejected, and the figures would be wrong.
func hammer(ctx context.Context, srv *server, o op, n int, limit time.Duration, workers int) ([]time.Duration, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	deadline := time.Now().Add(limit)
	var issued atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	var firstErr error
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			lat := make([]time.Duration, 0, n/workers+1)
			defer func() {
				mu.Lock()
				all = append(all, lat...)
				mu.Unlock()
			}()
			for issued.Add(1) <= int64(n) && time.Now().Before(deadline) && ctx.Err() == nil {
				req, err := o.request(ctx, srv.base)
				if err != nil {
					cancelWith(&mu, &firstErr, cancel, err)
					return
				}
				t0 := time.Now()
				resp, err := srv.hc.Do(req)
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					_ = resp.Body.Close()
				}
				d := time.Since(t0)
				if err == nil && resp.StatusCode != o.want {
					err = fmt.Errorf("%s answered %d, want %d", srv.name, resp.StatusCode, o.want)
				}
				if err != nil {
					cancelWith(&mu, &firstErr, cancel, err)
					return
				}
				lat = append(lat, d)
			}
		})
	}
	wg.Wait()
	return all, firstErr
}

func cancelWith(mu *sync.Mutex, first *error, cancel context.CancelFunc, err error) {
	mu.Lock()
	if *first == nil {
		*first = err
	}
	mu.Unlock()
	cancel()
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// medianOf is the median of f over the rounds.
func medianOf[T any, V int64 | float64 | time.Duration](xs []T, f func(T) V) V {
	vs := make([]V, len(xs))
	for i, x := range xs {
		vs[i] = f(x)
	}
	slices.Sort(vs)
	if len(vs) == 0 {
		return 0
	}
	if len(vs)%2 == 1 {
		return vs[len(vs)/2]
	}
	return (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
}
