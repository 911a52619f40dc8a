package mockserver

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func sameLegacyList(a, b nullable.Nullable[uuid.UUID]) bool {
	x, errA := a.Get()
	y, errB := b.Get()
	return (errA != nil) == (errB != nil) && x == y
}

// defaultPipeline is the space's first list, or null when it has none.
func (s *Server) defaultPipeline(space string) nullable.Nullable[uuid.UUID] {
	if kids := s.store.lists.children(space); len(kids) > 0 {
		return nullable.NewNullableWithValue(kids[0].val.ID)
	}
	return nullOf[uuid.UUID]()
}

// placeStatus stores st, new or changed, at position at (the end when nil) of its
// list, numbers the list's statuses 0, 1, … again and returns the stored st. With
// st nil it only renumbers list's statuses.
func (s *Server) placeStatus(space string, list nullable.Nullable[uuid.UUID], st *bc.LegacyStatus, at *int) *bc.LegacyStatus {
	c := s.store.statuses
	var sibs []bc.LegacyStatus
	for _, v := range values(c.children(space)) {
		if sameLegacyList(v.IDList, list) && (st == nil || v.ID != st.ID) {
			sibs = append(sibs, *v)
		}
	}
	slices.SortStableFunc(sibs, func(a, b bc.LegacyStatus) int { return a.Order - b.Order })
	pos := -1
	if st != nil {
		pos = len(sibs)
		if at != nil && *at < pos {
			pos = *at
		}
		sibs = slices.Insert(sibs, pos, *st)
	}
	var placed *bc.LegacyStatus
	for i, v := range sibs {
		id := v.ID.String()
		switch {
		case i == pos:
			v.Order = i
			if placed = c.replace(id, v); placed == nil {
				placed = c.add(space, id, v)
			}
		case v.Order != i:
			v.Order = i
			c.replace(id, v)
		}
	}
	return placed
}

// insertLegacyStatus validates a status create body and stores the status.
func (s *Server) insertLegacyStatus(space string, in bc.LegacyStatusCreate) (*bc.LegacyStatus, error) {
	list := nullableOr(in.IDList, s.defaultPipeline(space))
	if id, err := list.Get(); err == nil {
		if _, err := s.store.lists.ref(space, "id_list", id); err != nil {
			return nil, err
		}
	}
	st := bc.LegacyStatus{
		ID: s.newUUID(), Name: in.Name, IDSpace: mustUUID(space), IDList: list,
		Type:  nullableOr(in.Type, nullable.NewNullableWithValue("default")),
		Color: legacyColor(len(s.store.statuses.children(space))),
	}
	setIf(&st.Color, in.Color)
	setIf(&st.SuccessRate, in.SuccessRate)
	return s.placeStatus(space, list, &st, in.Order), nil
}

func (h *handlers) LegacyListStatuses(ctx context.Context, req bc.LegacyListStatusesRequestObject) (bc.LegacyListStatusesResponseObject, error) {
	s, k, q := h.s, keyOf(ctx), req.Params
	defer s.readLock()()
	space := k.SpaceID
	var keep func(*bc.LegacyStatus) bool
	switch {
	case q.IDList != nil:
		if _, err := s.store.lists.ref(space, "id_list", *q.IDList); err != nil {
			return nil, err
		}
		list := nullable.NewNullableWithValue(*q.IDList)
		keep = func(st *bc.LegacyStatus) bool { return sameLegacyList(st.IDList, list) }
	case deref(q.All):
		keep = func(*bc.LegacyStatus) bool { return true }
	default: // the default pipeline's statuses and those shared by the whole workspace
		def := s.defaultPipeline(space)
		keep = func(st *bc.LegacyStatus) bool { return st.IDList.IsNull() || sameLegacyList(st.IDList, def) }
	}
	rank := map[uuid.UUID]int{}
	for i, it := range s.store.lists.children(space) {
		rank[it.val.ID] = i + 1 // shared statuses (no list) first
	}
	listRank := func(st bc.LegacyStatus) int {
		id, _ := st.IDList.Get()
		return rank[id]
	}
	out := bc.LegacyStatuses{}
	for _, st := range s.store.statuses.list(space) {
		if keep(&st) {
			out = append(out, st)
		}
	}
	slices.SortStableFunc(out, func(a, b bc.LegacyStatus) int {
		if d := listRank(a) - listRank(b); d != 0 {
			return d
		}
		return a.Order - b.Order
	})
	return bc.LegacyListStatuses200JSONResponse{Body: out}, nil
}

func (h *handlers) LegacyCreateStatus(ctx context.Context, req bc.LegacyCreateStatusRequestObject) (bc.LegacyCreateStatusResponseObject, error) {
	st, err := legacyCreate(ctx, h.s, func(k *Key, _ time.Time) (*bc.LegacyStatus, error) {
		return h.s.insertLegacyStatus(k.SpaceID, *req.Body)
	})
	return bc.LegacyCreateStatus200JSONResponse{Body: st}, err
}

func (h *handlers) LegacyUpdateStatus(ctx context.Context, req bc.LegacyUpdateStatusRequestObject) (bc.LegacyUpdateStatusResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	st, err := s.store.statuses.inSpace(k.SpaceID, req.ID)
	if err != nil {
		return nil, err
	}
	c := *st
	setIf(&c.Name, in.Name)
	applyNullable(&c.Type, in.Type)
	setIf(&c.Color, in.Color)
	setIf(&c.SuccessRate, in.SuccessRate)
	at := ptr(c.Order)
	setIf(at, in.Order)
	return bc.LegacyUpdateStatus200JSONResponse{Body: *s.placeStatus(k.SpaceID, c.IDList, &c, at)}, nil
}

// dropStatus deletes a status, takes it off every lead and closes the gap in its list.
// dropStatus deletes a status, takes it off every lead and closes the gap in its list.
func (s *Server) dropStatus(space string, st *bc.LegacyStatus) {
	s.store.statuses.del(st.ID.String())
	s.unlinkLeads(space, st.ID)
	s.placeStatus(space, st.IDList, nil, nil)
}

func (h *handlers) LegacyDeleteStatus(ctx context.Context, req bc.LegacyDeleteStatusRequestObject) (bc.LegacyDeleteStatusResponseObject, error) {
	res, err := legacyRemove(ctx, h.s, h.s.store.statuses, req.ID, h.s.dropStatus)
	return bc.LegacyDeleteStatus200JSONResponse{Body: res}, err
}
