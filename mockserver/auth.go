package mockserver

import (
	"net/http"
	"strings"
	"time"

	"github.com/breakcold-go/breakcold/client"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// authenticate finds the request's key and checks it is usable here. Every failure
// is a 401 whose message says what the API expects; the Bearer API adds
// WWW-Authenticate.
func (s *Server) authenticate(r *http.Request, st *reqState) (*Key, *apiError) {
	st.authTried = true
	var secret string
	var e *apiError
	if st.gen == client.GenerationLegacy {
		secret, e = legacyCredential(r)
	} else {
		secret, e = bearerCredential(r)
	}
	if e != nil {
		return nil, e
	}
	k, e := s.checkKey(secret, st)
	if k != nil {
		st.keyPrefix = k.Prefix // displayPrefix(secret), made once for the key
	} else {
		st.keyPrefix = displayPrefix(secret)
	}
	return k, e
}

// identify authenticates a request the pipeline answered before authentication,
// once, so its answer and journal entry name its key; it draws on no window.
func (s *Server) identify(r *http.Request, st *reqState) {
	if st.key != nil || st.authTried {
		return
	}
	if key, e := s.authenticate(r, st); e == nil {
		st.key = key
	}
}

func unauthorized(format string, args ...any) *apiError {
	return errorf(http.StatusUnauthorized, bc.ErrorCodeUnauthorized, format, args...)
}

func bearerCredential(r *http.Request) (string, *apiError) {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		if r.Header.Get("x-api-key") != "" {
			return "", unauthorized("this API takes Authorization: Bearer bc_live_… keys; x-api-key (legacy breakcold-usr- keys) works only on the legacy API under /rest")
		}
		return "", unauthorized("missing API key; send Authorization: Bearer bc_live_…")
	}
	scheme, token, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" || strings.ContainsAny(token, " \t") {
		return "", unauthorized("malformed Authorization header; send the word Bearer, one space, then the key")
	}
	if strings.HasPrefix(token, client.LegacyKeyPrefix) {
		return "", unauthorized("a legacy breakcold-usr- key cannot call the current API; it takes Authorization: Bearer bc_live_… keys")
	}
	if !strings.HasPrefix(token, client.CurrentKeyPrefix) {
		return "", unauthorized("malformed API key; current-API keys start with bc_live_")
	}
	return token, nil
}

func legacyCredential(r *http.Request) (string, *apiError) {
	key := r.Header.Get("x-api-key")
	if key == "" {
		if strings.HasPrefix(strings.ToLower(r.Header.Get("Authorization")), "bearer ") {
			return "", unauthorized("the legacy API takes x-api-key: breakcold-usr-… keys; Authorization: Bearer works only on the current API under /api/v1")
		}
		return "", unauthorized("missing API key; send x-api-key: breakcold-usr-…")
	}
	if strings.HasPrefix(key, client.CurrentKeyPrefix) {
		return "", unauthorized("a bc_live_ key cannot call the legacy API; it takes x-api-key: breakcold-usr-… keys")
	}
	if !strings.HasPrefix(key, client.LegacyKeyPrefix) {
		return "", unauthorized("unknown API key; legacy keys start with breakcold-usr-")
	}
	return key, nil
}

func (s *Server) checkKey(secret string, st *reqState) (*Key, *apiError) {
	k := s.keys.lookup(secret)
	now := s.clock.Now()
	switch {
	case k == nil:
		return nil, unauthorized("unknown API key %s", displayPrefix(secret))
	case k.RevokedAt != nil:
		return nil, unauthorized("API key %s was revoked", k.Prefix)
	case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
		return nil, unauthorized("API key %s expired at %s", k.Prefix, k.ExpiresAt.UTC().Format(time.RFC3339))
	case st.gen == client.GenerationCurrent && k.Region != st.region:
		return nil, unauthorized("API key %s belongs to the %s region; send it to %s", k.Prefix, strings.ToUpper(string(k.Region)), regionBaseURLs[k.Region])
	}
	return k, nil
}
