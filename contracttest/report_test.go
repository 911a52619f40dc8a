package contracttest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// node is an XML element with its attributes and children, in order.
type node struct {
	name     string
	attrs    map[string]string
	children []*node
}

func parseXML(t *testing.T, data []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("JUnit report is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	return root
}

var (
	decimal   = regexp.MustCompile(`^\d+\.\d+$`)
	timestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$`)
	classname = regexp.MustCompile(`^[a-z-]+\.[A-Za-z]+$`)
	renamed   = regexp.MustCompile(` \[\d+\]$`) // the suffix the runner adds to a repeated name
)

// checkJUnit holds a report's JUnit XML to what the common schema requires (the
// rules of testdata/junit.xsd, and the schema itself when xmllint is installed),
// counts that add up, per-suite times and names no viewer would merge.
func checkJUnit(t *testing.T, rep *contracttest.Report) {
	t.Helper()
	var buf bytes.Buffer
	if err := rep.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	root := parseXML(t, buf.Bytes())
	if root.name != "testsuites" {
		t.Fatalf("root element %q, want testsuites", root.name)
	}
	require := func(n *node, attrs ...string) {
		t.Helper()
		for _, a := range attrs {
			if _, ok := n.attrs[a]; !ok {
				t.Errorf("<%s name=%q> has no %s attribute", n.name, n.attrs["name"], a)
			}
		}
	}
	number := func(n *node, attr string) int {
		v, err := strconv.Atoi(n.attrs[attr])
		if err != nil {
			t.Errorf("<%s name=%q> %s=%q is not an integer", n.name, n.attrs["name"], attr, n.attrs[attr])
		}
		return v
	}
	names := map[string]bool{}
	totals := map[string]int{}
	for i, suite := range root.children {
		require(suite, "name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname", "id", "package")
		if suite.attrs["id"] != strconv.Itoa(i) || !timestamp.MatchString(suite.attrs["timestamp"]) || !decimal.MatchString(suite.attrs["time"]) {
			t.Errorf("suite %q: id %q, timestamp %q, time %q", suite.attrs["name"], suite.attrs["id"], suite.attrs["timestamp"], suite.attrs["time"])
		}
		var order []string
		counts := map[string]int{}
		var elapsed float64
		for _, c := range suite.children {
			if len(order) == 0 || order[len(order)-1] != c.name {
				order = append(order, c.name)
			}
			if c.name != "testcase" {
				continue
			}
			counts["tests"]++
			require(c, "name", "classname", "time")
			if names[c.attrs["name"]] || renamed.MatchString(c.attrs["name"]) {
				t.Errorf("test name %q repeats", c.attrs["name"])
			}
			names[c.attrs["name"]] = true
			if !classname.MatchString(c.attrs["classname"]) {
				t.Errorf("%q: classname %q, want group.operation", c.attrs["name"], c.attrs["classname"])
			}
			seconds, err := strconv.ParseFloat(c.attrs["time"], 64)
			if err != nil {
				t.Errorf("%q: time %q", c.attrs["name"], c.attrs["time"])
			}
			elapsed += seconds
			if len(c.children) > 1 {
				t.Errorf("%q has %d outcomes", c.attrs["name"], len(c.children))
			}
			for _, o := range c.children {
				switch o.name {
				case "failure":
					counts["failures"]++
					require(o, "message", "type")
				case "error":
					counts["errors"]++
					require(o, "message", "type")
				case "skipped":
					counts["skipped"]++
					require(o, "message")
				default:
					t.Errorf("%q holds <%s>", c.attrs["name"], o.name)
				}
			}
		}
		if got := strings.Join(order, " "); got != "properties testcase system-out system-err" && got != "properties system-out system-err" {
			t.Errorf("suite %q holds %s, want properties, testcases, system-out, system-err", suite.attrs["name"], got)
		}
		for _, a := range []string{"tests", "failures", "errors", "skipped"} {
			if n := number(suite, a); n != counts[a] {
				t.Errorf("suite %q: %s=%d, but it holds %d", suite.attrs["name"], a, n, counts[a])
			}
			totals[a] += counts[a]
		}
		if suiteTime, _ := strconv.ParseFloat(suite.attrs["time"], 64); suiteTime < elapsed-0.001*float64(counts["tests"]+1) || suiteTime > elapsed+0.001*float64(counts["tests"]+1) {
			t.Errorf("suite %q: time %s, but its cases took %.3f s", suite.attrs["name"], suite.attrs["time"], elapsed)
		}
	}
	for a, n := range totals {
		if number(root, a) != n {
			t.Errorf("testsuites %s=%s, but the suites hold %d", a, root.attrs[a], n)
		}
	}
	if xmllint, err := exec.LookPath("xmllint"); err == nil {
		file := filepath.Join(t.TempDir(), "report.xml")
		if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(xmllint, "--noout", "--schema", "testdata/junit.xsd", file).CombinedOutput(); err != nil {
			t.Errorf("xmllint: %v\n%s", err, out)
		}
	}
}

// Every report is JUnit that CI tools read: a passing run, one that failed, and
// one cut short, whose report says why in an error.
func TestJUnitReports(t *testing.T) {
	t.Parallel()
	budget := mockTarget(t, mockserver.Options{}, noWrap)
	budget.MaxRequests = 40
	srv := exampleServer(t)
	for name, target := range map[string]contracttest.Target{
		"passing":   {}, // mockRun's
		"failing":   {BaseURL: srv.URL, Keys: contracttest.Keys{Full: "bc_live_anything", Legacy: "breakcold-usr-anything"}},
		"cut short": budget,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			run := func() (*contracttest.Report, error) { return contracttest.Check(context.Background(), target) }
			if target.BaseURL == "" {
				run = mockRun
			}
			rep, err := run()
			if err != nil {
				t.Fatal(err)
			}
			checkJUnit(t, rep)
			var buf bytes.Buffer
			if err := rep.WriteJUnit(&buf); err != nil {
				t.Fatal(err)
			}
			stopped := bytes.Contains(buf.Bytes(), []byte(`<error message="the request budget of 40 was spent`))
			if stopped != (name == "cut short") {
				t.Errorf("the report says the run stopped: %v", stopped)
			}
		})
	}
}

// -format json gives machines the outcome, the counts, the coverage unless the run
// stopped early, and every result.
func TestJSONReport(t *testing.T) {
	t.Parallel()
	target := mockTarget(t, mockserver.Options{}, noWrap)
	target.MaxRequests = 40
	rep, err := contracttest.Check(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Outcome  string
		Coverage *struct{ Operations int }
		Passed   int
		Results  []struct{ Group, Name, Classname, Outcome string }
	}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Outcome != string(contracttest.StopBudget) || got.Coverage != nil || len(got.Results) != len(rep.Results) || got.Passed == 0 {
		t.Errorf("got outcome %q, coverage %v, %d results, %d passed", got.Outcome, got.Coverage, len(got.Results), got.Passed)
	}
	if r := got.Results[0]; r.Classname != "conformance.listWorkspaces" || r.Outcome != contracttest.Pass {
		t.Errorf("first result %+v", r)
	}
}
