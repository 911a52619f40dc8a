package contracttest

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/breakcold-go/breakcold/apispec"
)

// dig walks a decoded JSON value by object keys and array indexes ("data", 0, "id").
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

// isWrite reports whether an operation changes state (legacy lists are POSTs that read).
func isWrite(op apispec.Operation) bool {
	if op.Method == http.MethodGet {
		return false
	}
	return !(op.Generation == apispec.Legacy && strings.HasSuffix(op.Path, "/list"))
}

var sendsMessages = map[string]bool{"composeConversation": true, "sendMessage": true}

// cannotRun says why the run may not send an operation a request, or "". Requests
// without a credential need no key.
func (r *runner) cannotRun(op apispec.Operation, needsKey bool) string {
	switch {
	case r.t.Skip[op.ID] != "":
		return r.t.Skip[op.ID]
	case r.t.ReadOnly && isWrite(op):
		return "read-only run"
	case needsKey && op.Generation == apispec.Legacy && r.t.Keys.Legacy == "":
		return "no legacy key"
	case needsKey && op.Generation == apispec.Current && r.t.Keys.Full == "":
		return "no current-API key"
	}
	return ""
}

// blocked says why a conformance step of the operation may not run, or "".
func (r *runner) blocked(op apispec.Operation) string {
	if why := r.cannotRun(op, true); why != "" {
		return why
	}
	if sendsMessages[op.ID] && !r.t.AllowSend {
		return "sends a real message; set AllowSend (-allow-send) to exercise it"
	}
	return ""
}

// example is the request example the spec gives for an operation, as a fresh map.
func (r *runner) example(opID string) map[string]any {
	op := r.ops[opID]
	out := map[string]any{}
	if op.Op.RequestBody == nil || op.Op.RequestBody.Value == nil {
		return out
	}
	if mt := op.Op.RequestBody.Value.Content.Get("application/json"); mt != nil {
		if m, ok := mt.Example.(map[string]any); ok {
			for k, v := range m {
				out[k] = v
			}
		}
	}
	return out
}

// exampleIDs collects the "id" values of the spec's response examples. A server
// that echoes examples answers creates with them; one that creates does not.
func exampleIDs(doc *openapi3.T) map[string]bool {
	ids := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if s, ok := x.(string); ok && k == "id" {
					ids[s] = true
				}
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, resp := range op.Responses.Map() {
				if resp.Value == nil {
					continue
				}
				for _, mt := range resp.Value.Content {
					walk(mt.Example)
					for _, ex := range mt.Examples {
						if ex.Value != nil {
							walk(ex.Value.Value)
						}
					}
				}
			}
		}
	}
	return ids
}

// with returns the example body with some properties replaced (nil deletes).
func with(body map[string]any, kv ...any) map[string]any {
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		if kv[i+1] == nil {
			delete(body, k)
		} else {
			body[k] = kv[i+1]
		}
	}
	return body
}

// A verdict judges an answer that had the wanted status: "" when it is right.
type verdict func(x *exchange) string

// step runs one conformance call: it passes when the status is want, the answer
// matches the spec, and every verdict finds it right. An operation counts as
// exercised when a step for it passes.
func (r *runner) step(c call, want int, verdicts ...verdict) *exchange {
	op := r.ops[c.op]
	res := Result{Group: "conformance", Name: op.String(), Operation: op.ID}
	if c.label == "" && c.after != "" {
		c.label = "reads back " + c.after
	}
	if c.label != "" {
		res.Name += " " + c.label
	}
	why := r.blocked(op)
	if why == "" && c.after != "" {
		why = r.blocked(r.ops[c.after])
	}
	if why == "" && c.via != "" {
		why = r.wire(&c)
	}
	for _, k := range slices.Sorted(maps.Keys(c.vars)) {
		if why == "" && c.vars[k] == "" {
			why = fmt.Sprintf("needs %s from an earlier step, which provided none", k)
		}
	}
	if why != "" {
		if r.skipped[op.ID] == "" {
			r.skipped[op.ID] = why
		}
		res.Outcome, res.Message = Skip, why
		r.add(res)
		return nil
	}
	if isWrite(op) && want < 300 && c.body != nil {
		c = r.fill(c)
		verdicts = append(verdicts, r.echoes(c))
	}
	x, passed := r.checkCall(res, c, want, verdicts)
	if x != nil {
		r.sent[op.ID] = true
		if x.status < 300 {
			r.last[op.ID] = x
		}
	}
	if passed {
		r.report.Exercised[op.ID] = true
	}
	return x
}

