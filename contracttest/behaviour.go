package contracttest

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/apispec"
)

// probe is one behaviour check; a probe that cannot run is reported skipped with
// the reason, never left out.
type probe struct {
	name     string
	c        call
	want     int
	verdicts []verdict
	why      string // "" runs it; else why it cannot run
}

func (r *runner) probe(ps ...probe) {
	for _, p := range ps {
		if p.why != "" {
			r.skipBehaviour(p.name, p.c.op, p.why)
			continue
		}
		r.expect(p.name, p.c, p.want, p.verdicts...)
	}
}

// unless returns why when the condition for a check is missing.
func unless(ok bool, why string) string {
	if ok {
		return ""
	}
	return why
}

// first returns the first reason given, or "" when there is none.
func first(reasons ...string) string {
	for _, why := range reasons {
		if why != "" {
			return why
		}
	}
	return ""
}

func (r *runner) behaviour() {
	r.authChecks()
	r.scopeChecks()
	r.invalidInputChecks()
	r.rateLimitCheck()
	r.sweeps()
}

const (
	noFullKey   = "no current-API key"
	noLegacyKey = "no legacy key"
	noControl   = "needs the mock's control API (-control)"
)

func (r *runner) authChecks() {
	full, legacy := r.t.Keys.Full, r.t.Keys.Legacy
	noFull := unless(full != "", noFullKey)
	list := "listWorkspaces"
	r.probe(
		probe{"no credential is 401", call{op: list, raw: map[string]string{}}, 401, nil, noFull},
		probe{"a non-Bearer Authorization header is 401", call{op: list, raw: map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}}, 401, nil, noFull},
		probe{"a key without the word Bearer is 401", call{op: list, raw: map[string]string{"Authorization": full}}, 401, nil, noFull},
		probe{"an unknown key is 401", call{op: list, raw: map[string]string{"Authorization": "Bearer bc_live_contract_unknown_0000000000"}}, 401, nil, noFull},
		probe{"an x-api-key header on the current API is 401", call{op: list, raw: map[string]string{"x-api-key": full}}, 401, nil, noFull},
		probe{"a legacy key on the current API is 401", call{op: list, raw: map[string]string{"Authorization": "Bearer " + legacy}}, 401, nil,
			first(noFull, unless(legacy != "", noLegacyKey))},
		probe{"the key is refused in the other region (401)", call{op: list, base: r.t.OtherRegionURL}, 401, nil,
			first(noFull, unless(r.t.OtherRegionURL != "", "no other region's URL (-other-region-url)"))},
	)
	r.keyLifeChecks()
	noLegacy := unless(legacy != "", noLegacyKey)
	me := "legacyGetMe"
	r.probe(
		probe{"no legacy credential is 401", call{op: me, raw: map[string]string{}}, 401, nil, noLegacy},
		probe{"an unknown legacy key is 401", call{op: me, raw: map[string]string{"x-api-key": "breakcold-usr-contract-unknown-000000"}}, 401, nil, noLegacy},
		probe{"a Bearer header on the legacy API is 401", call{op: me, raw: map[string]string{"Authorization": "Bearer " + legacy}}, 401, nil, noLegacy},
		probe{"a current-API key on the legacy API is 401", call{op: me, raw: map[string]string{"x-api-key": full}}, 401, nil,
			first(noLegacy, unless(full != "", noFullKey))},
	)
}

// keyLifeChecks make keys on the mock, use them, then expire or revoke them: each
// must work until then and be refused after.
func (r *runner) keyLifeChecks() {
	lives := []struct {
		article, name, env, label, ends string
		end                             func(prefix string) error
	}{
		{"an", "expired", "BREAKCOLD_EXPIRING_KEY", "expiring key", "expires", func(string) error { return r.wait(61, "the key to expire") }},
		{"a", "revoked", "BREAKCOLD_REVOKED_KEY", "revoked key", "is revoked", func(prefix string) error {
			return r.controlCall("DELETE", "/keys/"+prefix, nil, nil)
		}},
	}
	for _, l := range lives {
		before, after := "a key works before it "+l.ends, l.article+" "+l.name+" key is 401"
		why := first(unless(r.t.Keys.Full != "", noFullKey), unless(r.t.Control != "", noControl+" to make a key "+l.name))
		if why != "" {
			r.probe(probe{name: before, c: call{op: "listWorkspaces"}, why: why}, probe{name: after, c: call{op: "listWorkspaces"}, why: why})
			continue
		}
		user, _ := r.state["mockUser"].(string)
		spec := map[string]any{"name": "contract " + l.name, "userId": user, "allScopes": true}
		if l.name == "expired" {
			spec["expiresInSeconds"] = 30
		}
		secret, prefix, err := r.makeKey(spec)
		if err == nil {
			r.secrets.add(secret, l.env, l.label)
			r.expect(before, call{op: "listWorkspaces", key: secret}, 200)
			err = l.end(prefix)
		}
		if err != nil {
			if !errors.Is(err, errStopped) {
				r.add(Result{Group: "behaviour", Name: after, Operation: "listWorkspaces", Outcome: Fail, Message: err.Error()})
			}
			continue
		}
		r.expect(after, call{op: "listWorkspaces", key: secret}, 401, mentions(l.name))
	}
}

