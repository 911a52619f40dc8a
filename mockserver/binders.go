package mockserver

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/oapi-codegen/runtime"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// binders serve the busiest operations with query parameters in place of
// oapi-codegen's wrappers, which parse the whole query once per parameter
// (eight times for listRecords, an eighth of its cost). A binder parses the
// query once, binds each parameter with the same runtime call and options the
// wrapper uses, and calls the same handler; TestBindersMatchTheGeneratedWrappers
// holds each to its wrapper's parameters and errors.
func binders(si bc.ServerInterface, fail func(http.ResponseWriter, *http.Request, error)) map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"GET /api/v1/records": func(w http.ResponseWriter, r *http.Request) {
			var p bc.ListRecordsParams
			if bindQuery(w, r, fail, []queryParam{
				{"workspaceId", "string", &p.WorkspaceID},
				{"objectTypeId", "string", &p.ObjectTypeID},
				{"objectTypeSlug", "string", &p.ObjectTypeSlug},
				{"viewId", "string", &p.ViewID},
				{"archived", "boolean", &p.Archived},
				{"search", "string", &p.Search},
				{"limit", "integer", &p.Limit},
				{"cursor", "string", &p.Cursor},
			}) {
				si.ListRecords(w, r, p)
			}
		},
	}
}

// queryParam is one optional form-style query parameter and where it goes.
type queryParam struct {
	name, typ string
	dst       any
}

// bindQuery binds params from one parse of the query, reporting the first
// failure as the generated wrapper does; it returns whether all bound.
func bindQuery(w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, *http.Request, error), params []queryParam) bool {
	q := r.URL.Query()
	for _, p := range params {
		if err := bindOne(q, p); err != nil {
			var required *runtime.RequiredParameterError
			if errors.As(err, &required) {
				fail(w, r, &bc.RequiredParamError{ParamName: p.name})
			} else {
				fail(w, r, &bc.InvalidParamFormatError{ParamName: p.name, Err: err})
			}
			return false
		}
	}
	return true
}

func bindOne(q url.Values, p queryParam) error {
	return runtime.BindQueryParameterWithOptions("form", true, false, p.name, q, p.dst, runtime.BindQueryParameterOptions{Type: p.typ, Format: ""})
}
