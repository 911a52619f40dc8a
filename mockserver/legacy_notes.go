package mockserver

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func (h *handlers) LegacyListNotes(ctx context.Context, req bc.LegacyListNotesRequestObject) (bc.LegacyListNotesResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.readLock()()
	if in.IDLead != nil {
		if _, err := s.store.leads.ref(k.SpaceID, "id_lead", *in.IDLead); err != nil {
			return nil, err
		}
	}
	notes, p, err := legacyPage(s.store.lnotes.children(k.SpaceID), in.Pagination, nil, func(n *bc.LegacyNote) bool {
		return in.IDLead == nil || n.IDLead == *in.IDLead
	})
	if err != nil {
		return nil, err
	}
	return bc.LegacyListNotes200JSONResponse{Body: bc.LegacyNotePage{Data: notes, Pagination: p}}, nil
}

func (h *handlers) LegacyCreateNote(ctx context.Context, req bc.LegacyCreateNoteRequestObject) (bc.LegacyCreateNoteResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	if _, err := s.store.leads.ref(k.SpaceID, "id_lead", in.IDLead); err != nil {
		return nil, err
	}
	n := bc.LegacyNote{ID: uuid.New(), IDLead: in.IDLead, Content: in.Content, IDUser: k.UserID, CreatedAt: s.legacyNow(), UpdatedAt: nullOf[time.Time]()}
	s.store.lnotes.add(k.SpaceID, n.ID.String(), n)
	return bc.LegacyCreateNote200JSONResponse{Body: n}, nil
}

func (h *handlers) LegacyUpdateNote(ctx context.Context, req bc.LegacyUpdateNoteRequestObject) (bc.LegacyUpdateNoteResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	n, err := s.store.lnotes.inSpace(k.SpaceID, req.ID)
	if err != nil {
		return nil, err
	}
	c := *n
	c.Content, c.UpdatedAt = req.Body.Content, nullable.NewNullableWithValue(s.legacyNow())
	return bc.LegacyUpdateNote200JSONResponse{Body: *s.store.lnotes.replace(c.ID.String(), c)}, nil
}

func (h *handlers) LegacyDeleteNote(ctx context.Context, req bc.LegacyDeleteNoteRequestObject) (bc.LegacyDeleteNoteResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	if _, err := s.store.lnotes.inSpace(k.SpaceID, req.ID); err != nil {
		return nil, err
	}
	s.store.lnotes.del(req.ID.String())
	return bc.LegacyDeleteNote200JSONResponse{Body: legacyDeleted(req.ID)}, nil
}
