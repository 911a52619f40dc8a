package mockserver

import (
	"encoding/json"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// maxAdvance bounds one clock advance: ten years is far more than any window or
// expiry a test needs, and far less than where the clock's arithmetic overflows.
const maxAdvance = 10 * 365 * 24 * time.Hour

// advanceBy checks the seconds of POST /_mock/clock/advance.
func advanceBy(seconds float64) (time.Duration, *apiError) {
	switch {
	case math.IsNaN(seconds) || math.IsInf(seconds, 0):
		return 0, invalid("seconds", "must be a finite number")
	case seconds <= 0:
		return 0, invalid("seconds", "must be positive; the clock only moves forward")
	case seconds > maxAdvance.Seconds():
		return 0, invalid("seconds", "must be at most %.0f (ten years)", maxAdvance.Seconds())
	}
	return time.Duration(seconds * float64(time.Second)), nil
}

// ambiguousPrefix is the 409 for a revoke whose prefix names several keys.
func ambiguousPrefix(prefix string, matches []Key) *apiError {
	names := make([]string, len(matches))
	for i, k := range matches {
		names[i] = k.Name
	}
	e := errorf(http.StatusConflict, bc.ErrorCodeConflict, "%d active keys have the prefix %s (named %q); add ?name= to pick one", len(matches), prefix, strings.Join(names, `", "`))
	for _, k := range matches {
		e.Details = append(e.Details, bc.ErrorDetail{Field: "prefix", Message: k.Prefix + " " + k.Name})
	}
	return e
}

// endOfJSON checks that nothing but white space follows the value dec read.
func endOfJSON(dec *json.Decoder) error {
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return errors.New("data after the JSON value")
		}
		return err
	}
	return nil
}
