package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/mockserver"
)

// TestOpOrder: createRecord, the only operation that grows the store, runs last
// in each round, after every read.
func TestOpOrder(t *testing.T) {
	t.Parallel()
	want := []string{"getRecord", "listRecords", "legacyListLeads", "createRecord"}
	if !slices.Equal(opNames, want) {
		t.Errorf("opNames = %q, want %q", opNames, want)
	}
}

// TestSeedPrepareReset writes the bench's seed, loads it as breakcold-mock's
// -seed does, and runs prepare and resetMock against it in process: every
// operation answers, both lists answer a full page of the default size, and
// getRecord's record is the same after a reset.
func TestSeedPrepareReset(t *testing.T) {
	t.Parallel()
	cfg, err := load(nil, &strings.Builder{})
	if err != nil {
		t.Fatal(err)
	}
	file, err := writeSeed(t.TempDir(), cfg.page)
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var seed mockserver.Seed
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // as breakcold-mock reads -seed
	if err := dec.Decode(&seed); err != nil {
		t.Fatalf("seed file: %v", err)
	}
	s, err := mockserver.New(mockserver.Options{Seed: &seed, RateLimit: 100_000_000})
	if err != nil {
		t.Fatalf("mockserver.New with the bench's seed: %v", err)
	}
	t.Cleanup(s.Close)
	ts := httptest.NewServer(s.Handler(mockserver.US))
	t.Cleanup(ts.Close)
	m := &mockProc{server: server{name: "mock", base: ts.URL, hc: loopbackClient(2)}}

	ctx := context.Background()
	ops, get, err := prepare(ctx, m, cfg)
	if err != nil {
		t.Fatalf("prepare: %v", err)
	}
	var names []string
	for _, o := range ops {
		names = append(names, o.name)
	}
	if !slices.Equal(names, opNames) {
		t.Errorf("prepare: operations %q, want %q", names, opNames)
	}
	for _, o := range ops {
		if _, ok := pageField[o.name]; !ok {
			continue
		}
		code, body, _, err := send(ctx, m.hc, m.base, o)
		if err != nil || code != o.want {
			t.Fatalf("%s: %d, %v", o.name, code, err)
		}
		if err := checkFullPage(o.name, body, cfg.page); err != nil {
			t.Errorf("%s: %v", o.name, err)
		}
		if !bytes.Contains(body, []byte("Bench")) {
			t.Errorf("%s: the page holds none of the seed's bench items: %.300s", o.name, body)
		}
	}
	if err := resetMock(ctx, m, get); err != nil {
		t.Fatalf("resetMock: %v", err)
	}
	// The record getRecord loads is found again after the reset: the seed's ids
	// are derived, not drawn.
	again, againGet, err := prepare(ctx, m, config{ops: []string{"getRecord"}, page: cfg.page})
	if err != nil || len(again) != 1 || againGet.target != get.target {
		t.Errorf("prepare after reset: got %v, %q, %v; want getRecord at %q", again, againGet.target, err, get.target)
	}
	get.target += "x"
	if err := resetMock(ctx, m, get); err == nil || !strings.Contains(err.Error(), "after reset") {
		t.Errorf("resetMock with a record that is not there: got %v, want an error after the reset", err)
	}
}

func TestBenchSeed(t *testing.T) {
	t.Parallel()
	demo := mockserver.DemoSeed()
	seed, err := benchSeed(7)
	if err != nil {
		t.Fatal(err)
	}
	ws := seed.Organizations[0].Workspaces[0]
	if ws.ID != mockserver.DemoWorkspaceSales {
		t.Errorf("records go to workspace %s, want Sales", ws.ID)
	}
	if got, want := len(ws.Records), len(demo.Organizations[0].Workspaces[0].Records)+7; got != want {
		t.Errorf("Sales records: %d, want %d", got, want)
	}
	if got, want := len(seed.LegacyUsers[0].Leads), len(demo.LegacyUsers[0].Leads)+7; got != want {
		t.Errorf("legacy leads: %d, want %d", got, want)
	}
	last := ws.Records[len(ws.Records)-1]
	if last.ObjectType != "person" || last.Fields["name"] != "Bench Person 6" || last.Fields["email"] != "p6@bench.example" || last.Fields["job_title"] != "Engineer" {
		t.Errorf("last record: %+v", last)
	}
}

func TestCheckFullPage(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, body string
		page       int
		wantErr    string
	}{
		{name: "listRecords", body: `{"data":[{},{},{}],"pagination":{}}`, page: 3},
		{name: "listRecords", body: `{"data":[{},{}]}`, page: 3, wantErr: "answered 2 items, want a full page of 3"},
		{name: "listRecords", body: `{"leads":[{},{},{}]}`, page: 3, wantErr: `no "data"`},
		{name: "legacyListLeads", body: `{"leads":[{},{},{}]}`, page: 3},
		{name: "legacyListLeads", body: `{"leads":[{},{},{},{}]}`, page: 3, wantErr: "answered 4 items"},
		{name: "legacyListLeads", body: `not json`, page: 3, wantErr: "legacyListLeads: invalid"},
		{name: "getRecord", body: `{"record":{}}`, page: 3},
	} {
		err := checkFullPage(tt.name, []byte(tt.body), tt.page)
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("checkFullPage(%s, %s, %d): got %v, want no error", tt.name, tt.body, tt.page, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("checkFullPage(%s, %s, %d): got %v, want an error containing %q", tt.name, tt.body, tt.page, err, tt.wantErr)
		}
	}
}
