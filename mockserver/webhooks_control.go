package mockserver

import (
	"net/http"
)

// webhookRoutes serves the webhook part of the control API: endpoints, events
// the API cannot cause, and the delivery log.
func (s *Server) webhookRoutes(m ctlRouter) {
	p := ControlPrefix + "/webhooks"
	m.HandleFunc("GET "+p, serveCtl(http.StatusOK, func(*http.Request) (any, error) {
		return map[string]any{"webhooks": s.Webhooks()}, nil
	}))
	m.HandleFunc("POST "+p, serveCtl(http.StatusCreated, withBody(func(spec WebhookSpec) (any, error) {
		return s.AddWebhook(spec)
	})))
	m.HandleFunc("DELETE "+p+"/{id}", serveCtl(http.StatusOK, func(r *http.Request) (any, error) {
		if !s.RemoveWebhook(r.PathValue("id")) {
			return nil, notFound("webhook endpoint", r.PathValue("id"))
		}
		return map[string]any{"id": r.PathValue("id"), "deleted": true}, nil
	}))
	m.HandleFunc("POST "+p+"/{id}/enable", serveCtl(http.StatusOK, func(r *http.Request) (any, error) {
		return s.EnableWebhook(r.PathValue("id"))
	}))
	m.HandleFunc("POST "+p+"/trigger", serveCtl(http.StatusAccepted, withBody(func(t WebhookTrigger) (any, error) {
		id, err := s.TriggerWebhook(t)
		if err != nil {
			return nil, err
		}
		s.opts.Logger.Info("control: webhook triggered", "event", t.Event, "eventId", id, "workspace", t.WorkspaceID)
		return map[string]any{"eventId": id, "deliveries": s.WebhookDeliveries(WebhookDeliveryFilter{EventID: id})}, nil
	})))
	m.HandleFunc("GET "+p+"/deliveries", serveCtl(http.StatusOK, func(r *http.Request) (any, error) {
		q := r.URL.Query()
		f := WebhookDeliveryFilter{Event: q.Get("event"), Endpoint: q.Get("endpoint"), Status: q.Get("status"), EventID: q.Get("eventId")}
		return map[string]any{"deliveries": s.WebhookDeliveries(f)}, nil
	}))
	m.HandleFunc("POST "+p+"/deliveries/{id}/redeliver", serveCtl(http.StatusAccepted, func(r *http.Request) (any, error) {
		return s.Redeliver(r.PathValue("id"))
	}))
}
