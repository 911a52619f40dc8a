package client

import (
	"context"

	"github.com/breakcold-go/breakcold/gen/breakcold"
)

// Operations of the current API (v1): paths under /api/v1, Bearer keys.
// Each method returns the documented success body, envelopes unwrapped.

// ListWorkspaces lists authorized workspaces: GET /api/v1/workspaces.
func (c *Client) ListWorkspaces(ctx context.Context, params *breakcold.ListWorkspacesParams) (*breakcold.WorkspaceList, error) {
	resp, err := c.current.ListWorkspaces(ctx, params)
	return result(resp, err, breakcold.ParseListWorkspacesResponse, breakcold.ListWorkspacesResponse.GetJSON200)
}

// ListRecords lists or searches records: GET /api/v1/records.
func (c *Client) ListRecords(ctx context.Context, params *breakcold.ListRecordsParams) (*breakcold.RecordList, error) {
	resp, err := c.current.ListRecords(ctx, params)
	return result(resp, err, breakcold.ParseListRecordsResponse, breakcold.ListRecordsResponse.GetJSON200)
}

// CreateRecord creates a record: POST /api/v1/records.
func (c *Client) CreateRecord(ctx context.Context, body breakcold.RecordCreate) (*breakcold.Record, error) {
	resp, err := c.current.CreateRecord(ctx, body)
	return unwrap[breakcold.Record](result(resp, err, breakcold.ParseCreateRecordResponse, breakcold.CreateRecordResponse.GetJSON201))
}

// GetRecord gets a record: GET /api/v1/records/{recordId}.
func (c *Client) GetRecord(ctx context.Context, recordID string) (*breakcold.Record, error) {
	resp, err := c.current.GetRecord(ctx, recordID)
	return unwrap[breakcold.Record](result(resp, err, breakcold.ParseGetRecordResponse, breakcold.GetRecordResponse.GetJSON200))
}

// UpdateRecord updates a record: PATCH /api/v1/records/{recordId}.
func (c *Client) UpdateRecord(ctx context.Context, recordID string, body breakcold.RecordUpdate) (*breakcold.Record, error) {
	resp, err := c.current.UpdateRecord(ctx, recordID, body)
	return unwrap[breakcold.Record](result(resp, err, breakcold.ParseUpdateRecordResponse, breakcold.UpdateRecordResponse.GetJSON200))
}

// ArchiveRecord archives a record: POST /api/v1/records/{recordId}/archive.
func (c *Client) ArchiveRecord(ctx context.Context, recordID string) (*breakcold.Record, error) {
	resp, err := c.current.ArchiveRecord(ctx, recordID)
	return unwrap[breakcold.Record](result(resp, err, breakcold.ParseArchiveRecordResponse, breakcold.ArchiveRecordResponse.GetJSON200))
}

// RestoreRecord restores an archived record: POST /api/v1/records/{recordId}/restore.
func (c *Client) RestoreRecord(ctx context.Context, recordID string) (*breakcold.Record, error) {
	resp, err := c.current.RestoreRecord(ctx, recordID)
	return unwrap[breakcold.Record](result(resp, err, breakcold.ParseRestoreRecordResponse, breakcold.RestoreRecordResponse.GetJSON200))
}

// CreateCustomActivity creates a custom activity: POST /api/v1/records/{recordId}/custom-activities.
func (c *Client) CreateCustomActivity(ctx context.Context, recordID string, body breakcold.CustomActivityCreate) (*breakcold.CustomActivity, error) {
	resp, err := c.current.CreateCustomActivity(ctx, recordID, body)
	return unwrap[breakcold.CustomActivity](result(resp, err, breakcold.ParseCreateCustomActivityResponse, breakcold.CreateCustomActivityResponse.GetJSON201))
}

// ListRecordTasks lists a record's tasks: GET /api/v1/records/{recordId}/tasks.
func (c *Client) ListRecordTasks(ctx context.Context, recordID string, params *breakcold.ListRecordTasksParams) (*breakcold.TaskList, error) {
	resp, err := c.current.ListRecordTasks(ctx, recordID, params)
	return result(resp, err, breakcold.ParseListRecordTasksResponse, breakcold.ListRecordTasksResponse.GetJSON200)
}