// expect runs one behaviour check: the call must answer want, documented by the spec,
// with the generation's error envelope for errors.
func (r *runner) expect(name string, c call, want int, verdicts ...verdict) *exchange {
	x, _ := r.checkCall(Result{Group: "behaviour", Name: name, Operation: c.op}, c, want, verdicts)
	return x
}

func (r *runner) skipBehaviour(name, op, why string) {
	r.add(Result{Group: "behaviour", Name: name, Operation: op, Outcome: Skip, Message: why})
}

// checkCall sends the call and records the check's result. It returns the exchange
// when there was an answer, and whether the check passed.
func (r *runner) checkCall(res Result, c call, want int, verdicts []verdict) (*exchange, bool) {
	start := time.Now()
	x, err := r.send(c)
	res.Duration = time.Since(start)
	if errors.Is(err, errStopped) {
		return nil, false
	}
	if err != nil {
		res.Outcome, res.Message = Fail, err.Error()
		r.add(res)
		return nil, false
	}
	x.describe(&res)
	issues := append([]string(nil), x.issues...)
	if x.status != want {
		msg := fmt.Sprintf("status %d, want %d: %s", x.status, want, oneLine(string(x.resp)))
		if x.status == http.StatusTooManyRequests {
			msg += "; " + r.rateLimitHint(x)
		}
		issues = append([]string{msg}, issues...)
	} else {
		if want >= 400 {
			verdicts = append([]verdict{envelope}, verdicts...)
		}
		for _, v := range verdicts {
			// Two verdicts on one item both compare what the run wrote on it.
			if msg := v(x); msg != "" && !slices.Contains(issues, msg) {
				issues = append(issues, msg)
			}
		}
	}
	res.Outcome = Pass
	if len(issues) > 0 {
		res.Outcome, res.Message = Fail, strings.Join(issues, "; ")
	}
	i := r.add(res)
	if i >= 0 && r.answers != nil {
		r.answers[r.report.Results[i].Name] = x
	}
	return x, i >= 0 && res.Outcome == Pass
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

func mentions(part string) verdict {
	return func(x *exchange) string {
		msg := str(dig(x.json, "error", "message")) + str(dig(x.json, "message"))
		if !strings.Contains(strings.ToLower(msg), strings.ToLower(part)) {
			return fmt.Sprintf("error message %q does not mention %q", msg, part)
		}
		return ""
	}
}

func (r *runner) id(x *exchange, path ...any) string {
	if x == nil || x.status >= 300 {
		return ""
	}
	return str(dig(x.json, path...))
}

func vars(kv ...string) map[string]string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

func q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func pathText(path []any) string {
	parts := make([]string, len(path))
	for i, p := range path {
		parts[i] = fmt.Sprint(p)
	}
	if len(parts) == 0 {
		return "the answer"
	}
	return strings.Join(parts, ".")
}

// is checks the value at path is want: the answer reflects what the run wrote.
func is(want any, path ...any) verdict {
	return func(x *exchange) string {
		if got := dig(x.json, path...); jsonText(got) != jsonText(want) {
			return fmt.Sprintf("%s is %s, want %s", pathText(path), jsonText(got), jsonText(want))
		}
		return ""
	}
}

// fresh checks the answer carries, at path, the id of something new: present, and
// not one of the spec's example ids.
func (r *runner) fresh(path ...any) verdict {
	return func(x *exchange) string {
		id := str(dig(x.json, path...))
		switch {
		case id == "":
			return fmt.Sprintf("no id at %s", pathText(path))
		case r.exampleIDs[id]:
			return fmt.Sprintf("%s is %q, an id from the spec's examples: the server echoes examples instead of creating", pathText(path), id)
		}
		return ""
	}
}

// listedWith checks that the list at path holds the item with the id, with what
// the run's writes set on it and, when field is set, its field want. The run notes
// each item it saw listed, right or not, so that the read-back of its deletion
// can require it (gone).
func (r *runner) listedWith(id, field string, want any, path ...any) verdict {
	return func(x *exchange) string {
		items, _ := dig(x.json, path...).([]any)
		for i, it := range items {
			if str(dig(it, "id")) != id {
				continue
			}
			r.facts[listedFact(id)] = true
			if got := dig(it, field); field != "" && jsonText(got) != jsonText(want) {
				return fmt.Sprintf("the listed item %s has %s %s, want %s", id, field, jsonText(got), jsonText(want))
			}
			return joinIssues(r.kept(x, id, append(slices.Clip(path), i)))
		}
		return fmt.Sprintf("%s does not list %s", pathText(path), id)
	}
}

func listedFact(id string) string { return id + " listed" }

// gone checks the list at path no longer holds the id, which the run must have
// seen listed before: absent from a list that never held it proves nothing.
func (r *runner) gone(id string, path ...any) verdict {
	return r.needs(listedFact(id), func(x *exchange) string {
		for _, it := range listedIDs(x, path...) {
			if it == id {
				return fmt.Sprintf("%s still lists %s", pathText(path), id)
			}
		}
		return ""
	})
}

// observed notes the fact when the verdict finds the answer right, for a later
// read-back that needs it.
func (r *runner) observed(fact string, v verdict) verdict {
	return func(x *exchange) string {
		msg := v(x)
		if msg == "" {
			r.facts[fact] = true
		}
		return msg
	}
}

// needs makes a read-back's verdict fail unless the run first saw the state the
// write changes (the fact): a server that never held that state, such as one that
// answers the spec's examples, would otherwise pass it.
func (r *runner) needs(fact string, v verdict) verdict {
	return func(x *exchange) string {
		if !r.facts[fact] {
			return "no earlier answer showed " + fact + ", so this one cannot show what the write changed"
		}
		return v(x)
	}
}

// holds checks the array of ids at path includes id.
func holds(id string, path ...any) verdict {
	return func(x *exchange) string {
		ids, _ := dig(x.json, path...).([]any)
		for _, v := range ids {
			if v == id {
				return ""
			}
		}
		return fmt.Sprintf("%s is %s, want it to include %s", pathText(path), jsonText(ids), id)
	}
}

// reorder moves the run's own item to a new place in the list the run read
// (listing) and sends that order with write, whose body takes the ids as prop; read
// lists them again. The order sent always differs from the one listed, and the
// read-back fails unless the listing held the run's item: a server that answers a
// fixed list cannot pass it.
func (r *runner) reorder(listing *exchange, own string, write call, prop string, read call) {
	before := listedIDs(listing, "data")
	ids := moved(before, own)
	body, _ := write.body.(map[string]any)
	if body == nil {
		body = map[string]any{}
	}
	body[prop] = ids
	write.body = body
	write.vars["order"], read.vars["order"] = given(ids), given(ids)
	read.after = write.op
	r.step(write, 200, is(ids, "ids"))
	r.step(read, 200, changed(before, ids, own), ordered(ids, "data"))
}

// changed checks a reorder's read-back can show a change: the order listed before
// held the run's own item and differs from the order set.
func changed(before, set []string, own string) verdict {
	return func(*exchange) string {
		switch {
		case !slices.Contains(before, own):
			return fmt.Sprintf("the list before the reorder, %s, did not hold the run's %s, so this one cannot show the order the run set", jsonText(before), own)
		case slices.Equal(before, set):
			return fmt.Sprintf("the order set, %s, is the order listed before, so this answer cannot show a change", jsonText(set))
		}
		return ""
	}
}

// ordered checks the list at path is in the order the run set.
func ordered(ids []string, path ...any) verdict {
	return func(x *exchange) string {
		if got := listedIDs(x, path...); !slices.Equal(got, ids) {
			return fmt.Sprintf("%s lists %s, want the order set, %s", pathText(path), jsonText(got), jsonText(ids))
		}
		return ""
	}
}

// listedIDs are the ids of the list at path, in order.
func listedIDs(x *exchange, path ...any) []string {
	if x == nil {
		return nil
	}
	items, _ := dig(x.json, path...).([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, str(dig(it, "id")))
	}
	return out
}

// moved is a new order of ids that differs from the given one when there are two or
// more: own moves to the front, or from the front to the end (reversed when own
// is not among them).
func moved(ids []string, own string) []string {
	i := slices.Index(ids, own)
	if i < 0 {
		out := slices.Clone(ids)
		slices.Reverse(out)
		return out
	}
	rest := slices.Delete(slices.Clone(ids), i, i+1)
	if i == 0 {
		return append(rest, own)
	}
	return append([]string{own}, rest...)
}

// given is a prerequisite's value for vars: "" (the step is skipped) when an
// earlier step produced nothing.
func given(ids []string) string {
	if len(ids) == 0 {
		return ""
	}
	return "listed"
}
