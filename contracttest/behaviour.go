package contracttest

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/apispec"
)

// expect runs one behaviour check: the call must answer want, documented by the spec,
// with the generation's error envelope for errors. extra may add a finding.
func (r *runner) expect(name string, c call, want int, extra func(x *exchange) string) *exchange {
	res := Result{Group: "behaviour", Name: name, Operation: c.op}
	start := time.Now()
	x, err := r.send(c)
	res.Duration = time.Since(start)
	if err != nil {
		res.Outcome, res.Message = "fail", err.Error()
		if errors.Is(err, errBudget) {
			res.Outcome, res.Message = "skip", "request budget spent"
		}
		r.add(res)
		return nil
	}
	res.Request, res.Status, res.Curl = x.request(), x.status, x.curl()
	issues := x.issues
	if x.status != want {
		issues = append([]string{fmt.Sprintf("status %d, want %d: %s", x.status, want, oneLine(string(x.resp)))}, issues...)
	} else {
		if want >= 400 {
			if msg := envelope(x); msg != "" {
				issues = append(issues, msg)
			}
		}
		if extra != nil {
			if msg := extra(x); msg != "" {
				issues = append(issues, msg)
			}
		}
	}
	res.Outcome = "pass"
	if len(issues) > 0 {
		res.Outcome, res.Message = "fail", strings.Join(issues, "; ")
	}
	r.add(res)
	return x
}

func (r *runner) skipBehaviour(name, why string) {
	r.add(Result{Group: "behaviour", Name: name, Outcome: "skip", Message: why})
}

// envelope checks an error body is the generation's envelope with a message.
func envelope(x *exchange) string {
	if x.op.Generation == apispec.Legacy {
		if str(dig(x.json, "code")) == "" || dig(x.json, "data", "httpStatus") != float64(x.status) {
			return "error body is not the legacy envelope {message, code, data:{code, httpStatus, path}}"
		}
		return ""
	}
	if str(dig(x.json, "error", "code")) == "" || str(dig(x.json, "error", "message")) == "" {
		return `error body is not the envelope {"error":{"code","message","requestId"}}`
	}
	return ""
}

func mentions(part string) func(x *exchange) string {
	return func(x *exchange) string {
		msg := str(dig(x.json, "error", "message")) + str(dig(x.json, "message"))
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(part)) {
			return fmt.Sprintf("error message %q does not mention %q", msg, part)
		}
		return ""
	}
}

func (r *runner) behaviour() {
	r.authChecks()
	r.scopeChecks()
	r.invalidInputChecks()
	r.rateLimitCheck()
	r.sweeps()
}

func (r *runner) authChecks() {
	if r.t.Keys.Full != "" {
		list := "listWorkspaces"
		r.expect("no credential is 401", call{op: list, raw: map[string]string{}}, 401, nil)
		r.expect("a non-Bearer Authorization header is 401", call{op: list, raw: map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}}, 401, nil)
		r.expect("a key without the word Bearer is 401", call{op: list, raw: map[string]string{"Authorization": r.t.Keys.Full}}, 401, nil)
		r.expect("an unknown key is 401", call{op: list, raw: map[string]string{"Authorization": "Bearer bc_live_contract_unknown_0000000000"}}, 401, nil)
		r.expect("an x-api-key header on the current API is 401", call{op: list, raw: map[string]string{"x-api-key": r.t.Keys.Full}}, 401, nil)
		if r.t.Keys.Legacy != "" {
			r.expect("a legacy key on the current API is 401", call{op: list, raw: map[string]string{"Authorization": "Bearer " + r.t.Keys.Legacy}}, 401, nil)
		}
		if r.t.OtherRegionURL != "" {
			r.expect("the key is refused in the other region (401)", call{op: list, base: r.t.OtherRegionURL}, 401, nil)
		} else {
			r.skipBehaviour("the key is refused in the other region (401)", "no OtherRegionURL")
		}
		if r.t.Control != "" {
			r.expiredKeyCheck()
		} else {
			r.skipBehaviour("an expired key is 401", "needs the mock's control API to make a key expire")
		}
	}
	if r.t.Keys.Legacy != "" {
		me := "legacyGetMe"
		r.expect("no legacy credential is 401", call{op: me, raw: map[string]string{}}, 401, nil)
		r.expect("an unknown legacy key is 401", call{op: me, raw: map[string]string{"x-api-key": "breakcold-usr-contract-unknown-000000"}}, 401, nil)
		r.expect("a Bearer header on the legacy API is 401", call{op: me, raw: map[string]string{"Authorization": "Bearer " + r.t.Keys.Legacy}}, 401, nil)
		if r.t.Keys.Full != "" {
			r.expect("a current-API key on the legacy API is 401", call{op: me, raw: map[string]string{"x-api-key": r.t.Keys.Full}}, 401, nil)
		}
	}
}