// CreateRecordTask creates a record task: POST /api/v1/records/{recordId}/tasks.
func (c *Client) CreateRecordTask(ctx context.Context, recordID string, body breakcold.TaskCreate) (*breakcold.Task, error) {
	resp, err := c.current.CreateRecordTask(ctx, recordID, body)
	return unwrap[breakcold.Task](result(resp, err, breakcold.ParseCreateRecordTaskResponse, breakcold.CreateRecordTaskResponse.GetJSON201))
}

// UpdateTask updates a task: PATCH /api/v1/tasks/{taskId}.
func (c *Client) UpdateTask(ctx context.Context, taskID string, body breakcold.TaskUpdate) (*breakcold.Task, error) {
	resp, err := c.current.UpdateTask(ctx, taskID, body)
	return unwrap[breakcold.Task](result(resp, err, breakcold.ParseUpdateTaskResponse, breakcold.UpdateTaskResponse.GetJSON200))
}

// CompleteTask completes a task: POST /api/v1/tasks/{taskId}/complete.
func (c *Client) CompleteTask(ctx context.Context, taskID string) (*breakcold.Task, error) {
	resp, err := c.current.CompleteTask(ctx, taskID)
	return unwrap[breakcold.Task](result(resp, err, breakcold.ParseCompleteTaskResponse, breakcold.CompleteTaskResponse.GetJSON200))
}

// ListRecordNotes lists a record's notes: GET /api/v1/records/{recordId}/notes.
func (c *Client) ListRecordNotes(ctx context.Context, recordID string, params *breakcold.ListRecordNotesParams) (*breakcold.NoteList, error) {
	resp, err := c.current.ListRecordNotes(ctx, recordID, params)
	return result(resp, err, breakcold.ParseListRecordNotesResponse, breakcold.ListRecordNotesResponse.GetJSON200)
}

// CreateRecordNote creates a note: POST /api/v1/records/{recordId}/notes.
func (c *Client) CreateRecordNote(ctx context.Context, recordID string, body breakcold.NoteCreate) (*breakcold.Note, error) {
	resp, err := c.current.CreateRecordNote(ctx, recordID, body)
	return unwrap[breakcold.Note](result(resp, err, breakcold.ParseCreateRecordNoteResponse, breakcold.CreateRecordNoteResponse.GetJSON201))
}

// GetNote gets a note: GET /api/v1/notes/{noteId}.
func (c *Client) GetNote(ctx context.Context, noteID string) (*breakcold.Note, error) {
	resp, err := c.current.GetNote(ctx, noteID)
	return unwrap[breakcold.Note](result(resp, err, breakcold.ParseGetNoteResponse, breakcold.GetNoteResponse.GetJSON200))
}

// UpdateNote updates a note: PATCH /api/v1/notes/{noteId}.
func (c *Client) UpdateNote(ctx context.Context, noteID string, body breakcold.NoteUpdate) (*breakcold.Note, error) {
	resp, err := c.current.UpdateNote(ctx, noteID, body)
	return unwrap[breakcold.Note](result(resp, err, breakcold.ParseUpdateNoteResponse, breakcold.UpdateNoteResponse.GetJSON200))
}

// ListConversations lists or searches workspace conversations: GET /api/v1/inbox/conversations.
func (c *Client) ListConversations(ctx context.Context, params *breakcold.ListConversationsParams) (*breakcold.ConversationList, error) {
	resp, err := c.current.ListConversations(ctx, params)
	return result(resp, err, breakcold.ParseListConversationsResponse, breakcold.ListConversationsResponse.GetJSON200)
}

// ComposeConversation composes a new conversation: POST /api/v1/inbox/conversations.
func (c *Client) ComposeConversation(ctx context.Context, body breakcold.ConversationCompose) (*breakcold.ConversationComposed, error) {
	resp, err := c.current.ComposeConversation(ctx, body)
	return result(resp, err, breakcold.ParseComposeConversationResponse, breakcold.ComposeConversationResponse.GetJSON201)
}

