// Command floor is the least a Go net/http server does to pass breakcold-bench's
// start-up probe: listen on loopback, print the banner line the bench reads, and
// answer 200 on /_mock/ready. Its start-up is the floor under the mock's on the
// same machine: process creation, the Go runtime, net/http's package init, the
// first accepted connection. breakcold-bench builds and runs it; it takes the
// mock's address and rate-limit flags and ignores the latter.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
)

func main() {
	addr := flag.String("us-addr", "127.0.0.1:0", "`address` to listen on")
	flag.String("eu-addr", "", "ignored")
	flag.Int("rate-limit", 0, "ignored")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Printf("\nfloor is ready\n\n  US current API  http://%s/api/v1\n", ln.Addr())
	err = http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ready"}`))
	}))
	fmt.Fprintln(os.Stderr, "floor:", err)
	os.Exit(1)
}
