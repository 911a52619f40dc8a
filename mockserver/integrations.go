package mockserver

import (
	"context"
	"slices"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func (h *handlers) CreateIntegrationHook(ctx context.Context, req bc.CreateIntegrationHookRequestObject) (bc.CreateIntegrationHookResponseObject, error) {
	s, in := h.s, req.Body
	res, err := inParent(ctx, s, s.store.workspaces, in.WorkspaceID, func(*bc.Workspace) (*bc.IntegrationHook, error) {
		if in.ObjectTypeSlug != nil && s.objectBySlug(in.WorkspaceID, *in.ObjectTypeSlug) == nil {
			return nil, invalid("objectTypeSlug", "no object type with slug %q in this workspace", *in.ObjectTypeSlug)
		}
		hook := bc.IntegrationHook{
			ID: newID("hk"), WorkspaceID: in.WorkspaceID, Platform: in.Platform, Event: in.Event,
			TargetURL: in.TargetURL, ObjectTypeSlug: in.ObjectTypeSlug, CreatedAt: millis(s.clock.Now()),
		}
		stored := s.store.hooks.add(in.WorkspaceID, hook.ID, hook)
		s.integrationHookAdded(hook)
		return stored, nil
	})
	return bc.CreateIntegrationHook201JSONResponse{Body: bc.IntegrationHookEnvelope{Hook: deref(res)}}, err
}

func (h *handlers) DeleteIntegrationHook(ctx context.Context, req bc.DeleteIntegrationHookRequestObject) (bc.DeleteIntegrationHookResponseObject, error) {
	res, err := remove(ctx, h.s, h.s.store.hooks, req.HookID, func(hook *bc.IntegrationHook) error {
		h.s.outbox.remove(func(ep *endpoint) bool { return ep.IntegrationHookID == hook.ID })
		return nil
	})
	return bc.DeleteIntegrationHook200JSONResponse{Body: res}, err
}

// ListIntegrationSamples builds samples from the workspace's most recent data, in the
// shape Breakcold's outbound webhooks use for the event.
// ListIntegrationSamples builds samples from the workspace's most recent data, in the
// shape Breakcold's outbound webhooks use for the event.
func (h *handlers) ListIntegrationSamples(ctx context.Context, req bc.ListIntegrationSamplesRequestObject) (bc.ListIntegrationSamplesResponseObject, error) {
	st, q := h.s.store, req.Params
	page, err := pageUnder(ctx, h.s, st.workspaces, q.WorkspaceID, q.Limit, q.Cursor, func(ws *bc.Workspace, p pageReq) pageResult[bc.IntegrationSample] {
		var samples []*item[bc.IntegrationSample]
		add := func(seq int64, payload map[string]any) {
			samples = append(samples, looseItem(seq, bc.IntegrationSample{Event: q.Event, Payload: payload}))
		}
		for _, it := range st.records.children(ws.OrganizationID) {
			r := it.val
			if r.WorkspaceID != ws.ID {
				continue
			}
			switch q.Event {
			case bc.IntegrationEventRecordCreated, bc.IntegrationEventRecordUpdated:
				add(it.seq, map[string]any{"id": r.ID, "objectType": r.ObjectTypeSlug, "name": r.DisplayName, "fields": r.Fields, "createdAt": r.CreatedAt, "updatedAt": r.UpdatedAt})
			case bc.IntegrationEventRecordDeleted:
				add(it.seq, map[string]any{"id": r.ID, "deleted": true})
			case bc.IntegrationEventNoteCreated, bc.IntegrationEventNoteUpdated:
				for _, n := range st.notes.children(r.ID) {
					add(n.seq, map[string]any{"recordId": r.ID, "noteId": n.val.ID, "title": n.val.Title, "contentPlain": n.val.ContentPlain, "createdAt": n.val.CreatedAt, "updatedAt": n.val.UpdatedAt})
				}
			case bc.IntegrationEventTaskCreated, bc.IntegrationEventTaskCompleted:
				for _, t := range st.tasks.children(r.ID) {
					if q.Event == bc.IntegrationEventTaskCompleted && t.val.Status != bc.TaskStatusDone {
						continue
					}
					add(t.seq, map[string]any{"recordId": r.ID, "taskId": t.val.ID, "title": t.val.Title, "status": string(t.val.Status)})
				}
			}
		}
		slices.SortFunc(samples, func(a, b *item[bc.IntegrationSample]) int { return int(a.seq - b.seq) })
		return pageBySeq(samples, true, p, nil)
	})
	return bc.ListIntegrationSamples200JSONResponse{Body: bc.IntegrationSampleList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, err
}
