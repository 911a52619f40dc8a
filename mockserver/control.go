package mockserver

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/breakcold-go/breakcold/apispec"
	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// controlHandler serves the control API under ControlPrefix.
func (s *Server) controlHandler() http.Handler {
	m := newControlMux()
	p := ControlPrefix
	m.HandleFunc("GET "+p, s.ctlIndex(m))
	m.HandleFunc("GET "+p+"/{$}", s.ctlIndex(m))
	m.HandleFunc("GET "+p+"/openapi.json", ctlSpec("application/json", specJSON))
	m.HandleFunc("GET "+p+"/openapi.yaml", ctlSpec("application/yaml", specYAML))
	m.HandleFunc("GET "+p+"/health", s.ctlHealth)
	m.HandleFunc("GET "+p+"/ready", s.ctlHealth)
	m.HandleFunc("POST "+p+"/reset", func(w http.ResponseWriter, r *http.Request) {
		if err := s.Reset(); err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		s.opts.Logger.Info("control: reset")
		ctlJSON(w, http.StatusOK, map[string]any{"reset": true})
	})
	m.HandleFunc("POST "+p+"/seed", func(w http.ResponseWriter, r *http.Request) {
		var seed Seed
		if !ctlDecode(w, r, &seed) {
			return
		}
		if err := s.LoadSeed(&seed); err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		ctlJSON(w, http.StatusOK, map[string]any{"loaded": true, "keys": s.keys.count()})
	})
	m.HandleFunc("GET "+p+"/principals", func(w http.ResponseWriter, r *http.Request) {
		ctlJSON(w, http.StatusOK, s.principals())
	})
	m.HandleFunc("GET "+p+"/keys", func(w http.ResponseWriter, r *http.Request) {
		ctlJSON(w, http.StatusOK, map[string]any{"keys": s.Keys()})
	})
	m.HandleFunc("POST "+p+"/keys", func(w http.ResponseWriter, r *http.Request) {
		var spec KeySpec
		if !ctlDecode(w, r, &spec) {
			return
		}
		key, secret, err := s.CreateKey(spec)
		if err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		s.opts.Logger.Info("control: key created", "key", key.Prefix, "name", key.Name, "generation", key.Generation, "user", key.UserID)
		ctlJSON(w, http.StatusCreated, map[string]any{"key": key, "secret": secret})
	})
	m.HandleFunc("DELETE "+p+"/keys/{prefix}", func(w http.ResponseWriter, r *http.Request) {
		prefix, name := r.PathValue("prefix"), r.URL.Query().Get("name")
		n, matches := s.keys.revoke(prefix, name, s.clock.Now())
		if len(matches) > 1 {
			ctlError(w, ambiguousPrefix(prefix, matches))
			return
		}
		if n == 0 {
			ctlError(w, notFound("active key with prefix", prefix))
			return
		}
		s.opts.Logger.Info("control: key revoked", "key", prefix, "name", name)
		ctlJSON(w, http.StatusOK, map[string]any{"revoked": n})
	})
	m.HandleFunc("GET "+p+"/clock", func(w http.ResponseWriter, r *http.Request) {
		ctlJSON(w, http.StatusOK, map[string]any{"now": s.Now()})
	})
	m.HandleFunc("POST "+p+"/clock/advance", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Seconds float64 `json:"seconds"`
		}
		if !ctlDecode(w, r, &body) {
			return
		}
		d, e := advanceBy(body.Seconds)
		if e != nil {
			ctlError(w, e)
			return
		}
		s.Advance(d)
		ctlJSON(w, http.StatusOK, map[string]any{"now": s.Now()})
	})
	m.HandleFunc("GET "+p+"/faults", func(w http.ResponseWriter, r *http.Request) {
		ctlJSON(w, http.StatusOK, map[string]any{"faults": s.Faults()})
	})
	m.HandleFunc("POST "+p+"/faults", func(w http.ResponseWriter, r *http.Request) {
		var f Fault
		if !ctlDecode(w, r, &f) {
			return
		}
		f, err := s.AddFault(f)
		if err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		ctlJSON(w, http.StatusCreated, f)
	})
	m.HandleFunc("DELETE "+p+"/faults", func(w http.ResponseWriter, r *http.Request) {
		s.ClearFaults()
		ctlJSON(w, http.StatusOK, map[string]any{"cleared": true})
	})
	m.HandleFunc("GET "+p+"/journal", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		status, _ := strconv.Atoi(q.Get("status"))
		entries := s.Journal(JournalFilter{Operation: q.Get("operation"), KeyPrefix: q.Get("key"), Status: status})
		ctlJSON(w, http.StatusOK, map[string]any{"entries": entries})
	})
	m.HandleFunc("DELETE "+p+"/journal", func(w http.ResponseWriter, r *http.Request) {
		s.ClearJournal()
		ctlJSON(w, http.StatusOK, map[string]any{"cleared": true})
	})
	m.ServeMux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		ctlError(w, errorf(http.StatusNotFound, bc.ErrorCodeNotFound, "no control endpoint %s %s; GET %s lists them", r.Method, r.URL.Path, ControlPrefix))
	})
	return s.guardControl(m)
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
	writeError(w, apispec.Current, "", "control", e)
}

func ctlDecode(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		err = endOfJSON(dec)
	}
	if err != nil {
		ctlError(w, ctlBodyError(err))
		return false
	}
	return true
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
