package mockserver

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func attendee(id, name, handle string, sender bool) bc.Attendee {
	a := bc.Attendee{ID: id, DisplayName: name, Handle: &handle, IsSender: sender}
	if strings.Contains(handle, "@") {
		e := openapi_types.Email(handle)
		a.Email = &e
	}
	return a
}

func (s *Server) newConversation(id, wsID string, ch bc.Channel, subject string, records []string, attendees []bc.Attendee) *bc.Conversation {
	c := bc.Conversation{
		ID: id, WorkspaceID: wsID, Channel: ch, Attendees: attendees, Assignees: []bc.Assignee{},
		LinkedRecordIds: orEmpty(records), HasLinkedRecords: len(records) > 0, Lifecycle: ptr(bc.ConversationLifecycleOpen),
	}
	if subject != "" {
		c.Subject = &subject
	}
	return s.store.convs.add(wsID, c.ID, c)
}

// appendMessage adds a message and moves the conversation's last-message fields. It
// returns the stored message and conversation.
func (s *Server) appendMessage(id string, conv *bc.Conversation, dir bc.MessageDirection, subject, text, htmlBody string, attachments int, at time.Time) (*bc.Message, *bc.Conversation) {
	m := bc.Message{
		ID: id, WorkspaceID: conv.WorkspaceID, ConversationID: conv.ID, Direction: dir,
		SentAtMs: millis(at), AttachmentCount: attachments,
	}
	if subject != "" {
		m.Subject = &subject
	}
	if text != "" {
		m.TextPlain = &text
	}
	if htmlBody != "" {
		m.TextHTML = &htmlBody
		if text == "" {
			t := plainText(htmlBody)
			m.TextPlain = &t
		}
	}
	if dir == bc.Inbound {
		m.ReceivedAtMs = ptr(millis(at))
	}
	c := *conv
	c.LastMessageAtMs = m.SentAtMs
	if m.TextPlain != nil {
		snippet := *m.TextPlain
		if len(snippet) > 140 {
			snippet = snippet[:140]
		}
		c.LastMessageSnippet = &snippet
	}
	c.HasAttachments = c.HasAttachments || attachments > 0
	return s.store.messages.add(conv.ID, m.ID, m), s.store.convs.replace(c.ID, c)
}

