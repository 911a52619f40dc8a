package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/client/webhook"
	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// The -mock run checks what the mock sent to its receiver, and says how many.
func TestMockRunChecksItsDeliveries(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	code, err := run(context.Background(), []string{"-mock", "-quiet", "-format", "json"}, env(nil), &out, io.Discard)
	if err != nil || code != exitPass {
		t.Fatalf("exit %d, err %v", code, err)
	}
	var rep struct {
		Results []struct{ Group, Outcome string }
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rep.Results {
		if r.Group == "webhooks" {
			n++
			if r.Outcome != contracttest.Pass {
				t.Errorf("a delivery check %s", r.Outcome)
			}
		}
	}
	if n == 0 {
		t.Error("the -mock run checked no webhook delivery")
	}
	var text bytes.Buffer
	if code, _ := run(context.Background(), []string{"-mock", "-quiet"}, env(nil), &text, io.Discard); code != exitPass ||
		!regexp.MustCompile(`webhooks: [1-9]\d* deliveries of the mock checked against the spec's webhooks, 0 failed`).MatchString(text.String()) {
		t.Errorf("summary: %s", text.String())
	}
}

// A delivery signed with a clock that ran ahead fails the check a receiver
// with client/webhook's defaults makes, and so does a mock that sent nothing.
func TestDeliveryChecksFail(t *testing.T) {
	t.Parallel()
	d, err := newDeliveries()
	if err != nil {
		t.Fatal(err)
	}
	defer d.close()
	srv := mockserver.StartInProcess(t, mockserver.Options{})
	d.mock = srv.Server
	var rep contracttest.Report
	if checked, failed := d.check(&rep); checked != 0 || failed != 1 {
		t.Errorf("no delivery: checked %d, failed %d; want 0 and 1", checked, failed)
	}
	body := `{"eventId":"evt_1","timestamp":"2026-01-02T03:04:05.000Z","workspaceId":"wk_1","event":"record.created","data":{}}`
	ahead := time.Now().Add(301 * time.Second) // the mock's clock after a contract run
	req, _ := http.NewRequest(http.MethodPost, d.srv.URL+"/hooks", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(ahead.Unix(), 10))
	req.Header.Set(webhook.HeaderSignature, webhook.Sign(d.secret, ahead, []byte(body)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	rep = contracttest.Report{}
	checked, failed := d.check(&rep)
	if checked != 1 || failed != 1 || !strings.Contains(rep.Results[0].Message, "a receiver with client/webhook's defaults refuses it") {
		t.Errorf("checked %d, failed %d, results %+v; want the delivery refused for its age", checked, failed, rep.Results)
	}
}
