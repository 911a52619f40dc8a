package mockserver_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/breakcold-go/breakcold/mockserver"
)

// The tests in this file pin the mock's edges: control-API input bounds, state
// swapped whole, and inputs the API must refuse rather than guess at.

func TestClockAdvanceRefusesAbsurdSeconds(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	for _, body := range []string{`{"seconds":-5}`, `{"seconds":0}`, `{"seconds":1e300}`, `{"seconds":400000000}`} {
		r := do(t, "POST", ts.ControlURL+"/clock/advance", body)
		check(t, "advance "+body+" status", r.Status, 400)
		check(t, "advance "+body+" code", r.errorCode(t), "invalid_request")
	}
	r := do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...)
	check(t, "status after refused advances", r.Status, 200)
	if reset := r.Header.Get("X-RateLimit-Reset"); strings.HasPrefix(reset, "-") {
		t.Errorf("X-RateLimit-Reset %s is negative", reset)
	}
}

func TestRejectedSeedKeepsState(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	// The first organization is fine; the second's region is not, so the seed
	// fails part way through.
	bad := `{"organizations":[{"id":"o1","name":"A","region":"us","users":[{"id":"u1","name":"U","email":"u@x.example"}],"workspaces":[]},{"id":"o2","name":"B","region":"mars"}],"keys":[]}`
	r := do(t, "POST", ts.ControlURL+"/seed", bad)
	check(t, "bad seed status", r.Status, 400)
	r = do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...)
	check(t, "demo key after a rejected seed", r.Status, 200)
	badKey := `{"organizations":[],"keys":[{"name":"k","userId":"nobody"}]}`
	r = do(t, "POST", ts.ControlURL+"/seed", badKey)
	check(t, "seed with a bad key status", r.Status, 400)
	r = do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...)
	check(t, "demo key after a seed with a bad key", r.Status, 200)
}

func TestResetNeverRefusesValidKeys(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: 1 << 20})
	var unauthorized atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				req, _ := http.NewRequest("GET", ts.URL+"/api/v1/workspaces", nil)
				req.Header.Set("Authorization", "Bearer "+ts.DemoKeys.Full)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					continue
				}
				resp.Body.Close()
				if resp.StatusCode == 401 {
					unauthorized.Add(1)
				}
			}
		})
	}
	for range 30 {
		check(t, "reset", control(t, ts, "POST", "/reset", nil).Status, 200)
	}
	close(stop)
	wg.Wait()
	if n := unauthorized.Load(); n > 0 {
		t.Errorf("%d requests with a valid key got 401 during resets", n)
	}
}

func TestRevokeRefusesAnAmbiguousPrefix(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	for _, s := range []string{"bc_live_shared_aaaaaaaaaaaaaaaa", "bc_live_shared_bbbbbbbbbbbbbbbb"} {
		r := control(t, ts, "POST", "/keys", map[string]any{"userId": mockserver.DemoUserAda, "allScopes": true, "secret": s})
		check(t, "create", r.Status, 201)
	}
	r := control(t, ts, "DELETE", "/keys/bc_live_shared", nil)
	check(t, "ambiguous revoke", r.Status, 409)
	if !strings.Contains(string(r.Body), "bc_live_shared") {
		t.Errorf("409 does not list the matches: %s", r.Body)
	}
	for _, s := range []string{"bc_live_shared_aaaaaaaaaaaaaaaa", "bc_live_shared_bbbbbbbbbbbbbbbb"} {
		got := do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(s)...)
		check(t, "key after a refused revoke", got.Status, 200)
	}
}