// ListRecordConversations lists a record's conversations: GET /api/v1/records/{recordId}/conversations.
func (c *Client) ListRecordConversations(ctx context.Context, recordID string, params *breakcold.ListRecordConversationsParams) (*breakcold.ConversationList, error) {
	resp, err := c.current.ListRecordConversations(ctx, recordID, params)
	return result(resp, err, breakcold.ParseListRecordConversationsResponse, breakcold.ListRecordConversationsResponse.GetJSON200)
}

// ListConversationMessages lists conversation messages: GET /api/v1/conversations/{conversationId}/messages.
func (c *Client) ListConversationMessages(ctx context.Context, conversationID string, params *breakcold.ListConversationMessagesParams) (*breakcold.MessageList, error) {
	resp, err := c.current.ListConversationMessages(ctx, conversationID, params)
	return result(resp, err, breakcold.ParseListConversationMessagesResponse, breakcold.ListConversationMessagesResponse.GetJSON200)
}

// SendMessage sends a message in a conversation: POST /api/v1/conversations/{conversationId}/messages.
func (c *Client) SendMessage(ctx context.Context, conversationID string, body breakcold.MessageSend) (*breakcold.Message, error) {
	resp, err := c.current.SendMessage(ctx, conversationID, body)
	return unwrap[breakcold.Message](result(resp, err, breakcold.ParseSendMessageResponse, breakcold.SendMessageResponse.GetJSON201))
}

// GetMessage gets a message: GET /api/v1/messages/{messageId}.
func (c *Client) GetMessage(ctx context.Context, messageID string) (*breakcold.Message, error) {
	resp, err := c.current.GetMessage(ctx, messageID)
	return unwrap[breakcold.Message](result(resp, err, breakcold.ParseGetMessageResponse, breakcold.GetMessageResponse.GetJSON200))
}

// ListSendAccounts lists send-capable inbox accounts: GET /api/v1/inbox/send-accounts.
func (c *Client) ListSendAccounts(ctx context.Context, params *breakcold.ListSendAccountsParams) (*breakcold.SendAccountList, error) {
	resp, err := c.current.ListSendAccounts(ctx, params)
	return result(resp, err, breakcold.ParseListSendAccountsResponse, breakcold.ListSendAccountsResponse.GetJSON200)
}

// CreateAttachmentUploadUrl creates an attachment upload URL: POST /api/v1/inbox/attachments/upload-url.
func (c *Client) CreateAttachmentUploadUrl(ctx context.Context, body breakcold.AttachmentUploadRequest) (*breakcold.AttachmentUpload, error) {
	resp, err := c.current.CreateAttachmentUploadUrl(ctx, body)
	return result(resp, err, breakcold.ParseCreateAttachmentUploadUrlResponse, breakcold.CreateAttachmentUploadUrlResponse.GetJSON201)
}

// ListInboxViews lists inbox views: GET /api/v1/inbox/views.
func (c *Client) ListInboxViews(ctx context.Context, params *breakcold.ListInboxViewsParams) (*breakcold.InboxViewList, error) {
	resp, err := c.current.ListInboxViews(ctx, params)
	return result(resp, err, breakcold.ParseListInboxViewsResponse, breakcold.ListInboxViewsResponse.GetJSON200)
}

// CreateInboxView creates an inbox view: POST /api/v1/inbox/views.
func (c *Client) CreateInboxView(ctx context.Context, body breakcold.InboxViewCreate) (*breakcold.InboxView, error) {
	resp, err := c.current.CreateInboxView(ctx, body)
	return unwrap[breakcold.InboxView](result(resp, err, breakcold.ParseCreateInboxViewResponse, breakcold.CreateInboxViewResponse.GetJSON201))
}

// GetInboxView gets an inbox view: GET /api/v1/inbox/views/{viewId}.
func (c *Client) GetInboxView(ctx context.Context, viewID string) (*breakcold.InboxView, error) {
	resp, err := c.current.GetInboxView(ctx, viewID)
	return unwrap[breakcold.InboxView](result(resp, err, breakcold.ParseGetInboxViewResponse, breakcold.GetInboxViewResponse.GetJSON200))
}