func (r *runner) expiredKeyCheck() {
	user, _ := r.state["mockUser"].(string)
	var out struct {
		Secret string `json:"secret"`
	}
	if err := r.controlCall("POST", "/keys", map[string]any{"name": "contract expiring", "userId": user, "allScopes": true, "expiresInSeconds": 30}, &out); err != nil {
		r.add(Result{Group: "behaviour", Name: "an expired key is 401", Outcome: "fail", Message: err.Error()})
		return
	}
	r.expect("a key works before it expires", call{op: "listWorkspaces", key: out.Secret}, 200, nil)
	if err := r.waitWindow(61); err != nil {
		r.add(Result{Group: "behaviour", Name: "an expired key is 401", Outcome: "fail", Message: err.Error()})
		return
	}
	r.expect("an expired key is 401", call{op: "listWorkspaces", key: out.Secret}, 401, mentions("expired"))
}

func (r *runner) scopeChecks() {
	ws, _ := r.state["workspace"].(string)
	body := map[string]any{"workspaceId": ws, "objectTypeSlug": "person", "fields": map[string]any{"name": "Contract scope check"}}
	if r.t.Keys.Restricted != "" && ws != "" && !r.t.ReadOnly {
		r.expect("a key without records:write cannot create records (403)", call{op: "createRecord", key: r.t.Keys.Restricted, body: body}, 403, mentions("records:write"))
	} else {
		r.skipBehaviour("a key without records:write cannot create records (403)", "needs a restricted key and a writable workspace")
	}
	if r.t.Keys.Limited == "" {
		r.skipBehaviour("a workspace outside the key's limit is 403", "needs a workspace-limited key")
		return
	}
	mine := r.expect("a workspace-limited key lists its workspaces", call{op: "listWorkspaces", key: r.t.Keys.Limited}, 200, nil)
	all, err := r.send(call{op: "listWorkspaces"})
	if mine == nil || err != nil {
		return
	}
	allowed := map[string]bool{}
	items, _ := dig(mine.json, "data").([]any)
	for _, it := range items {
		allowed[str(dig(it, "id"))] = true
	}
	outside := ""
	items, _ = dig(all.json, "data").([]any)
	for _, it := range items {
		if id := str(dig(it, "id")); !allowed[id] {
			outside = id
		}
	}
	if outside == "" {
		r.skipBehaviour("a workspace outside the key's limit is 403", "the full key sees no workspace outside the limited key's")
		return
	}
	r.expect("a workspace outside the key's limit is 403", call{op: "listRecords", key: r.t.Keys.Limited, query: q("workspaceId", outside)}, 403, nil)
}

func (r *runner) invalidInputChecks() {
	if r.t.Keys.Full != "" {
		if !r.t.ReadOnly {
			r.expect("a body without a required property is 400", call{op: "createRecord", body: map[string]any{"objectTypeSlug": "person"}}, 400, mentions("workspaceId"))
		}
		r.expect("a non-integer query parameter is 400", call{op: "listRecords", query: q("limit", "many")}, 400, mentions("limit"))
		r.expect("a limit above 100 is 400", call{op: "listRecords", query: q("limit", "1000")}, 400, nil)
		r.expect("an unknown record id is 404", call{op: "getRecord", vars: vars("recordId", "rc00000000000000contract00000000")}, 404, nil)
	}
	if r.t.Keys.Legacy != "" {
		if !r.t.ReadOnly {
			r.expect("a legacy body of the wrong type is 400", call{op: "legacyCreateLead", body: map[string]any{"email": 7}}, 400, nil)
		}
		r.expect("an unknown lead id is 404", call{op: "legacyGetLead", vars: vars("id", "00000000-0000-4000-8000-000000000000")}, 404, nil)
	}
}

