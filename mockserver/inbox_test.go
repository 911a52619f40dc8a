package mockserver_test

import (
	"slices"
	"testing"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/mockserver"
)

// The inbox: send accounts, uploads, composing and replying, conversations of a
// record, inbox views and the sidebar; meetings and their transcripts; and
// integration hooks with their samples.
func TestInbox(t *testing.T) {
	t.Parallel()
	_, c, ctx := setup(t, mockserver.DemoKeyFull)
	ws := mockserver.DemoWorkspaceSales
	cr, err := c.CreateRecordWithResponse(ctx, bc.RecordCreate{WorkspaceID: ws, ObjectTypeSlug: p("person"), Fields: &bc.FieldValues{"name": "Augusta King"}})
	want(t, "createRecord", cr, err, 201)
	rec := cr.JSON201.Record

	lsa, err := c.ListSendAccountsWithResponse(ctx, &bc.ListSendAccountsParams{WorkspaceID: ws})
	want(t, "listSendAccounts", lsa, err, 200)
	email := lsa.JSON200.Data[0]
	check(t, "first account channel", email.Channel, bc.ChannelEmail)
	up, err := c.CreateAttachmentUploadURLWithResponse(ctx, bc.AttachmentUploadRequest{WorkspaceID: ws, FileName: "proposal.pdf", ContentType: "application/pdf", Size: 1024})
	want(t, "createAttachmentUploadUrl", up, err, 201)
	cc, err := c.ComposeConversationWithResponse(ctx, bc.ConversationCompose{
		WorkspaceID: ws, WorkspaceIntegrationAccountID: email.WorkspaceIntegrationAccountID, To: []string{"augusta@example.com"},
		Subject: p("Proposal"), TextPlain: p("Attached."), LinkedRecordIds: &[]string{rec.ID}, AttachmentStorageIds: &[]string{up.JSON201.StorageID},
	})
	want(t, "composeConversation", cc, err, 201)
	conv := cc.JSON201.Conversation
	check(t, "attachment counted", cc.JSON201.Message.AttachmentCount, 1)
	reuse, err := c.ComposeConversationWithResponse(ctx, bc.ConversationCompose{
		WorkspaceID: ws, WorkspaceIntegrationAccountID: email.WorkspaceIntegrationAccountID, To: []string{"x@example.com"},
		Subject: p("Again"), TextPlain: p("x"), AttachmentStorageIds: &[]string{up.JSON201.StorageID},
	})
	want(t, "composeConversation with a used upload", reuse, err, 400)
	lc, err := c.ListConversationsWithResponse(ctx, &bc.ListConversationsParams{WorkspaceID: ws, Search: p("proposal")})
	want(t, "listConversations", lc, err, 200)
	check(t, "newest conversation first", lc.JSON200.Data[0].ID, conv.ID)
	lrc, err := c.ListRecordConversationsWithResponse(ctx, rec.ID, nil)
	want(t, "listRecordConversations", lrc, err, 200)
	check(t, "record conversations", len(lrc.JSON200.Data), 1)
	sm, err := c.SendMessageWithResponse(ctx, conv.ID, bc.MessageSend{WorkspaceIntegrationAccountID: email.WorkspaceIntegrationAccountID, TextPlain: p("Following up.")})
	want(t, "sendMessage", sm, err, 201)
	check(t, "reply subject", *sm.JSON201.Message.Subject, "Re: Proposal")
	lm, err := c.ListConversationMessagesWithResponse(ctx, conv.ID, nil)
	want(t, "listConversationMessages", lm, err, 200)
	check(t, "messages oldest first", lm.JSON200.Data[1].ID, sm.JSON201.Message.ID)
	gm, err := c.GetMessageWithResponse(ctx, sm.JSON201.Message.ID)
	want(t, "getMessage", gm, err, 200)
	check(t, "message text", *gm.JSON200.Message.TextPlain, "Following up.")

	// Inbox views and the sidebar.
	civ, err := c.CreateInboxViewWithResponse(ctx, bc.InboxViewCreate{WorkspaceID: ws, Name: "Open threads", Config: &bc.ViewConfig{"filters": []any{map[string]any{"field": "isClosed", "operator": "is", "value": false}}}})
	want(t, "createInboxView", civ, err, 201)
	view := civ.JSON201.View
	liv, err := c.ListInboxViewsWithResponse(ctx, &bc.ListInboxViewsParams{WorkspaceID: ws})
	want(t, "listInboxViews", liv, err, 200)
	uiv, err := c.UpdateInboxViewWithResponse(ctx, view.ID, bc.InboxViewUpdate{Name: p("Still open")})
	want(t, "updateInboxView", uiv, err, 200)
	giv, err := c.GetInboxViewWithResponse(ctx, view.ID)
	want(t, "getInboxView", giv, err, 200)
	check(t, "inbox view renamed", giv.JSON200.View.Name, "Still open")
	inView, err := c.ListConversationsWithResponse(ctx, &bc.ListConversationsParams{WorkspaceID: ws, ViewID: &view.ID})
	want(t, "listConversations in view", inView, err, 200)
	gs, err := c.GetInboxSidebarWithResponse(ctx, &bc.GetInboxSidebarParams{WorkspaceID: ws})
	want(t, "getInboxSidebar", gs, err, 200)
	check(t, "sidebar views", len(gs.JSON200.Views), len(liv.JSON200.Data))
	items := []bc.SidebarItem{{Type: bc.Folder, ID: "folder000001"}}
	for _, v := range slices.Backward(gs.JSON200.Views) {
		items = append(items, bc.SidebarItem{Type: bc.View, ID: v.ID, ParentFolderID: p("folder000001")})
	}
	rs, err := c.ReorderInboxSidebarWithResponse(ctx, bc.InboxSidebarReorder{WorkspaceID: ws, Items: items})
	want(t, "reorderInboxSidebar", rs, err, 200)
	gs2, err := c.GetInboxSidebarWithResponse(ctx, &bc.GetInboxSidebarParams{WorkspaceID: ws})
	want(t, "getInboxSidebar after reorder", gs2, err, 200)
	check(t, "sidebar starts with the folder", *gs2.JSON200.Layout[0].FolderID, "folder000001")
	div, err := c.DeleteInboxViewWithResponse(ctx, view.ID)
	want(t, "deleteInboxView", div, err, 200)
	givGone, err := c.GetInboxViewWithResponse(ctx, view.ID)
	want(t, "getInboxView after delete", givGone, err, 404)

	// Meetings.
	lme, err := c.ListMeetingsWithResponse(ctx, &bc.ListMeetingsParams{WorkspaceID: ws, HasTranscript: p(true)})
	want(t, "listMeetings", lme, err, 200)
	meeting := lme.JSON200.Data[0]
	gme, err := c.GetMeetingWithResponse(ctx, meeting.ID)
	want(t, "getMeeting", gme, err, 200)
	check(t, "meeting title", gme.JSON200.Meeting.Title, "Pilot kickoff")
	ltr, err := c.ListMeetingTranscriptWithResponse(ctx, meeting.ID, &bc.ListMeetingTranscriptParams{Limit: p(2)})
	want(t, "listMeetingTranscript", ltr, err, 200)
	check(t, "transcript page", len(ltr.JSON200.Data), 2)
	check(t, "transcript has more", ltr.JSON200.Pagination.HasMore, true)

	// Integration hooks.
	ch, err := c.CreateIntegrationHookWithResponse(ctx, bc.IntegrationHookCreate{WorkspaceID: ws, Platform: bc.Zapier, Event: bc.IntegrationEventRecordCreated, TargetURL: "https://hooks.zapier.com/hooks/standard/1/abc"})
	want(t, "createIntegrationHook", ch, err, 201)
	ls, err := c.ListIntegrationSamplesWithResponse(ctx, &bc.ListIntegrationSamplesParams{WorkspaceID: ws, Event: bc.IntegrationEventRecordCreated, Limit: p(1)})
	want(t, "listIntegrationSamples", ls, err, 200)
	check[any](t, "newest sample first", ls.JSON200.Data[0].Payload["id"], rec.ID)
	dh, err := c.DeleteIntegrationHookWithResponse(ctx, ch.JSON201.Hook.ID)
	want(t, "deleteIntegrationHook", dh, err, 200)
	dh2, err := c.DeleteIntegrationHookWithResponse(ctx, ch.JSON201.Hook.ID)
	want(t, "deleteIntegrationHook again", dh2, err, 404)

}
