package mockserver

import (
	"context"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func (h *handlers) ListMeetings(ctx context.Context, req bc.ListMeetingsRequestObject) (bc.ListMeetingsResponseObject, error) {
	s, q := h.s, req.Params
	p, err := newPageReq(q.Limit, q.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	if _, err := s.workspaceFor(keyOf(ctx), q.WorkspaceID); err != nil {
		return nil, err
	}
	page := pageByKey(s.store.meetings.children(q.WorkspaceID), func(m *bc.Meeting) int64 { return -m.StartAt }, p, func(m *bc.Meeting) bool {
		return (q.EventState == nil || m.EventState == *q.EventState) && (q.HasTranscript == nil || m.HasTranscript == *q.HasTranscript)
	})
	return bc.ListMeetings200JSONResponse{Body: bc.MeetingList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

func (h *handlers) GetMeeting(ctx context.Context, req bc.GetMeetingRequestObject) (bc.GetMeetingResponseObject, error) {
	m, err := get(ctx, h.s, h.s.store.meetings, req.MeetingID)
	if err != nil {
		return nil, err
	}
	return bc.GetMeeting200JSONResponse{Body: bc.MeetingEnvelope{Meeting: m}}, nil
}

func (h *handlers) ListMeetingTranscript(ctx context.Context, req bc.ListMeetingTranscriptRequestObject) (bc.ListMeetingTranscriptResponseObject, error) {
	st := h.s.store
	page, err := childPage(ctx, h.s, st.meetings, req.MeetingID, st.transcripts, false, req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	return bc.ListMeetingTranscript200JSONResponse{Body: bc.TranscriptList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}
