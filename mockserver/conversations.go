package mockserver

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func attendee(name, handle string, sender bool) bc.Attendee {
	a := bc.Attendee{ID: newID("at"), DisplayName: name, Handle: &handle, IsSender: sender}
	if strings.Contains(handle, "@") {
		e := openapi_types.Email(handle)
		a.Email = &e
	}
	return a
}

func (s *Server) newConversation(wsID string, ch bc.Channel, subject string, records []string, attendees []bc.Attendee) *bc.Conversation {
	c := bc.Conversation{
		ID: newID("cv"), WorkspaceID: wsID, Channel: ch, Attendees: attendees, Assignees: []bc.Assignee{},
		LinkedRecordIds: orEmpty(records), HasLinkedRecords: len(records) > 0, Lifecycle: ptr(bc.ConversationLifecycleOpen),
	}
	if subject != "" {
		c.Subject = &subject
	}
	return s.store.convs.add(wsID, c.ID, c)
}

// appendMessage adds a message and moves the conversation's last-message fields. It
// returns the stored message and conversation.
func (s *Server) appendMessage(conv *bc.Conversation, dir bc.MessageDirection, subject, text, htmlBody string, attachments int, at time.Time) (*bc.Message, *bc.Conversation) {
	m := bc.Message{
		ID: newID("ms"), WorkspaceID: conv.WorkspaceID, ConversationID: conv.ID, Direction: dir,
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
	s, k, q := h.s, keyOf(ctx), req.Params
	p, err := newPageReq(q.Limit, q.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	if _, err := s.workspaceFor(k, q.WorkspaceID); err != nil {
		return nil, err
	}
	var view *bc.InboxView
	if q.ViewID != nil {
		v, err := s.store.inboxViews.visible(s, k, *q.ViewID)
		if err != nil {
			return nil, err
		}
		view = v
	}
	search := strings.ToLower(deref(q.Search))
	page := pageByKey(s.store.convs.children(q.WorkspaceID), newestMessageFirst, p, func(c *bc.Conversation) bool {
		return (q.HasLinkedRecords == nil || c.HasLinkedRecords == *q.HasLinkedRecords) &&
			(search == "" || conversationMatches(c, search)) && viewMatches(view, c)
	})
	return bc.ListConversations200JSONResponse{Body: bc.ConversationList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
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
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	if _, err := s.workspaceFor(k, in.WorkspaceID); err != nil {
		return nil, err
	}
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
		attendees = append(attendees, attendee(to, to, false))
	}
	subject := ""
	if acc.Channel == bc.ChannelEmail {
		subject = deref(in.Subject)
	}
	conv := s.newConversation(in.WorkspaceID, acc.Channel, subject, orEmptyPtr(in.LinkedRecordIds), attendees)
	msg, conv := s.appendMessage(conv, bc.Outbound, subject, deref(in.TextPlain), deref(in.TextHTML), attachments, s.clock.Now())
	return bc.ComposeConversation201JSONResponse{Body: bc.ConversationComposed{Conversation: *conv, Message: *msg}}, nil
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
	s := h.s
	p, err := newPageReq(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	rec, err := s.store.records.visible(s, keyOf(ctx), req.RecordID)
	if err != nil {
		return nil, err
	}
	page := pageByKey(s.store.convs.children(rec.WorkspaceID), newestMessageFirst, p, func(c *bc.Conversation) bool {
		return slices.Contains(c.LinkedRecordIds, rec.ID)
	})
	return bc.ListRecordConversations200JSONResponse{Body: bc.ConversationList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

func (h *handlers) ListConversationMessages(ctx context.Context, req bc.ListConversationMessagesRequestObject) (bc.ListConversationMessagesResponseObject, error) {
	st := h.s.store
	page, err := childPage(ctx, h.s, st.convs, req.ConversationID, st.messages, false, req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	return bc.ListConversationMessages200JSONResponse{Body: bc.MessageList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

func (h *handlers) SendMessage(ctx context.Context, req bc.SendMessageRequestObject) (bc.SendMessageResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	conv, err := s.store.convs.visible(s, keyOf(ctx), req.ConversationID)
	if err != nil {
		return nil, err
	}
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
	msg, _ := s.appendMessage(conv, bc.Outbound, subject, deref(in.TextPlain), deref(in.TextHTML), attachments, s.clock.Now())
	return bc.SendMessage201JSONResponse{Body: bc.MessageEnvelope{Message: *msg}}, nil
}

func (h *handlers) GetMessage(ctx context.Context, req bc.GetMessageRequestObject) (bc.GetMessageResponseObject, error) {
	m, err := get(ctx, h.s, h.s.store.messages, req.MessageID)
	if err != nil {
		return nil, err
	}
	return bc.GetMessage200JSONResponse{Body: bc.MessageEnvelope{Message: m}}, nil
}

func (h *handlers) ListSendAccounts(ctx context.Context, req bc.ListSendAccountsRequestObject) (bc.ListSendAccountsResponseObject, error) {
	s := h.s
	p, err := newPageReq(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	if _, err := s.workspaceFor(keyOf(ctx), req.Params.WorkspaceID); err != nil {
		return nil, err
	}
	page := pageBySeq(s.store.accounts.children(req.Params.WorkspaceID), false, p, nil)
	return bc.ListSendAccounts200JSONResponse{Body: bc.SendAccountList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

func (h *handlers) CreateAttachmentUploadURL(ctx context.Context, req bc.CreateAttachmentUploadURLRequestObject) (bc.CreateAttachmentUploadURLResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	if _, err := s.workspaceFor(keyOf(ctx), in.WorkspaceID); err != nil {
		return nil, err
	}
	id := newID("st")
	u := bc.AttachmentUpload{
		StorageID: id, UploadURL: "https://files.breakcold.com/upload/workspaces/" + in.WorkspaceID + "/" + id,
		ExpiresAt: millis(s.clock.Now().Add(time.Hour)),
	}
	s.store.uploads[id] = u
	return bc.CreateAttachmentUploadURL201JSONResponse{Body: u}, nil
}
