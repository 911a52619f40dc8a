package mockserver

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// displayLen is how many characters of a key's secret part its display prefix shows.
const displayLen = 6

// Key is an API key as the registry holds it. Requests are checked against the
// SHA-256 of its secret alone, compared in constant time; the secret is kept
// beside it, unexported, only so that State can write it to the mock's own
// state file (Options.StateFile).
type Key struct {
	Prefix      string            `json:"prefix"` // e.g. bc_live_4kq2m9; safe to log
	Name        string            `json:"name"`
	Generation  client.Generation `json:"generation"`
	UserID      string            `json:"userId"`
	OrgID       string            `json:"organizationId,omitempty"` // current API
	Region      Region            `json:"region,omitempty"`         // current API
	Scopes      []client.Scope    `json:"scopes,omitempty"`         // current API
	WorkspaceID string            `json:"workspaceId,omitempty"`    // workspace limit; "" means every workspace
	SpaceID     string            `json:"spaceId,omitempty"`        // legacy API: the user's workspace
	CreatedAt   time.Time         `json:"createdAt"`
	ExpiresAt   *time.Time        `json:"expiresAt,omitempty"`
	RevokedAt   *time.Time        `json:"revokedAt,omitempty"`

	hash   [sha256.Size]byte
	secret string
}

// Full reports whether k is a current-API key with every scope the spec
// declares, as DemoKeyFull is.
func (k Key) Full() bool {
	if k.Generation != client.GenerationCurrent {
		return false
	}
	for _, sc := range specdata.Scopes {
		if !slices.Contains(k.Scopes, client.Scope(sc.Name)) {
			return false
		}
	}
	return true
}

// KeySpec asks for a new key (Server.CreateKey, POST /_mock/keys, a seed's keys).
// Secret may be set to get a known key (demo and test keys); otherwise a random
// one is made.
type KeySpec struct {
	Name string
	// Generation is client.GenerationCurrent (also when empty) or client.GenerationLegacy.
	Generation client.Generation
	// UserID is a current-API user, or a legacy user for a legacy key (see
	// GET /_mock/principals).
	UserID string
	// Scopes and AllScopes give a current-API key its scopes; legacy keys have none.
	Scopes    []client.Scope
	AllScopes bool
	// WorkspaceID limits a current-API key to one workspace; empty means all of
	// its organization's.
	WorkspaceID string
	// ExpiresIn is how long from now, on the mock's clock, the key works; 0 means
	// forever and a negative value makes a key that has already expired. On the
	// wire it is whole seconds (expiresInSeconds).
	ExpiresIn time.Duration
	Secret    string
	// CreatedAt, when set, is the key's creation time instead of now; ExpiresAt,
	// when set, its expiry instead of ExpiresIn's; RevokedAt, when set, makes it a
	// revoked key. A state file (Server.State) keeps keys with them.
	CreatedAt time.Time
	ExpiresAt *time.Time
	RevokedAt *time.Time
}

// keySpecWire is KeySpec as the control API and seed files spell it.
type keySpecWire struct {
	Name             string            `json:"name"`
	Generation       client.Generation `json:"generation"`
	UserID           string            `json:"userId"`
	Scopes           []client.Scope    `json:"scopes"`
	AllScopes        bool              `json:"allScopes"`
	WorkspaceID      string            `json:"workspaceId"`
	ExpiresInSeconds int64             `json:"expiresInSeconds"`
	Secret           string            `json:"secret"`
	CreatedAt        time.Time         `json:"createdAt,omitzero"`
	ExpiresAt        *time.Time        `json:"expiresAt,omitempty"`
	RevokedAt        *time.Time        `json:"revokedAt,omitempty"`
}

// MarshalJSON writes the spec with its expiry in whole seconds.
func (k KeySpec) MarshalJSON() ([]byte, error) {
	return json.Marshal(keySpecWire{
		Name: k.Name, Generation: k.Generation, UserID: k.UserID, Scopes: k.Scopes, AllScopes: k.AllScopes,
		WorkspaceID: k.WorkspaceID, ExpiresInSeconds: int64(k.ExpiresIn / time.Second), Secret: k.Secret,
		CreatedAt: k.CreatedAt, ExpiresAt: k.ExpiresAt, RevokedAt: k.RevokedAt,
	})
}

