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

func convWorkspace(c *bc.Conversation) string    { return c.WorkspaceID }
func messageWorkspace(m *bc.Message) string      { return m.WorkspaceID }
func inboxViewWorkspace(v *bc.InboxView) string  { return v.WorkspaceID }
func meetingWorkspace(m *bc.Meeting) string      { return m.WorkspaceID }
func hookWorkspace(h *bc.IntegrationHook) string { return h.WorkspaceID }

// ---- Seed helpers ----

func (s *Server) insertSendAccount(wsID string, a SeedSendAccount) *bc.SendAccount {
	acc := &bc.SendAccount{WorkspaceIntegrationAccountID: newID("sa"), WorkspaceID: wsID, Channel: a.Channel, DisplayName: a.DisplayName, Handle: a.Handle, IsActive: true}
	s.store.accounts.put(wsID, acc.WorkspaceIntegrationAccountID, s.store.nextSeq(), acc)
	return acc
}

func (s *Server) seedConversation(wsID string, c SeedConversation, records []string, at time.Time) {
	conv := s.newConversation(wsID, c.Channel, c.Subject, records, []bc.Attendee{attendee(c.With, c.Handle, true)})
	for i, m := range c.Messages {
		dir := bc.Outbound
		if m.Inbound {
			dir = bc.Inbound
		}
		s.appendMessage(conv, dir, c.Subject, m.Text, "", 0, at.Add(time.Duration(i)*10*time.Minute))
	}
}

func attendee(name, handle string, sender bool) bc.Attendee {
	a := bc.Attendee{ID: newID("at"), DisplayName: name, Handle: &handle, IsSender: sender}
	if strings.Contains(handle, "@") {
		e := openapi_types.Email(handle)
		a.Email = &e
	}
	return a
}

func (s *Server) newConversation(wsID string, ch bc.Channel, subject string, records []string, attendees []bc.Attendee) *bc.Conversation {
	c := &bc.Conversation{
		ID: newID("cv"), WorkspaceID: wsID, Channel: ch, Attendees: attendees, Assignees: []bc.Assignee{},
		LinkedRecordIds: orEmpty(records), HasLinkedRecords: len(records) > 0, Lifecycle: ptr(bc.ConversationLifecycleOpen),
	}
	if subject != "" {
		c.Subject = &subject
	}
	s.store.convs.put(wsID, c.ID, s.store.nextSeq(), c)
	return c
}