// rateLimitCheck spends a window: the request after the last allowed one is a 429
// with Retry-After and Remaining 0, and after the reset the window is fresh.
func (r *runner) rateLimitCheck() {
	name := "spending the window gives 429 with Retry-After, then recovery"
	if r.t.Keys.Full == "" {
		r.skipBehaviour(name, "no current-API key")
		return
	}
	if r.t.Control == "" && !r.t.SlowRateLimit {
		r.skipBehaviour(name, "needs the mock's control API, or SlowRateLimit to wait out a real window")
		return
	}
	res := Result{Group: "behaviour", Name: name, Operation: "listWorkspaces"}
	fail := func(x *exchange, format string, args ...any) {
		res.Outcome, res.Message = "fail", fmt.Sprintf(format, args...)
		if x != nil {
			res.Request, res.Status, res.Curl = x.request(), x.status, x.curl()
		}
		r.add(res)
	}
	if r.t.Control != "" {
		if err := r.waitWindow(r.t.Window); err != nil { // start from a fresh window
			fail(nil, "%v", err)
			return
		}
	}
	first, err := r.sendOnce(r.ops["listWorkspaces"], call{op: "listWorkspaces"})
	if err != nil {
		fail(nil, "%v", err)
		return
	}
	strict := r.strictHeaders(first.op)
	if !strict && first.header.Get("X-RateLimit-Limit") == "" {
		r.skipBehaviour(name, "the target sends no X-RateLimit-Limit, so the window's size is unknown")
		return
	}
	limit, _ := strconv.Atoi(first.header.Get("X-RateLimit-Limit"))
	remaining, _ := strconv.Atoi(first.header.Get("X-RateLimit-Remaining"))
	if limit <= 0 {
		fail(first, "X-RateLimit-Limit is %q", first.header.Get("X-RateLimit-Limit"))
		return
	}
	if r.t.MaxRequests > 0 && r.report.Requests+remaining+2 > r.t.MaxRequests {
		r.skipBehaviour(name, "spending the window would exceed MaxRequests")
		return
	}
	var x *exchange
	for i := 0; i <= remaining; i++ {
		if x, err = r.sendOnce(r.ops["listWorkspaces"], call{op: "listWorkspaces"}); err != nil {
			fail(nil, "%v", err)
			return
		}
		if x.status == http.StatusTooManyRequests {
			break
		}
	}
	if x.status != http.StatusTooManyRequests {
		fail(x, "%d requests after Remaining was %d, the answer is still %d: the limit is not enforced", remaining+1, remaining, x.status)
		return
	}
	var issues []string
	issues = append(issues, x.issues...)
	if msg := envelope(x); msg != "" {
		issues = append(issues, msg)
	}
	// Present ⇒ coherent; absent only where the target may leave it out.
	if v := x.header.Get("Retry-After"); strict || v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 0 || n > r.t.Window {
			issues = append(issues, fmt.Sprintf("Retry-After is %q, want 0 to %d seconds", v, r.t.Window))
		}
	}
	retry := r.retryAfter(x)
	if v := x.header.Get("X-RateLimit-Remaining"); (strict || v != "") && v != "0" {
		issues = append(issues, "a 429 with X-RateLimit-Remaining "+x.header.Get("X-RateLimit-Remaining"))
	}
	if len(issues) > 0 {
		fail(x, "%s", strings.Join(issues, "; "))
		return
	}
	if err := r.waitWindow(retry); err != nil {
		fail(x, "%v", err)
		return
	}
	after, err := r.sendOnce(r.ops["listWorkspaces"], call{op: "listWorkspaces"})
	if err != nil {
		fail(nil, "%v", err)
		return
	}
	if v := after.header.Get("X-RateLimit-Remaining"); after.status != 200 || ((strict || v != "") && v != strconv.Itoa(limit-1)) {
		fail(after, "after the reset: status %d, Remaining %s, want 200 and %d", after.status, after.header.Get("X-RateLimit-Remaining"), limit-1)
		return
	}
	res.Outcome, res.Request, res.Status, res.Curl = "pass", x.request(), x.status, x.curl()
	r.add(res)
}

