package mockserver

import (
	"context"
	"html"
	"regexp"
	"strings"
	"sync"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// tagPattern is compiled on first use, not at start-up.
var tagPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`<[^>]*>`) })

// plainText derives a note's plain text from its HTML.
func plainText(h string) string {
	return strings.Join(strings.Fields(html.UnescapeString(tagPattern().ReplaceAllString(h, " "))), " ")
}

func (s *Server) insertNote(id string, rec *bc.Record, in bc.NoteCreate, author string, now time.Time) *bc.Note {
	n := bc.Note{
		ID: id, WorkspaceID: rec.WorkspaceID, RecordID: rec.ID, Title: in.Title, Content: in.Content,
		ContentPlain: plainText(in.Content), AuthorUserID: author, CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	setIf(&n.ContentPlain, in.ContentPlain)
	return s.store.notes.add(rec.ID, n.ID, n)
}

func (h *handlers) ListRecordNotes(ctx context.Context, req bc.ListRecordNotesRequestObject) (bc.ListRecordNotesResponseObject, error) {
	st, q := h.s.store, req.Params
	page, err := childPage(ctx, h.s, st.records, req.RecordID, st.notes, q.Limit, q.Cursor, inOrder[bc.Note](true, nil))
	return bc.ListRecordNotes200JSONResponse{Body: bc.NoteList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, err
}

func (h *handlers) CreateRecordNote(ctx context.Context, req bc.CreateRecordNoteRequestObject) (bc.CreateRecordNoteResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	n, err := inParent(ctx, s, s.store.records, req.RecordID, func(rec *bc.Record) (*bc.Note, error) {
		n := s.insertNote(s.id("nt"), rec, *req.Body, k.UserID, s.clock.Now())
		s.changed(nil, n)
		return n, nil
	})
	return bc.CreateRecordNote201JSONResponse{Body: bc.NoteEnvelope{Note: deref(n)}}, err
}

func (h *handlers) GetNote(ctx context.Context, req bc.GetNoteRequestObject) (bc.GetNoteResponseObject, error) {
	n, err := get(ctx, h.s, h.s.store.notes, req.NoteID)
	return bc.GetNote200JSONResponse{Body: bc.NoteEnvelope{Note: n}}, err
}

func (h *handlers) UpdateNote(ctx context.Context, req bc.UpdateNoteRequestObject) (bc.UpdateNoteResponseObject, error) {
	in := req.Body
	n, err := update(ctx, h.s, h.s.store.notes, req.NoteID, func(c bc.Note) (bc.Note, error) {
		setIf(&c.Title, in.Title)
		if in.Content != nil {
			c.Content, c.ContentPlain = *in.Content, plainText(*in.Content)
		}
		setIf(&c.ContentPlain, in.ContentPlain)
		c.UpdatedAt = millis(h.s.clock.Now())
		return c, nil
	})
	return bc.UpdateNote200JSONResponse{Body: bc.NoteEnvelope{Note: n}}, err
}