func (r *runner) scopeChecks() {
	ws, _ := r.state["workspace"].(string)
	body := map[string]any{"workspaceId": ws, "objectTypeSlug": "person", "fields": map[string]any{"name": "Contract scope check"}}
	why := ""
	switch {
	case r.t.ReadOnly:
		why = "read-only run"
	case r.t.Keys.Restricted == "":
		why = "needs a key without records:write (-restricted-key), or " + noControl + " to make one"
	case ws == "":
		why = "needs a workspace, which listWorkspaces did not provide"
	}
	r.probe(probe{"a key without records:write cannot create records (403)", call{op: "createRecord", key: r.t.Keys.Restricted, body: body}, 403,
		[]verdict{mentions("records:write")}, why})

	lists, outside := "a workspace-limited key lists its workspaces", "a workspace outside the key's limit is 403"
	if r.t.Keys.Limited == "" {
		why := "needs a workspace-limited key (-limited-key), or " + noControl + " to make one"
		r.probe(probe{name: lists, c: call{op: "listWorkspaces"}, why: why}, probe{name: outside, c: call{op: "listRecords"}, why: why})
		return
	}
	mine := r.expect(lists, call{op: "listWorkspaces", key: r.t.Keys.Limited}, 200)
	allowed := map[string]bool{}
	for _, id := range listedIDs(mine, "data") {
		allowed[id] = true
	}
	other := ""
	for _, id := range r.workspaces() {
		if !allowed[id] {
			other = id
		}
	}
	why = ""
	switch {
	case mine == nil || mine.status != http.StatusOK:
		why = "the limited key's workspaces could not be listed"
	case other == "":
		why = "the full key sees no workspace outside the limited key's"
	}
	r.probe(probe{outside, call{op: "listRecords", key: r.t.Keys.Limited, query: q("workspaceId", other)}, 403, nil, why})
}

// workspaces lists the ids of the full key's workspaces, as the conformance flow
// saw them.
func (r *runner) workspaces() []string {
	ids, _ := r.state["workspaces"].([]string)
	return ids
}

func (r *runner) invalidInputChecks() {
	noFull, noLegacy := unless(r.t.Keys.Full != "", noFullKey), unless(r.t.Keys.Legacy != "", noLegacyKey)
	readOnly := unless(!r.t.ReadOnly, "read-only run")
	r.probe(
		probe{"a body without a required property is 400", call{op: "createRecord", body: map[string]any{"objectTypeSlug": "person"}}, 400,
			[]verdict{mentions("workspaceId")}, first(noFull, readOnly)},
		probe{"a non-integer query parameter is 400", call{op: "listRecords", query: q("limit", "many")}, 400, []verdict{mentions("limit")}, noFull},
		probe{"a limit above 100 is 400", call{op: "listRecords", query: q("limit", "1000")}, 400, nil, noFull},
		probe{"an unknown record id is 404", call{op: "getRecord", vars: vars("recordId", "rc00000000000000contract00000000")}, 404, nil, noFull},
		probe{"a legacy body of the wrong type is 400", call{op: "legacyCreateLead", body: map[string]any{"email": 7}}, 400, nil,
			first(noLegacy, readOnly)},
		probe{"an unknown lead id is 404", call{op: "legacyGetLead", vars: vars("id", "00000000-0000-4000-8000-000000000000")}, 404, nil, noLegacy},
	)
}

