package mockserver

import (
	"context"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func (s *Server) insertLegacyTag(space string, in bc.LegacyTagCreate, now time.Time) *bc.LegacyTag {
	t := bc.LegacyTag{ID: s.newUUID(), Name: in.Name, IDSpace: mustUUID(space), CreatedAt: now, Color: legacyColor(len(s.store.tags.children(space)) + 3)}
	setIf(&t.Color, in.Color)
	return s.store.tags.add(space, t.ID.String(), t)
}

func (h *handlers) LegacyListTags(ctx context.Context, _ bc.LegacyListTagsRequestObject) (bc.LegacyListTagsResponseObject, error) {
	return bc.LegacyListTags200JSONResponse{Body: legacyAll(ctx, h.s, h.s.store.tags)}, nil
}

func (h *handlers) LegacyCreateTag(ctx context.Context, req bc.LegacyCreateTagRequestObject) (bc.LegacyCreateTagResponseObject, error) {
	t, err := legacyCreate(ctx, h.s, func(k *Key, now time.Time) (*bc.LegacyTag, error) {
		return h.s.insertLegacyTag(k.SpaceID, *req.Body, now), nil
	})
	return bc.LegacyCreateTag200JSONResponse{Body: t}, err
}

func (h *handlers) LegacyUpdateTag(ctx context.Context, req bc.LegacyUpdateTagRequestObject) (bc.LegacyUpdateTagResponseObject, error) {
	t, err := legacyUpdate(ctx, h.s, h.s.store.tags, req.ID, func(c bc.LegacyTag) (bc.LegacyTag, error) {
		setIf(&c.Name, req.Body.Name)
		setIf(&c.Color, req.Body.Color)
		return c, nil
	})
	return bc.LegacyUpdateTag200JSONResponse{Body: t}, err
}

func (h *handlers) LegacyDeleteTag(ctx context.Context, req bc.LegacyDeleteTagRequestObject) (bc.LegacyDeleteTagResponseObject, error) {
	res, err := legacyRemove(ctx, h.s, h.s.store.tags, req.ID, func(space string, _ *bc.LegacyTag) { h.s.unlinkLeads(space, req.ID) })
	return bc.LegacyDeleteTag200JSONResponse{Body: res}, err
}
