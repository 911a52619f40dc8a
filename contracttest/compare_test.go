package contracttest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// mockAt is a target for a mock served at base, with its demo keys and control API.
func mockAt(ts *mockserver.TestServer, base string) contracttest.Target {
	return contracttest.Target{
		BaseURL: base, OtherRegionURL: ts.EUURL, Control: base + mockserver.ControlPrefix, AllowSend: true,
		Keys: contracttest.Keys{Full: ts.DemoKeys.Full, Legacy: ts.DemoKeys.Legacy},
	}
}

// Two mocks built alike answer every check alike, the whole suite included.
func TestCompareTwoMocks(t *testing.T) {
	t.Parallel()
	a, b := mockserver.Start(t, mockserver.Options{}), mockserver.Start(t, mockserver.Options{})
	c, err := contracttest.Compare(context.Background(), mockAt(a, a.URL), mockAt(b, b.URL))
	if err != nil {
		t.Fatal(err)
	}
	if c.Differ() || !c.Writes || c.Compared < 350 {
		t.Errorf("got %d differences, writes %v, %d checks compared; want none, true, at least 350:\n%s", len(c.Differences), c.Writes, c.Compared, c.Summary())
	}
}

var (
	messagePath    = regexp.MustCompile(`^/api/v1/messages/[^/]+$`)
	meetingPath    = regexp.MustCompile(`^/api/v1/meetings/[^/]+$`)
	transcriptPath = regexp.MustCompile(`^/api/v1/meetings/[^/]+/transcript$`)
)

// A proxy that renames a property in one answer, drops a header from another and
// changes a third one's status differs from the mock behind it in exactly those
// three ways.
func TestCompareFindsEachDifference(t *testing.T) {
	t.Parallel()
	ts := mockserver.Start(t, mockserver.Options{})
	mock, _ := url.Parse(ts.URL)
	proxy := httptest.NewServer(&httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) { r.SetURL(mock) },
		ModifyResponse: func(resp *http.Response) error {
			path := resp.Request.URL.Path
			if resp.Request.Method != http.MethodGet || resp.StatusCode != http.StatusOK {
				return nil
			}
			switch {
			case messagePath.MatchString(path):
				b, err := io.ReadAll(resp.Body)
				if err != nil {
					return err
				}
				b = bytes.Replace(b, []byte(`"textPlain"`), []byte(`"text_plain"`), 1)
				resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
				resp.Header.Set("Content-Length", strconv.Itoa(len(b)))
			case transcriptPath.MatchString(path):
				resp.Header.Del("X-Ratelimit-Reset")
			case meetingPath.MatchString(path):
				resp.StatusCode = http.StatusNonAuthoritativeInfo
			}
			return nil
		},
	})
	t.Cleanup(proxy.Close)
	c, err := contracttest.Compare(context.Background(), mockAt(ts, ts.URL), mockAt(ts, proxy.URL))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range c.Differences {
		got = append(got, string(d.Kind)+" "+d.Check+": "+d.String())
	}
	want := []string{
		"shape getMessage (GET /api/v1/messages/{messageId}): message: textPlain in A, text_plain in B",
		"status getMeeting (GET /api/v1/meetings/{meetingId}): 200 in A, 203 in B",
		"header listMeetingTranscript (GET /api/v1/meetings/{meetingId}/transcript): X-Ratelimit-Reset: present in A, absent in B",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got differences\n%q\nwant\n%q\n%s", got, want, c.Summary())
	}
}
