package client

import (
	"context"
	"iter"
	"reflect"

	"github.com/oapi-codegen/nullable"

	"github.com/breakcold-go/breakcold/gen/breakcold"
)

// Iterators over every list operation. Each copies the caller's parameters,
// reads one page at a time while the loop asks for more, and ends after the last
// page or after yielding the first error. Breaking out of the loop stops it
// without reading further. A limit or page_size in the parameters sets the page
// size; a cursor or page sets where to start.

// page is the shape every current-API list type shares, such as RecordList.
type page[T any] = struct {
	Data       []T                  `json:"data"`
	Pagination breakcold.Pagination `json:"pagination"`
}

// cursorSeq reads a current-API cursor list, passing pagination.cursor back
// until hasMore is false.
func cursorSeq[T any, L ~page[T], P any](ctx context.Context, params *P, list func(context.Context, *P) (*L, error)) iter.Seq2[T, error] {
	start := orZero(params)
	return func(yield func(T, error) bool) {
		p := start
		for {
			l, err := list(ctx, &p)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			pg := page[T](*l)
			for _, v := range pg.Data {
				if !yield(v, nil) {
					return
				}
			}
			next, err := pg.Pagination.Cursor.Get()
			if !pg.Pagination.HasMore || err != nil || next == "" {
				return
			}
			setField(&p, "Cursor", &next)
		}
	}
}

// pageSeq reads a legacy page list. Pages are 0-based and a page holding fewer
// than page_size items is the last; the size is the one the server echoes.
func pageSeq[T, B, P any](ctx context.Context, body B, pages *breakcold.LegacyPageRequest, list func(context.Context, B) (*P, error), items func(*P) ([]T, breakcold.LegacyPagination)) iter.Seq2[T, error] {
	start := orZero(pages)
	return func(yield func(T, error) bool) {
		b := body
		for n := orZero(start.Page); ; n++ {
			setField(&b, "Pagination", &breakcold.LegacyPageRequest{Page: &n, PageSize: start.PageSize})
			p, err := list(ctx, b)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			data, got := items(p)
			for _, v := range data {
				if !yield(v, nil) {
					return
				}
			}
			if len(data) == 0 || len(data) < got.PageSize {
				return
			}
		}
	}
}

// setField sets the named field of a generated parameters or body struct: the
// Cursor of every cursor list's XxxParams, the Pagination of every legacy list
// request. A missing field panics; TestIterators runs every iterator.
func setField[S, V any](s *S, name string, v V) {
	reflect.ValueOf(s).Elem().FieldByName(name).Set(reflect.ValueOf(v))
}

// AllWorkspaces iterates over ListWorkspaces.
func (c *Client) AllWorkspaces(ctx context.Context, params *breakcold.ListWorkspacesParams) iter.Seq2[breakcold.Workspace, error] {
	return cursorSeq(ctx, params, c.ListWorkspaces)
}

// AllRecords iterates over ListRecords.
func (c *Client) AllRecords(ctx context.Context, params *breakcold.ListRecordsParams) iter.Seq2[breakcold.Record, error] {
	return cursorSeq(ctx, params, c.ListRecords)
}

// AllRecordTasks iterates over ListRecordTasks.
func (c *Client) AllRecordTasks(ctx context.Context, recordID string, params *breakcold.ListRecordTasksParams) iter.Seq2[breakcold.Task, error] {
	return cursorSeq(ctx, params, func(ctx context.Context, p *breakcold.ListRecordTasksParams) (*breakcold.TaskList, error) {
		return c.ListRecordTasks(ctx, recordID, p)
	})
}

// AllRecordNotes iterates over ListRecordNotes.
func (c *Client) AllRecordNotes(ctx context.Context, recordID string, params *breakcold.ListRecordNotesParams) iter.Seq2[breakcold.Note, error] {
	return cursorSeq(ctx, params, func(ctx context.Context, p *breakcold.ListRecordNotesParams) (*breakcold.NoteList, error) {
		return c.ListRecordNotes(ctx, recordID, p)
	})
}

// AllConversations iterates over ListConversations.
func (c *Client) AllConversations(ctx context.Context, params *breakcold.ListConversationsParams) iter.Seq2[breakcold.Conversation, error] {
	return cursorSeq(ctx, params, c.ListConversations)
}

// AllRecordConversations iterates over ListRecordConversations.
func (c *Client) AllRecordConversations(ctx context.Context, recordID string, params *breakcold.ListRecordConversationsParams) iter.Seq2[breakcold.Conversation, error] {
	return cursorSeq(ctx, params, func(ctx context.Context, p *breakcold.ListRecordConversationsParams) (*breakcold.ConversationList, error) {
		return c.ListRecordConversations(ctx, recordID, p)
	})
}

// AllConversationMessages iterates over ListConversationMessages.
func (c *Client) AllConversationMessages(ctx context.Context, conversationID string, params *breakcold.ListConversationMessagesParams) iter.Seq2[breakcold.Message, error] {
	return cursorSeq(ctx, params, func(ctx context.Context, p *breakcold.ListConversationMessagesParams) (*breakcold.MessageList, error) {
		return c.ListConversationMessages(ctx, conversationID, p)
	})
}