const (
	placeholderID   = "zz0000000000contract000000000000"
	placeholderUUID = "00000000-0000-4000-8000-00000000c0de"
)

// placeholderCall builds a well-formed call to an operation with ids that exist
// nowhere: path parameters and required query parameters filled, the spec's example
// as the body.
func (r *runner) placeholderCall(op apispec.Operation) call {
	c := call{op: op.ID, vars: map[string]string{}, query: q()}
	params := append(append(openapi3.Parameters{}, r.v.Spec().Paths.Value(op.Path).Parameters...), op.Op.Parameters...)
	for _, p := range params {
		if p.Value == nil {
			continue
		}
		value := placeholderID
		if op.Generation == apispec.Legacy {
			value = placeholderUUID
		}
		if s := p.Value.Schema; s != nil && s.Value != nil && len(s.Value.Enum) > 0 {
			value = fmt.Sprint(s.Value.Enum[0])
		}
		switch {
		case p.Value.In == "path":
			c.vars[p.Value.Name] = value
		case p.Value.In == "query" && p.Value.Required:
			c.query.Set(p.Value.Name, value)
		}
	}
	if op.Op.RequestBody != nil {
		c.body = r.example(op.ID)
	}
	return c
}

// sweeps send every operation a request without a credential (401), and every
// read or delete of an id a well-formed id that does not exist (404).
func (r *runner) sweeps() {
	for _, op := range r.report.Operations {
		if r.t.Skip[op.ID] != "" || (r.t.ReadOnly && isWrite(op)) {
			continue
		}
		c := r.placeholderCall(op)
		c.raw = map[string]string{}
		r.expect(op.ID+" without a credential is 401", c, 401, nil)
	}
	for _, op := range r.report.Operations {
		if !strings.Contains(op.Path, "{") || (op.Method != http.MethodGet && op.Method != http.MethodDelete) || r.t.Skip[op.ID] != "" {
			continue
		}
		if (op.Generation == apispec.Legacy && r.t.Keys.Legacy == "") || (op.Generation == apispec.Current && r.t.Keys.Full == "") {
			continue
		}
		if r.t.ReadOnly && isWrite(op) {
			continue
		}
		r.expect(op.ID+" of an unknown id is 404", r.placeholderCall(op), 404, nil)
	}
	for _, op := range r.report.Operations {
		if op.Op.RequestBody == nil || r.t.Skip[op.ID] != "" || (r.t.ReadOnly && isWrite(op)) {
			continue
		}
		if (op.Generation == apispec.Legacy && r.t.Keys.Legacy == "") || (op.Generation == apispec.Current && r.t.Keys.Full == "") {
			continue
		}
		c := r.placeholderCall(op)
		c.body = map[string]any{"contractTestUnknownProperty": []int{1}}
		r.expect(op.ID+" with an invalid body is 400", c, 400, nil)
	}
	// The restricted key the suite made itself holds records:read alone, so every
	// operation needing another scope must refuse it.
	if made, _ := r.state["madeRestricted"].(bool); made {
		for _, op := range r.report.Operations {
			if op.Generation != apispec.Current || len(op.Scopes) == 0 || op.Scopes[0] == "records:read" || r.t.Skip[op.ID] != "" {
				continue
			}
			c := r.placeholderCall(op)
			c.key = r.t.Keys.Restricted
			r.expect(op.ID+" with a key lacking "+op.Scopes[0]+" is 403", c, 403, mentions(op.Scopes[0]))
		}
	}
}
