package mockserver

// Benchmarks of the mock's request path, of each stage of it alone, of start-up and
// of the store at scale. They live in package mockserver because the stage
// benchmarks call unexported internals. Run them with `make bench`, or:
//
//	go test -run '^$' -bench . -benchmem -count 5 ./mockserver
//
// BENCHMARKS.md holds the figures and the commands that reproduce each one.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/client"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// benchRateLimit is so high that the limiter does all its work but never rejects,
// as -rate-limit 100000000 does for the binary in internal/cmd/breakcold-bench.
const benchRateLimit = 100_000_000

// benchPage is the page size of the list benchmarks.
const benchPage = 50

// benchSeed is the demo dataset with enough records and leads that a list
// benchmark reads a full page of benchPage items.
func benchSeed() *Seed {
	seed := DemoSeed()
	ws := &seed.Organizations[0].Workspaces[0] // Sales, which the demo full key reaches
	for i := range 2 * benchPage {
		ws.Records = append(ws.Records, SeedRecord{ObjectType: "person", Fields: map[string]any{
			"name": fmt.Sprintf("Bench Person %d", i), "email": fmt.Sprintf("p%d@bench.example", i), "job_title": "Engineer",
		}})
	}
	lu := &seed.LegacyUsers[0]
	for i := range 2 * benchPage {
		lu.Leads = append(lu.Leads, map[string]any{
			"first_name": "Bench", "last_name": fmt.Sprintf("Lead %d", i), "email": fmt.Sprintf("l%d@bench.example", i), "company": "Bench Ltd",
		})
	}
	return seed
}

// benchCall is one API request the benchmarks send.
type benchCall struct {
	name    string // the operation, as the benchmark names it
	pattern string // the operation's "METHOD /path" in the spec
	target  string // path and query
	key     string
	body    string
	want    int
}

// benchCalls are the representative operations: get one record, list a page of
// records, create a record, and list a page of legacy leads.
func benchCalls(s *Server) []benchCall {
	rec := firstRecord(s, DemoWorkspaceSales)
	return []benchCall{
		{name: "getRecord", pattern: "GET /api/v1/records/{recordId}", target: "/api/v1/records/" + rec, key: DemoKeyFull, want: http.StatusOK},
		{name: "listRecords", pattern: "GET /api/v1/records", target: fmt.Sprintf("/api/v1/records?limit=%d", benchPage), key: DemoKeyFull, want: http.StatusOK},
		{name: "createRecord", pattern: "POST /api/v1/records", target: "/api/v1/records", key: DemoKeyFull, want: http.StatusCreated,
			body: `{"workspaceId":"` + DemoWorkspaceSales + `","objectTypeSlug":"person","fields":{"name":"Ada Bench","email":"ada@bench.example","job_title":"Engineer"}}`},
		{name: "legacyListLeads", pattern: "POST /rest/leads/list", target: "/rest/leads/list", key: DemoKeyLegacy, want: http.StatusOK,
			body: fmt.Sprintf(`{"pagination":{"page":0,"page_size":%d}}`, benchPage)},
	}
}

// firstRecord is the id of the newest record of a workspace.
func firstRecord(s *Server, wsID string) string {
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	kids := s.store.records.children(s.store.workspaces.parentOf(wsID))
	for i := len(kids) - 1; i >= 0; i-- {
		if kids[i].val.WorkspaceID == wsID {
			return kids[i].id
		}
	}
	panic("mockserver: no record in workspace " + wsID)
}

// template builds the call's request once; each iteration takes a shallow copy with
// a fresh body, so building requests costs next to nothing.
func (c benchCall) template() *http.Request {
	method, _, _ := strings.Cut(c.pattern, " ")
	r := httptest.NewRequest(method, "http://127.0.0.1"+c.target, nil)
	if strings.HasPrefix(c.key, client.LegacyKeyPrefix) {
		r.Header.Set("x-api-key", c.key)
	} else {
		r.Header.Set("Authorization", "Bearer "+c.key)
	}
	if c.body != "" {
		r.Header.Set("Content-Type", "application/json")
		r.ContentLength = int64(len(c.body))
	}
	return r
}