// AllSendAccounts iterates over ListSendAccounts.
func (c *Client) AllSendAccounts(ctx context.Context, params *breakcold.ListSendAccountsParams) iter.Seq2[breakcold.SendAccount, error] {
	return cursorSeq(ctx, params, c.ListSendAccounts)
}

// AllInboxViews iterates over ListInboxViews.
func (c *Client) AllInboxViews(ctx context.Context, params *breakcold.ListInboxViewsParams) iter.Seq2[breakcold.InboxView, error] {
	return cursorSeq(ctx, params, c.ListInboxViews)
}

// AllMeetings iterates over ListMeetings.
func (c *Client) AllMeetings(ctx context.Context, params *breakcold.ListMeetingsParams) iter.Seq2[breakcold.Meeting, error] {
	return cursorSeq(ctx, params, c.ListMeetings)
}

// AllMeetingTranscript iterates over ListMeetingTranscript.
func (c *Client) AllMeetingTranscript(ctx context.Context, meetingID string, params *breakcold.ListMeetingTranscriptParams) iter.Seq2[breakcold.TranscriptSegment, error] {
	return cursorSeq(ctx, params, func(ctx context.Context, p *breakcold.ListMeetingTranscriptParams) (*breakcold.TranscriptList, error) {
		return c.ListMeetingTranscript(ctx, meetingID, p)
	})
}

// AllCrmObjects iterates over ListCrmObjects.
func (c *Client) AllCrmObjects(ctx context.Context, params *breakcold.ListCrmObjectsParams) iter.Seq2[breakcold.CrmObject, error] {
	return cursorSeq(ctx, params, c.ListCrmObjects)
}

// AllCrmFields iterates over ListCrmFields.
func (c *Client) AllCrmFields(ctx context.Context, objectTypeID string, params *breakcold.ListCrmFieldsParams) iter.Seq2[breakcold.FieldDefinition, error] {
	return cursorSeq(ctx, params, func(ctx context.Context, p *breakcold.ListCrmFieldsParams) (*breakcold.FieldDefinitionList, error) {
		return c.ListCrmFields(ctx, objectTypeID, p)
	})
}

// AllFieldOptions iterates over ListFieldOptions.
func (c *Client) AllFieldOptions(ctx context.Context, fieldDefinitionID string, params *breakcold.ListFieldOptionsParams) iter.Seq2[breakcold.FieldOption, error] {
	return cursorSeq(ctx, params, func(ctx context.Context, p *breakcold.ListFieldOptionsParams) (*breakcold.FieldOptionList, error) {
		return c.ListFieldOptions(ctx, fieldDefinitionID, p)
	})
}

// AllRecordViews iterates over ListRecordViews.
func (c *Client) AllRecordViews(ctx context.Context, objectTypeID string, params *breakcold.ListRecordViewsParams) iter.Seq2[breakcold.RecordView, error] {
	return cursorSeq(ctx, params, func(ctx context.Context, p *breakcold.ListRecordViewsParams) (*breakcold.RecordViewList, error) {
		return c.ListRecordViews(ctx, objectTypeID, p)
	})
}

// AllIntegrationSamples iterates over ListIntegrationSamples.
func (c *Client) AllIntegrationSamples(ctx context.Context, params *breakcold.ListIntegrationSamplesParams) iter.Seq2[breakcold.IntegrationSample, error] {
	return cursorSeq(ctx, params, c.ListIntegrationSamples)
}

// AllLegacyLeads iterates over LegacyListLeads.
func (c *Client) AllLegacyLeads(ctx context.Context, req breakcold.LegacyLeadListRequest) iter.Seq2[breakcold.LegacyLead, error] {
	return pageSeq(ctx, req, req.Pagination, c.LegacyListLeads, func(p *breakcold.LegacyLeadPage) ([]breakcold.LegacyLead, breakcold.LegacyPagination) {
		return p.Leads, p.Pagination
	})
}

// AllLegacyNotes iterates over LegacyListNotes.
func (c *Client) AllLegacyNotes(ctx context.Context, req breakcold.LegacyNoteListRequest) iter.Seq2[breakcold.LegacyNote, error] {
	return pageSeq(ctx, req, req.Pagination, c.LegacyListNotes, func(p *breakcold.LegacyNotePage) ([]breakcold.LegacyNote, breakcold.LegacyPagination) {
		return p.Data, p.Pagination
	})
}

// AllLegacyReminders iterates over LegacyListReminders. Like Breakcold's own
// clients, it sends the page number in cursor as well as in pagination.page.
func (c *Client) AllLegacyReminders(ctx context.Context, req breakcold.LegacyReminderListRequest) iter.Seq2[breakcold.LegacyReminder, error] {
	list := func(ctx context.Context, r breakcold.LegacyReminderListRequest) (*breakcold.LegacyReminderPage, error) {
		r.Cursor = nullable.NewNullableWithValue(float32(*r.Pagination.Page))
		return c.LegacyListReminders(ctx, r)
	}
	return pageSeq(ctx, req, req.Pagination, list, func(p *breakcold.LegacyReminderPage) ([]breakcold.LegacyReminder, breakcold.LegacyPagination) {
		return p.Data, p.Pagination
	})
}
