package mockserver

import (
	"context"
	"time"

	"github.com/oapi-codegen/nullable"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func (s *Server) insertLegacyList(space, name string, now time.Time) *bc.LegacyList {
	l := bc.LegacyList{ID: s.newUUID(), Name: name, IDSpace: mustUUID(space), CreatedAt: now, UpdatedAt: nullOf[time.Time]()}
	return s.store.lists.add(space, l.ID.String(), l)
}

func (h *handlers) LegacyListLists(ctx context.Context, _ bc.LegacyListListsRequestObject) (bc.LegacyListListsResponseObject, error) {
	return bc.LegacyListLists200JSONResponse{Body: legacyAll(ctx, h.s, h.s.store.lists)}, nil
}

func (h *handlers) LegacyCreateList(ctx context.Context, req bc.LegacyCreateListRequestObject) (bc.LegacyCreateListResponseObject, error) {
	l, err := legacyCreate(ctx, h.s, func(k *Key, now time.Time) (*bc.LegacyList, error) {
		return h.s.insertLegacyList(k.SpaceID, req.Body.Name, now), nil
	})
	return bc.LegacyCreateList200JSONResponse{Body: l}, err
}

func (h *handlers) LegacyUpdateList(ctx context.Context, req bc.LegacyUpdateListRequestObject) (bc.LegacyUpdateListResponseObject, error) {
	l, err := legacyUpdate(ctx, h.s, h.s.store.lists, req.ID, func(c bc.LegacyList) (bc.LegacyList, error) {
		c.Name, c.UpdatedAt = req.Body.Name, nullable.NewNullableWithValue(h.s.legacyNow())
		return c, nil
	})
	return bc.LegacyUpdateList200JSONResponse{Body: l}, err
}

// LegacyDeleteList deletes a list with the statuses of its pipeline.
func (h *handlers) LegacyDeleteList(ctx context.Context, req bc.LegacyDeleteListRequestObject) (bc.LegacyDeleteListResponseObject, error) {
	s := h.s
	res, err := legacyRemove(ctx, s, s.store.lists, req.ID, func(space string, _ *bc.LegacyList) {
		list := nullable.NewNullableWithValue(req.ID)
		for _, st := range s.store.statuses.list(space) {
			if sameLegacyList(st.IDList, list) {
				s.dropStatus(space, &st)
			}
		}
		s.unlinkLeads(space, req.ID)
	})
	return bc.LegacyDeleteList200JSONResponse{Body: res}, err
}
