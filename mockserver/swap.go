package mockserver

import (
	"fmt"
	"slices"
	"time"
)

// State is replaced whole. A seed or a reset builds its data and keys aside, on a
// scratch copy of the server, and only a build that succeeded is swapped in, under
// the store and key locks at once: a rejected seed changes nothing, and a request
// racing a reset sees the old keys or the new ones, never none.

// buildState makes the data and keys of seed (nil: empty) on a scratch server that
// shares s's clock, spec and options.
func (s *Server) buildState(seed *Seed) (*store, *keyRegistry, error) {
	scratch := *s
	scratch.store, scratch.keys = newStore(), newKeyRegistry()
	if seed == nil {
		return scratch.store, scratch.keys, nil
	}
	hookIDs := map[string]bool{}
	for i, w := range seed.Webhooks {
		if _, err := w.Check(); err != nil {
			return nil, nil, fmt.Errorf("mockserver: seed webhook %d: %w", i, err)
		}
		if w.ID != "" && hookIDs[w.ID] {
			return nil, nil, invalid("webhooks.id", "webhook %q appears twice in the seed", w.ID)
		}
		hookIDs[w.ID] = true
	}
	scratch.seedIDs = &idSource{}
	st := scratch.store
	st.mu.Lock()
	err := scratch.applySeed(seed)
	st.mu.Unlock()
	if err != nil {
		return nil, nil, err
	}
	for i, spec := range seed.Keys {
		if _, _, err := scratch.CreateKey(spec); err != nil {
			return nil, nil, fmt.Errorf("mockserver: seed key %d (%s): %w", i, spec.Name, err)
		}
	}
	return scratch.store, scratch.keys, nil
}

// swapState makes st and keys the server's state and starts fresh rate-limit windows.
func (s *Server) swapState(st *store, keys *keyRegistry) {
	s.store.mu.Lock()
	s.keys.mu.Lock()
	s.store.take(st)
	s.keys.byPref, s.keys.byHash = keys.byPref, keys.byHash
	s.keys.mu.Unlock()
	s.store.mu.Unlock()
	s.limiter.reset()
	s.touch()
}

// initialSeed is the seed New loaded: nil for Options.Empty.
func (s *Server) initialSeed() *Seed {
	switch {
	case s.opts.Empty:
		return nil
	case s.opts.Seed != nil:
		return s.opts.Seed
	default:
		return DemoSeed()
	}
}

// load fills the store from the options: empty, a seed, or the demo dataset.
func (s *Server) load() error { return s.LoadSeed(s.initialSeed()) }

// Reset returns the mock to its starting state: data and keys as New loaded them,
// fresh rate-limit windows, no faults, an empty journal and the clock's offset undone.
func (s *Server) Reset() error { return s.ResetWith(ResetOptions{}) }

// ResetOptions says what ResetWith keeps; the zero value keeps nothing, as Reset.
type ResetOptions struct {
	// KeepWebhooks keeps the webhook endpoints as they are (also those added
	// since the start, through the control API or AddWebhook) and the delivery
	// log. Endpoints of integration hooks go with the data.
	KeepWebhooks bool
	// KeepJournal keeps the journal.
	KeepJournal bool
	// KeepClock keeps the clock where it was moved to.
	KeepClock bool
	// KeepFaults keeps the faults still waiting for requests.
	KeepFaults bool
}

// resetKeeps are the words of POST /_mock/reset?keep=, with what each keeps.
var resetKeeps = map[string]func(*ResetOptions){
	"webhooks": func(o *ResetOptions) { o.KeepWebhooks = true },
	"journal":  func(o *ResetOptions) { o.KeepJournal = true },
	"clock":    func(o *ResetOptions) { o.KeepClock = true },
	"faults":   func(o *ResetOptions) { o.KeepFaults = true },
}

// ResetWith resets as Reset does, but keeps what o says, as
// POST /_mock/reset?keep=webhooks,journal,clock,faults does.
func (s *Server) ResetWith(o ResetOptions) error {
	if !o.KeepClock {
		s.clock.Reset()
	}
	if err := s.loadSeed(s.initialSeed(), true, o.KeepWebhooks); err != nil {
		return err
	}
	if !o.KeepFaults {
		s.faults.clear()
	}
	if !o.KeepJournal {
		s.journal.clear()
	}
	return nil
}

// LoadSeed replaces the mock's data and keys with the seed's (nil: none), whole or
// not at all: a seed with an error leaves the mock as it was.
// The webhook endpoints become Options.Webhooks plus the seed's.
func (s *Server) LoadSeed(seed *Seed) error { return s.loadSeed(seed, false, false) }

// loadSeed is LoadSeed; reset also forgets past webhook deliveries, and
// keepHooks keeps the endpoints as they are but those of integration hooks,
// which go with the data.
func (s *Server) loadSeed(seed *Seed, reset, keepHooks bool) error {
	start := time.Now()
	st, keys, err := s.buildState(seed)
	if err != nil {
		return err
	}
	s.swapState(st, keys)
	hooks := slices.Clone(s.opts.Webhooks)
	if seed != nil {
		hooks = append(hooks, seed.Webhooks...)
	}
	if keepHooks {
		s.outbox.remove(func(ep *endpoint) bool { return ep.IntegrationHookID != "" })
	} else if err := s.outbox.reset(hooks, len(s.opts.Webhooks), reset); err != nil { // checked in buildState: cannot fail part way
		return err
	}
	s.store.mu.RLock()
	s.opts.Logger.Info("data loaded", "organizations", len(st.orgs), "workspaces", st.workspaces.len(), "records", st.records.len(),
		"legacyUsers", len(st.legacyUsers), "leads", st.leads.len(), "keys", s.keys.count(), "duration_ms", ms(time.Since(start)))
	s.store.mu.RUnlock()
	return nil
}

// ms is a duration in milliseconds, as the logs give every duration.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
