package contracttest

import (
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// A reproduction, run by a shell, sends exactly the request that was sent (method,
// every header, body and URL) with each key read from its own variable.
func TestCurlReproducesTheRequest(t *testing.T) {
	t.Parallel()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to run the reproduction")
	}
	keys := Keys{Full: "bc_live_fullsecret1", Restricted: "bc_live_restrictedsecret2", Limited: "bc_live_limitedsecret3", Legacy: "breakcold-usr-legacysecret4"}
	s := newSecrets(keys)
	s.add("bc_live_revokedsecret5", "BREAKCOLD_REVOKED_KEY", "revoked key")
	env := append(os.Environ(), "BREAKCOLD_API_KEY="+keys.Full, "BREAKCOLD_RESTRICTED_KEY="+keys.Restricted,
		"BREAKCOLD_LIMITED_KEY="+keys.Limited, "BREAKCOLD_LEGACY_KEY="+keys.Legacy, "BREAKCOLD_REVOKED_KEY=bc_live_revokedsecret5")
	tests := []struct {
		name    string
		method  string
		header  map[string]string
		body    string
		wantVar string // the variable the line must use; "" for none
	}{
		{"full key", "GET", map[string]string{"Authorization": "Bearer " + keys.Full}, "", "$BREAKCOLD_API_KEY"},
		{"a key without the word Bearer", "GET", map[string]string{"Authorization": keys.Full}, "", `"Authorization: $BREAKCOLD_API_KEY"`},
		{"a legacy key on the current API", "GET", map[string]string{"Authorization": "Bearer " + keys.Legacy}, "", "Bearer $BREAKCOLD_LEGACY_KEY"},
		{"legacy key", "POST", map[string]string{"x-api-key": keys.Legacy, "Content-Type": "application/json"}, `{"pagination":{"page":0}}`, "$BREAKCOLD_LEGACY_KEY"},
		{"revoked key", "GET", map[string]string{"Authorization": "Bearer bc_live_revokedsecret5"}, "", "$BREAKCOLD_REVOKED_KEY"},
		{"restricted key, a body to quote", "PATCH", map[string]string{"Authorization": "Bearer " + keys.Restricted, "Content-Type": "application/json"},
			`{"name":"O'Brien $HOME \"q\" ` + "`x`" + ` \\ !"}`, "$BREAKCOLD_RESTRICTED_KEY"},
		{"a key inside a longer word", "GET", map[string]string{"Authorization": "Bearer " + keys.Limited + "_x$y"}, "", "${BREAKCOLD_LIMITED_KEY}_x"},
		{"no credential", "DELETE", map[string]string{}, "", ""},
		{"a secret in the body", "POST", map[string]string{"Content-Type": "application/json"}, `{"key":"` + keys.Full + `'s"}`, "$BREAKCOLD_API_KEY"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest(tc.method, "http://127.0.0.1:8080/api/v1/records?limit=5&search=a%20b&x='y'", strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			line := s.curl(req, []byte(tc.body))
			for _, k := range []string{keys.Full, keys.Restricted, keys.Limited, keys.Legacy, "bc_live_revokedsecret5"} {
				if strings.Contains(line, k) {
					t.Errorf("the reproduction shows a key: %s", line)
				}
			}
			if !strings.Contains(line, tc.wantVar) {
				t.Errorf("the reproduction does not use %s: %s", tc.wantVar, line)
			}
			// The shell runs the line with curl replaced by one that prints its
			// arguments, one per line.
			cmd := exec.Command(sh, "-c", `curl() { for a in "$@"; do printf '%s\n' "$a"; done; }; `+line)
			cmd.Env = env
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%v: %s", err, line)
			}
			want := []string{"-si", "-X", tc.method}
			names := make([]string, 0, len(req.Header))
			for k := range req.Header {
				names = append(names, k)
			}
			slices.Sort(names)
			for _, k := range names {
				want = append(want, "-H", k+": "+req.Header.Get(k))
			}
			if tc.body != "" {
				want = append(want, "--data-binary", tc.body)
			}
			want = append(want, req.URL.String())
			if got := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n"); !slices.Equal(got, want) {
				t.Errorf("the shell passes curl\n%q\nwant\n%q\nline: %s", got, want, line)
			}
		})
	}
}
