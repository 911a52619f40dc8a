package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestBareReplaysHeader records answers from a server as startBare does and
// replays them with bareHandler: the bare answer carries the same headers on
// the wire, Content-Length included when the original had one, and is chunked
// when the original was.
func TestBareReplaysHeader(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("x", 10_000) // beyond net/http's buffer: chunked without a Content-Length
	orig := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-RateLimit-Remaining", "99")
		switch r.URL.Path {
		case "/sized":
			w.Header().Set("Content-Length", fmt.Sprint(len(`{"a":1}`)))
			_, _ = w.Write([]byte(`{"a":1}`))
		case "/chunked":
			_, _ = w.Write([]byte(big))
		}
	}))
	t.Cleanup(orig.Close)
	hc := loopbackClient(1)
	var recs []recorded
	for _, target := range []string{"/sized", "/chunked"} {
		o := op{name: target, method: http.MethodGet, target: target}
		code, body, h, err := send(context.Background(), hc, orig.URL, o)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, recorded{Method: o.method, Target: o.target, Status: code, Header: replayHeader(h), Body: body})
	}
	if got := recs[0].Header.Get("Content-Length"); got != "7" {
		t.Errorf("recorded Content-Length of /sized: %q, want 7", got)
	}
	for _, k := range []string{"Date", "Transfer-Encoding"} {
		for _, r := range recs {
			if v, ok := r.Header[k]; ok {
				t.Errorf("%s: recorded %s %q, want it left to net/http", r.Target, k, v)
			}
		}
	}
	bare := httptest.NewServer(bareHandler(recs))
	t.Cleanup(bare.Close)
	for _, tt := range []struct {
		target        string
		contentLength int64
		chunked       bool
	}{{"/sized", 7, false}, {"/chunked", -1, true}} {
		resp, err := hc.Get(bare.URL + tt.target)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		chunked := len(resp.TransferEncoding) == 1 && resp.TransferEncoding[0] == "chunked"
		if resp.ContentLength != tt.contentLength || chunked != tt.chunked {
			t.Errorf("bare %s: Content-Length %d, chunked %v; want %d, %v", tt.target, resp.ContentLength, chunked, tt.contentLength, tt.chunked)
		}
		if resp.Header.Get("X-RateLimit-Remaining") != "99" || resp.Header.Get("Content-Type") != "application/json" || resp.Header.Get("Date") == "" {
			t.Errorf("bare %s: header %v, want the recorded one and net/http's Date", tt.target, resp.Header)
		}
	}
}
