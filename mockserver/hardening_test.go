package mockserver_test

import (
	"net/http"
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
