package mockserver

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/oapi-codegen/runtime"
	openapi_types "github.com/oapi-codegen/runtime/types"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// binders serve the busiest operations in place of oapi-codegen's wrappers,
// which parse the whole query once per parameter (eight times for listRecords)
// and decode a JSON body that validation has decoded already. A binder works
// from what validation parsed and decoded (reqState.input). A query binder
// binds each parameter from the query validation parsed, with the same runtime
// call and options the wrapper uses when a value is not a plain one; a body
// binder builds the request from the decoded body and calls the handler as the
// strict wrapper does. TestBindersMatchTheGeneratedWrappers holds each to its
// wrapper's parameters, bodies and errors.
func binders(si bc.ServerInterface, ssi bc.StrictServerInterface, reqErr, respErr func(http.ResponseWriter, *http.Request, error)) map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"GET /api/v1/records": func(w http.ResponseWriter, r *http.Request) {
			var p bc.ListRecordsParams
			if bindQuery(w, r, reqErr, []queryParam{
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
		"POST /api/v1/records": func(w http.ResponseWriter, r *http.Request) {
			body, ok := recordCreateOf(stateOf(r.Context()).input)
			if !ok {
				decodeBody(r)
				si.CreateRecord(w, r)
				return
			}
			resp, err := ssi.CreateRecord(r.Context(), bc.CreateRecordRequestObject{Body: &body})
			var write func(http.ResponseWriter) error
			if resp != nil {
				write = resp.VisitCreateRecordResponse
			}
			answer(w, r, err, write, respErr)
		},
		"POST /rest/leads/list": func(w http.ResponseWriter, r *http.Request) {
			st := stateOf(r.Context())
			body, ok := leadListRequestOf(st.input, st.reqBody)
			if !ok {
				decodeBody(r)
				si.LegacyListLeads(w, r)
				return
			}
			resp, err := ssi.LegacyListLeads(r.Context(), bc.LegacyListLeadsRequestObject{Body: &body})
			var write func(http.ResponseWriter) error
			if resp != nil {
				write = resp.VisitLegacyListLeadsResponse
			}
			answer(w, r, err, write, respErr)
		},
	}
}

// decodeBody hands a binder's request to the generated wrapper, which parses the
// query and decodes the body itself: with the defaults validation added, as the
// pipeline does for every other operation.
func decodeBody(r *http.Request) {
	stateOf(r.Context()).input.Put(r)
}

// answer ends a body binder as the strict wrapper ends an operation: a handler's
// error or a failed write goes to respErr; no response (write nil) writes
// nothing.
func answer(w http.ResponseWriter, r *http.Request, err error, write func(http.ResponseWriter) error, respErr func(http.ResponseWriter, *http.Request, error)) {
	switch {
	case err != nil:
		respErr(w, r, err)
	case write != nil:
		if err := write(w); err != nil {
			respErr(w, r, err)
		}
	}
}

// recordCreateOf is createRecord's body as the generated wrapper decodes it, from
// the value validation decoded. It declines (false) whatever encoding/json would
// treat otherwise than a plain field-by-field copy: a key that is not exactly a
// field's name (encoding/json matches names case-insensitively) or a value of
// another type than the field's; the wrapper then decodes the bytes.
func recordCreateOf(in specdata.Input) (bc.RecordCreate, bool) {
	var out bc.RecordCreate
	m, ok := in.Body.(map[string]any)
	if !ok {
		return out, false
	}
	for k, v := range m {
		switch k {
		case "workspaceId":
			out.WorkspaceID, ok = v.(string)
		case "objectTypeId":
			out.ObjectTypeID, ok = optString(v)
		case "objectTypeSlug":
			out.ObjectTypeSlug, ok = optString(v)
		case "fields":
			switch f := v.(type) {
			case nil:
			case map[string]any:
				fv := bc.FieldValues(f)
				out.Fields = &fv
			default:
				ok = false
			}
		default:
			ok = false
		}
		if !ok {
			return out, false
		}
	}
	return out, true
}

// leadListRequestOf is legacyListLeads' body as the generated wrapper decodes it,
// from the value validation decoded; it declines as recordCreateOf does, and
// also when the body holds a number with a fraction or an exponent, which
// encoding/json refuses for an integer field however whole its value.
func leadListRequestOf(in specdata.Input, raw []byte) (bc.LegacyLeadListRequest, bool) {
	var out bc.LegacyLeadListRequest
	m, ok := in.Body.(map[string]any)
	if !ok || !wholeNumbers(raw) {
		return out, false
	}
	for k, v := range m {
		switch k {
		case "filter":
			out.Filter, ok = leadsFilterOf(v)
		case "pagination":
			out.Pagination, ok = pageRequestOf(v)
		default:
			ok = false
		}
		if !ok {
			return out, false
		}
	}
	return out, true
}

func leadsFilterOf(v any) (*bc.LegacyLeadsFilter, bool) {
	if v == nil {
		return nil, true
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	var f bc.LegacyLeadsFilter
	for k, v := range m {
		switch k {
		case "ai_enabled":
			f.AiEnabled, ok = optBool(v)
		case "is_company":
			f.IsCompany, ok = optBool(v)
		case "is_contract":
			f.IsContract, ok = optBool(v)
		case "is_tracked":
			f.IsTracked, ok = optBool(v)
		case "email_status":
			var s *string
			if s, ok = optString(v); s != nil {
				es := bc.LegacyLeadsFilterEmailStatus(*s)
				f.EmailStatus = &es
			}
		case "leads":
			f.Leads, ok = optUUIDs(v)
		case "not_leads":
			f.NotLeads, ok = optUUIDs(v)
		default:
			ok = false
		}
		if !ok {
			return nil, false
		}
	}
	return &f, true
}

func pageRequestOf(v any) (*bc.LegacyPageRequest, bool) {
	if v == nil {
		return nil, true
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	var p bc.LegacyPageRequest
	for k, v := range m {
		switch k {
		case "page":
			p.Page, ok = optInt(v)
		case "page_size":
			p.PageSize, ok = optInt(v)
		default:
			ok = false
		}
		if !ok {
			return nil, false
		}
	}
	return &p, true
}

// optString, optBool, optInt and optUUIDs read an optional field: null leaves it
// unset, as encoding/json does; another type than the field's declines.
func optString(v any) (*string, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case string:
		return &x, true
	}
	return nil, false
}

func optBool(v any) (*bool, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case bool:
		return &x, true
	}
	return nil, false
}

// optInt takes a whole number that an int holds exactly (encoding/json refuses
// the rest); the caller has checked the literal had no fraction or exponent.
func optInt(v any) (*int, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case float64:
		if x != math.Trunc(x) || math.Abs(x) > 1<<53 {
			return nil, false
		}
		n := int(x)
		return &n, true
	}
	return nil, false
}