// UnmarshalJSON reads the wire form and, like the control API and seed files,
// rejects fields a key spec does not have.
func (k *KeySpec) UnmarshalJSON(b []byte) error {
	var w keySpecWire
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return err
	}
	if w.ExpiresInSeconds > maxExpirySeconds || w.ExpiresInSeconds < -maxExpirySeconds {
		return fmt.Errorf("expiresInSeconds %d is beyond ±%d (100 years)", w.ExpiresInSeconds, int64(maxExpirySeconds))
	}
	*k = KeySpec{
		Name: w.Name, Generation: w.Generation, UserID: w.UserID, Scopes: w.Scopes, AllScopes: w.AllScopes,
		WorkspaceID: w.WorkspaceID, ExpiresIn: time.Duration(w.ExpiresInSeconds) * time.Second, Secret: w.Secret,
		CreatedAt: w.CreatedAt, ExpiresAt: w.ExpiresAt, RevokedAt: w.RevokedAt,
	}
	return nil
}

// maxExpirySeconds bounds a key's expiresInSeconds: 100 years, far below where
// seconds overflow a time.Duration and turn a distant expiry into a past one.
const maxExpirySeconds = 100 * 365 * 24 * 60 * 60

type keyRegistry struct {
	mu     sync.RWMutex
	byPref map[string][]*Key
	// byHash finds a key by the SHA-256 of its secret in one map lookup however many
	// keys share a display prefix; the secret itself is never compared.
	byHash map[[sha256.Size]byte]*Key
}

func newKeyRegistry() *keyRegistry {
	return &keyRegistry{byPref: map[string][]*Key{}, byHash: map[[sha256.Size]byte]*Key{}}
}

// keyPrefixes are the credential prefixes of each generation, as the client
// knows them.
var keyPrefixes = map[client.Generation]string{client.GenerationCurrent: client.CurrentKeyPrefix, client.GenerationLegacy: client.LegacyKeyPrefix}

// keyGeneration is the generation a key belongs to, by its prefix.
func keyGeneration(secret string) (client.Generation, bool) {
	for g, p := range keyPrefixes {
		if strings.HasPrefix(secret, p) {
			return g, true
		}
	}
	return "", false
}

// displayPrefix is the part of a key that may be shown and logged.
func displayPrefix(secret string) string {
	if g, ok := keyGeneration(secret); ok {
		p := keyPrefixes[g]
		return p + secret[len(p):min(len(secret), len(p)+displayLen)]
	}
	if len(secret) > 4 {
		return secret[:4] + "…"
	}
	return "…"
}

// add registers k with its secret. Registered keys are never edited: a request
// reads the key it authenticated with after the lock is released.
func (r *keyRegistry) add(k Key, secret string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	k.hash, k.secret = sha256.Sum256([]byte(secret)), secret
	if _, dup := r.byHash[k.hash]; dup {
		return fmt.Errorf("a key with this secret already exists")
	}
	r.byPref[k.Prefix] = append(r.byPref[k.Prefix], &k)
	r.byHash[k.hash] = &k
	return nil
}

// lookup finds the key whose secret this is. It compares only SHA-256 digests, the
// final comparison in constant time, so timing reveals nothing about the secret.
func (r *keyRegistry) lookup(secret string) *Key {
	sum := sha256.Sum256([]byte(secret))
	r.mu.RLock()
	k := r.byHash[sum]
	r.mu.RUnlock()
	if k == nil || subtle.ConstantTimeCompare(k.hash[:], sum[:]) != 1 {
		return nil
	}
	return k
}

// revoke revokes the one active key with the display prefix (and the name, when
// given) and returns how many it revoked. When several match it revokes none and
// returns them: a display prefix is six characters, so it may well be shared.
func (r *keyRegistry) revoke(prefix, name string, at time.Time) (int, []Key) {
	r.mu.Lock()
	defer r.mu.Unlock()
	keys := slices.Clone(r.byPref[prefix])
	var matches []int
	for i, k := range keys {
		if k.RevokedAt == nil && (name == "" || k.Name == name) {
			matches = append(matches, i)
		}
	}
	if len(matches) != 1 {
		var out []Key
		for _, i := range matches {
			out = append(out, *keys[i])
		}
		return 0, out
	}
	c := *keys[matches[0]]
	c.RevokedAt = &at
	keys[matches[0]], r.byHash[c.hash] = &c, &c
	r.byPref[prefix] = keys
	return 1, nil
}

// list returns copies of every key, sorted by prefix.
func (r *keyRegistry) list() []Key {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Key
	for _, ks := range r.byPref {
		for _, k := range ks {
			out = append(out, *k)
		}
	}
	slices.SortFunc(out, func(a, b Key) int { return strings.Compare(a.Prefix+a.Name, b.Prefix+b.Name) })
	return out
}

func (r *keyRegistry) count() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	n := 0
	for _, ks := range r.byPref {
		n += len(ks)
	}
	return n
}

