package mockserver

import (
	"context"
	"fmt"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func (s *Server) checkRecords(wsID, field string, ids *[]string) error {
	for i, id := range orEmptyPtr(ids) {
		if r, ok := s.store.records.get(id); !ok || r.WorkspaceID != wsID {
			return invalid(fmt.Sprintf("%s.%d", field, i), "no record %q in this workspace", id)
		}
	}
	return nil
}

func (s *Server) checkUsers(wsID, field string, ids *[]string) error {
	orgID := s.store.workspaces.parentOf(wsID)
	for i, id := range orEmptyPtr(ids) {
		if u := s.store.users[id]; u == nil || u.OrgID != orgID {
			return invalid(fmt.Sprintf("%s.%d", field, i), "%q is not a member of the organization", id)
		}
	}
	return nil
}

func (h *handlers) CreateCustomActivity(ctx context.Context, req bc.CreateCustomActivityRequestObject) (bc.CreateCustomActivityResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	a, err := inParent(ctx, s, s.store.records, req.RecordID, func(rec *bc.Record) (*bc.CustomActivity, error) {
		if err := s.checkRecords(rec.WorkspaceID, "linkedRecordIds", in.LinkedRecordIds); err != nil {
			return nil, err
		}
		if err := s.checkUsers(rec.WorkspaceID, "participantUserIds", in.ParticipantUserIds); err != nil {
			return nil, err
		}
		now := millis(s.clock.Now())
		start := now
		setIf(&start, in.StartAt)
		if in.EndAt != nil && *in.EndAt < start {
			return nil, invalid("endAt", "ends before it starts")
		}
		a := bc.CustomActivity{
			ID: s.id("ca"), WorkspaceID: rec.WorkspaceID, PrimaryRecordID: ptr(rec.ID), Title: in.Title,
			DescriptionHTML: in.DescriptionHTML, DescriptionPlain: in.DescriptionPlain, StartAt: start, EndAt: in.EndAt,
			LinkedRecordIds: orEmpty(orEmptyPtr(in.LinkedRecordIds)), ParticipantUserIds: orEmpty(orEmptyPtr(in.ParticipantUserIds)),
			CreatedByUserID: ptr(k.UserID), CreatedAt: now, UpdatedAt: now,
		}
		return s.store.activities.add(rec.ID, a.ID, a), nil
	})
	return bc.CreateCustomActivity201JSONResponse{Body: bc.CustomActivityEnvelope{Activity: deref(a)}}, err
}
