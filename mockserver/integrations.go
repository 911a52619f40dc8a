package mockserver

import (
	"context"
	"slices"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func (h *handlers) CreateIntegrationHook(ctx context.Context, req bc.CreateIntegrationHookRequestObject) (bc.CreateIntegrationHookResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	if _, err := s.workspaceFor(keyOf(ctx), in.WorkspaceID); err != nil {
		return nil, err
	}
	if in.ObjectTypeSlug != nil && s.objectBySlug(in.WorkspaceID, *in.ObjectTypeSlug) == nil {
		return nil, invalid("objectTypeSlug", "no object type with slug %q in this workspace", *in.ObjectTypeSlug)
	}
	hook := bc.IntegrationHook{
		ID: newID("hk"), WorkspaceID: in.WorkspaceID, Platform: in.Platform, Event: in.Event,
		TargetURL: in.TargetURL, ObjectTypeSlug: in.ObjectTypeSlug, CreatedAt: millis(s.clock.Now()),
	}
	s.store.hooks.add(in.WorkspaceID, hook.ID, hook)
	s.integrationHookAdded(hook)
	return bc.CreateIntegrationHook201JSONResponse{Body: bc.IntegrationHookEnvelope{Hook: hook}}, nil
}

func (h *handlers) DeleteIntegrationHook(ctx context.Context, req bc.DeleteIntegrationHookRequestObject) (bc.DeleteIntegrationHookResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	hook, err := s.store.hooks.visible(s, keyOf(ctx), req.HookID)
	if err != nil {
		return nil, err
	}
	s.store.hooks.del(hook.ID)
	s.outbox.remove(func(ep *endpoint) bool { return ep.IntegrationHookID == hook.ID })
	return bc.DeleteIntegrationHook200JSONResponse{Body: bc.DeleteResult{ID: hook.ID, Deleted: bc.DeleteResultDeletedTrue}}, nil
}

// ListIntegrationSamples builds samples from the workspace's most recent data, in the
// shape Breakcold's outbound webhooks use for the event.
func (h *handlers) ListIntegrationSamples(ctx context.Context, req bc.ListIntegrationSamplesRequestObject) (bc.ListIntegrationSamplesResponseObject, error) {
	s, k, q := h.s, keyOf(ctx), req.Params
	p, err := newPageReq(q.Limit, q.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	if _, err := s.workspaceFor(k, q.WorkspaceID); err != nil {
		return nil, err
	}
	var samples []*item[bc.IntegrationSample]
	add := func(seq int64, payload map[string]any) {
		samples = append(samples, looseItem(seq, bc.IntegrationSample{Event: q.Event, Payload: payload}))
	}
	for _, it := range s.store.records.children(k.OrgID) {
		r := it.val
		if r.WorkspaceID != q.WorkspaceID {
			continue
		}
		switch q.Event {
		case bc.IntegrationEventRecordCreated, bc.IntegrationEventRecordUpdated:
			add(it.seq, map[string]any{"id": r.ID, "objectType": r.ObjectTypeSlug, "name": r.DisplayName, "fields": r.Fields, "createdAt": r.CreatedAt, "updatedAt": r.UpdatedAt})
		case bc.IntegrationEventRecordDeleted:
			add(it.seq, map[string]any{"id": r.ID, "deleted": true})
		case bc.IntegrationEventNoteCreated, bc.IntegrationEventNoteUpdated:
			for _, n := range s.store.notes.children(r.ID) {
				add(n.seq, map[string]any{"recordId": r.ID, "noteId": n.val.ID, "title": n.val.Title, "contentPlain": n.val.ContentPlain, "createdAt": n.val.CreatedAt, "updatedAt": n.val.UpdatedAt})
			}
		case bc.IntegrationEventTaskCreated, bc.IntegrationEventTaskCompleted:
			for _, t := range s.store.tasks.children(r.ID) {
				if q.Event == bc.IntegrationEventTaskCompleted && t.val.Status != bc.TaskStatusDone {
					continue
				}
				add(t.seq, map[string]any{"recordId": r.ID, "taskId": t.val.ID, "title": t.val.Title, "status": string(t.val.Status)})
			}
		}
	}
	slices.SortFunc(samples, func(a, b *item[bc.IntegrationSample]) int { return int(a.seq - b.seq) })
	page := pageBySeq(samples, true, p, nil)
	return bc.ListIntegrationSamples200JSONResponse{Body: bc.IntegrationSampleList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}