func (c benchCall) next(tmpl *http.Request) *http.Request {
	r := tmpl.WithContext(context.Background())
	if c.body != "" {
		r.Body = io.NopCloser(strings.NewReader(c.body))
	} else {
		r.Body = http.NoBody
	}
	return r
}

func newBenchServer(tb testing.TB, opts Options) *Server {
	tb.Helper()
	if opts.RateLimit == 0 {
		opts.RateLimit = benchRateLimit
	}
	s, err := New(opts)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// bareHandler answers every request with the bytes and headers the mock gave
// for c: the floor an http.Handler serving this response can reach.
func bareHandler(tb testing.TB, s *Server, c benchCall) http.Handler {
	tb.Helper()
	rec := httptest.NewRecorder()
	s.Handler(US).ServeHTTP(rec, c.next(c.template()))
	body, header, status := rec.Body.Bytes(), rec.Header().Clone(), rec.Code
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		h := w.Header()
		for k, v := range header {
			h[k] = v
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

// TestBenchCalls keeps the benchmark fixtures honest: each call answers what the
// benchmarks assume, so a benchmark never measures an error path by mistake.
func TestBenchCalls(t *testing.T) {
	s := newBenchServer(t, Options{Seed: benchSeed()})
	for _, c := range benchCalls(s) {
		rec := httptest.NewRecorder()
		s.Handler(US).ServeHTTP(rec, c.next(c.template()))
		if rec.Code != c.want {
			t.Errorf("%s %s: got %d, want %d; body: %s", c.pattern, c.target, rec.Code, c.want, rec.Body)
		}
		if strings.HasPrefix(c.name, "list") && c.want == rec.Code && !bytes.Contains(rec.Body.Bytes(), []byte("Bench")) {
			t.Errorf("%s: page holds no bench data: %.200s", c.name, rec.Body)
		}
	}
}

// BenchmarkRequest is the full request path, in process: body cap, authentication,
// rate limit (never rejecting), faults, scopes, validation (specdata.Check), the
// handler with its store operation, JSON encoding, journal and log. Each operation
// has a "bare" sibling that writes the same bytes and headers, the floor.
func BenchmarkRequest(b *testing.B) {
	s := newBenchServer(b, Options{Seed: benchSeed()})
	h := s.Handler(US)
	for _, c := range benchCalls(s) {
		tmpl := c.template()
		b.Run(c.name+"/mock", func(b *testing.B) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, c.next(tmpl))
			if rec.Code != c.want {
				b.Fatalf("%s: got %d, want %d: %s", c.name, rec.Code, c.want, rec.Body)
			}
			b.ReportAllocs()
			for b.Loop() {
				h.ServeHTTP(httptest.NewRecorder(), c.next(tmpl))
			}
		})
		bare := bareHandler(b, s, c)
		b.Run(c.name+"/bare", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bare.ServeHTTP(httptest.NewRecorder(), c.next(tmpl))
			}
		})
	}
}

// BenchmarkRequestParallel is BenchmarkRequest/getRecord on every core at once: it
// shows the cost of the locks (store, limiter, journal) under contention.
func BenchmarkRequestParallel(b *testing.B) {
	s := newBenchServer(b, Options{Seed: benchSeed()})
	h := s.Handler(US)
	for _, c := range benchCalls(s)[:2] {
		tmpl := c.template()
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					h.ServeHTTP(httptest.NewRecorder(), c.next(tmpl))
				}
			})
		})
	}
}