func TestControlAPIEdges(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	for _, c := range []struct {
		name, method, path, body string
		status                   int
		allow                    string
	}{
		{"double slash", "GET", "//keys", "", 404, ""},
		{"dot dot", "GET", "/keys/../clock", "", 404, ""},
		{"wrong method", "PUT", "/reset", "", 405, "POST"},
		{"wrong method on keys", "PATCH", "/keys", "", 405, "GET, POST"},
		{"huge body", "POST", "/faults", `{"status":503,"x":"` + strings.Repeat("a", 2<<20) + `"}`, 413, ""},
		{"expiry too far", "POST", "/keys", `{"userId":"` + mockserver.DemoUserAda + `","allScopes":true,"expiresInSeconds":10000000000}`, 400, ""},
		{"secret with a space", "POST", "/keys", `{"userId":"` + mockserver.DemoUserAda + `","secret":"bc_live_abcdef ghijklmnopqr"}`, 400, ""},
		{"secret with a newline", "POST", "/keys", `{"userId":"` + mockserver.DemoUserAda + `","secret":"bc_live_abcdefghij\nklmnopqr"}`, 400, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(c.method, ts.URL+mockserver.ControlPrefix+c.path, strings.NewReader(c.body))
			req.URL.Opaque = mockserver.ControlPrefix + c.path // keep the path as written
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			check(t, "status", resp.StatusCode, c.status)
			check(t, "content type", resp.Header.Get("Content-Type"), "application/json")
			if c.allow != "" {
				check(t, "Allow", resp.Header.Get("Allow"), c.allow)
			}
		})
	}
}

func TestControlAPIRefusesCrossOriginBrowsers(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	for _, c := range []struct {
		name    string
		headers []string
		status  int
	}{
		{"cross-site fetch", []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"foreign origin", []string{"Origin", "https://evil.example"}, 403},
		{"form post", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415},
		{"text post", []string{"Content-Type", "text/plain"}, 415},
		{"same origin", []string{"Origin", ts.URL, "Sec-Fetch-Site", "same-origin"}, 200},
		{"curl", nil, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest("POST", ts.ControlURL+"/clock/advance", strings.NewReader(`{"seconds":1}`))
			for i := 0; i+1 < len(c.headers); i += 2 {
				req.Header.Set(c.headers[i], c.headers[i+1])
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			check(t, "status", resp.StatusCode, c.status)
		})
	}
}

func TestControlToken(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{ControlToken: "s3cret"})
	check(t, "no token", control(t, ts, "POST", "/reset", nil).Status, 401)
	check(t, "health needs no token", control(t, ts, "GET", "/ready", nil).Status, 200)
	r := do(t, "POST", ts.ControlURL+"/reset", "", "Authorization", "Bearer s3cret")
	check(t, "with token", r.Status, 200)
	r = do(t, "POST", ts.ControlURL+"/reset", "", "Authorization", "Bearer wrong")
	check(t, "wrong token", r.Status, 401)
}

func TestControlIndexAndSpec(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	r := control(t, ts, "GET", "", nil)
	check(t, "index status", r.Status, 200)
	if !strings.Contains(string(r.Body), "/_mock/reset") {
		t.Errorf("index does not list /_mock/reset: %s", r.Body)
	}
	yamlDoc, err := os.ReadFile("../openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r = control(t, ts, "GET", "/openapi.yaml", nil)
	check(t, "openapi.yaml status", r.Status, 200)
	check(t, "openapi.yaml content type", r.Header.Get("Content-Type"), "application/yaml")
	if !bytes.Equal(r.Body, yamlDoc) {
		t.Errorf("/openapi.yaml is not openapi.yaml (%d bytes, want %d): run make generate", len(r.Body), len(yamlDoc))
	}
	r = control(t, ts, "GET", "/openapi.json", nil)
	check(t, "openapi.json status", r.Status, 200)
	check(t, "openapi.json content type", r.Header.Get("Content-Type"), "application/json")
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(r.Body, &doc); err != nil {
		t.Fatalf("/openapi.json: %v", err)
	}
	ops := 0
	for _, item := range doc.Paths {
		for m := range item {
			if m != "parameters" && m != "servers" && m != "summary" && m != "description" {
				ops++
			}
		}
	}
	if want := specOperations(t); !strings.HasPrefix(doc.OpenAPI, "3.1") || ops != want {
		t.Errorf("/openapi.json: openapi %q with %d operations, want 3.1.x with %d", doc.OpenAPI, ops, want)
	}
}

func TestUnroutedAnswersCarryTheUsersWindow(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: 3})
	for range 3 {
		do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...)
	}
	for _, c := range []struct{ method, path string }{
		{"GET", "/api/v1/no-such-thing"},
		{"DELETE", "/api/v1/workspaces"},
		{"OPTIONS", "/api/v1/workspaces"},
	} {
		r := do(t, c.method, ts.URL+c.path, "", bearer(ts.DemoKeys.Full)...)
		check(t, c.method+" "+c.path+" remaining", r.Header.Get("X-RateLimit-Remaining"), "0")
	}
}

