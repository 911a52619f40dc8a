package contracttest

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/breakcold-go/breakcold/apispec"
)

// Report is the outcome of a run.
type Report struct {
	Target     string
	Results    []Result
	Operations []apispec.Operation
	// Seen lists, per operation id, the statuses of the answers that matched the spec.
	Seen map[string]map[int]bool
	// Exercised lists the operations that passed a conformance check: the status it
	// asked for, in an answer that matches the spec and reflects what the run wrote.
	Exercised map[string]bool
	Requests  int
	Waits     []Wait
	Started   time.Time
	Duration  time.Duration
	// Stopped says why the run ended before its last check; "" when it ran them all.
	// A run that stopped early claims no coverage.
	Stopped    StopReason
	StopDetail string
}

// Failed reports whether the run did not pass: a check failed, or the run stopped
// before it had checked everything.
func (r *Report) Failed() bool {
	if r.Stopped != "" {
		return true
	}
	for _, x := range r.Results {
		if x.Outcome == Fail {
			return true
		}
	}
	return false
}

// Counts returns how many checks passed, failed and were skipped.
func (r *Report) Counts() (pass, fail, skip int) {
	for _, x := range r.Results {
		switch x.Outcome {
		case Pass:
			pass++
		case Fail:
			fail++
		default:
			skip++
		}
	}
	return
}

// Coverage returns how many operations were exercised (see Exercised), and how many of the documented (operation, status) pairs were seen in
// answers that match the spec.
func (r *Report) Coverage() (opsSeen, ops, respSeen, resps int) {
	for _, op := range r.Operations {
		ops++
		if r.Exercised[op.ID] {
			opsSeen++
		}
		for _, st := range op.Statuses() {
			resps++
			if r.Seen[op.ID][st] {
				respSeen++
			}
		}
	}
	return
}

// summaryFailures caps the failures Summary details; the reports hold them all.
const summaryFailures = 30

// Summary is a few lines for people: counts, coverage or why there is none, waits,
// skip reasons and the failures.
func (r *Report) Summary() string {
	var b strings.Builder
	pass, fail, skip := r.Counts()
	fmt.Fprintf(&b, "contract run against %s: %d passed, %d failed, %d skipped in %s (%d requests)\n",
		r.Target, pass, fail, skip, r.Duration.Round(time.Millisecond), r.Requests)
	if r.Stopped != "" {
		fmt.Fprintf(&b, "stopped early: %s; coverage not claimed\n", r.StopDetail)
	} else if len(r.Operations) > 0 { // a receiver check has no operations to cover
		opsSeen, ops, respSeen, resps := r.Coverage()
		fmt.Fprintf(&b, "coverage: %d/%d operations exercised, %d/%d documented responses seen\n", opsSeen, ops, respSeen, resps)
	}
	if w := r.waitSummary(); w != "" {
		fmt.Fprintf(&b, "waits: %s\n", w)
	}
	if skip > 0 {
		fmt.Fprintf(&b, "skipped: %s\n", r.skipSummary())
	}
	uncovered := map[string][]string{}
	var reasons []string
	shown := 0
	for _, x := range r.Results {
		if x.Outcome != Fail {
			continue
		}
		if x.Group == "coverage" {
			if uncovered[x.Message] == nil {
				reasons = append(reasons, x.Message)
			}
			uncovered[x.Message] = append(uncovered[x.Message], x.Operation)
			continue
		}
		if shown++; shown > summaryFailures {
			continue
		}
		fmt.Fprintf(&b, "\nFAIL %s: %s\n", x.Name, x.Message)
		if x.Request != "" {
			fmt.Fprintf(&b, "  request: %s -> %d\n  reproduce: %s\n", x.Request, x.Status, x.Curl)
		}
	}
	if shown > summaryFailures {
		fmt.Fprintf(&b, "\n… and %d more failures, each in the JUnit, JSON or HTML report\n", shown-summaryFailures)
	}
	for _, why := range reasons {
		fmt.Fprintf(&b, "\nFAIL coverage: %d operations, %s: %s\n", len(uncovered[why]), why, strings.Join(uncovered[why], ", "))
	}
	return b.String()
}

