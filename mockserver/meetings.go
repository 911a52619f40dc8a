package mockserver

import (
	"context"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func (h *handlers) ListMeetings(ctx context.Context, req bc.ListMeetingsRequestObject) (bc.ListMeetingsResponseObject, error) {
	q := req.Params
	page, err := childPage(ctx, h.s, h.s.store.workspaces, q.WorkspaceID, h.s.store.meetings, q.Limit, q.Cursor,
		byKey(func(m *bc.Meeting) int64 { return -m.StartAt }, func(m *bc.Meeting) bool {
			return (q.EventState == nil || m.EventState == *q.EventState) && (q.HasTranscript == nil || m.HasTranscript == *q.HasTranscript)
		}))
	return bc.ListMeetings200JSONResponse{Body: bc.MeetingList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, err
}

func (h *handlers) GetMeeting(ctx context.Context, req bc.GetMeetingRequestObject) (bc.GetMeetingResponseObject, error) {
	m, err := get(ctx, h.s, h.s.store.meetings, req.MeetingID)
	return bc.GetMeeting200JSONResponse{Body: bc.MeetingEnvelope{Meeting: m}}, err
}

func (h *handlers) ListMeetingTranscript(ctx context.Context, req bc.ListMeetingTranscriptRequestObject) (bc.ListMeetingTranscriptResponseObject, error) {
	st, q := h.s.store, req.Params
	page, err := childPage(ctx, h.s, st.meetings, req.MeetingID, st.transcripts, q.Limit, q.Cursor, inOrder[bc.TranscriptSegment](false, nil))
	return bc.ListMeetingTranscript200JSONResponse{Body: bc.TranscriptList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, err
}