func optUUIDs(v any) (*[]openapi_types.UUID, bool) {
	switch x := v.(type) {
	case nil:
		return nil, true
	case []any:
		out := make([]openapi_types.UUID, len(x))
		for i, item := range x {
			s, ok := item.(string)
			if !ok || out[i].UnmarshalText([]byte(s)) != nil {
				return nil, false
			}
		}
		return &out, true
	}
	return nil, false
}

// wholeNumbers reports that no number in a JSON text has a fraction or an
// exponent: outside strings, no digit is followed by '.', 'e' or 'E'.
func wholeNumbers(js []byte) bool {
	inString := false
	for i := 0; i < len(js); i++ {
		c := js[i]
		switch {
		case inString && c == '\\':
			i++ // the escaped byte
		case c == '"':
			inString = !inString
		case !inString && (c == '.' || c == 'e' || c == 'E') && i > 0 && js[i-1] >= '0' && js[i-1] <= '9':
			return false
		}
	}
	return true
}

// queryParam is one optional form-style query parameter and where it goes.
type queryParam struct {
	name, typ string
	dst       any
}

// bindQuery binds params from one parse of the query (validation's, which holds
// the defaults it added), reporting the first failure as the generated wrapper
// does; it returns whether all bound.
func bindQuery(w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, *http.Request, error), params []queryParam) bool {
	q := stateOf(r.Context()).input.Query
	if q == nil {
		q = r.URL.Query()
	}
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

// bindOne binds an optional parameter: absent, it is left unset; one value that
// reads plainly as a string, an int or a boolean is set directly, as the runtime
// would set it; anything else (several values, a value the type refuses) goes to
// the runtime, which binds it or says why not.
func bindOne(q url.Values, p queryParam) error {
	vals, ok := q[p.name]
	if !ok {
		return nil
	}
	if len(vals) == 1 {
		switch dst := p.dst.(type) {
		case **string:
			if p.typ == "string" {
				v := vals[0]
				*dst = &v
				return nil
			}
		case **int:
			if n, err := strconv.ParseInt(vals[0], 10, 64); err == nil && p.typ == "integer" {
				v := int(n)
				*dst = &v
				return nil
			}
		case **bool:
			if b, err := strconv.ParseBool(vals[0]); err == nil && p.typ == "boolean" {
				*dst = &b
				return nil
			}
		}
	}
	return runtime.BindQueryParameterWithOptions("form", true, false, p.name, q, p.dst, runtime.BindQueryParameterOptions{Type: p.typ, Format: ""})
}