func TestStrictParsing(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{RateLimit: 1000})
	create := `{"workspaceId":"` + mockserver.DemoWorkspaceSales + `","objectTypeSlug":"person","fields":{"name":"Ada"}}`
	for _, c := range []struct {
		name, method, path, body string
		headers                  []string
		status                   int
	}{
		{"trailing garbage", "POST", "/api/v1/records", create + ` trailing`, bearer(ts.DemoKeys.Full), 400},
		{"two documents", "POST", "/api/v1/records", create + create, bearer(ts.DemoKeys.Full), 400},
		{"bad percent-encoding", "GET", "/api/v1/records?limit=%zz", "", bearer(ts.DemoKeys.Full), 400},
		{"legacy text/plain", "POST", "/rest/lead", `{"first_name":"X"}`, []string{"x-api-key", ts.DemoKeys.Legacy, "Content-Type", "text/plain"}, 415},
		{"current text/plain", "POST", "/api/v1/records", create, append(bearer(ts.DemoKeys.Full), "Content-Type", "text/plain"), 415},
		{"current body without a type", "POST", "/api/v1/records", create, append(bearer(ts.DemoKeys.Full), "Content-Type", ""), 415},
		{"legacy body without a type", "POST", "/rest/lead", `{"first_name":"X"}`, []string{"x-api-key", ts.DemoKeys.Legacy, "Content-Type", ""}, 415},
	} {
		t.Run(c.name, func(t *testing.T) {
			headers := c.headers
			if !slices.Contains(headers, "Content-Type") {
				headers = append(slices.Clone(headers), "Content-Type", "application/json")
			}
			r, _ := exchange(t, http.DefaultClient, c.method, ts.URL+c.path, []byte(c.body), headers...)
			check(t, "status", r.Status, c.status)
			if r.errorCode(t) == "" {
				t.Errorf("no error code in %s", r.Body)
			}
		})
	}
}

func TestKeysInPathsAreRedactedInLogsAndJournal(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	ts := start(t, mockserver.Options{Logger: slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	do(t, "GET", ts.URL+"/api/v1/records/"+ts.DemoKeys.Full, "", bearer(ts.DemoKeys.Full)...)
	do(t, "GET", ts.URL+"/rest/"+ts.DemoKeys.Legacy, "", "x-api-key", ts.DemoKeys.Legacy)
	do(t, "GET", ts.URL+"/elsewhere/"+ts.DemoKeys.Full, "")
	r := control(t, ts, "GET", "/journal", nil)
	for _, secret := range []string{ts.DemoKeys.Full, ts.DemoKeys.Legacy} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("log holds the key %s:\n%s", secret, buf.String())
		}
		if strings.Contains(string(r.Body), secret) {
			t.Errorf("journal holds the key %s:\n%s", secret, r.Body)
		}
	}
	if !strings.Contains(string(r.Body), "/elsewhere/") {
		t.Errorf("journal lacks the request outside the API prefixes:\n%s", r.Body)
	}
	if !strings.Contains(buf.String(), `"duration_ms"`) {
		t.Errorf("log lines lack duration_ms:\n%s", buf.String())
	}
}

// syncBuffer is a bytes.Buffer that handlers on several goroutines may write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
