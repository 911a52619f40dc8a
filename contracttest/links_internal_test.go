package contracttest

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/apispec"
	"github.com/breakcold-go/breakcold/mockserver"
)

func TestSpecLinksWireSteps(t *testing.T) {
	t.Parallel()
	doc, err := apispec.Load()
	if err != nil {
		t.Fatal(err)
	}
	links := specLinks(doc)
	if got := links["createRecord"]["getRecord"].params; got["recordId"] != "/record/id" {
		t.Errorf("createRecord → getRecord wires %v, want recordId from /record/id", got)
	}
	if got := links["createFieldOption"]["deleteFieldOption"].params; got["fieldDefinitionId"] != "/option/fieldDefinitionId" || got["fieldOptionId"] != "/option/id" {
		t.Errorf("createFieldOption → deleteFieldOption wires %v", got)
	}
	x := &exchange{status: 201, json: map[string]any{"record": map[string]any{"id": "rc_1"}, "data": []any{map[string]any{"id": 7.0}}}}
	if got := scalar(pointer(x.json, "/record/id")); got != "rc_1" {
		t.Errorf("pointer /record/id = %q", got)
	}
	if got := scalar(pointer(x.json, "/data/0/id")); got != "7" {
		t.Errorf("pointer /data/0/id = %q", got)
	}
	if got := pointer(x.json, "/data/1/id"); got != nil {
		t.Errorf("pointer past the array = %v, want nil", got)
	}
}

// A step wired by a link the spec no longer declares is skipped, saying so; it
// does not pass, and it does not send a request wired by hand.
func TestRemovedLinkSkipsItsSteps(t *testing.T) {
	t.Parallel()
	srv := mockserver.StartInProcess(t, mockserver.Options{})
	target := Target{
		BaseURL: srv.URL, OtherRegionURL: srv.EUURL, Control: srv.ControlURL, AllowSend: true, HTTPClient: srv.Client(),
		Keys: Keys{Full: srv.DemoKeys.Full, Legacy: srv.DemoKeys.Legacy},
	}
	rep, err := checkLinks(context.Background(), target, nil, func(links map[string]map[string]link) {
		delete(links["createRecord"], "getRecord")
	})
	if err != nil {
		t.Fatal(err)
	}
	const name = "getRecord (GET /api/v1/records/{recordId}) reads back createRecord"
	i := slices.IndexFunc(rep.Results, func(x Result) bool { return x.Name == name })
	if i < 0 {
		t.Fatalf("no check %q", name)
	}
	if x := rep.Results[i]; x.Outcome != Skip || !strings.Contains(x.Message, "no link from createRecord to getRecord") {
		t.Errorf("%s: %s %q, want a skip naming the missing link", name, x.Outcome, x.Message)
	}
}

// An operation the flows never reach is still checked through a link from one
// they do: unfollowed finds it from the links, the answers and what was sent.
func TestUnfollowedLinksAreFollowed(t *testing.T) {
	t.Parallel()
	r := &runner{
		ops: map[string]apispec.Operation{"getRecord": {ID: "getRecord"}, "getNote": {ID: "getNote"}, "updateNote": {ID: "updateNote"}},
		links: map[string]map[string]link{
			"createRecord":     {"getRecord": {}},
			"createRecordNote": {"getNote": {}, "updateNote": {}},
			"listMeetings":     {"getMeeting": {}}, // not an operation here
		},
		last:   map[string]*exchange{"createRecord": {status: 201}, "createRecordNote": {status: 201}},
		sent:   map[string]bool{"getRecord": true},
		report: &Report{Exercised: map[string]bool{"updateNote": true}},
	}
	want := [][2]string{{"createRecordNote", "getNote"}}
	if got := r.unfollowed(); !slices.Equal(got, want) {
		t.Errorf("unfollowed = %v, want %v", got, want)
	}
}
