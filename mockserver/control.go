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
	m.HandleFunc("POST "+p+"/reset", serveCtl(http.StatusOK, func(r *http.Request) (any, error) {
		var o ResetOptions
		kept := []string{}
		for _, v := range r.URL.Query()["keep"] {
			for w := range strings.SplitSeq(v, ",") {
				keep, ok := resetKeeps[w]
				if !ok {
					return nil, invalid("keep", "%q is not one of webhooks, journal, clock, faults", w)
				}
				keep(&o)
				kept = append(kept, w)
			}
		}
		if err := s.ResetWith(o); err != nil {
			return nil, err
		}
		s.opts.Logger.Info("control: reset", "kept", kept)
		return map[string]any{"reset": true, "kept": kept}, nil
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
		f, err := journalFilter(r)
		if err != nil {
			return nil, err
		}
		return map[string]any{"entries": s.Journal(f)}, nil
	}))
	m.HandleFunc("GET "+p+"/journal/count", serveCtl(http.StatusOK, func(r *http.Request) (any, error) {
		f, err := journalFilter(r)
		if err != nil {
			return nil, err
		}
		return map[string]any{"count": s.JournalCount(f)}, nil
	}))
	m.HandleFunc("GET "+p+"/journal/{id}", serveCtl(http.StatusOK, func(r *http.Request) (any, error) {
		e, ok := s.journalEntry(r.PathValue("id"))
		if !ok {
			return nil, notFound("journal entry", r.PathValue("id"))
		}
		return e, nil
	}))
	m.HandleFunc("GET "+p+"/journal.har", func(w http.ResponseWriter, r *http.Request) {
		f, err := journalFilter(r)
		if err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="breakcold-mock.har"`)
		_ = s.WriteHAR(w, f)
	})
	m.HandleFunc("GET "+p+"/journal/stream", s.journalStream)
	m.HandleFunc("DELETE "+p+"/journal", serveCtl(http.StatusOK, func(*http.Request) (any, error) {
		s.ClearJournal()
		return map[string]any{"cleared": true}, nil
	}))
	s.webhookRoutes(m)
	s.uiRoutes(m)
	m.ServeMux.HandleFunc("/", serveCtl(http.StatusOK, func(r *http.Request) (any, error) {
		return nil, errorf(http.StatusNotFound, bc.ErrorCodeNotFound, "no control endpoint %s %s; GET %s lists them", r.Method, r.URL.Path, ControlPrefix)
	}))
	return s.guardControl(m)
}

// journalFilter reads the journal's query: ?operation=, ?key=, ?status=,
// ?method=, ?path= (a trailing * for a prefix), ?limit= and ?summary=true.
func journalFilter(r *http.Request) (JournalFilter, error) {
	q := r.URL.Query()
	f := JournalFilter{Operation: q.Get("operation"), KeyPrefix: q.Get("key"), Method: q.Get("method"), Path: q.Get("path")}
	for _, n := range []struct {
		name string
		to   *int
	}{{"status", &f.Status}, {"limit", &f.Limit}} {
		if v := q.Get(n.name); v != "" {
			i, err := strconv.Atoi(v)
			if err != nil || i < 0 {
				return f, invalid(n.name, "%q is not a whole number of 0 or more", v)
			}
			*n.to = i
		}
	}
	if v := q.Get("summary"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return f, invalid("summary", "%q is not true or false", v)
		}
		f.Summary = b
	}
	return f, nil
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
