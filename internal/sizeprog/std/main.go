// Command std gets one record with net/http and encoding/json: the floor that
// size_test.go measures the SDK's binary against.
package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

type record struct {
	ID          string         `json:"id"`
	DisplayName string         `json:"displayName"`
	Fields      map[string]any `json:"fields"`
}

func main() {
	req, err := http.NewRequest(http.MethodGet, os.Getenv("BREAKCOLD_BASE_URL")+"/api/v1/records/"+os.Getenv("BREAKCOLD_RECORD_ID"), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	req.Header.Set("Authorization", "Bearer "+os.Getenv("BREAKCOLD_API_KEY"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer resp.Body.Close()
	var env struct {
		Record record `json:"record"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(env.Record.DisplayName)
}