// UpdateInboxView updates an inbox view: PATCH /api/v1/inbox/views/{viewId}.
func (c *Client) UpdateInboxView(ctx context.Context, viewID string, body breakcold.InboxViewUpdate) (*breakcold.InboxView, error) {
	resp, err := c.current.UpdateInboxView(ctx, viewID, body)
	return unwrap[breakcold.InboxView](result(resp, err, breakcold.ParseUpdateInboxViewResponse, breakcold.UpdateInboxViewResponse.GetJSON200))
}

// DeleteInboxView deletes an inbox view: DELETE /api/v1/inbox/views/{viewId}.
func (c *Client) DeleteInboxView(ctx context.Context, viewID string) (*breakcold.DeleteResult, error) {
	resp, err := c.current.DeleteInboxView(ctx, viewID)
	return result(resp, err, breakcold.ParseDeleteInboxViewResponse, breakcold.DeleteInboxViewResponse.GetJSON200)
}

// GetInboxSidebar gets the inbox sidebar: GET /api/v1/inbox/sidebar.
func (c *Client) GetInboxSidebar(ctx context.Context, params *breakcold.GetInboxSidebarParams) (*breakcold.InboxSidebar, error) {
	resp, err := c.current.GetInboxSidebar(ctx, params)
	return unwrap[breakcold.InboxSidebar](result(resp, err, breakcold.ParseGetInboxSidebarResponse, breakcold.GetInboxSidebarResponse.GetJSON200))
}

// ReorderInboxSidebar reorders the inbox sidebar: POST /api/v1/inbox/sidebar/reorder.
func (c *Client) ReorderInboxSidebar(ctx context.Context, body breakcold.InboxSidebarReorder) (*breakcold.InboxSidebar, error) {
	resp, err := c.current.ReorderInboxSidebar(ctx, body)
	return unwrap[breakcold.InboxSidebar](result(resp, err, breakcold.ParseReorderInboxSidebarResponse, breakcold.ReorderInboxSidebarResponse.GetJSON200))
}

// ListMeetings lists meetings: GET /api/v1/meetings.
func (c *Client) ListMeetings(ctx context.Context, params *breakcold.ListMeetingsParams) (*breakcold.MeetingList, error) {
	resp, err := c.current.ListMeetings(ctx, params)
	return result(resp, err, breakcold.ParseListMeetingsResponse, breakcold.ListMeetingsResponse.GetJSON200)
}

// GetMeeting gets a meeting: GET /api/v1/meetings/{meetingId}.
func (c *Client) GetMeeting(ctx context.Context, meetingID string) (*breakcold.Meeting, error) {
	resp, err := c.current.GetMeeting(ctx, meetingID)
	return unwrap[breakcold.Meeting](result(resp, err, breakcold.ParseGetMeetingResponse, breakcold.GetMeetingResponse.GetJSON200))
}

// ListMeetingTranscript lists transcript segments: GET /api/v1/meetings/{meetingId}/transcript.
func (c *Client) ListMeetingTranscript(ctx context.Context, meetingID string, params *breakcold.ListMeetingTranscriptParams) (*breakcold.TranscriptList, error) {
	resp, err := c.current.ListMeetingTranscript(ctx, meetingID, params)
	return result(resp, err, breakcold.ParseListMeetingTranscriptResponse, breakcold.ListMeetingTranscriptResponse.GetJSON200)
}

// ListCrmObjects lists object types: GET /api/v1/crm/objects.
func (c *Client) ListCrmObjects(ctx context.Context, params *breakcold.ListCrmObjectsParams) (*breakcold.CrmObjectList, error) {
	resp, err := c.current.ListCrmObjects(ctx, params)
	return result(resp, err, breakcold.ParseListCrmObjectsResponse, breakcold.ListCrmObjectsResponse.GetJSON200)
}

// CreateCrmObject creates a custom object type: POST /api/v1/crm/objects.
func (c *Client) CreateCrmObject(ctx context.Context, body breakcold.CrmObjectCreate) (*breakcold.CrmObject, error) {
	resp, err := c.current.CreateCrmObject(ctx, body)
	return unwrap[breakcold.CrmObject](result(resp, err, breakcold.ParseCreateCrmObjectResponse, breakcold.CreateCrmObjectResponse.GetJSON201))
}