func (r *Report) waitSummary() string {
	var slept, moved []Wait
	for _, w := range r.Waits {
		if w.Clock {
			moved = append(moved, w)
		} else {
			slept = append(slept, w)
		}
	}
	total := func(ws []Wait) int {
		n := 0
		for _, w := range ws {
			n += w.Seconds
		}
		return n
	}
	var parts []string
	if len(slept) > 0 {
		parts = append(parts, fmt.Sprintf("slept %d times, %d s in all", len(slept), total(slept)))
	}
	if len(moved) > 0 {
		parts = append(parts, fmt.Sprintf("moved the mock's clock %d times, %d s in all, instead of waiting", len(moved), total(moved)))
	}
	return strings.Join(parts, "; ")
}

// skipSummary counts the skipped checks by reason, most common first.
func (r *Report) skipSummary() string {
	count := map[string]int{}
	for _, x := range r.Results {
		if x.Outcome == Skip {
			count[x.Message]++
		}
	}
	reasons := make([]string, 0, len(count))
	for why := range count {
		reasons = append(reasons, why)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if count[reasons[i]] != count[reasons[j]] {
			return count[reasons[i]] > count[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	parts := make([]string, len(reasons))
	for i, why := range reasons {
		parts[i] = fmt.Sprintf("%d %s", count[why], why)
	}
	return strings.Join(parts, "; ")
}

// Run checks the target from a Go test: each check is a subtest, so failures name
// the operation and carry the request and a curl line that reproduces it.
func Run(t *testing.T, target Target) *Report {
	t.Helper()
	rep, err := Check(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range rep.Results {
		t.Run(res.Group+"/"+res.Name, func(t *testing.T) {
			switch res.Outcome {
			case Skip:
				t.Skip(res.Message)
			case Fail:
				t.Error(res.detail())
			}
		})
	}
	if rep.Stopped != "" {
		t.Errorf("the run stopped early: %s", rep.StopDetail)
	}
	opsSeen, ops, respSeen, resps := rep.Coverage()
	t.Logf("coverage: %d/%d operations, %d/%d documented responses; %d requests", opsSeen, ops, respSeen, resps, rep.Requests)
	return rep
}

// detail is a failure's message with the request and its reproduction.
func (x Result) detail() string {
	if x.Request == "" {
		return x.Message
	}
	return fmt.Sprintf("%s\nrequest: %s -> %d\nreproduce: %s", x.Message, x.Request, x.Status, x.Curl)
}

// The JUnit elements, as the common schema (Ant's JUnit.xsd, which Jenkins and most
// CI viewers accept) orders and requires them.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Package    string          `xml:"package,attr"`
	ID         int             `xml:"id,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Hostname   string          `xml:"hostname,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Time       string          `xml:"time,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out"`
	SystemErr  string          `xml:"system-err"`
	elapsed    time.Duration
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Error     *junitProblem `xml:"error,omitempty"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// WriteJUnit writes the report as JUnit XML, one test suite per group. A run that
// stopped early gets a "run" suite whose one case is an error saying why, so a
// partial report never reads as a pass.
func (r *Report) WriteJUnit(w io.Writer) error {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	outcome := "completed"
	if r.Stopped != "" {
		outcome = string(r.Stopped)
	}
	out := junitSuites{Name: "breakcold-contract", Time: seconds(r.Duration)}
	index := map[string]int{}
	suite := func(group string) *junitSuite {
		i, ok := index[group]
		if !ok {
			i = len(out.Suites)
			index[group] = i
			out.Suites = append(out.Suites, junitSuite{
				Name: "breakcold-contract." + group, Package: "breakcold-contract", ID: i,
				Timestamp: r.Started.UTC().Format("2006-01-02T15:04:05"), Hostname: host,
				Properties: []junitProperty{{"target", r.Target}, {"outcome", outcome}},
			})
		}
		return &out.Suites[i]
	}
	for _, res := range r.Results {
		s := suite(res.Group)
		c := junitCase{Name: res.Name, ClassName: res.ClassName(), Time: seconds(res.Duration)}
		switch res.Outcome {
		case Fail:
			s.Failures++
			c.Failure = &junitProblem{Message: res.Message, Type: res.Group, Text: res.detail()}
		case Skip:
			s.Skipped++
			c.Skipped = &junitSkipped{Message: res.Message}
		}
		s.Tests++
		s.elapsed += res.Duration
		s.Cases = append(s.Cases, c)
	}
	if r.Stopped != "" {
		s := suite("run")
		s.Tests++
		s.Errors++
		s.Cases = append(s.Cases, junitCase{Name: "the run checked everything", ClassName: "run.all", Time: seconds(0),
			Error: &junitProblem{Message: r.StopDetail, Type: string(r.Stopped), Text: r.StopDetail + "; the checks after it did not run"}})
		s.SystemErr = r.StopDetail
	}
	for i := range out.Suites {
		s := &out.Suites[i]
		s.Time = seconds(s.elapsed)
		out.Tests += s.Tests
		out.Failures += s.Failures
		out.Errors += s.Errors
		out.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// jsonReport is the report's shape for machines (WriteJSON).
type jsonReport struct {
	Target     string        `json:"target"`
	Outcome    string        `json:"outcome"` // passed, failed, or a StopReason
	StopDetail string        `json:"stopDetail,omitempty"`
	Started    time.Time     `json:"started"`
	DurationMS int64         `json:"durationMs"`
	Requests   int           `json:"requests"`
	Passed     int           `json:"passed"`
	Failed     int           `json:"failed"`
	Skipped    int           `json:"skipped"`
	Coverage   *jsonCoverage `json:"coverage"` // null when the run stopped early
	Waits      []Wait        `json:"waits"`
	Results    []jsonResult  `json:"results"`
}

type jsonCoverage struct {
	Operations    int `json:"operations"`
	Exercised     int `json:"exercised"`
	Responses     int `json:"documentedResponses"`
	ResponsesSeen int `json:"documentedResponsesSeen"`
}

type jsonResult struct {
	Group      string `json:"group"`
	Name       string `json:"name"`
	ClassName  string `json:"classname"`
	Operation  string `json:"operation,omitempty"`
	Outcome    string `json:"outcome"`
	Message    string `json:"message,omitempty"`
	Request    string `json:"request,omitempty"`
	Status     int    `json:"status,omitempty"`
	Curl       string `json:"curl,omitempty"`
	Response   string `json:"response,omitempty"`
	DurationMS int64  `json:"durationMs"`
}

// WriteJSON writes the report as one JSON object, for machines.
func (r *Report) WriteJSON(w io.Writer) error {
	pass, fail, skip := r.Counts()
	out := jsonReport{
		Target: r.Target, Outcome: "passed", StopDetail: r.StopDetail, Started: r.Started,
		DurationMS: r.Duration.Milliseconds(), Requests: r.Requests,
		Passed: pass, Failed: fail, Skipped: skip, Waits: r.Waits, Results: []jsonResult{},
	}
	switch {
	case r.Stopped != "":
		out.Outcome = string(r.Stopped)
	case r.Failed():
		out.Outcome = "failed"
	}
	if out.Waits == nil {
		out.Waits = []Wait{}
	}
	if r.Stopped == "" {
		c := &jsonCoverage{}
		c.Exercised, c.Operations, c.ResponsesSeen, c.Responses = r.Coverage()
		out.Coverage = c
	}
	for _, x := range r.Results {
		out.Results = append(out.Results, jsonResult{
			Group: x.Group, Name: x.Name, ClassName: x.ClassName(), Operation: x.Operation, Outcome: x.Outcome,
			Message: x.Message, Request: x.Request, Status: x.Status, Curl: x.Curl, Response: x.Response, DurationMS: x.Duration.Milliseconds(),
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
