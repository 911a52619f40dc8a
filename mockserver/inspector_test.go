package mockserver_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/mockserver"
)

// The inspector's page and assets come from the binary: no CDN, no third-party
// code, a policy that allows only the mock's own origin, and no inline script.
func TestInspectorAssetsAreEmbedded(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{})
	external := regexp.MustCompile(`(?i)(src|href)=["']?(https?:)?//|url\(["']?(https?:)?//|@import|<script>`)
	for path, ctype := range map[string]string{"/ui": "text/html", "/ui/inspector.js": "text/javascript", "/ui/inspector.css": "text/css"} {
		r := control(t, ts, "GET", path, nil)
		check(t, path+" status", r.Status, 200)
		check(t, path+" Content-Type", strings.Split(r.Header.Get("Content-Type"), ";")[0], ctype)
		check(t, path+" CSP", strings.HasPrefix(r.Header.Get("Content-Security-Policy"), "default-src 'self'"), true)
		if m := external.Find(r.Body); m != nil {
			t.Errorf("%s loads from elsewhere or inline: %s", path, m)
		}
	}
	check(t, "unknown asset", control(t, ts, "GET", "/ui/nope.js", nil).Status, 404)
	check(t, "listed in the index", strings.Contains(string(control(t, ts, "GET", "", nil).Body), "GET /_mock/ui"), true)
}

// Behind a control token the page asks a browser for it as a basic-auth
// password, like every control call.
func TestInspectorBehindTheControlToken(t *testing.T) {
	t.Parallel()
	ts := start(t, mockserver.Options{ControlToken: "s3cret-token"})
	r := do(t, "GET", ts.ControlURL+"/ui", "")
	check(t, "without the token", r.Status, http.StatusUnauthorized)
	if !strings.Contains(strings.Join(r.Header.Values("WWW-Authenticate"), "\n"), "Basic realm=") {
		t.Errorf("WWW-Authenticate %q: want a Basic challenge, which a browser answers", r.Header.Values("WWW-Authenticate"))
	}
	req, _ := http.NewRequest("GET", ts.ControlURL+"/ui/state", nil)
	req.SetBasicAuth("", "s3cret-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	check(t, "with the token as the password", resp.StatusCode, 200)
}

// The panels' state: keys with their windows, endpoints with their secrets by
// prefix, deliveries with the start of the receiver's answer.
func TestInspectorState(t *testing.T) {
	t.Parallel()
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "nope, the secret is whsec_0123456789abcdef", http.StatusTeapot)
	}))
	t.Cleanup(recv.Close)
	ts := start(t, mockserver.Options{Now: fixedClock()})
	ep, err := ts.AddWebhook(mockserver.WebhookSpec{URL: recv.URL, Events: []string{"record.created"}})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...)
	}
	do(t, "POST", ts.URL+"/api/v1/records", `{"workspaceId":"`+mockserver.DemoWorkspaceSales+`","objectTypeSlug":"company","fields":{"name":"Teapot Ltd"}}`, bearer(ts.DemoKeys.Full)...)
	var st struct {
		Keys []struct {
			Prefix, State string
			Full          bool
			Window        mockserver.RateLimit
		}
		Webhooks []struct {
			SecretPrefix string
		}
		Deliveries []mockserver.WebhookDelivery
	}
	for range 100 {
		r := control(t, ts, "GET", "/ui/state", nil)
		if strings.Contains(string(r.Body), ep.Secret) {
			t.Fatalf("the state shows the webhook secret: %s", r.Body)
		}
		if err := json.Unmarshal(r.Body, &st); err != nil {
			t.Fatal(err)
		}
		if len(st.Deliveries) == 1 && len(st.Deliveries[0].Attempts) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond) // the delivery's worker runs
	}
	for _, k := range st.Keys {
		if k.Prefix == "bc_live_usfull" {
			check(t, "full key's window", k.Window, mockserver.RateLimit{Limit: 60, Remaining: 57, Reset: 60})
			check(t, "full", k.Full, true)
		}
		if k.Prefix == "bc_live_usexpd" {
			check(t, "expired key", k.State, "expired")
		}
	}
	check(t, "secret by prefix", st.Webhooks[0].SecretPrefix, ep.Secret[:10]+"…")
	if len(st.Deliveries) != 1 || len(st.Deliveries[0].Attempts) == 0 {
		t.Fatalf("deliveries %+v", st.Deliveries)
	}
	a := st.Deliveries[0].Attempts[0]
	check(t, "receiver's status", a.StatusCode, http.StatusTeapot)
	check(t, "receiver's answer, secrets by prefix", a.ResponseBody, "nope, the secret is whsec_0123…\n")
}