func randomSecret(prefix string) string {
	return prefix + randomString("abcdefghijklmnopqrstuvwxyz0123456789", 32)
}

// CreateKey adds an API key and returns it with its secret, which is shown only here.
func (s *Server) CreateKey(spec KeySpec) (Key, string, error) {
	now := s.clock.Now()
	k := Key{Name: spec.Name, UserID: spec.UserID, CreatedAt: now, ExpiresAt: spec.ExpiresAt, RevokedAt: spec.RevokedAt}
	if !spec.CreatedAt.IsZero() {
		k.CreatedAt = spec.CreatedAt
	}
	if spec.ExpiresIn != 0 && spec.ExpiresAt == nil {
		t := now.Add(spec.ExpiresIn)
		k.ExpiresAt = &t
	}
	prefix := client.CurrentKeyPrefix
	switch spec.Generation {
	case "", client.GenerationCurrent:
		k.Generation = client.GenerationCurrent
		s.store.mu.RLock()
		u := s.store.users[spec.UserID]
		var o *org
		if u != nil {
			o = s.store.orgs[u.OrgID]
		}
		var wsOrg string
		if spec.WorkspaceID != "" {
			wsOrg = s.store.workspaces.parentOf(spec.WorkspaceID)
		}
		s.store.mu.RUnlock()
		if u == nil || o == nil {
			return Key{}, "", invalid("userId", "no current-API user %q (see GET %s/principals)", spec.UserID, ControlPrefix)
		}
		if spec.WorkspaceID != "" && wsOrg != o.ID {
			return Key{}, "", invalid("workspaceId", "workspace %q is not in the user's organization", spec.WorkspaceID)
		}
		k.OrgID, k.Region, k.WorkspaceID = o.ID, o.Region, spec.WorkspaceID
		if spec.AllScopes {
			for _, sc := range specdata.Scopes {
				k.Scopes = append(k.Scopes, client.Scope(sc.Name))
			}
		}
		for _, sc := range spec.Scopes {
			if !slices.ContainsFunc(specdata.Scopes, func(d specdata.Scope) bool { return d.Name == string(sc) }) {
				return Key{}, "", invalid("scopes", "unknown scope %q", sc)
			}
			k.Scopes = append(k.Scopes, sc)
		}
		slices.Sort(k.Scopes)
		k.Scopes = slices.Compact(k.Scopes)
	case client.GenerationLegacy:
		k.Generation, prefix = client.GenerationLegacy, client.LegacyKeyPrefix
		s.store.mu.RLock()
		lu := s.store.legacyUsers[spec.UserID]
		s.store.mu.RUnlock()
		if lu == nil {
			return Key{}, "", invalid("userId", "no legacy user %q (see GET %s/principals)", spec.UserID, ControlPrefix)
		}
		if len(spec.Scopes) > 0 || spec.WorkspaceID != "" {
			return Key{}, "", invalid("scopes", "legacy keys carry no scopes or workspace limit")
		}
		k.SpaceID = lu.SpaceID.String()
	default:
		return Key{}, "", invalid("generation", "want current or legacy, got %q", spec.Generation)
	}
	secret := spec.Secret
	if i := strings.IndexFunc(secret, func(c rune) bool { return c <= ' ' || c > '~' }); i >= 0 {
		return Key{}, "", invalid("secret", "character %d is whitespace, a control character or not ASCII; a key is sent in a header as written", i)
	}
	if secret == "" {
		secret = randomSecret(prefix)
	} else if len(secret) < len(prefix)+displayLen+8 || secret[:len(prefix)] != prefix {
		return Key{}, "", invalid("secret", "a %s key must start with %s and have at least %d characters after it", k.Generation, prefix, displayLen+8)
	}
	k.Prefix = displayPrefix(secret)
	if err := s.keys.add(k, secret); err != nil {
		return Key{}, "", invalid("secret", "%v", err)
	}
	s.touch()
	s.opts.Logger.Debug("key created", "key", k.Prefix, "name", k.Name, "generation", k.Generation, "user", k.UserID, "scopes", len(k.Scopes))
	return k, secret, nil
}

// RevokeKey revokes the active key with the display prefix and reports how many it
// revoked: 1, or 0 when no key or several keys have that prefix (the control API
// answers the latter with 409 and the matches; ?name= picks one).
func (s *Server) RevokeKey(prefix string) int {
	n, _ := s.keys.revoke(prefix, "", s.clock.Now())
	if n > 0 {
		s.touch()
		s.opts.Logger.Info("key revoked", "key", prefix, "count", n)
	}
	return n
}

// Keys lists the registered keys (without secrets).
func (s *Server) Keys() []Key { return s.keys.list() }
