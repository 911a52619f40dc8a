package client_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// The README's Go snippets are the bodies of these functions, so the compiler
// checks every one; TestReadmeSnippets fails when the README shows code that is
// not here. They are compiled, not run: they talk to Breakcold itself. The
// examples in example_test.go run the same calls against the mock.

func readmeQuickstart() {
	c, err := client.New(os.Getenv("BREAKCOLD_API_KEY"), client.WithRegion(client.US))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	ws := os.Getenv("BREAKCOLD_WORKSPACE_ID")

	rec, _, err := c.CreateRecord(ctx, client.RecordCreate{
		WorkspaceID:    ws,
		ObjectTypeSlug: client.Ptr("person"),
		Fields:         &client.FieldValues{"name": "Ada Lovelace"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("created", rec.ID)

	for r, err := range c.AllRecords(ctx, &client.ListRecordsParams{WorkspaceID: &ws}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.DisplayName)
	}
}

func readmeErrors(ctx context.Context, c *client.Client, id string) {
	rec, resp, err := c.GetRecord(ctx, id)
	var apiErr *client.Error
	switch {
	case errors.Is(err, client.ErrNotFound):
		fmt.Println("no record", id)
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusTooManyRequests:
		fmt.Printf("rate limited; retry in %v (request %s)\n", apiErr.RetryAfter, apiErr.RequestID)
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println(rec.DisplayName, "- requests left in this window:", resp.RateLimit.Remaining)
	}
}

func readmeWaits() {
	c, err := client.New(os.Getenv("BREAKCOLD_API_KEY"),
		client.WithRateLimitWait(61*time.Second), // wait out a spent 60-second window
		client.WithLogger(slog.Default()),        // log every retry and wait
	)
	if err != nil {
		log.Fatal(err)
	}
	_ = c
}

func readmeMockInTests(t *testing.T) {
	srv := mockserver.Start(t, mockserver.Options{}) // US and EU listeners, stopped by t.Cleanup
	c, _ := client.New(srv.DemoKeys.Full, client.WithBaseURL(srv.URL))
	srv.Advance(time.Minute) // move the mock's clock
	_ = c
}

func readmeValidatingTransport(t *testing.T, key string) {
	v, _ := contracttest.NewValidator("https://http.us.breakcold.com", "https://api.breakcold.com")
	hc := &http.Client{Transport: &contracttest.Transport{Validator: v, Report: func(x contracttest.Violation) { t.Error(x) }}}
	c, _ := client.New(key, client.WithHTTPClient(hc))
	_ = c
}

var (
	_ = readmeMockInTests
	_ = readmeValidatingTransport
	_ = readmeQuickstart
	_ = readmeErrors
	_ = readmeWaits
)

var goBlock = regexp.MustCompile("(?s)```go\n(.*?)```")

// normalize drops indentation and blank lines, so a snippet matches the
// function body it was taken from.
func normalize(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

func TestReadmeSnippets(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var sources strings.Builder
	files, _ := filepath.Glob("*_test.go")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources.WriteString(normalize(string(b)) + "\n")
	}
	blocks := goBlock.FindAllStringSubmatch(string(readme), -1)
	if len(blocks) < 4 {
		t.Errorf("README has %d Go snippets, want at least 4 (create and iterate, errors, waits, virtual time)", len(blocks))
	}
	for _, b := range blocks {
		if !strings.Contains(sources.String(), normalize(b[1])) {
			t.Errorf("README snippet is not in client's compiled test files:\n%s", b[1])
		}
	}
}