// ReorderCrmObjects reorders object types: POST /api/v1/crm/objects/reorder.
func (c *Client) ReorderCrmObjects(ctx context.Context, body breakcold.CrmObjectReorder) (*breakcold.ReorderResult, error) {
	resp, err := c.current.ReorderCrmObjects(ctx, body)
	return result(resp, err, breakcold.ParseReorderCrmObjectsResponse, breakcold.ReorderCrmObjectsResponse.GetJSON200)
}

// GetCrmObject gets an object type: GET /api/v1/crm/objects/{objectTypeId}.
func (c *Client) GetCrmObject(ctx context.Context, objectTypeID string) (*breakcold.CrmObject, error) {
	resp, err := c.current.GetCrmObject(ctx, objectTypeID)
	return unwrap[breakcold.CrmObject](result(resp, err, breakcold.ParseGetCrmObjectResponse, breakcold.GetCrmObjectResponse.GetJSON200))
}

// UpdateCrmObject updates an object type: PATCH /api/v1/crm/objects/{objectTypeId}.
func (c *Client) UpdateCrmObject(ctx context.Context, objectTypeID string, body breakcold.CrmObjectUpdate) (*breakcold.CrmObject, error) {
	resp, err := c.current.UpdateCrmObject(ctx, objectTypeID, body)
	return unwrap[breakcold.CrmObject](result(resp, err, breakcold.ParseUpdateCrmObjectResponse, breakcold.UpdateCrmObjectResponse.GetJSON200))
}

// DeleteCrmObject deletes a custom object type: DELETE /api/v1/crm/objects/{objectTypeId}.
func (c *Client) DeleteCrmObject(ctx context.Context, objectTypeID string) (*breakcold.DeleteResult, error) {
	resp, err := c.current.DeleteCrmObject(ctx, objectTypeID)
	return result(resp, err, breakcold.ParseDeleteCrmObjectResponse, breakcold.DeleteCrmObjectResponse.GetJSON200)
}

// ListCrmFields lists field definitions: GET /api/v1/crm/objects/{objectTypeId}/fields.
func (c *Client) ListCrmFields(ctx context.Context, objectTypeID string, params *breakcold.ListCrmFieldsParams) (*breakcold.FieldDefinitionList, error) {
	resp, err := c.current.ListCrmFields(ctx, objectTypeID, params)
	return result(resp, err, breakcold.ParseListCrmFieldsResponse, breakcold.ListCrmFieldsResponse.GetJSON200)
}

// CreateCrmField creates a field: POST /api/v1/crm/objects/{objectTypeId}/fields.
func (c *Client) CreateCrmField(ctx context.Context, objectTypeID string, body breakcold.FieldDefinitionCreate) (*breakcold.FieldDefinition, error) {
	resp, err := c.current.CreateCrmField(ctx, objectTypeID, body)
	return unwrap[breakcold.FieldDefinition](result(resp, err, breakcold.ParseCreateCrmFieldResponse, breakcold.CreateCrmFieldResponse.GetJSON201))
}

// ReorderCrmFields reorders fields: POST /api/v1/crm/objects/{objectTypeId}/fields/reorder.
func (c *Client) ReorderCrmFields(ctx context.Context, objectTypeID string, body breakcold.FieldDefinitionReorder) (*breakcold.ReorderResult, error) {
	resp, err := c.current.ReorderCrmFields(ctx, objectTypeID, body)
	return result(resp, err, breakcold.ParseReorderCrmFieldsResponse, breakcold.ReorderCrmFieldsResponse.GetJSON200)
}

// GetCrmField gets a field: GET /api/v1/crm/fields/{fieldDefinitionId}.
func (c *Client) GetCrmField(ctx context.Context, fieldDefinitionID string) (*breakcold.FieldDefinition, error) {
	resp, err := c.current.GetCrmField(ctx, fieldDefinitionID)
	return unwrap[breakcold.FieldDefinition](result(resp, err, breakcold.ParseGetCrmFieldResponse, breakcold.GetCrmFieldResponse.GetJSON200))
}

