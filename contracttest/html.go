package contracttest

import (
	_ "embed"
	"html/template"
	"io"
	"sort"
	"time"
)

//go:embed report.html.tmpl
var htmlTemplate string

var reportPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"ms": func(d time.Duration) string { return d.Round(time.Millisecond).String() },
}).Parse(htmlTemplate))

// htmlReport is what the page shows: failures first, then coverage per
// operation, then skips and passes, collapsed.
type htmlReport struct {
	Target, Outcome, StopDetail string
	Started                     time.Time
	Duration                    time.Duration
	Requests                    int
	Passed, Failed, Skipped     int
	Coverage                    *jsonCoverage
	Waits                       string
	Failures, Skips, Passes     []Result
	Operations                  []htmlOperation
}

type htmlOperation struct {
	ID, Method, Path string
	Exercised        bool
	Statuses         []htmlStatus
}

type htmlStatus struct {
	Code int
	Seen bool
}

// WriteHTML writes the report as one self-contained HTML page for people: a
// summary, the failures first with their request, the answer, the rule that
// failed and a curl line that reproduces it, the coverage of every operation,
// then the skipped and passed checks, collapsed. It loads nothing from the
// network, so it opens from a CI artefact as it is.
func (r *Report) WriteHTML(w io.Writer) error {
	pass, fail, skip := r.Counts()
	page := htmlReport{
		Target: r.Target, Outcome: "passed", StopDetail: r.StopDetail, Started: r.Started, Duration: r.Duration,
		Requests: r.Requests, Passed: pass, Failed: fail, Skipped: skip, Waits: r.waitSummary(),
	}
	switch {
	case r.Stopped != "":
		page.Outcome = "stopped: " + string(r.Stopped)
	case r.Failed():
		page.Outcome = "failed"
	}
	if r.Stopped == "" && len(r.Operations) > 0 {
		c := &jsonCoverage{}
		c.Exercised, c.Operations, c.ResponsesSeen, c.Responses = r.Coverage()
		page.Coverage = c
	}
	for _, x := range r.Results {
		switch x.Outcome {
		case Fail:
			page.Failures = append(page.Failures, x)
		case Skip:
			page.Skips = append(page.Skips, x)
		default:
			page.Passes = append(page.Passes, x)
		}
	}
	for _, op := range r.Operations {
		o := htmlOperation{ID: op.ID, Method: op.Method, Path: op.Path, Exercised: r.Exercised[op.ID]}
		for _, st := range op.Statuses() {
			o.Statuses = append(o.Statuses, htmlStatus{Code: st, Seen: r.Seen[op.ID][st]})
		}
		page.Operations = append(page.Operations, o)
	}
	// Operations not exercised first: they are what a reader looks for.
	sort.SliceStable(page.Operations, func(i, j int) bool {
		return !page.Operations[i].Exercised && page.Operations[j].Exercised
	})
	return reportPage.Execute(w, page)
}