func (h *handlers) ListConversations(ctx context.Context, req bc.ListConversationsRequestObject) (bc.ListConversationsResponseObject, error) {
	s, q := h.s, req.Params
	var view *bc.InboxView
	if q.ViewID != nil {
		v, err := get(ctx, s, s.store.inboxViews, *q.ViewID)
		if err != nil {
			return nil, err
		}
		view = &v
	}
	search := strings.ToLower(deref(q.Search))
	page, err := childPage(ctx, s, s.store.workspaces, q.WorkspaceID, s.store.convs, q.Limit, q.Cursor, byKey(newestMessageFirst, func(c *bc.Conversation) bool {
		return (q.HasLinkedRecords == nil || c.HasLinkedRecords == *q.HasLinkedRecords) &&
			(search == "" || conversationMatches(c, search)) && viewMatches(view, c)
	}))
	return bc.ListConversations200JSONResponse{Body: bc.ConversationList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, err
}

func newestMessageFirst(c *bc.Conversation) int64 { return -c.LastMessageAtMs }

func conversationMatches(c *bc.Conversation, q string) bool {
	hay := []string{deref(c.Subject), deref(c.LastMessageSnippet)}
	for _, a := range c.Attendees {
		hay = append(hay, a.DisplayName, deref(a.Handle))
	}
	for _, h := range hay {
		if strings.Contains(strings.ToLower(h), q) {
			return true
		}
	}
	return false
}

// viewMatches applies an inbox view's filters of the form
// {"filters":[{"field":"isClosed","operator":"is","value":false}]} on the
// conversation's boolean and string properties; unknown filters match everything.
func viewMatches(view *bc.InboxView, c *bc.Conversation) bool {
	if view == nil {
		return true
	}
	filters, _ := view.Config["filters"].([]any)
	props := map[string]any{
		"isClosed": c.IsClosed, "hasAttachments": c.HasAttachments, "hasLinkedRecords": c.HasLinkedRecords,
		"channel": string(c.Channel),
	}
	for _, f := range filters {
		m, _ := f.(map[string]any)
		field, _ := m["field"].(string)
		op, _ := m["operator"].(string)
		have, known := props[field]
		if !known {
			continue
		}
		switch op {
		case "is":
			if have != m["value"] {
				return false
			}
		case "is_not":
			if have == m["value"] {
				return false
			}
		}
	}
	return true
}

func (h *handlers) ComposeConversation(ctx context.Context, req bc.ComposeConversationRequestObject) (bc.ComposeConversationResponseObject, error) {
	s, in := h.s, req.Body
	res, err := inParent(ctx, s, s.store.workspaces, in.WorkspaceID, func(*bc.Workspace) (*bc.ConversationComposed, error) {
		acc, err := s.sendAccount(in.WorkspaceID, in.WorkspaceIntegrationAccountID)
		if err != nil {
			return nil, err
		}
		if err := needText(in.TextPlain, in.TextHTML); err != nil {
			return nil, err
		}
		if acc.Channel == bc.ChannelEmail && deref(in.Subject) == "" {
			return nil, invalid("subject", "email conversations need a subject")
		}
		if err := s.checkRecords(in.WorkspaceID, "linkedRecordIds", in.LinkedRecordIds); err != nil {
			return nil, err
		}
		attachments, err := s.claimUploads(in.WorkspaceID, in.AttachmentStorageIds)
		if err != nil {
			return nil, err
		}
		var attendees []bc.Attendee
		for _, to := range in.To {
			attendees = append(attendees, attendee(s.id("at"), to, to, false))
		}
		subject := ""
		if acc.Channel == bc.ChannelEmail {
			subject = deref(in.Subject)
		}
		conv := s.newConversation(s.id("cv"), in.WorkspaceID, acc.Channel, subject, orEmptyPtr(in.LinkedRecordIds), attendees)
		msg, conv := s.appendMessage(s.id("ms"), conv, bc.Outbound, subject, deref(in.TextPlain), deref(in.TextHTML), attachments, s.clock.Now())
		return &bc.ConversationComposed{Conversation: *conv, Message: *msg}, nil
	})
	return bc.ComposeConversation201JSONResponse{Body: deref(res)}, err
}

func needText(plain, html *string) error {
	if deref(plain) == "" && deref(html) == "" {
		return invalid("textPlain", "send textPlain, textHtml or both")
	}
	return nil
}

func (s *Server) sendAccount(wsID, id string) (*bc.SendAccount, error) {
	acc, ok := s.store.accounts.get(id)
	if !ok || acc.WorkspaceID != wsID {
		return nil, invalid("workspaceIntegrationAccountId", "no send account %q in this workspace (see listSendAccounts)", id)
	}
	if !acc.IsActive {
		return nil, invalid("workspaceIntegrationAccountId", "send account %q is disconnected", id)
	}
	return acc, nil
}

// claimUploads checks attachment storage ids came from createAttachmentUploadUrl for
// this workspace and uses them up.
func (s *Server) claimUploads(wsID string, ids *[]string) (int, error) {
	list := orEmptyPtr(ids)
	for i, id := range list {
		if _, ok := s.store.uploads[id]; !ok || !strings.HasPrefix(s.uploadWorkspace(id), wsID) {
			return 0, invalid(fmt.Sprintf("attachmentStorageIds.%d", i), "no uploaded attachment %q in this workspace", id)
		}
	}
	for _, id := range list {
		delete(s.store.uploads, id)
	}
	return len(list), nil
}

func (s *Server) uploadWorkspace(id string) string {
	u := s.store.uploads[id]
	_, ws, _ := strings.Cut(u.UploadURL, "/workspaces/")
	ws, _, _ = strings.Cut(ws, "/")
	return ws
}

func (h *handlers) ListRecordConversations(ctx context.Context, req bc.ListRecordConversationsRequestObject) (bc.ListRecordConversationsResponseObject, error) {
	st, q := h.s.store, req.Params
	page, err := pageUnder(ctx, h.s, st.records, req.RecordID, q.Limit, q.Cursor, func(rec *bc.Record, p pageReq) pageResult[bc.Conversation] {
		return pageByKey(st.convs.children(rec.WorkspaceID), newestMessageFirst, p, func(c *bc.Conversation) bool {
			return slices.Contains(c.LinkedRecordIds, rec.ID)
		})
	})
	return bc.ListRecordConversations200JSONResponse{Body: bc.ConversationList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, err
}

func (h *handlers) ListConversationMessages(ctx context.Context, req bc.ListConversationMessagesRequestObject) (bc.ListConversationMessagesResponseObject, error) {
	st, q := h.s.store, req.Params
	page, err := childPage(ctx, h.s, st.convs, req.ConversationID, st.messages, q.Limit, q.Cursor, inOrder[bc.Message](false, nil))
	return bc.ListConversationMessages200JSONResponse{Body: bc.MessageList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, err
}

func (h *handlers) SendMessage(ctx context.Context, req bc.SendMessageRequestObject) (bc.SendMessageResponseObject, error) {
	s, in := h.s, req.Body
	res, err := inParent(ctx, s, s.store.convs, req.ConversationID, func(conv *bc.Conversation) (*bc.Message, error) {
		acc, err := s.sendAccount(conv.WorkspaceID, in.WorkspaceIntegrationAccountID)
		if err != nil {
			return nil, err
		}
		if acc.Channel != conv.Channel {
			return nil, invalid("workspaceIntegrationAccountId", "account sends %s but the conversation is %s", acc.Channel, conv.Channel)
		}
		if err := needText(in.TextPlain, in.TextHTML); err != nil {
			return nil, err
		}
		mode := bc.Reply
		setIf(&mode, in.Mode)
		if mode == bc.Forward {
			if conv.Channel != bc.ChannelEmail {
				return nil, invalid("mode", "only email messages can be forwarded")
			}
			if len(orEmptyPtr(in.To)) == 0 {
				return nil, invalid("to", "forwarding needs at least one recipient")
			}
		} else if in.To != nil {
			return nil, invalid("to", "recipients are for forwards; a reply goes to the conversation")
		}
		attachments, err := s.claimUploads(conv.WorkspaceID, in.AttachmentStorageIds)
		if err != nil {
			return nil, err
		}
		subject := ""
		if conv.Subject != nil {
			prefix := "Re: "
			if mode == bc.Forward {
				prefix = "Fwd: "
			}
			subject = prefix + strings.TrimPrefix(*conv.Subject, prefix)
		}
		msg, _ := s.appendMessage(s.id("ms"), conv, bc.Outbound, subject, deref(in.TextPlain), deref(in.TextHTML), attachments, s.clock.Now())
		return msg, nil
	})
	return bc.SendMessage201JSONResponse{Body: bc.MessageEnvelope{Message: deref(res)}}, err
}

func (h *handlers) GetMessage(ctx context.Context, req bc.GetMessageRequestObject) (bc.GetMessageResponseObject, error) {
	m, err := get(ctx, h.s, h.s.store.messages, req.MessageID)
	return bc.GetMessage200JSONResponse{Body: bc.MessageEnvelope{Message: m}}, err
}

func (h *handlers) ListSendAccounts(ctx context.Context, req bc.ListSendAccountsRequestObject) (bc.ListSendAccountsResponseObject, error) {
	q := req.Params
	page, err := childPage(ctx, h.s, h.s.store.workspaces, q.WorkspaceID, h.s.store.accounts, q.Limit, q.Cursor, inOrder[bc.SendAccount](false, nil))
	return bc.ListSendAccounts200JSONResponse{Body: bc.SendAccountList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, err
}

func (h *handlers) CreateAttachmentUploadURL(ctx context.Context, req bc.CreateAttachmentUploadURLRequestObject) (bc.CreateAttachmentUploadURLResponseObject, error) {
	s, in := h.s, req.Body
	res, err := inParent(ctx, s, s.store.workspaces, in.WorkspaceID, func(*bc.Workspace) (bc.AttachmentUpload, error) {
		id := newID("st")
		u := bc.AttachmentUpload{
			StorageID: id, UploadURL: "https://files.breakcold.com/upload/workspaces/" + in.WorkspaceID + "/" + id,
			ExpiresAt: millis(s.clock.Now().Add(time.Hour)),
		}
		s.store.uploads[id] = u
		return u, nil
	})
	return bc.CreateAttachmentUploadURL201JSONResponse{Body: res}, err
}