// UpdateCrmField updates a field: PATCH /api/v1/crm/fields/{fieldDefinitionId}.
func (c *Client) UpdateCrmField(ctx context.Context, fieldDefinitionID string, body breakcold.FieldDefinitionUpdate) (*breakcold.FieldDefinition, error) {
	resp, err := c.current.UpdateCrmField(ctx, fieldDefinitionID, body)
	return unwrap[breakcold.FieldDefinition](result(resp, err, breakcold.ParseUpdateCrmFieldResponse, breakcold.UpdateCrmFieldResponse.GetJSON200))
}

// DeleteCrmField deletes a custom field: DELETE /api/v1/crm/fields/{fieldDefinitionId}.
func (c *Client) DeleteCrmField(ctx context.Context, fieldDefinitionID string) (*breakcold.DeleteResult, error) {
	resp, err := c.current.DeleteCrmField(ctx, fieldDefinitionID)
	return result(resp, err, breakcold.ParseDeleteCrmFieldResponse, breakcold.DeleteCrmFieldResponse.GetJSON200)
}

// ListFieldOptions lists field options: GET /api/v1/crm/fields/{fieldDefinitionId}/options.
func (c *Client) ListFieldOptions(ctx context.Context, fieldDefinitionID string, params *breakcold.ListFieldOptionsParams) (*breakcold.FieldOptionList, error) {
	resp, err := c.current.ListFieldOptions(ctx, fieldDefinitionID, params)
	return result(resp, err, breakcold.ParseListFieldOptionsResponse, breakcold.ListFieldOptionsResponse.GetJSON200)
}

// CreateFieldOption creates a field option: POST /api/v1/crm/fields/{fieldDefinitionId}/options.
func (c *Client) CreateFieldOption(ctx context.Context, fieldDefinitionID string, body breakcold.FieldOptionCreate) (*breakcold.FieldOption, error) {
	resp, err := c.current.CreateFieldOption(ctx, fieldDefinitionID, body)
	return unwrap[breakcold.FieldOption](result(resp, err, breakcold.ParseCreateFieldOptionResponse, breakcold.CreateFieldOptionResponse.GetJSON201))
}

// ReorderFieldOptions reorders field options: POST /api/v1/crm/fields/{fieldDefinitionId}/options/reorder.
func (c *Client) ReorderFieldOptions(ctx context.Context, fieldDefinitionID string, body breakcold.FieldOptionReorder) (*breakcold.ReorderResult, error) {
	resp, err := c.current.ReorderFieldOptions(ctx, fieldDefinitionID, body)
	return result(resp, err, breakcold.ParseReorderFieldOptionsResponse, breakcold.ReorderFieldOptionsResponse.GetJSON200)
}

// UpdateFieldOption updates a field option: PATCH /api/v1/crm/field-options/{fieldOptionId}.
func (c *Client) UpdateFieldOption(ctx context.Context, fieldOptionID string, body breakcold.FieldOptionUpdate) (*breakcold.FieldOption, error) {
	resp, err := c.current.UpdateFieldOption(ctx, fieldOptionID, body)
	return unwrap[breakcold.FieldOption](result(resp, err, breakcold.ParseUpdateFieldOptionResponse, breakcold.UpdateFieldOptionResponse.GetJSON200))
}

// DeleteFieldOption deletes a field option: DELETE /api/v1/crm/field-options/{fieldOptionId}.
func (c *Client) DeleteFieldOption(ctx context.Context, fieldOptionID string) (*breakcold.DeleteResult, error) {
	resp, err := c.current.DeleteFieldOption(ctx, fieldOptionID)
	return result(resp, err, breakcold.ParseDeleteFieldOptionResponse, breakcold.DeleteFieldOptionResponse.GetJSON200)
}

// ListRecordViews lists record views: GET /api/v1/crm/objects/{objectTypeId}/views.
func (c *Client) ListRecordViews(ctx context.Context, objectTypeID string, params *breakcold.ListRecordViewsParams) (*breakcold.RecordViewList, error) {
	resp, err := c.current.ListRecordViews(ctx, objectTypeID, params)
	return result(resp, err, breakcold.ParseListRecordViewsResponse, breakcold.ListRecordViewsResponse.GetJSON200)
}

