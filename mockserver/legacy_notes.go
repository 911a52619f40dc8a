package mockserver

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
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
	in, notes := req.Body, h.s.store.lnotes
	n, err := legacyCreate(ctx, h.s, func(k *Key, now time.Time) (*bc.LegacyNote, error) {
		if _, err := h.s.store.leads.ref(k.SpaceID, "id_lead", in.IDLead); err != nil {
			return nil, err
		}
		n := bc.LegacyNote{ID: uuid.New(), IDLead: in.IDLead, Content: in.Content, IDUser: k.UserID, CreatedAt: now, UpdatedAt: nullOf[time.Time]()}
		return notes.add(k.SpaceID, n.ID.String(), n), nil
	})
	return bc.LegacyCreateNote200JSONResponse{Body: n}, err
}

func (h *handlers) LegacyUpdateNote(ctx context.Context, req bc.LegacyUpdateNoteRequestObject) (bc.LegacyUpdateNoteResponseObject, error) {
	n, err := legacyUpdate(ctx, h.s, h.s.store.lnotes, req.ID, func(c bc.LegacyNote) (bc.LegacyNote, error) {
		c.Content, c.UpdatedAt = req.Body.Content, nullable.NewNullableWithValue(h.s.legacyNow())
		return c, nil
	})
	return bc.LegacyUpdateNote200JSONResponse{Body: n}, err
}

func (h *handlers) LegacyDeleteNote(ctx context.Context, req bc.LegacyDeleteNoteRequestObject) (bc.LegacyDeleteNoteResponseObject, error) {
	res, err := legacyRemove(ctx, h.s, h.s.store.lnotes, req.ID, nil)
	return bc.LegacyDeleteNote200JSONResponse{Body: res}, err
}
