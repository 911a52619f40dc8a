package contracttest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// secret is a credential the run sends, the environment variable that stands for it
// in reproductions and the name messages give it.
type secret struct{ value, env, label string }

// secrets are the run's credentials, so that no reproduction or message shows one.
type secrets struct{ list []secret }

func newSecrets(k Keys) *secrets {
	s := &secrets{}
	s.add(k.Full, "BREAKCOLD_API_KEY", "full key")
	s.add(k.Restricted, "BREAKCOLD_RESTRICTED_KEY", "restricted key")
	s.add(k.Limited, "BREAKCOLD_LIMITED_KEY", "workspace-limited key")
	s.add(k.Legacy, "BREAKCOLD_LEGACY_KEY", "legacy key")
	return s
}

// add registers a credential; the longest match wins when one contains another.
func (s *secrets) add(value, env, label string) {
	if value == "" {
		return
	}
	s.list = append(s.list, secret{value, env, label})
	sort.SliceStable(s.list, func(i, j int) bool { return len(s.list[i].value) > len(s.list[j].value) })
}

// find returns the first secret in v, and where.
func (s *secrets) find(v string) (secret, int) {
	best, at := secret{}, -1
	for _, x := range s.list {
		if i := strings.Index(v, x.value); i >= 0 && (at < 0 || i < at) {
			best, at = x, i
		}
	}
	return best, at
}

// label names the credential a request carried: "" for none, "other key" for one
// the run does not hold (an unknown or malformed key).
func (s *secrets) label(req *http.Request) string {
	v := req.Header.Get("Authorization") + req.Header.Get("X-Api-Key")
	if v == "" {
		return ""
	}
	if x, at := s.find(v); at >= 0 {
		return x.label
	}
	return "other key"
}

// curl reproduces the request exactly: its method, every header it set, its body
// and URL, with each secret left in its environment variable.
func (s *secrets) curl(req *http.Request, body []byte) string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -si -X %s", req.Method)
	names := make([]string, 0, len(req.Header))
	for k := range req.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range req.Header[k] {
			b.WriteString(" -H " + s.quote(k+": "+v))
		}
	}
	if len(body) > 0 {
		b.WriteString(" --data-binary " + s.quote(string(body)))
	}
	b.WriteString(" " + s.quote(req.URL.String()))
	return b.String()
}

// quote makes v one shell word: single-quoted when it holds no secret, else
// double-quoted with each secret as its variable.
func (s *secrets) quote(v string) string {
	if _, at := s.find(v); at < 0 {
		return "'" + strings.ReplaceAll(v, "'", `'\''`) + "'"
	}
	escape := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "$", `\$`, "`", "\\`")
	var b strings.Builder
	b.WriteByte('"')
	for v != "" {
		x, at := s.find(v)
		if at < 0 {
			b.WriteString(escape.Replace(v))
			break
		}
		b.WriteString(escape.Replace(v[:at]))
		v = v[at+len(x.value):]
		if v != "" && isNameChar(v[0]) {
			b.WriteString("${" + x.env + "}")
		} else {
			b.WriteString("$" + x.env)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func isNameChar(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
