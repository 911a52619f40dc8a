package mockserver_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/mockserver"
)

// browserPath finds Debian's chromium (or a Chrome). A machine without one
// skips the browser tests, saying why; CI (CI set) must have one and fails.
func browserPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium on PATH: CI must install it (apt-get install -y chromium; .ci/run does)")
	}
	t.Skip("skipped: no chromium, chromium-browser or google-chrome on PATH; the inspector's browser test needs one (apt-get install chromium)")
	return ""
}

// browser starts a headless chromium with a fresh profile for the test and
// returns a tab's context, bounded to a minute.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browserPath(t)),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun, chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1500, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
	})
	// The first call starts the browser for as long as tab lives; the test's
	// actions get a deadline of their own.
	if err := chromedp.Do(tab); err != nil {
		t.Fatalf("start %s: %v", browserPath(t), err)
	}
	ctx, cancelTime := context.WithTimeout(tab, time.Minute)
	t.Cleanup(cancelTime)
	return ctx
}

// The inspector in a real browser: API calls appear live, a request opens to
// its headers and bodies (keys by prefix), and the page advances the clock and
// adds a fault. With BREAKCOLD_SCREENSHOTS=dir it saves the README's
// screenshots there.
func TestInspectorInABrowser(t *testing.T) {
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"received":true}`))
	}))
	t.Cleanup(recv.Close)
	ts := start(t, mockserver.Options{Now: fixedClock()})
	if _, err := ts.AddWebhook(mockserver.WebhookSpec{URL: recv.URL + "/hooks", Events: []string{"record.created"}}); err != nil {
		t.Fatal(err)
	}
	ctx := browser(t)
	c, err := client.New(ts.DemoKeys.Full, client.WithBaseURL(ts.URL), client.WithHTTPClient(ts.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.ListWorkspaces(ctx, nil); err != nil {
		t.Fatal(err)
	}
	run := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	run("open the page", chromedp.Navigate(ts.ControlURL+"/ui"),
		chromedp.WaitVisible(chromedp.CSS(`#requests tr[data-op="listWorkspaces"]`)), chromedp.WaitVisible(chromedp.CSS(`#live.pill:not(.off)`)))

	// Calls made while the page is open appear without a reload.
	slug := "person"
	rec, _, err := c.CreateRecord(ctx, client.RecordCreate{WorkspaceID: mockserver.DemoWorkspaceSales, ObjectTypeSlug: &slug, Fields: &client.FieldValues{"name": "Hedy Lamarr", "job_title": "Inventor"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.GetRecord(ctx, rec.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.GetRecord(ctx, "rc_does_not_exist_000000000000000"); err == nil {
		t.Fatal("a record that does not exist was found")
	}
	run("see the calls live", chromedp.WaitVisible(chromedp.CSS(`#requests tr[data-op="getRecord"][data-status="200"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#requests tr[data-op="createRecord"][data-status="201"]`)))

	// One request opens to its headers and bodies, the key by prefix.
	run("open createRecord", chromedp.Click(chromedp.CSS(`#requests tr[data-op="createRecord"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#detail[data-op="createRecord"] #detail-response-body`)))
	reqBody, respBody, detail := text(`#detail-request-body`), text(`#detail-response-body`), text(`#detail`)
	if !strings.Contains(reqBody, "Hedy Lamarr") || !strings.Contains(respBody, rec.ID) {
		t.Errorf("detail bodies: request %q, response %q; want the record's name and id", reqBody, respBody)
	}
	if !strings.Contains(detail, "Bearer bc_live_usfull…") || strings.Contains(detail, ts.DemoKeys.Full) {
		t.Errorf("detail shows the key %q; want its prefix only", detail)
	}
	run("the delivery is listed", chromedp.WaitVisible(chromedp.CSS(`#deliveries tbody tr`)))
	shoot(t, ctx, "inspector.png")

	// The page moves the mock's clock.
	run("advance the clock", chromedp.SetValue(chromedp.CSS(`#advance-seconds`), "3600"), chromedp.Click(chromedp.CSS(`#advance-btn`)),
		chromedp.WaitVisible(chromedp.CSS(`#clock-now[data-offset="3600"]`)))
	if got := ts.Now().Sub(fixedClock()()); got != time.Hour {
		t.Errorf("after the page advanced the clock by 3600 s the mock is %v ahead", got)
	}

	// The page adds a fault, which the next call meets.
	run("add a fault", chromedp.SetValue(chromedp.CSS(`#fault-operation`), "listWorkspaces"), chromedp.SetValue(chromedp.CSS(`#fault-status`), "503"),
		chromedp.SetValue(chromedp.CSS(`#fault-count`), "2"), chromedp.Click(chromedp.CSS(`#fault-add`)), chromedp.WaitVisible(chromedp.CSS(`#faults tbody tr`)))
	faults := ts.Faults()
	if len(faults) != 1 || faults[0].Operation != "listWorkspaces" || faults[0].Status != 503 || faults[0].Count != 2 {
		t.Fatalf("after the page added a fault the mock has %+v", faults)
	}
	check(t, "listWorkspaces with the fault", do(t, "GET", ts.URL+"/api/v1/workspaces", "", bearer(ts.DemoKeys.Full)...).Status, 503)
	run("see the faulted call", chromedp.WaitVisible(chromedp.CSS(`#requests tr[data-op="listWorkspaces"][data-status="503"]`)),
		chromedp.Click(chromedp.CSS(`#requests tr[data-status="503"]`)), chromedp.WaitVisible(chromedp.CSS(`#detail[data-status="503"] #detail-response-body`)))
	detail = text(`#detail`)
	if !strings.Contains(detail, "injected") {
		t.Errorf("the faulted call's detail does not name the fault: %q", detail)
	}
	shoot(t, ctx, "inspector-fault.png")
}

// shoot saves a screenshot of the page under $BREAKCOLD_SCREENSHOTS, when set.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("BREAKCOLD_SCREENSHOTS")
	if dir == "" {
		return
	}
	time.Sleep(2100 * time.Millisecond) // the panels refresh, the rows' highlight fades
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
