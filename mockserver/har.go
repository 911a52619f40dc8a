package mockserver

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/): the journal as
// browsers' developer tools, proxies and HAR viewers read it. Times are the
// mock's clock; secrets are shown by prefix, as everywhere in the journal.
// Fields that start with _ are the journal's own, which HAR allows.

type harFile struct {
	Log harLog `json:"log"`
}

type harLog struct {
	Version string     `json:"version"`
	Creator harCreator `json:"creator"`
	Entries []harEntry `json:"entries"`
}

type harCreator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type harEntry struct {
	StartedDateTime string      `json:"startedDateTime"`
	Time            float64     `json:"time"` // milliseconds
	Request         harRequest  `json:"request"`
	Response        harResponse `json:"response"`
	Cache           struct{}    `json:"cache"`
	Timings         harTimings  `json:"timings"`
	RequestID       string      `json:"_requestId"`
	Operation       string      `json:"_operation,omitempty"`
	KeyPrefix       string      `json:"_keyPrefix,omitempty"`
	Region          Region      `json:"_region"`
	Fault           int         `json:"_fault,omitempty"`
	Error           string      `json:"_error,omitempty"`
}

type harRequest struct {
	Method      string       `json:"method"`
	URL         string       `json:"url"`
	HTTPVersion string       `json:"httpVersion"`
	Cookies     []harPair    `json:"cookies"`
	Headers     []harPair    `json:"headers"`
	QueryString []harPair    `json:"queryString"`
	PostData    *harPostData `json:"postData,omitempty"`
	HeadersSize int          `json:"headersSize"`
	BodySize    int64        `json:"bodySize"`
}

type harResponse struct {
	Status      int        `json:"status"`
	StatusText  string     `json:"statusText"`
	HTTPVersion string     `json:"httpVersion"`
	Cookies     []harPair  `json:"cookies"`
	Headers     []harPair  `json:"headers"`
	Content     harContent `json:"content"`
	RedirectURL string     `json:"redirectURL"`
	HeadersSize int        `json:"headersSize"`
	BodySize    int64      `json:"bodySize"`
}

type harPair struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type harPostData struct {
	MimeType string `json:"mimeType"`
	Text     string `json:"text"`
}

type harContent struct {
	Size     int64  `json:"size"`
	MimeType string `json:"mimeType"`
	Text     string `json:"text,omitempty"`
	Encoding string `json:"encoding,omitempty"`
}

type harTimings struct {
	Send    float64 `json:"send"`
	Wait    float64 `json:"wait"`
	Receive float64 `json:"receive"`
}

// WriteHAR writes the journal entries f picks as a HAR 1.2 file, as
// GET /_mock/journal.har answers and breakcold-mock -har writes on exit.
func (s *Server) WriteHAR(w io.Writer, f JournalFilter) error {
	h := harFile{Log: harLog{Version: "1.2", Creator: harCreator{Name: "breakcold-mock", Version: s.opts.Version}, Entries: []harEntry{}}}
	for _, e := range s.journal.pick(f) {
		h.Log.Entries = append(h.Log.Entries, e.har())
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(h)
}

func (e *jentry) har() harEntry {
	v := e.view(true)
	ms := float64(v.DurationUS) / 1000
	proto := e.proto
	if proto == "" {
		proto = "HTTP/1.1"
	}
	host := e.host
	if host == "" {
		host = "localhost"
	}
	u := "http://" + host + v.Path
	if v.Query != "" {
		u += "?" + v.Query
	}
	out := harEntry{
		StartedDateTime: v.Time.UTC().Format(time.RFC3339Nano), Time: ms,
		Request: harRequest{
			Method: v.Method, URL: u, HTTPVersion: proto, Cookies: []harPair{},
			Headers: harHeaders(v.Request.Header), QueryString: harQuery(v.Query), HeadersSize: -1, BodySize: v.Request.BodySize,
		},
		Response: harResponse{
			Status: v.Status, StatusText: http.StatusText(v.Status), HTTPVersion: proto, Cookies: []harPair{},
			Headers: []harPair{}, HeadersSize: -1, BodySize: -1, Content: harContent{MimeType: "x-unknown"},
		},
		Timings:   harTimings{Send: 0, Wait: ms, Receive: 0},
		RequestID: v.RequestID, Operation: v.Operation, KeyPrefix: v.KeyPrefix, Region: v.Region, Fault: v.Fault,
	}
	if v.Request.Body != "" {
		out.Request.PostData = &harPostData{MimeType: v.Request.Header.Get("Content-Type"), Text: v.Request.Body}
	}
	if rs := v.Response; rs != nil {
		out.Response.Headers = harHeaders(rs.Header)
		out.Response.BodySize = rs.BodySize
		out.Response.Content = harContent{Size: rs.BodySize, MimeType: rs.Header.Get("Content-Type"), Text: rs.Body, Encoding: rs.BodyEncoding}
	}
	if v.Status == 0 {
		out.Error = "the connection was dropped by an injected fault"
	}
	return out
}

// harHeaders lists h's headers by name, each value as its own pair.
func harHeaders(h http.Header) []harPair {
	out := []harPair{}
	for _, k := range slices.Sorted(maps.Keys(h)) {
		for _, v := range h[k] {
			out = append(out, harPair{Name: k, Value: v})
		}
	}
	return out
}

// harQuery lists a raw query's parameters in order, decoded; a part that is
// not valid percent-encoding is listed as written.
func harQuery(raw string) []harPair {
	out := []harPair{}
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if dk, err := url.QueryUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.QueryUnescape(v); err == nil {
			v = dv
		}
		out = append(out, harPair{Name: k, Value: v})
	}
	return out
}
