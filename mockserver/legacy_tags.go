package mockserver

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func (s *Server) insertLegacyTag(space string, in bc.LegacyTagCreate, now time.Time) *bc.LegacyTag {
	t := bc.LegacyTag{ID: uuid.New(), Name: in.Name, IDSpace: mustUUID(space), CreatedAt: now, Color: legacyColor(len(s.store.tags.children(space)) + 3)}
	setIf(&t.Color, in.Color)
	return s.store.tags.add(space, t.ID.String(), t)
}

func (h *handlers) LegacyListTags(ctx context.Context, _ bc.LegacyListTagsRequestObject) (bc.LegacyListTagsResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	return bc.LegacyListTags200JSONResponse{Body: s.store.tags.list(k.SpaceID)}, nil
}

func (h *handlers) LegacyCreateTag(ctx context.Context, req bc.LegacyCreateTagRequestObject) (bc.LegacyCreateTagResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	return bc.LegacyCreateTag200JSONResponse{Body: *s.insertLegacyTag(k.SpaceID, *req.Body, s.legacyNow())}, nil
}

func (h *handlers) LegacyUpdateTag(ctx context.Context, req bc.LegacyUpdateTagRequestObject) (bc.LegacyUpdateTagResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	t, err := s.store.tags.inSpace(k.SpaceID, req.ID)
	if err != nil {
		return nil, err
	}
	c := *t
	setIf(&c.Name, in.Name)
	setIf(&c.Color, in.Color)
	return bc.LegacyUpdateTag200JSONResponse{Body: *s.store.tags.replace(c.ID.String(), c)}, nil
}

func (h *handlers) LegacyDeleteTag(ctx context.Context, req bc.LegacyDeleteTagRequestObject) (bc.LegacyDeleteTagResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	if _, err := s.store.tags.inSpace(k.SpaceID, req.ID); err != nil {
		return nil, err
	}
	s.store.tags.del(req.ID.String())
	s.store.leads.rewrite(k.SpaceID, func(l bc.LegacyLead) (bc.LegacyLead, bool) {
		if !slices.Contains(l.Tags, req.ID) {
			return l, false
		}
		l.Tags = idsMinus(l.Tags, req.ID)
		return l, true
	})
	return bc.LegacyDeleteTag200JSONResponse{Body: legacyDeleted(req.ID)}, nil
}