// CreateRecordView creates a record view: POST /api/v1/crm/objects/{objectTypeId}/views.
func (c *Client) CreateRecordView(ctx context.Context, objectTypeID string, body breakcold.RecordViewCreate) (*breakcold.RecordView, error) {
	resp, err := c.current.CreateRecordView(ctx, objectTypeID, body)
	return unwrap[breakcold.RecordView](result(resp, err, breakcold.ParseCreateRecordViewResponse, breakcold.CreateRecordViewResponse.GetJSON201))
}

// ReorderRecordViews reorders record views: POST /api/v1/crm/objects/{objectTypeId}/views/reorder.
func (c *Client) ReorderRecordViews(ctx context.Context, objectTypeID string, body breakcold.RecordViewReorder) (*breakcold.ReorderResult, error) {
	resp, err := c.current.ReorderRecordViews(ctx, objectTypeID, body)
	return result(resp, err, breakcold.ParseReorderRecordViewsResponse, breakcold.ReorderRecordViewsResponse.GetJSON200)
}

// GetRecordView gets a record view: GET /api/v1/crm/views/{viewId}.
func (c *Client) GetRecordView(ctx context.Context, viewID string) (*breakcold.RecordView, error) {
	resp, err := c.current.GetRecordView(ctx, viewID)
	return unwrap[breakcold.RecordView](result(resp, err, breakcold.ParseGetRecordViewResponse, breakcold.GetRecordViewResponse.GetJSON200))
}

// UpdateRecordView updates a record view: PATCH /api/v1/crm/views/{viewId}.
func (c *Client) UpdateRecordView(ctx context.Context, viewID string, body breakcold.RecordViewUpdate) (*breakcold.RecordView, error) {
	resp, err := c.current.UpdateRecordView(ctx, viewID, body)
	return unwrap[breakcold.RecordView](result(resp, err, breakcold.ParseUpdateRecordViewResponse, breakcold.UpdateRecordViewResponse.GetJSON200))
}

// DeleteRecordView deletes a record view: DELETE /api/v1/crm/views/{viewId}.
func (c *Client) DeleteRecordView(ctx context.Context, viewID string) (*breakcold.DeleteResult, error) {
	resp, err := c.current.DeleteRecordView(ctx, viewID)
	return result(resp, err, breakcold.ParseDeleteRecordViewResponse, breakcold.DeleteRecordViewResponse.GetJSON200)
}

// CreateIntegrationHook creates an instant-trigger hook: POST /api/v1/integrations/hooks.
func (c *Client) CreateIntegrationHook(ctx context.Context, body breakcold.IntegrationHookCreate) (*breakcold.IntegrationHook, error) {
	resp, err := c.current.CreateIntegrationHook(ctx, body)
	return unwrap[breakcold.IntegrationHook](result(resp, err, breakcold.ParseCreateIntegrationHookResponse, breakcold.CreateIntegrationHookResponse.GetJSON201))
}

// DeleteIntegrationHook deletes an instant-trigger hook: DELETE /api/v1/integrations/hooks/{hookId}.
func (c *Client) DeleteIntegrationHook(ctx context.Context, hookID string) (*breakcold.DeleteResult, error) {
	resp, err := c.current.DeleteIntegrationHook(ctx, hookID)
	return result(resp, err, breakcold.ParseDeleteIntegrationHookResponse, breakcold.DeleteIntegrationHookResponse.GetJSON200)
}

// ListIntegrationSamples lists sample event payloads: GET /api/v1/integrations/samples.
func (c *Client) ListIntegrationSamples(ctx context.Context, params *breakcold.ListIntegrationSamplesParams) (*breakcold.IntegrationSampleList, error) {
	resp, err := c.current.ListIntegrationSamples(ctx, params)
	return result(resp, err, breakcold.ParseListIntegrationSamplesResponse, breakcold.ListIntegrationSamplesResponse.GetJSON200)
}
