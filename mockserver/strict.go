package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// readBody reads the whole request body under the cap before anything else looks
// at the request, so an oversized body is 413 whoever sends it, as the package
// doc's order of checks says. The body is put back for the validator and handler,
// and returned for the journal (what was read of it, on an error).
func readBody(r *http.Request, limit int64, w http.ResponseWriter) ([]byte, *apiError) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return data, asAPIError(err)
	case err != nil:
		// Malformed chunked encoding or fewer bytes than Content-Length: the
		// client broke its body, so it is a 400, not the mock's 500.
		return data, invalid("body", "the request body cannot be read: %v", err)
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	return data, nil
}

// strictInput refuses what schema validation does not look at: a query that is
// not valid percent-encoding, a body without a Content-Type or of a type the
// operation does not declare, and a JSON body followed by anything but white space.
//
// body is the request body as readBody buffered it: it is not read again. A JSON
// body comes back decoded (as encoding/json decodes into any), for validation;
// decoded is nil for any other.
func strictInput(r *http.Request, op *specdata.Operation, body []byte) (decoded *any, _ *apiError) {
	if !plainQuery(r.URL.RawQuery) {
		if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
			return nil, invalid("query", "not valid percent-encoding: %v", err)
		}
	}
	if op.Body == nil || r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		// A body without a type is not JSON to Breakcold's body parser: refuse it
		// rather than guess.
		if len(bytes.TrimSpace(body)) > 0 {
			return nil, errorf(http.StatusUnsupportedMediaType, bc.ErrorCodeUnsupportedMediaType, "a request body needs a Content-Type; this operation takes %s", strings.Join(op.Body.Types, ", "))
		}
		return nil, nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if ct != "" && (err != nil || !slices.Contains(op.Body.Types, mt)) {
		return nil, errorf(http.StatusUnsupportedMediaType, bc.ErrorCodeUnsupportedMediaType, "Content-Type %q is not one this operation takes (%s)", ct, strings.Join(op.Body.Types, ", "))
	}
	if (mt == "application/json" || strings.HasSuffix(mt, "+json")) && len(bytes.TrimSpace(body)) > 0 {
		v, err := specdata.DecodeJSON(body)
		if err != nil {
			// Say what is wrong as a decoder reading the stream finds it.
			dec := json.NewDecoder(bytes.NewReader(body))
			err = dec.Decode(&v)
			if err == nil {
				err = endOfJSON(dec)
			}
			return nil, invalid("body", "not one JSON value: %v", err)
		}
		return &v, nil
	}
	return nil, nil
}

// plainQuery reports, without allocating, that a raw query has nothing
// url.ParseQuery refuses: no semicolon, and every % followed by two hex digits.
// A query it doubts goes to url.ParseQuery, which says what is wrong.
func plainQuery(q string) bool {
	for i := 0; i < len(q); i++ {
		switch q[i] {
		case ';':
			return false
		case '%':
			if i+2 >= len(q) || !isHex(q[i+1]) || !isHex(q[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// keyInText finds API keys anywhere in a path: a key pasted into a URL must not
// reach the log or the journal whole.
var keyInText = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(bc_live_|breakcold-usr-)[^/?#&=;,\s]*`) })

// redactKeys shows each key in s by its display prefix only.
func redactKeys(s string) string {
	if !strings.Contains(s, "bc_live_") && !strings.Contains(s, "breakcold-usr-") {
		return s
	}
	return keyInText().ReplaceAllStringFunc(s, func(k string) string { return displayPrefix(k) + "…" })
}