// rateLimitCheck spends a window: the request after the last allowed one is a 429
// with Retry-After and Remaining 0, and after the reset the window is fresh.
func (r *runner) rateLimitCheck() {
	name := "spending the window gives 429 with Retry-After, then recovery"
	list := r.ops["listWorkspaces"]
	switch {
	case r.t.Keys.Full == "":
		r.skipBehaviour(name, list.ID, noFullKey)
		return
	case r.t.Control == "" && !r.t.SlowRateLimit:
		r.skipBehaviour(name, list.ID, noControl+", or -slow-rate-limit to spend a real window and wait for its reset")
		return
	}
	res := Result{Group: "behaviour", Name: name, Operation: list.ID}
	fail := func(x *exchange, format string, args ...any) {
		res.Outcome, res.Message = Fail, fmt.Sprintf(format, args...)
		if x != nil {
			x.describe(&res)
		}
		r.add(res)
	}
	failed := func(err error) {
		if !errors.Is(err, errStopped) {
			fail(nil, "%v", err)
		}
	}
	if r.t.Control != "" {
		if err := r.wait(r.t.Window, "a fresh rate-limit window"); err != nil {
			failed(err)
			return
		}
	}
	first, err := r.sendOnce(list, call{op: list.ID})
	if err != nil {
		failed(err)
		return
	}
	strict := r.strictHeaders(first.op)
	if !strict && first.header.Get("X-RateLimit-Limit") == "" {
		r.skipBehaviour(name, list.ID, "the target sends no X-RateLimit-Limit (Breakcold documents none on the current API), so the window's size is unknown")
		return
	}
	limit, _ := strconv.Atoi(first.header.Get("X-RateLimit-Limit"))
	remaining, _ := strconv.Atoi(first.header.Get("X-RateLimit-Remaining"))
	if limit <= 0 {
		fail(first, "X-RateLimit-Limit is %q", first.header.Get("X-RateLimit-Limit"))
		return
	}
	if r.t.MaxRequests > 0 && r.report.Requests+remaining+2 > r.t.MaxRequests {
		r.skipBehaviour(name, list.ID, "spending the window would exceed MaxRequests")
		return
	}
	var x *exchange
	for i := 0; i <= remaining; i++ {
		if x, err = r.sendOnce(list, call{op: list.ID}); err != nil {
			failed(err)
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
	issues := append([]string(nil), x.issues...)
	if msg := envelope(x); msg != "" {
		issues = append(issues, msg)
	}
	// Present ⇒ coherent; absent only where the target may leave it out.
	if v := x.header.Get("Retry-After"); strict || v != "" {
		if n, err := strconv.Atoi(v); err != nil || n < 0 || n > r.t.Window {
			issues = append(issues, fmt.Sprintf("Retry-After is %q, want 0 to %d seconds", v, r.t.Window))
		}
	}
	retry := retryAfter(x)
	if v := x.header.Get("X-RateLimit-Remaining"); (strict || v != "") && v != "0" {
		issues = append(issues, "a 429 with X-RateLimit-Remaining "+x.header.Get("X-RateLimit-Remaining"))
	}
	if len(issues) > 0 {
		fail(x, "%s", strings.Join(issues, "; "))
		return
	}
	if err := r.wait(retry, "the rate-limit window to reset"); err != nil {
		failed(err)
		return
	}
	after, err := r.sendOnce(list, call{op: list.ID})
	if err != nil {
		failed(err)
		return
	}
	if v := after.header.Get("X-RateLimit-Remaining"); after.status != 200 || ((strict || v != "") && v != strconv.Itoa(limit-1)) {
		fail(after, "after the reset: status %d, Remaining %s, want 200 and %d", after.status, after.header.Get("X-RateLimit-Remaining"), limit-1)
		return
	}
	res.Outcome = Pass
	x.describe(&res)
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

// sweeps send every operation a request without a credential (401), every read or
// delete of an id a well-formed id that does not exist (404), every operation with
// a body an invalid one (400), and, with a key holding records:read alone, every
// operation needing another scope (403).
func (r *runner) sweeps() {
	sweep := func(op apispec.Operation, name string, c call, want int, why string, verdicts ...verdict) {
		r.probe(probe{op.ID + " " + name, c, want, verdicts, why})
	}
	for _, op := range r.report.Operations {
		c := r.placeholderCall(op)
		c.raw = map[string]string{}
		sweep(op, "without a credential is 401", c, 401, r.cannotRun(op, false))
	}
	for _, op := range r.report.Operations {
		if strings.Contains(op.Path, "{") && (op.Method == http.MethodGet || op.Method == http.MethodDelete) {
			sweep(op, "of an unknown id is 404", r.placeholderCall(op), 404, r.cannotRun(op, true))
		}
	}
	for _, op := range r.report.Operations {
		if op.Op.RequestBody != nil {
			c := r.placeholderCall(op)
			c.body = map[string]any{"contractTestUnknownProperty": []int{1}}
			sweep(op, "with an invalid body is 400", c, 400, r.cannotRun(op, true))
		}
	}
	made, _ := r.state["madeRestricted"].(bool)
	for _, op := range r.report.Operations {
		if op.Generation != apispec.Current || len(op.Scopes) == 0 || op.Scopes[0] == "records:read" {
			continue
		}
		c := r.placeholderCall(op)
		c.key = r.t.Keys.Restricted
		why := r.cannotRun(op, true)
		switch {
		case why != "" || made:
		case r.t.Control == "":
			why = noControl + " to make a key holding records:read alone"
		default:
			why = "the suite makes a key holding records:read alone only when -restricted-key is not given"
		}
		sweep(op, "with a key lacking "+op.Scopes[0]+" is 403", c, 403, why, mentions(op.Scopes[0]))
	}
}
