package contracttest

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"testing"
)

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
			case "skip":
				t.Skip(res.Message)
			case "fail":
				msg := res.Message
				if res.Request != "" {
					msg += fmt.Sprintf("\n  request: %s -> %d\n  reproduce: %s", res.Request, res.Status, res.Curl)
				}
				t.Error(msg)
			}
		})
	}
	opsSeen, ops, respSeen, resps := rep.Coverage()
	t.Logf("coverage: %d/%d operations, %d/%d documented responses; %d requests", opsSeen, ops, respSeen, resps, rep.Requests)
	return rep
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// WriteJUnit writes the report as JUnit XML, one test suite per group.
func (r *Report) WriteJUnit(w io.Writer) error {
	var out junitSuites
	index := map[string]int{}
	for _, res := range r.Results {
		i, ok := index[res.Group]
		if !ok {
			i = len(out.Suites)
			index[res.Group] = i
			out.Suites = append(out.Suites, junitSuite{Name: "breakcold-contract/" + res.Group})
		}
		s := &out.Suites[i]
		c := junitCase{Name: res.Name, ClassName: r.Target, Time: fmt.Sprintf("%.3f", res.Duration.Seconds())}
		switch res.Outcome {
		case "fail":
			s.Failures++
			text := res.Message
			if res.Request != "" {
				text += fmt.Sprintf("\nrequest: %s -> %d\nreproduce: %s", res.Request, res.Status, res.Curl)
			}
			c.Failure = &junitFailure{Message: res.Message, Text: text}
		case "skip":
			s.Skipped++
			c.Skipped = &junitSkipped{Message: res.Message}
		}
		s.Tests++
		s.Cases = append(s.Cases, c)
	}
	for i := range out.Suites {
		out.Suites[i].Time = fmt.Sprintf("%.3f", r.Duration.Seconds())
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
