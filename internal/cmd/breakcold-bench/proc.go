package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// server is a process the load generator talks to.
type server struct {
	name string // "mock" or "bare"
	base string // http://127.0.0.1:PORT
	cmd  *exec.Cmd
	hc   *http.Client
	done chan error // the process's exit
}

// mockProc is a running breakcold-mock and how long it took to become ready.
type mockProc struct {
	server
	startup time.Duration
	logPath string
}

// buildMock compiles cmd/breakcold-mock into dir; the working directory must be
// inside the module.
func buildMock(ctx context.Context, dir string) (string, error) {
	return build(ctx, dir, "breakcold-mock", "github.com/breakcold-go/breakcold/cmd/breakcold-mock", " (or pass -mock)")
}

// buildFloor compiles the floor server (package floor) into dir.
func buildFloor(ctx context.Context, dir string) (string, error) {
	return build(ctx, dir, "floor", "github.com/breakcold-go/breakcold/internal/cmd/breakcold-bench/floor", "")
}

// build compiles pkg as the release does (make mock, the archives, the image):
// CGO_ENABLED=0 and -trimpath, so a static binary. The default go build links
// the C library for net's resolver when a C compiler is present, which adds the
// dynamic loader to start-up and libc's pages to RSS.
func build(ctx context.Context, dir, name, pkg, hint string) (string, error) {
	bin := filepath.Join(dir, name)
	cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-o", bin, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build %s (run from inside the module%s): %w", name, hint, err)
	}
	return bin, nil
}

// startMock starts bin (the mock, or the floor, which takes the same address
// flags) on an ephemeral loopback port with extra flags after the bench's own,
// and returns once it answers 200 on /_mock/ready; startup is the time from
// starting the process to that answer. It learns the port from the banner the
// process prints.
func startMock(ctx context.Context, bin, dir string, cfg config, extra ...string) (*mockProc, error) {
	args := append([]string{"-us-addr", "127.0.0.1:0", "-eu-addr", "", "-rate-limit", strconv.Itoa(cfg.rateLimit)}, extra...)
	logf, err := os.CreateTemp(dir, "mock-*.log")
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd := exec.Command(bin, args...)
	cmd.Stderr = logf // the request log: a file, as a CI job would keep it
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	m := &mockProc{server: server{name: "mock", cmd: cmd, hc: loopbackClient(cfg.concurrency), done: make(chan error, 1)}, logPath: logf.Name()}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() { m.done <- cmd.Wait() }()
	base, err := readBanner(ctx, stdout, "US current API", m.done)
	if err != nil {
		m.stop()
		return nil, fmt.Errorf("mock did not start: %w%s", err, m.logTail())
	}
	m.base = strings.TrimSuffix(base, "/api/v1")
	if err := checkLoopback(m.base); err != nil {
		m.stop()
		return nil, err
	}
	if err := waitReady(ctx, m.hc, m.base+"/_mock/ready", 10*time.Second); err != nil {
		m.stop()
		return nil, fmt.Errorf("mock not ready: %w%s", err, m.logTail())
	}
	m.startup = time.Since(start)
	return m, nil
}

// readBanner reads the process's stdout until a line holding label and a URL,
// and drains the rest in the background so the process never blocks on it.
func readBanner(ctx context.Context, r io.Reader, label string, done <-chan error) (string, error) {
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(r)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			if !sent && strings.Contains(line, label) {
				for _, f := range strings.Fields(line) {
					if strings.HasPrefix(f, "http://") {
						found <- f
						sent = true
						break
					}
				}
			}
		}
		if !sent {
			close(found)
		}
	}()
	select {
	case u, ok := <-found:
		if !ok {
			return "", fmt.Errorf("no %q line with a URL on its stdout", label)
		}
		return u, nil
	case err := <-done:
		return "", fmt.Errorf("exited: %v", err)
	case <-time.After(10 * time.Second):
		return "", errors.New("no banner after 10s")
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// checkLoopback refuses any address but 127.0.0.1: the bench never leaves the machine.
func checkLoopback(base string) error {
	u, err := url.Parse(base)
	if err != nil {
		return err
	}
	if u.Hostname() != "127.0.0.1" {
		return fmt.Errorf("server announced %s, not 127.0.0.1; refusing to load it", base)
	}
	return nil
}

// waitReady polls url until it answers 200.
func waitReady(ctx context.Context, hc *http.Client, url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		resp, err := hc.Do(req)
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("%s answered %d", url, resp.StatusCode)
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return err
		}
		time.Sleep(500 * time.Microsecond)
	}
}

// loopbackClient keeps one connection per concurrent worker alive.
func loopbackClient(conns int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		MaxConnsPerHost:     conns,
		DisableCompression:  true,
		IdleConnTimeout:     time.Minute,
	}, Timeout: 30 * time.Second}
}

// stop ends the process with SIGTERM (SIGKILL after 5 s) and waits for it.
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	if t, ok := s.hc.Transport.(*http.Transport); ok {
		t.CloseIdleConnections()
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(5 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

// rss is the process's resident set (VmRSS), hwm its peak (VmHWM), in bytes.
func (s *server) rss() (int64, error) { return s.status("VmRSS") }
func (s *server) hwm() (int64, error) { return s.status("VmHWM") }

func (s *server) status(field string) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("read %s: %w (Linux only)", field, err)
	}
	return parseStatus(string(data), field)
}

// parseStatus finds "Field:   1234 kB" in /proc/PID/status.
func parseStatus(status, field string) (int64, error) {
	for line := range strings.SplitSeq(status, "\n") {
		rest, ok := strings.CutPrefix(line, field+":")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			break
		}
		kb, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			break
		}
		return kb << 10, nil
	}
	return 0, fmt.Errorf("no %s in /proc status", field)
}

// logTail is the end of the mock's log, for error messages.
func (m *mockProc) logTail() string {
	data, err := os.ReadFile(m.logPath)
	if err != nil || len(data) == 0 {
		return ""
	}
	if len(data) > 2000 {
		data = data[len(data)-2000:]
	}
	return "\nmock log:\n" + string(data)
}
