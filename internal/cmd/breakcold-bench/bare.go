package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// recorded is one answer of the mock, replayed byte for byte by the bare server.
type recorded struct {
	Method string      `json:"method"`
	Target string      `json:"target"`
	Status int         `json:"status"`
	Header http.Header `json:"header"`
	Body   []byte      `json:"body"`
}

// startBare records the mock's answer to each operation and starts this binary
// with -serve-bare to replay them: a second process, so the bare server and the
// mock compete with the load generator on the same terms.
func startBare(ctx context.Context, dir string, ops []op, m *mockProc) (*server, error) {
	var recs []recorded
	for _, o := range ops {
		code, body, h, err := send(ctx, m.hc, m.base, o)
		if err != nil {
			return nil, fmt.Errorf("record %s: %w", o.name, err)
		}
		h = replayHeader(h)
		recs = append(recs, recorded{Method: o.method, Target: o.target, Status: code, Header: h, Body: body})
	}
	data, err := json.Marshal(recs)
	if err != nil {
		return nil, err
	}
	file := filepath.Join(dir, "bare.json")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-serve-bare", file)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	s := &server{name: "bare", cmd: cmd, hc: loopbackClient(m.hc.Transport.(*http.Transport).MaxConnsPerHost), done: make(chan error, 1)}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() { s.done <- cmd.Wait() }()
	if s.base, err = readBanner(ctx, stdout, "bare listening", s.done); err != nil {
		s.stop()
		return nil, fmt.Errorf("bare server did not start: %w", err)
	}
	if err := checkLoopback(s.base); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// replayHeader is the header the bare server replays for an answer of the mock
// with header h: the mock's as it came on the wire, Content-Length included
// when the mock sent one, so both servers write the same bytes, and net/http
// frames the bare answer as it framed the mock's. Date and Transfer-Encoding
// are left out: net/http writes those itself, for the mock as for the bare
// server (a Date per second, chunking when a body has no Content-Length).
func replayHeader(h http.Header) http.Header {
	h = h.Clone()
	for _, k := range []string{"Date", "Transfer-Encoding"} {
		h.Del(k)
	}
	return h
}

// bareHandler answers each recorded request with its recorded status, headers
// and body, after reading the request body as any server must.
func bareHandler(recs []recorded) http.Handler {
	byReq := map[string]recorded{}
	for _, r := range recs {
		byReq[r.Method+" "+r.Target] = r
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		rec, ok := byReq[r.Method+" "+r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		for k, v := range rec.Header {
			h[k] = v
		}
		w.WriteHeader(rec.Status)
		_, _ = w.Write(rec.Body)
	})
}

// serveBare is the -serve-bare mode: replay file's answers on 127.0.0.1 until
// the parent stops the process.
func serveBare(ctx context.Context, file string, stdout io.Writer) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var recs []recorded
	if err := json.Unmarshal(data, &recs); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: bareHandler(recs), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "bare listening http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
