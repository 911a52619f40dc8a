package contracttest

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// link is an OpenAPI link of the spec: which parameters of the target
// operation come from where in the source operation's success body.
type link struct {
	params map[string]string // parameter name → JSON pointer into the source's body
}

// specLinks indexes the spec's links by source and target operationId. The
// suite wires a step's path parameters from them (call.via), so the ids that flow
// from one operation to the next are declared once, in the spec, where other
// tools (Schemathesis, Portman) read them too.
func specLinks(doc *openapi3.T) map[string]map[string]link {
	out := map[string]map[string]link{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, ref := range op.Responses.Map() {
				if ref.Value == nil {
					continue
				}
				for _, l := range ref.Value.Links {
					if l.Value == nil || l.Value.OperationID == "" {
						continue
					}
					params := map[string]string{}
					for name, v := range l.Value.Parameters {
						expr, _ := v.(string)
						ptr, ok := strings.CutPrefix(expr, "$response.body#")
						if !ok {
							continue // apispec's links rule refuses these
						}
						if i := strings.LastIndex(name, "."); i >= 0 {
							name = name[i+1:] // path.recordId names recordId
						}
						params[name] = ptr
					}
					if out[op.OperationID] == nil {
						out[op.OperationID] = map[string]link{}
					}
					out[op.OperationID][l.Value.OperationID] = link{params: params}
				}
			}
		}
	}
	return out
}

// wire fills the call's path parameters from the spec's link from c.via to c.op,
// reading them from the last 2xx answer of c.via. It returns
// why the call cannot run, or "": without a link the step is skipped saying so.
// A parameter the answer lacks is left empty, which step reports as missing.
func (r *runner) wire(c *call) string {
	l, ok := r.links[c.via][c.op]
	if !ok {
		return fmt.Sprintf("the spec declares no link from %s to %s, which wires this step", c.via, c.op)
	}
	if c.vars == nil {
		c.vars = map[string]string{}
	}
	src := r.last[c.via]
	for _, name := range slices.Sorted(maps.Keys(l.params)) {
		v := ""
		if src != nil {
			v = scalar(pointer(src.json, l.params[name]))
		}
		c.vars[name] = v
	}
	return ""
}

// pointer follows a JSON pointer (/record/id, /data/0/id) through a decoded body.
func pointer(v any, ptr string) any {
	for _, seg := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		seg = strings.NewReplacer("~1", "/", "~0", "~").Replace(seg)
		switch x := v.(type) {
		case map[string]any:
			v = x[seg]
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// scalar is a path parameter's text for a JSON string or number, else "".
func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}

// followLinks sends, for every link of the spec whose target no step of the
// flows exercised, the target wired from the source's last 2xx answer. An
// operation added to the spec with a link from one the suite runs is checked
// without an edit to the suite. Targets that change state send their spec
// example as the body.
func (r *runner) followLinks() {
	for _, l := range r.unfollowed() {
		op := r.ops[l[1]]
		c := call{op: op.ID, via: l[0], label: "via the link from " + l[0]}
		if op.Op.RequestBody != nil {
			c.body = r.example(op.ID)
		}
		r.step(c, op.SuccessStatus())
	}
}

// unfollowed lists, as [source, target] in a stable order, the links whose
// source answered and whose target no step has sent.
func (r *runner) unfollowed() [][2]string {
	var out [][2]string
	for _, src := range slices.Sorted(maps.Keys(r.links)) {
		for _, target := range slices.Sorted(maps.Keys(r.links[src])) {
			if _, ok := r.ops[target]; ok && !r.sent[target] && !r.report.Exercised[target] && r.last[src] != nil {
				out = append(out, [2]string{src, target})
				r.sent[target] = true // one link is enough
			}
		}
	}
	return out
}
