package mockserver

import (
	"net/http"
)

// webhookRoutes serves the webhook part of the control API: endpoints, events
// the API cannot cause, and the delivery log.
func (s *Server) webhookRoutes(m *http.ServeMux) {
	p := ControlPrefix + "/webhooks"
	m.HandleFunc("GET "+p, func(w http.ResponseWriter, r *http.Request) {
		ctlJSON(w, http.StatusOK, map[string]any{"webhooks": s.Webhooks()})
	})
	m.HandleFunc("POST "+p, func(w http.ResponseWriter, r *http.Request) {
		var spec WebhookSpec
		if !ctlDecode(w, r, &spec) {
			return
		}
		ep, err := s.AddWebhook(spec)
		if err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		ctlJSON(w, http.StatusCreated, ep)
	})
	m.HandleFunc("DELETE "+p+"/{id}", func(w http.ResponseWriter, r *http.Request) {
		if !s.RemoveWebhook(r.PathValue("id")) {
			ctlError(w, notFound("webhook endpoint", r.PathValue("id")))
			return
		}
		ctlJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "deleted": true})
	})
	m.HandleFunc("POST "+p+"/{id}/enable", func(w http.ResponseWriter, r *http.Request) {
		ep, err := s.EnableWebhook(r.PathValue("id"))
		if err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		ctlJSON(w, http.StatusOK, ep)
	})
	m.HandleFunc("POST "+p+"/trigger", func(w http.ResponseWriter, r *http.Request) {
		var t WebhookTrigger
		if !ctlDecode(w, r, &t) {
			return
		}
		id, err := s.TriggerWebhook(t)
		if err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		s.opts.Logger.Info("control: webhook triggered", "event", t.Event, "eventId", id, "workspace", t.WorkspaceID)
		ctlJSON(w, http.StatusAccepted, map[string]any{"eventId": id, "deliveries": s.WebhookDeliveries(WebhookDeliveryFilter{EventID: id})})
	})
	m.HandleFunc("GET "+p+"/deliveries", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f := WebhookDeliveryFilter{Event: q.Get("event"), Endpoint: q.Get("endpoint"), Status: q.Get("status"), EventID: q.Get("eventId")}
		ctlJSON(w, http.StatusOK, map[string]any{"deliveries": s.WebhookDeliveries(f)})
	})
	m.HandleFunc("POST "+p+"/deliveries/{id}/redeliver", func(w http.ResponseWriter, r *http.Request) {
		d, err := s.Redeliver(r.PathValue("id"))
		if err != nil {
			ctlError(w, asAPIError(err))
			return
		}
		ctlJSON(w, http.StatusAccepted, d)
	})
}
