package mockserver

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/breakcold-go/breakcold/client"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// controlHandler serves the control API under ControlPrefix. Each call is the
// Go method of the same name (see doc.go).
func (s *Server) controlHandler() http.Handler {
	m := newControlMux()
	p := ControlPrefix
	m.HandleFunc("GET "+p, s.ctlIndex(m))
	m.HandleFunc("GET "+p+"/{$}", s.ctlIndex(m))
	m.HandleFunc("GET "+p+"/openapi.json", ctlSpec("application/json", specJSON))
	m.HandleFunc("GET "+p+"/openapi.yaml", ctlSpec("application/yaml", specYAML))
	m.HandleFunc("GET "+p+"/health", s.ctlHealth)
	m.HandleFunc("GET "+p+"/ready", s.ctlHealth)
	m.HandleFunc("POST "+p+"/reset", serveCtl(http.StatusOK, func(*http.Request) (any, error) {
		if err := s.Reset(); err != nil {
			return nil, err
		}
		s.opts.Logger.Info("control: reset")
		return map[string]any{"reset": true}, nil
	}))
	m.HandleFunc("POST "+p+"/seed", serveCtl(http.StatusOK, withBody(func(seed Seed) (any, error) {
		if err := s.LoadSeed(&seed); err != nil {
			return nil, err
		}
		return map[string]any{"loaded": true, "keys": s.keys.count()}, nil
	})))
	m.HandleFunc("GET "+p+"/principals", serveCtl(http.StatusOK, func(*http.Request) (any, error) {
		return s.principals(), nil
	}))
	m.HandleFunc("GET "+p+"/keys", serveCtl(http.StatusOK, func(*http.Request) (any, error) {
		return map[string]any{"keys": s.Keys()}, nil
	}))
	m.HandleFunc("POST "+p+"/keys", serveCtl(http.StatusCreated, withBody(func(spec KeySpec) (any, error) {
		key, secret, err := s.CreateKey(spec)
		if err != nil {
			return nil, err
		}
		s.opts.Logger.Info("control: key created", "key", key.Prefix, "name", key.Name, "generation", key.Generation, "user", key.UserID)
		return map[string]any{"key": key, "secret": secret}, nil
	})))
	m.HandleFunc("DELETE "+p+"/keys/{prefix}", serveCtl(http.StatusOK, func(r *http.Request) (any, error) {
		prefix, name := r.PathValue("prefix"), r.URL.Query().Get("name")
		n, matches := s.keys.revoke(prefix, name, s.clock.Now())
		if len(matches) > 1 {
			return nil, ambiguousPrefix(prefix, matches)
		}
		if n == 0 {
			return nil, notFound("active key with prefix", prefix)
		}
		s.touch()
		s.opts.Logger.Info("control: key revoked", "key", prefix, "name", name)
		return map[string]any{"revoked": n}, nil
	}))
	m.HandleFunc("GET "+p+"/clock", serveCtl(http.StatusOK, func(*http.Request) (any, error) {
		return map[string]any{"now": s.Now()}, nil
	}))
	m.HandleFunc("POST "+p+"/clock/advance", serveCtl(http.StatusOK, withBody(func(body struct {
		Seconds float64 `json:"seconds"`
	}) (any, error) {
		d, e := advanceBy(body.Seconds)
		if e != nil {
			return nil, e
		}
		s.Advance(d)
		return map[string]any{"now": s.Now()}, nil
	})))
	m.HandleFunc("GET "+p+"/faults", serveCtl(http.StatusOK, func(*http.Request) (any, error) {
		return map[string]any{"faults": s.Faults()}, nil
	}))
	m.HandleFunc("POST "+p+"/faults", serveCtl(http.StatusCreated, withBody(func(f Fault) (any, error) {
		return s.AddFault(f)
	})))
	m.HandleFunc("DELETE "+p+"/faults", serveCtl(http.StatusOK, func(*http.Request) (any, error) {
		s.ClearFaults()
		return map[string]any{"cleared": true}, nil
	}))
	m.HandleFunc("GET "+p+"/journal", serveCtl(http.StatusOK, func(r *http.Request) (any, error) {
		q := r.URL.Query()
		status, _ := strconv.Atoi(q.Get("status"))
		return map[string]any{"entries": s.Journal(JournalFilter{Operation: q.Get("operation"), KeyPrefix: q.Get("key"), Status: status})}, nil
	}))
	m.HandleFunc("DELETE "+p+"/journal", serveCtl(http.StatusOK, func(*http.Request) (any, error) {
		s.ClearJournal()
		return map[string]any{"cleared": true}, nil
	}))
	s.webhookRoutes(m)
	m.ServeMux.HandleFunc("/", serveCtl(http.StatusOK, func(r *http.Request) (any, error) {
		return nil, errorf(http.StatusNotFound, bc.ErrorCodeNotFound, "no control endpoint %s %s; GET %s lists them", r.Method, r.URL.Path, ControlPrefix)
	}))
	return s.guardControl(m)
}

// serveCtl answers a control call with what call returns, as JSON with status, or
// with its error in the API's envelope.
func serveCtl(status int, call func(*http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := call(r)
		if err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		ctlJSON(w, status, v)
	}
}

// withBody decodes a control call's JSON body, refusing unknown fields, into the
// T that call takes.
func withBody[T any](call func(T) (any, error)) func(*http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		var in T
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		err := dec.Decode(&in)
		if err == nil {
			err = endOfJSON(dec)
		}
		if err != nil {
			return nil, ctlBodyError(err)
		}
		return call(in)
	}
}

func (s *Server) ctlHealth(w http.ResponseWriter, r *http.Request) {
	s.store.mu.RLock()
	records, leads := s.store.records.len(), s.store.leads.len()
	s.store.mu.RUnlock()
	ctlJSON(w, http.StatusOK, map[string]any{
		"status": "ok", "version": s.opts.Version, "now": s.clock.Now(),
		"keys": s.keys.count(), "records": records, "leads": leads, "operations": len(s.ops),
	})
}

func ctlJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func ctlError(w http.ResponseWriter, e *apiError) {
	writeError(w, client.GenerationCurrent, "", "control", e)
}

type principalsView struct {
	Organizations []principalOrg `json:"organizations"`
	LegacyUsers   []legacyUser   `json:"legacyUsers"`
}

type principalOrg struct {
	org
	Users      []user         `json:"users"`
	Workspaces []bc.Workspace `json:"workspaces"`
}

func (s *Server) principals() principalsView {
	st := s.store
	st.mu.RLock()
	defer st.mu.RUnlock()
	v := principalsView{Organizations: []principalOrg{}, LegacyUsers: []legacyUser{}}
	for _, o := range st.orgs {
		po := principalOrg{org: *o, Users: []user{}, Workspaces: []bc.Workspace{}}
		for _, u := range st.users {
			if u.OrgID == o.ID {
				po.Users = append(po.Users, *u)
			}
		}
		for _, w := range values(st.workspaces.children(o.ID)) {
			po.Workspaces = append(po.Workspaces, *w)
		}
		slices.SortFunc(po.Users, func(a, b user) int { return strings.Compare(a.ID, b.ID) })
		v.Organizations = append(v.Organizations, po)
	}
	slices.SortFunc(v.Organizations, func(a, b principalOrg) int { return strings.Compare(a.ID, b.ID) })
	for _, u := range st.legacyUsers {
		v.LegacyUsers = append(v.LegacyUsers, *u)
	}
	slices.SortFunc(v.LegacyUsers, func(a, b legacyUser) int { return strings.Compare(a.ID, b.ID) })
	return v
}
