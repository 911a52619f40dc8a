package mockserver

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func (s *Server) insertLegacyList(space, name string, now time.Time) *bc.LegacyList {
	l := bc.LegacyList{ID: uuid.New(), Name: name, IDSpace: mustUUID(space), CreatedAt: now, UpdatedAt: nullOf[time.Time]()}
	return s.store.lists.add(space, l.ID.String(), l)
}

func (h *handlers) LegacyListLists(ctx context.Context, _ bc.LegacyListListsRequestObject) (bc.LegacyListListsResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	return bc.LegacyListLists200JSONResponse{Body: s.store.lists.list(k.SpaceID)}, nil
}

func (h *handlers) LegacyCreateList(ctx context.Context, req bc.LegacyCreateListRequestObject) (bc.LegacyCreateListResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	return bc.LegacyCreateList200JSONResponse{Body: *s.insertLegacyList(k.SpaceID, req.Body.Name, s.legacyNow())}, nil
}

func (h *handlers) LegacyUpdateList(ctx context.Context, req bc.LegacyUpdateListRequestObject) (bc.LegacyUpdateListResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	l, err := s.store.lists.inSpace(k.SpaceID, req.ID)
	if err != nil {
		return nil, err
	}
	c := *l
	c.Name, c.UpdatedAt = req.Body.Name, nullable.NewNullableWithValue(s.legacyNow())
	return bc.LegacyUpdateList200JSONResponse{Body: *s.store.lists.replace(c.ID.String(), c)}, nil
}

func (h *handlers) LegacyDeleteList(ctx context.Context, req bc.LegacyDeleteListRequestObject) (bc.LegacyDeleteListResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	space := k.SpaceID
	if _, err := s.store.lists.inSpace(space, req.ID); err != nil {
		return nil, err
	}
	s.store.lists.del(req.ID.String())
	list := nullable.NewNullableWithValue(req.ID)
	for _, st := range s.store.statuses.list(space) {
		if sameLegacyList(st.IDList, list) {
			s.dropStatus(space, &st)
		}
	}
	s.store.leads.rewrite(space, func(l bc.LegacyLead) (bc.LegacyLead, bool) {
		if !slices.Contains(l.Lists, req.ID) {
			return l, false
		}
		l.Lists = idsMinus(l.Lists, req.ID)
		return l, true
	})
	return bc.LegacyDeleteList200JSONResponse{Body: legacyDeleted(req.ID)}, nil
}
