package contracttest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// A server that takes a property and drops it fails the write that sent it and
// every read-back of the object, by name.
func TestSuiteCatchesADroppedProperty(t *testing.T) {
	t.Parallel()
	drop := func(r *http.Request) {
		if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/tasks") {
			return
		}
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &body)
		delete(body, "descriptionPlain")
		b, _ = json.Marshal(body)
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
	}
	target := mockTarget(t, mockserver.Options{}, breakage{request: drop}.wrap)
	rep, err := contracttest.Check(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	var failed []string
	for _, res := range rep.Results {
		if res.Outcome == contracttest.Fail {
			failed = append(failed, res.Name)
		}
	}
	// updateTask sends a description of its own, so its read-back passes.
	want := []string{
		"createRecordTask (POST /api/v1/records/{recordId}/tasks)",
		"listRecordTasks (GET /api/v1/records/{recordId}/tasks) reads back createRecordTask",
		"exercised createRecordTask",
	}
	if !slices.Equal(failed, want) {
		t.Errorf("failed checks:\n%q\nwant\n%q\n%s", failed, want, rep.Summary())
	}
	if !strings.Contains(rep.Summary(), "task.descriptionPlain is missing, want \"Contract descriptionPlain") {
		t.Errorf("the failure does not name the property:\n%s", rep.Summary())
	}
}

// unsent lists the properties that a write's request and its answer both declare
// but no step of the run sends, with the reason.
var unsent = map[string]string{
	"createCrmField.computeExpression":    "computed fields only; the run's field is a select",
	"createCrmField.defaultValueTemplate": "a template the API renders; the run sets defaultValue",
	"createCrmField.isComputed":           "computed fields only; the run's field is a select",
	"createCrmField.isIdentifier":         "identifier fields name records; the run's field is a select",
	"createCrmField.relationCardinality":  "relation fields only; the run's field is a select",
	"createCrmField.targetObjectTypeId":   "relation fields only; the run's field is a select",
	"updateCrmField.computeExpression":    "computed fields only; the run's field is a select",
	"updateCrmField.defaultValueTemplate": "a template the API renders; the run sets defaultValue",
	"updateCrmField.isComputed":           "computed fields only; the run's field is a select",
	"updateCrmField.isIdentifier":         "identifier fields name records; the run's field is a select",
	"updateCrmField.targetObjectTypeId":   "relation fields only; the run's field is a select",
	"updateCrmObject.isActive":            "the run goes on writing fields and views on its object",
	"createRecord.objectTypeId":           "the run names the object type by slug (objectTypeSlug), the other way to name it",
	"createRecordTask.conversationId":     "the run's conversation comes after its task, and only with AllowSend",
	"updateTask.status":                   "completeTask sets it, and the read-back after it checks it",
	"legacyCreateAttribute.isMultiSelect": "SELECT attributes only; the run's is TEXT",
	"legacyUpdateAttribute.options":       "select attributes only; the run's is TEXT",
	"legacyCreateLead.lists":              "legacyAddLeadsToList adds the lead to the run's list; its read-back needs the lead outside it first",
	"legacyCreateLead.tags":               "legacyUpdateLead tags the lead; its read-back needs the lead untagged first",
	"legacyUpdateLead.is_company":         "it would make the run's person lead a company",
	"legacyCreateReminder.cron":           "the run's reminder has a date; legacyUpdateReminder sets a cron",
}

// Every property that a write's request and its answer both declare is sent by a
// step of the run that the server accepts, or is listed in unsent: so a property
// the spec adds fails this test until the run sends it (free text it sends by
// itself), and then a server that drops it fails the run.
func TestSuiteSendsWhatAnswersDeclare(t *testing.T) {
	t.Parallel()
	v, err := contracttest.NewValidator("http://mock.test")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	sent := map[string]bool{}
	record := func(r *http.Request, rec *recorder) {
		var body map[string]any
		b, _ := io.ReadAll(r.Body)
		if rec.status >= 300 || json.Unmarshal(b, &body) != nil {
			return
		}
		q := r.Clone(r.Context())
		q.URL.Scheme, q.URL.Host = "http", "mock.test"
		op, _, _, err := v.Find(q)
		if err != nil {
			return
		}
		if inner, ok := body["data"].(map[string]any); ok && op.ID == "legacyUpdateLead" {
			body = inner
		}
		mu.Lock()
		defer mu.Unlock()
		for k := range body {
			sent[op.ID+"."+k] = true
		}
	}
	keep := func(r *http.Request) { // the body again for record, after the mock read it
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	target := mockTarget(t, mockserver.Options{}, breakage{request: keep, response: func(r *http.Request, rec *recorder) {
		r.Body, _ = r.GetBody()
		record(r, rec)
	}}.wrap)
	rep, err := contracttest.Check(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed() {
		t.Fatalf("the run failed:\n%s", rep.Summary())
	}
	for _, op := range rep.Operations {
		if op.Method == http.MethodGet || op.Op.RequestBody == nil || strings.HasSuffix(op.Path, "/list") {
			continue
		}
		in := op.Op.RequestBody.Value.Content.Get("application/json").Schema.Value
		if op.ID == "legacyUpdateLead" {
			in = in.Properties["data"].Value
		}
		out := op.Op.Responses.Value(strconv.Itoa(op.SuccessStatus())).Value.Content.Get("application/json").Schema.Value
		declared := maps.Clone(out.Properties)
		for _, p := range out.Properties {
			maps.Copy(declared, p.Value.Properties)
		}
		for _, name := range slices.Sorted(maps.Keys(in.Properties)) {
			key := op.ID + "." + name
			switch {
			case declared[name] == nil:
			case sent[key] && unsent[key] != "":
				t.Errorf("%s is sent now: take it off unsent", key)
			case !sent[key] && unsent[key] == "":
				t.Errorf("%s: the request and the answer declare it, and no step sends it: send it, or list it in unsent with the reason", key)
			}
		}
	}
}
