package contracttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// controlCall sends a request to the mock's control API and decodes its answer.
func (r *runner) controlCall(method, path string, in, out any) error {
	if r.halted() {
		return errStopped
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	ctx, cancel := r.requestContext()
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(r.t.Control, "/")+path, body)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := r.http.Do(req)
	if err != nil {
		if r.halted() {
			return errStopped
		}
		r.stop.transportError()
		return err
	}
	r.stop.answered()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

type mockKey struct {
	Prefix         string `json:"prefix"`
	UserID         string `json:"userId"`
	OrganizationID string `json:"organizationId"`
	Region         string `json:"region"`
	Generation     string `json:"generation"`
}

type mockPrincipals struct {
	Organizations []struct {
		ID         string                `json:"id"`
		Region     string                `json:"region"`
		Users      []struct{ ID string } `json:"users"`
		Workspaces []struct{ ID string } `json:"workspaces"`
	} `json:"organizations"`
	LegacyUsers []struct{ ID string } `json:"legacyUsers"`
}

// prepareMock resets the mock and makes the keys the target lacks, for the full key's
// user (or the first user of a US organization): a full key, a restricted key
// (records:read only), a key limited to one workspace, and a legacy key.
func (r *runner) prepareMock() error {
	if err := r.controlCall("POST", "/reset", nil, nil); err != nil {
		return err
	}
	var p mockPrincipals
	if err := r.controlCall("GET", "/principals", nil, &p); err != nil {
		return err
	}
	orgIdx, user := -1, ""
	if r.t.Keys.Full != "" {
		var keys struct {
			Keys []mockKey `json:"keys"`
		}
		if err := r.controlCall("GET", "/keys", nil, &keys); err != nil {
			return err
		}
		for _, k := range keys.Keys {
			if strings.HasPrefix(r.t.Keys.Full, k.Prefix) {
				user = k.UserID
				for i, o := range p.Organizations {
					if o.ID == k.OrganizationID {
						orgIdx = i
					}
				}
			}
		}
	}
	if orgIdx < 0 {
		for i, o := range p.Organizations {
			if o.Region == "us" && len(o.Users) > 0 {
				orgIdx = i
				break
			}
		}
	}
	if orgIdx < 0 {
		return fmt.Errorf("the mock has no US organization with a user to make keys for")
	}
	org := p.Organizations[orgIdx]
	if user == "" {
		user = org.Users[0].ID
	}
	makeKey := func(spec map[string]any) (string, error) {
		secret, _, err := r.makeKey(spec)
		return secret, err
	}
	var err error
	if r.t.Keys.Full == "" {
		if r.t.Keys.Full, err = makeKey(map[string]any{"name": "contract full", "userId": user, "allScopes": true}); err != nil {
			return err
		}
	}
	if r.t.Keys.Restricted == "" {
		if r.t.Keys.Restricted, err = makeKey(map[string]any{"name": "contract restricted", "userId": user, "scopes": []string{"records:read"}}); err != nil {
			return err
		}
		r.state["madeRestricted"] = true
	}
	if r.t.Keys.Limited == "" && len(org.Workspaces) > 1 {
		if r.t.Keys.Limited, err = makeKey(map[string]any{"name": "contract limited", "userId": user, "allScopes": true, "workspaceId": org.Workspaces[0].ID}); err != nil {
			return err
		}
	}
	if r.t.Keys.Legacy == "" && len(p.LegacyUsers) > 0 {
		if r.t.Keys.Legacy, err = makeKey(map[string]any{"name": "contract legacy", "generation": "legacy", "userId": p.LegacyUsers[0].ID}); err != nil {
			return err
		}
	}
	r.state["mockUser"] = user
	return nil
}

// makeKey asks the mock for a key and returns its secret and display prefix.
func (r *runner) makeKey(spec map[string]any) (secret, prefix string, err error) {
	var out struct {
		Secret string `json:"secret"`
		Key    struct {
			Prefix string `json:"prefix"`
		} `json:"key"`
	}
	err = r.controlCall("POST", "/keys", spec, &out)
	return out.Secret, out.Key.Prefix, err
}