// appendMessage adds a message and moves the conversation's last-message fields.
func (s *Server) appendMessage(conv *bc.Conversation, dir bc.MessageDirection, subject, text, htmlBody string, attachments int, at time.Time) *bc.Message {
	m := &bc.Message{
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
	s.store.messages.put(conv.ID, m.ID, s.store.nextSeq(), m)
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
	*conv = c
	return m
}

func (s *Server) seedMeeting(wsID string, m SeedMeeting, records []string, at time.Time) {
	meet := &bc.Meeting{
		ID: newID("mt"), WorkspaceID: wsID, Title: m.Title, EventState: bc.Active,
		StartAt: millis(at), EndAt: ptr(millis(at.Add(45 * time.Minute))), DurationMs: ptr(int64(45 * time.Minute / time.Millisecond)),
		HasTranscript: len(m.Transcript) > 0, LinkedRecordIds: orEmpty(records),
		CreatedAt: millis(at), UpdatedAt: millis(at),
	}
	meet.Participants = []struct {
		Email *openapi_types.Email `json:"email,omitempty"`
		Name  string               `json:"name"`
	}{}
	speakers := map[string]bool{}
	var offset int64
	for _, line := range m.Transcript {
		speaker, text, _ := strings.Cut(line, ": ")
		if !speakers[speaker] {
			speakers[speaker] = true
			meet.Participants = append(meet.Participants, struct {
				Email *openapi_types.Email `json:"email,omitempty"`
				Name  string               `json:"name"`
			}{Name: speaker})
		}
		dur := int64(len(text)) * 60
		seg := &bc.TranscriptSegment{ID: newID("sg"), MeetingID: meet.ID, Speaker: speaker, Text: text, StartMs: offset, EndMs: offset + dur}
		offset += dur + 400
		s.store.transcripts.put(meet.ID, seg.ID, s.store.nextSeq(), seg)
	}
	if meet.HasTranscript {
		url := "https://files.breakcold.com/recordings/" + meet.ID + ".mp4"
		meet.RecordingURL = &url
	}
	s.store.meetings.put(wsID, meet.ID, s.store.nextSeq(), meet)
}

// ---- Conversations and messages ----

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
		v, err := visible(s, k, s.store.inboxViews, "inbox view", *q.ViewID, inboxViewWorkspace)
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
	msg := s.appendMessage(conv, bc.Outbound, subject, deref(in.TextPlain), deref(in.TextHTML), attachments, s.clock.Now())
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
	rec, err := visible(s, keyOf(ctx), s.store.records, "record", req.RecordID, recordWorkspace)
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
	page, err := childPage(ctx, h.s, st.convs, "conversation", req.ConversationID, convWorkspace, st.messages, false, req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	return bc.ListConversationMessages200JSONResponse{Body: bc.MessageList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

func (h *handlers) SendMessage(ctx context.Context, req bc.SendMessageRequestObject) (bc.SendMessageResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	conv, err := visible(s, keyOf(ctx), s.store.convs, "conversation", req.ConversationID, convWorkspace)
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
	msg := s.appendMessage(conv, bc.Outbound, subject, deref(in.TextPlain), deref(in.TextHTML), attachments, s.clock.Now())
	return bc.SendMessage201JSONResponse{Body: bc.MessageEnvelope{Message: *msg}}, nil
}

func (h *handlers) GetMessage(ctx context.Context, req bc.GetMessageRequestObject) (bc.GetMessageResponseObject, error) {
	m, err := getVisible(ctx, h.s, h.s.store.messages, "message", req.MessageID, messageWorkspace)
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

// ---- Inbox views and sidebar ----

func (s *Server) insertInboxView(wsID, author string, in bc.InboxViewCreate, now time.Time) *bc.InboxView {
	v := &bc.InboxView{
		ID: newID("iv"), WorkspaceID: wsID, Name: in.Name, Emoji: in.Emoji, Visibility: bc.InboxViewVisibilityPersonal,
		Config: bc.ViewConfig{}, CreatedByUserID: author, CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	setIf(&v.Visibility, in.Visibility)
	setIf(&v.Config, in.Config)
	s.store.inboxViews.put(wsID, v.ID, s.store.nextSeq(), v)
	s.store.sidebars[wsID] = append(slices.Clone(s.store.sidebars[wsID]), bc.SidebarItem{Type: bc.View, ID: v.ID})
	return v
}

// canSeeView: personal views are their creator's; workspace and restricted views
// are shared.
func canSeeView(k *Key, v *bc.InboxView) bool {
	return v.Visibility != bc.InboxViewVisibilityPersonal || v.CreatedByUserID == k.UserID
}

func (s *Server) inboxView(k *Key, id string) (*bc.InboxView, error) {
	v, err := visible(s, k, s.store.inboxViews, "inbox view", id, inboxViewWorkspace)
	if err != nil {
		return nil, err
	}
	if !canSeeView(k, v) {
		return nil, notFound("inbox view", id)
	}
	return v, nil
}

func (h *handlers) ListInboxViews(ctx context.Context, req bc.ListInboxViewsRequestObject) (bc.ListInboxViewsResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	p, err := newPageReq(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	if _, err := s.workspaceFor(k, req.Params.WorkspaceID); err != nil {
		return nil, err
	}
	page := pageBySeq(s.store.inboxViews.children(req.Params.WorkspaceID), false, p, func(v *bc.InboxView) bool { return canSeeView(k, v) })
	return bc.ListInboxViews200JSONResponse{Body: bc.InboxViewList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

func (h *handlers) CreateInboxView(ctx context.Context, req bc.CreateInboxViewRequestObject) (bc.CreateInboxViewResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	if _, err := s.workspaceFor(k, req.Body.WorkspaceID); err != nil {
		return nil, err
	}
	v := s.insertInboxView(req.Body.WorkspaceID, k.UserID, *req.Body, s.clock.Now())
	return bc.CreateInboxView201JSONResponse{Body: bc.InboxViewEnvelope{View: *v}}, nil
}

func (h *handlers) GetInboxView(ctx context.Context, req bc.GetInboxViewRequestObject) (bc.GetInboxViewResponseObject, error) {
	s := h.s
	defer s.readLock()()
	v, err := s.inboxView(keyOf(ctx), req.ViewID)
	if err != nil {
		return nil, err
	}
	return bc.GetInboxView200JSONResponse{Body: bc.InboxViewEnvelope{View: *v}}, nil
}

func (h *handlers) UpdateInboxView(ctx context.Context, req bc.UpdateInboxViewRequestObject) (bc.UpdateInboxViewResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	v, err := s.inboxView(keyOf(ctx), req.ViewID)
	if err != nil {
		return nil, err
	}
	c := *v
	setIf(&c.Name, in.Name)
	setIf(&c.Visibility, in.Visibility)
	setIf(&c.Config, in.Config)
	if in.Emoji != nil {
		c.Emoji = in.Emoji
	}
	c.UpdatedAt = millis(s.clock.Now())
	*v = c
	return bc.UpdateInboxView200JSONResponse{Body: bc.InboxViewEnvelope{View: c}}, nil
}

func (h *handlers) DeleteInboxView(ctx context.Context, req bc.DeleteInboxViewRequestObject) (bc.DeleteInboxViewResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	v, err := s.inboxView(keyOf(ctx), req.ViewID)
	if err != nil {
		return nil, err
	}
	s.store.inboxViews.del(v.ID)
	s.store.sidebars[v.WorkspaceID] = slices.DeleteFunc(slices.Clone(s.store.sidebars[v.WorkspaceID]), func(it bc.SidebarItem) bool { return it.ID == v.ID })
	return bc.DeleteInboxView200JSONResponse{Body: bc.DeleteResult{ID: v.ID, Deleted: bc.DeleteResultDeletedTrue}}, nil
}

func (h *handlers) GetInboxSidebar(ctx context.Context, req bc.GetInboxSidebarRequestObject) (bc.GetInboxSidebarResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	if _, err := s.workspaceFor(k, req.Params.WorkspaceID); err != nil {
		return nil, err
	}
	items := slices.DeleteFunc(slices.Clone(s.store.sidebars[req.Params.WorkspaceID]), func(it bc.SidebarItem) bool {
		v, ok := s.store.inboxViews.get(it.ID)
		return it.Type == bc.View && ok && !canSeeView(k, v)
	})
	return bc.GetInboxSidebar200JSONResponse{Body: bc.InboxSidebarEnvelope{Sidebar: bc.InboxSidebar{WorkspaceID: req.Params.WorkspaceID, Items: orEmpty(items)}}}, nil
}

func (h *handlers) ReorderInboxSidebar(ctx context.Context, req bc.ReorderInboxSidebarRequestObject) (bc.ReorderInboxSidebarResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	if _, err := s.workspaceFor(keyOf(ctx), in.WorkspaceID); err != nil {
		return nil, err
	}
	var haveViews, gotViews []string
	for _, it := range s.store.sidebars[in.WorkspaceID] {
		if it.Type == bc.View {
			haveViews = append(haveViews, it.ID)
		}
	}
	folders := map[string]bool{}
	for _, it := range in.Items {
		if it.Type == bc.Folder {
			folders[it.ID] = true
		}
	}
	for i, it := range in.Items {
		if it.ParentFolderID != nil && !folders[*it.ParentFolderID] {
			return nil, invalid(fmt.Sprintf("items.%d.parentFolderId", i), "no folder %q among the items", *it.ParentFolderID)
		}
		if it.Type == bc.Folder && it.ParentFolderID != nil {
			return nil, invalid(fmt.Sprintf("items.%d.parentFolderId", i), "folders cannot be nested")
		}
		if it.Type == bc.View {
			gotViews = append(gotViews, it.ID)
		}
	}
	if _, err := reorder("items", gotViews, haveViews); err != nil {
		return nil, err
	}
	s.store.sidebars[in.WorkspaceID] = slices.Clone(in.Items)
	return bc.ReorderInboxSidebar200JSONResponse{Body: bc.InboxSidebarEnvelope{Sidebar: bc.InboxSidebar{WorkspaceID: in.WorkspaceID, Items: orEmpty(slices.Clone(in.Items))}}}, nil
}

// ---- Meetings ----

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
	m, err := getVisible(ctx, h.s, h.s.store.meetings, "meeting", req.MeetingID, meetingWorkspace)
	if err != nil {
		return nil, err
	}
	return bc.GetMeeting200JSONResponse{Body: bc.MeetingEnvelope{Meeting: m}}, nil
}

func (h *handlers) ListMeetingTranscript(ctx context.Context, req bc.ListMeetingTranscriptRequestObject) (bc.ListMeetingTranscriptResponseObject, error) {
	st := h.s.store
	page, err := childPage(ctx, h.s, st.meetings, "meeting", req.MeetingID, meetingWorkspace, st.transcripts, false, req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	return bc.ListMeetingTranscript200JSONResponse{Body: bc.TranscriptList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}

// ---- Integration hooks ----

func (h *handlers) CreateIntegrationHook(ctx context.Context, req bc.CreateIntegrationHookRequestObject) (bc.CreateIntegrationHookResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	if _, err := s.workspaceFor(keyOf(ctx), in.WorkspaceID); err != nil {
		return nil, err
	}
	if in.ObjectTypeSlug != nil && s.objectBySlug(in.WorkspaceID, *in.ObjectTypeSlug) == nil {
		return nil, invalid("objectTypeSlug", "no object type with slug %q in this workspace", *in.ObjectTypeSlug)
	}
	hook := &bc.IntegrationHook{
		ID: newID("hk"), WorkspaceID: in.WorkspaceID, Platform: in.Platform, Event: in.Event,
		TargetURL: in.TargetURL, ObjectTypeSlug: in.ObjectTypeSlug, CreatedAt: millis(s.clock.Now()),
	}
	s.store.hooks.put(in.WorkspaceID, hook.ID, s.store.nextSeq(), hook)
	return bc.CreateIntegrationHook201JSONResponse{Body: bc.IntegrationHookEnvelope{Hook: *hook}}, nil
}

func (h *handlers) DeleteIntegrationHook(ctx context.Context, req bc.DeleteIntegrationHookRequestObject) (bc.DeleteIntegrationHookResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	hook, err := visible(s, keyOf(ctx), s.store.hooks, "integration hook", req.HookID, hookWorkspace)
	if err != nil {
		return nil, err
	}
	s.store.hooks.del(hook.ID)
	return bc.DeleteIntegrationHook200JSONResponse{Body: bc.DeleteResult{ID: hook.ID, Deleted: bc.DeleteResultDeletedTrue}}, nil
}

// ListIntegrationSamples builds samples from the workspace's most recent data, in the
// shape Breakcold's outbound webhooks use for the event.
func (h *handlers) ListIntegrationSamples(ctx context.Context, req bc.ListIntegrationSamplesRequestObject) (bc.ListIntegrationSamplesResponseObject, error) {
	s, k, q := h.s, keyOf(ctx), req.Params
	p, err := newPageReq(q.Limit, q.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	if _, err := s.workspaceFor(k, q.WorkspaceID); err != nil {
		return nil, err
	}
	var samples []*item[bc.IntegrationSample]
	add := func(seq int64, payload map[string]any) {
		samples = append(samples, &item[bc.IntegrationSample]{seq: seq, val: &bc.IntegrationSample{Event: q.Event, Payload: payload}})
	}
	for _, it := range s.store.records.children(k.OrgID) {
		r := it.val
		if r.WorkspaceID != q.WorkspaceID {
			continue
		}
		switch q.Event {
		case bc.RecordCreated, bc.RecordUpdated:
			add(it.seq, map[string]any{"id": r.ID, "objectType": r.ObjectTypeSlug, "name": r.DisplayName, "fields": r.Fields, "createdAt": r.CreatedAt, "updatedAt": r.UpdatedAt})
		case bc.RecordDeleted:
			add(it.seq, map[string]any{"id": r.ID, "deleted": true})
		case bc.NoteCreated, bc.NoteUpdated:
			for _, n := range s.store.notes.children(r.ID) {
				add(n.seq, map[string]any{"recordId": r.ID, "noteId": n.val.ID, "title": n.val.Title, "contentPlain": n.val.ContentPlain, "createdAt": n.val.CreatedAt, "updatedAt": n.val.UpdatedAt})
			}
		case bc.TaskCreated, bc.TaskCompleted:
			for _, t := range s.store.tasks.children(r.ID) {
				if q.Event == bc.TaskCompleted && t.val.Status != bc.TaskStatusDone {
					continue
				}
				add(t.seq, map[string]any{"recordId": r.ID, "taskId": t.val.ID, "title": t.val.Title, "status": string(t.val.Status)})
			}
		}
	}
	slices.SortFunc(samples, func(a, b *item[bc.IntegrationSample]) int { return int(a.seq - b.seq) })
	page := pageBySeq(samples, true, p, nil)
	return bc.ListIntegrationSamples200JSONResponse{Body: bc.IntegrationSampleList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}
