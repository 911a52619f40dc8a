// Command sdk gets one record with package client; size_test.go compares its
// binary with std's, which does the same with net/http and encoding/json.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/breakcold-go/breakcold/client"
)

func main() {
	c, err := client.New(os.Getenv("BREAKCOLD_API_KEY"), client.WithBaseURL(os.Getenv("BREAKCOLD_BASE_URL")))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	rec, _, err := c.GetRecord(context.Background(), os.Getenv("BREAKCOLD_RECORD_ID"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(rec.DisplayName)
}