// benchRoute is the kin-openapi route of an operation, for comparing specdata's
// validator with kin-openapi's, which the mock used before.
func benchRoute(tb testing.TB, s *Server, pattern string) (*routers.Route, []string) {
	tb.Helper()
	op := s.ops[pattern]
	if op == nil {
		tb.Fatalf("no operation %q", pattern)
	}
	doc, err := apispec.Load()
	if err != nil {
		tb.Fatal(err)
	}
	doc.OpenAPI = "3.0.3" // kin-openapi's own validator, as the mock configured it
	item := doc.Paths.Value(op.Path)
	route := &routers.Route{Spec: doc, Path: op.Path, PathItem: item, Method: op.Method, Operation: item.GetOperation(op.Method)}
	var names []string
	for _, p := range op.Params {
		if p.In == "path" {
			names = append(names, p.Name)
		}
	}
	return route, names
}

// discard is a ResponseWriter that keeps nothing, so the encode stage measures
// encoding alone.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkStage measures each stage of the pipeline alone, so the costliest is
// visible: the full path is roughly their sum plus routing, parameter binding and
// the strict handler's glue.
func BenchmarkStage(b *testing.B) {
	s := newBenchServer(b, Options{Seed: benchSeed()})
	calls := benchCalls(s)
	get := calls[0]
	getReq := get.next(get.template())
	key := s.keys.lookup(DemoKeyFull)
	legacyKey := s.keys.lookup(DemoKeyLegacy)

	b.Run("requestID", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = newID("req_")
		}
	})
	b.Run("auth/bearer", func(b *testing.B) {
		b.ReportAllocs()
		st := &reqState{gen: apispec.Current, region: US}
		for b.Loop() {
			if _, e := s.authenticate(getReq, st); e != nil {
				b.Fatal(e)
			}
		}
	})
	b.Run("auth/legacy", func(b *testing.B) {
		b.ReportAllocs()
		leg := calls[3]
		r := leg.next(leg.template())
		st := &reqState{gen: apispec.Legacy, region: US}
		for b.Loop() {
			if _, e := s.authenticate(r, st); e != nil {
				b.Fatal(e)
			}
		}
	})
	b.Run("ratelimit", func(b *testing.B) {
		b.ReportAllocs()
		st := &reqState{gen: apispec.Current, region: US, key: key, op: s.ops[get.pattern]}
		for b.Loop() {
			if d := s.limiter.take(s.budgets(st, ""), s.clock.Now()); !d.Allowed {
				b.Fatal("limiter rejected")
			}
		}
	})
	b.Run("route", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, p := s.mux.Handler(getReq); p != get.pattern {
				b.Fatalf("routed to %q", p)
			}
		}
	})
	for _, c := range calls {
		tmpl := c.template()
		route, names := benchRoute(b, s, c.pattern)
		params := map[string]string{}
		for _, n := range names {
			params[n] = strings.TrimPrefix(c.target, "/api/v1/records/") // only getRecord has one
		}
		op := s.ops[c.pattern]
		b.Run("validate/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := c.next(tmpl)
				for _, n := range names {
					r.SetPathValue(n, params[n])
				}
				if problems := specdata.Validate(r, op); len(problems) > 0 {
					b.Fatal(problems)
				}
			}
		})
		b.Run("validateKin/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := c.next(tmpl)
				err := openapi3filter.ValidateRequest(r.Context(), &openapi3filter.RequestValidationInput{
					Request: r, PathParams: params, Route: route,
					Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true},
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}

	h := &handlers{s: s}
	ctx := context.WithValue(context.Background(), ctxKey{}, &reqState{gen: apispec.Current, region: US, key: key})
	legacyCtx := context.WithValue(context.Background(), ctxKey{}, &reqState{gen: apispec.Legacy, region: US, key: legacyKey})
	recID := strings.TrimPrefix(get.target, "/api/v1/records/")
	limit := benchPage
	var create bc.RecordCreate
	if err := json.Unmarshal([]byte(calls[2].body), &create); err != nil {
		b.Fatal(err)
	}
	var leads bc.LegacyLeadListRequest
	if err := json.Unmarshal([]byte(calls[3].body), &leads); err != nil {
		b.Fatal(err)
	}
	getResp, err := h.GetRecord(ctx, bc.GetRecordRequestObject{RecordID: recID})
	if err != nil {
		b.Fatal(err)
	}
	listResp, err := h.ListRecords(ctx, bc.ListRecordsRequestObject{Params: bc.ListRecordsParams{Limit: &limit}})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("store/getRecord", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := h.GetRecord(ctx, bc.GetRecordRequestObject{RecordID: recID}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("store/listRecords", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := h.ListRecords(ctx, bc.ListRecordsRequestObject{Params: bc.ListRecordsParams{Limit: &limit}}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("store/createRecord", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := h.CreateRecord(ctx, bc.CreateRecordRequestObject{Body: &create}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("store/legacyListLeads", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := h.LegacyListLeads(legacyCtx, bc.LegacyListLeadsRequestObject{Body: &leads}); err != nil {
				if ae := asAPIError(err); ae.Status == http.StatusNotImplemented {
					b.Skip("legacyListLeads is not implemented yet")
				}
				b.Fatal(err)
			}
		}
	})
	b.Run("encode/getRecord", func(b *testing.B) {
		b.ReportAllocs()
		w := &discard{h: http.Header{}}
		for b.Loop() {
			if err := getResp.VisitGetRecordResponse(w); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode/listRecords", func(b *testing.B) {
		b.ReportAllocs()
		w := &discard{h: http.Header{}}
		for b.Loop() {
			if err := listResp.VisitListRecordsResponse(w); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("journal+log", func(b *testing.B) {
		b.ReportAllocs()
		st := &reqState{id: "req_bench", gen: apispec.Current, region: US, key: key, op: s.ops[get.pattern]}
		for b.Loop() {
			s.record(getReq, st, http.StatusOK, 20*time.Microsecond)
		}
	})
}

// BenchmarkStartup is what the binary does before it listens: index the
// operations, build the handlers, load the demo data and keys. specLoad is the
// decode of the whole spec with kin-openapi, which New no longer does (package
// specdata holds what it needs, prepared when the code is generated).
func BenchmarkStartup(b *testing.B) {
	b.Run("specLoad", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := apispec.Load(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("new/empty", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := New(Options{Empty: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("new/demo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := New(Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	s := newBenchServer(b, Options{Empty: true})
	b.Run("loadSeed/demo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := s.LoadSeed(DemoSeed()); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// scaleCase is one store size of BenchmarkScale.
type scaleCase struct {
	name    string
	records int
	keys    int
	// sharedPrefix gives every extra key the same display prefix, as keys made
	// from a counter (bc_live_benchk_00000001…) have.
	sharedPrefix bool
}

const (
	scaleOrg  = "ogbench0000000000000000000000000"
	scaleUser = "hsbench0000000000000000000000000"
	scaleWS   = "wkbench0000000000000000000000000"
	scaleKey  = "bc_live_scale0_0123456789abcdef0123"
)

// scaleSeed is one organization, user and workspace with n person records and one
// key that reaches them all.
func scaleSeed(n int) *Seed {
	recs := make([]SeedRecord, n)
	for i := range recs {
		recs[i] = SeedRecord{ObjectType: "person", Fields: map[string]any{
			"name": fmt.Sprintf("Person %d", i), "email": fmt.Sprintf("p%d@scale.example", i), "job_title": "Engineer",
		}}
	}
	return &Seed{
		Organizations: []SeedOrg{{ID: scaleOrg, Name: "Scale Inc.", Region: US,
			Users:      []SeedUser{{ID: scaleUser, Name: "Scale User", Email: "scale@scale.example"}},
			Workspaces: []SeedWorkspace{{ID: scaleWS, Name: "Scale", Records: recs}},
		}},
		Keys: []KeySpec{{Name: "scale", UserID: scaleUser, AllScopes: true, Secret: scaleKey}},
	}
}

// liveHeap is the heap in use after a full collection: the bytes of live
// objects (HeapAlloc right after GC), which unlike HeapInuse does not count the
// free space of partly used spans a previous, bigger store left behind.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// BenchmarkScale serves get and list from stores of 1k, 10k and 100k records and
// from registries of 10k keys; a page must cost the same whatever the store's
// size. Each sub-benchmark reports, besides ns/op, the 50th and 99th percentile of
// its requests (p50-ns, p99-ns), the server's heap in use after GC (heap-MB:
// spec, handlers, data and keys, measured once the store is built) and how long
// New with the seed and the extra keys took (build-ms). Latencies
// are wall time per request, so they include the garbage collector's work,
// which grows with the live heap.
func BenchmarkScale(b *testing.B) {
	cases := []scaleCase{
		{name: "records=1000", records: 1000},
		{name: "records=10000", records: 10000},
		{name: "records=100000", records: 100000},
		{name: "records=1000/keys=10000", records: 1000, keys: 10000},
		{name: "records=1000/keys=10000-shared-prefix", records: 1000, keys: 10000, sharedPrefix: true},
	}
	for _, sc := range cases {
		before := liveHeap()
		start := time.Now()
		s := newBenchServer(b, Options{Seed: scaleSeed(sc.records)})
		for i := range sc.keys {
			spec := KeySpec{Name: fmt.Sprintf("k%d", i), UserID: scaleUser, AllScopes: true}
			if sc.sharedPrefix {
				spec.Secret = fmt.Sprintf("bc_live_benchk_%08d_padding", i)
			}
			if _, _, err := s.CreateKey(spec); err != nil {
				b.Fatal(err)
			}
		}
		built := time.Since(start)
		heapMB := float64(liveHeap()-before) / (1 << 20)
		key := scaleKey
		if sc.sharedPrefix {
			key = fmt.Sprintf("bc_live_benchk_%08d_padding", sc.keys/2) // any of them: lookup compares with every key of the prefix
		}
		s.store.mu.RLock()
		var ids []string
		for _, it := range s.store.records.children(scaleOrg) {
			ids = append(ids, it.id)
		}
		mid := cursor{a: s.store.records.children(scaleOrg)[len(ids)/2].seq}.encode()
		s.store.mu.RUnlock()
		// Get up to 4096 ids scattered over the whole store, so big stores pay
		// their cache misses, without holding a request per record.
		perm := make([]string, min(len(ids), 4096))
		for i := range perm {
			perm[i] = ids[(i*7919)%len(ids)]
		}
		h := s.Handler(US)
		tmpl := func(target string) *http.Request {
			r := httptest.NewRequest(http.MethodGet, "http://127.0.0.1"+target, nil)
			r.Header.Set("Authorization", "Bearer "+key)
			return r
		}
		gets := make([]*http.Request, len(perm))
		for i, id := range perm {
			gets[i] = tmpl("/api/v1/records/" + id)
		}
		targets := []struct {
			name string
			reqs []*http.Request // taken in turn
		}{
			{"get", gets},
			{"list", []*http.Request{tmpl(fmt.Sprintf("/api/v1/records?limit=%d", benchPage))}},
			{"list-middle", []*http.Request{tmpl(fmt.Sprintf("/api/v1/records?limit=%d&cursor=%s", benchPage, mid))}},
		}
		for _, t := range targets {
			b.Run(sc.name+"/"+t.name, func(b *testing.B) {
				reqs := t.reqs
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, reqs[0].WithContext(context.Background()))
				if rec.Code != http.StatusOK {
					b.Fatalf("got %d: %s", rec.Code, rec.Body)
				}
				lat := make([]time.Duration, 0, 1<<16)
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					r := reqs[i%len(reqs)].WithContext(context.Background())
					t0 := time.Now()
					h.ServeHTTP(httptest.NewRecorder(), r)
					lat = append(lat, time.Since(t0))
					i++
				}
				slices.Sort(lat)
				b.ReportMetric(float64(percentile(lat, 50).Nanoseconds()), "p50-ns")
				b.ReportMetric(float64(percentile(lat, 99).Nanoseconds()), "p99-ns")
				b.ReportMetric(heapMB, "heap-MB")
				b.ReportMetric(float64(built.Milliseconds()), "build-ms")
			})
		}
		runtime.KeepAlive(s)
	}
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(float64(len(sorted))*p/100+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
