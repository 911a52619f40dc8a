package mockserver

// Code scaffold: every operation answers 501 until its handler is written. Methods
// defined on handlers shadow these. This file is deleted once all are implemented.

import (
	"context"
	"net/http"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

type notImplemented struct{}

func (notImplemented) ListConversationMessages(context.Context, bc.ListConversationMessagesRequestObject) (bc.ListConversationMessagesResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListConversationMessages is not implemented")
}

func (notImplemented) SendMessage(context.Context, bc.SendMessageRequestObject) (bc.SendMessageResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "SendMessage is not implemented")
}

func (notImplemented) DeleteFieldOption(context.Context, bc.DeleteFieldOptionRequestObject) (bc.DeleteFieldOptionResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "DeleteFieldOption is not implemented")
}

func (notImplemented) UpdateFieldOption(context.Context, bc.UpdateFieldOptionRequestObject) (bc.UpdateFieldOptionResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "UpdateFieldOption is not implemented")
}

func (notImplemented) DeleteCrmField(context.Context, bc.DeleteCrmFieldRequestObject) (bc.DeleteCrmFieldResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "DeleteCrmField is not implemented")
}

func (notImplemented) GetCrmField(context.Context, bc.GetCrmFieldRequestObject) (bc.GetCrmFieldResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "GetCrmField is not implemented")
}

func (notImplemented) UpdateCrmField(context.Context, bc.UpdateCrmFieldRequestObject) (bc.UpdateCrmFieldResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "UpdateCrmField is not implemented")
}

func (notImplemented) ListFieldOptions(context.Context, bc.ListFieldOptionsRequestObject) (bc.ListFieldOptionsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListFieldOptions is not implemented")
}

func (notImplemented) CreateFieldOption(context.Context, bc.CreateFieldOptionRequestObject) (bc.CreateFieldOptionResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateFieldOption is not implemented")
}

func (notImplemented) ReorderFieldOptions(context.Context, bc.ReorderFieldOptionsRequestObject) (bc.ReorderFieldOptionsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ReorderFieldOptions is not implemented")
}

func (notImplemented) ListCrmObjects(context.Context, bc.ListCrmObjectsRequestObject) (bc.ListCrmObjectsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListCrmObjects is not implemented")
}

func (notImplemented) CreateCrmObject(context.Context, bc.CreateCrmObjectRequestObject) (bc.CreateCrmObjectResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateCrmObject is not implemented")
}

func (notImplemented) ReorderCrmObjects(context.Context, bc.ReorderCrmObjectsRequestObject) (bc.ReorderCrmObjectsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ReorderCrmObjects is not implemented")
}

func (notImplemented) DeleteCrmObject(context.Context, bc.DeleteCrmObjectRequestObject) (bc.DeleteCrmObjectResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "DeleteCrmObject is not implemented")
}

func (notImplemented) GetCrmObject(context.Context, bc.GetCrmObjectRequestObject) (bc.GetCrmObjectResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "GetCrmObject is not implemented")
}

func (notImplemented) UpdateCrmObject(context.Context, bc.UpdateCrmObjectRequestObject) (bc.UpdateCrmObjectResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "UpdateCrmObject is not implemented")
}

func (notImplemented) ListCrmFields(context.Context, bc.ListCrmFieldsRequestObject) (bc.ListCrmFieldsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListCrmFields is not implemented")
}

func (notImplemented) CreateCrmField(context.Context, bc.CreateCrmFieldRequestObject) (bc.CreateCrmFieldResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateCrmField is not implemented")
}

func (notImplemented) ReorderCrmFields(context.Context, bc.ReorderCrmFieldsRequestObject) (bc.ReorderCrmFieldsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ReorderCrmFields is not implemented")
}

func (notImplemented) ListRecordViews(context.Context, bc.ListRecordViewsRequestObject) (bc.ListRecordViewsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListRecordViews is not implemented")
}

func (notImplemented) CreateRecordView(context.Context, bc.CreateRecordViewRequestObject) (bc.CreateRecordViewResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateRecordView is not implemented")
}

func (notImplemented) ReorderRecordViews(context.Context, bc.ReorderRecordViewsRequestObject) (bc.ReorderRecordViewsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ReorderRecordViews is not implemented")
}

func (notImplemented) DeleteRecordView(context.Context, bc.DeleteRecordViewRequestObject) (bc.DeleteRecordViewResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "DeleteRecordView is not implemented")
}

func (notImplemented) GetRecordView(context.Context, bc.GetRecordViewRequestObject) (bc.GetRecordViewResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "GetRecordView is not implemented")
}

func (notImplemented) UpdateRecordView(context.Context, bc.UpdateRecordViewRequestObject) (bc.UpdateRecordViewResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "UpdateRecordView is not implemented")
}

func (notImplemented) CreateAttachmentUploadUrl(context.Context, bc.CreateAttachmentUploadUrlRequestObject) (bc.CreateAttachmentUploadUrlResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateAttachmentUploadUrl is not implemented")
}

func (notImplemented) ListConversations(context.Context, bc.ListConversationsRequestObject) (bc.ListConversationsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListConversations is not implemented")
}

func (notImplemented) ComposeConversation(context.Context, bc.ComposeConversationRequestObject) (bc.ComposeConversationResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ComposeConversation is not implemented")
}

func (notImplemented) ListSendAccounts(context.Context, bc.ListSendAccountsRequestObject) (bc.ListSendAccountsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListSendAccounts is not implemented")
}

func (notImplemented) GetInboxSidebar(context.Context, bc.GetInboxSidebarRequestObject) (bc.GetInboxSidebarResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "GetInboxSidebar is not implemented")
}

func (notImplemented) ReorderInboxSidebar(context.Context, bc.ReorderInboxSidebarRequestObject) (bc.ReorderInboxSidebarResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ReorderInboxSidebar is not implemented")
}

func (notImplemented) ListInboxViews(context.Context, bc.ListInboxViewsRequestObject) (bc.ListInboxViewsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListInboxViews is not implemented")
}

func (notImplemented) CreateInboxView(context.Context, bc.CreateInboxViewRequestObject) (bc.CreateInboxViewResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateInboxView is not implemented")
}

func (notImplemented) DeleteInboxView(context.Context, bc.DeleteInboxViewRequestObject) (bc.DeleteInboxViewResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "DeleteInboxView is not implemented")
}

func (notImplemented) GetInboxView(context.Context, bc.GetInboxViewRequestObject) (bc.GetInboxViewResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "GetInboxView is not implemented")
}

func (notImplemented) UpdateInboxView(context.Context, bc.UpdateInboxViewRequestObject) (bc.UpdateInboxViewResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "UpdateInboxView is not implemented")
}

func (notImplemented) CreateIntegrationHook(context.Context, bc.CreateIntegrationHookRequestObject) (bc.CreateIntegrationHookResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateIntegrationHook is not implemented")
}

func (notImplemented) DeleteIntegrationHook(context.Context, bc.DeleteIntegrationHookRequestObject) (bc.DeleteIntegrationHookResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "DeleteIntegrationHook is not implemented")
}

func (notImplemented) ListIntegrationSamples(context.Context, bc.ListIntegrationSamplesRequestObject) (bc.ListIntegrationSamplesResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListIntegrationSamples is not implemented")
}

func (notImplemented) ListMeetings(context.Context, bc.ListMeetingsRequestObject) (bc.ListMeetingsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListMeetings is not implemented")
}

func (notImplemented) GetMeeting(context.Context, bc.GetMeetingRequestObject) (bc.GetMeetingResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "GetMeeting is not implemented")
}

func (notImplemented) ListMeetingTranscript(context.Context, bc.ListMeetingTranscriptRequestObject) (bc.ListMeetingTranscriptResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListMeetingTranscript is not implemented")
}

func (notImplemented) GetMessage(context.Context, bc.GetMessageRequestObject) (bc.GetMessageResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "GetMessage is not implemented")
}

func (notImplemented) GetNote(context.Context, bc.GetNoteRequestObject) (bc.GetNoteResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "GetNote is not implemented")
}

func (notImplemented) UpdateNote(context.Context, bc.UpdateNoteRequestObject) (bc.UpdateNoteResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "UpdateNote is not implemented")
}

func (notImplemented) ListRecords(context.Context, bc.ListRecordsRequestObject) (bc.ListRecordsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListRecords is not implemented")
}

func (notImplemented) CreateRecord(context.Context, bc.CreateRecordRequestObject) (bc.CreateRecordResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateRecord is not implemented")
}

func (notImplemented) GetRecord(context.Context, bc.GetRecordRequestObject) (bc.GetRecordResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "GetRecord is not implemented")
}

func (notImplemented) UpdateRecord(context.Context, bc.UpdateRecordRequestObject) (bc.UpdateRecordResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "UpdateRecord is not implemented")
}

func (notImplemented) ArchiveRecord(context.Context, bc.ArchiveRecordRequestObject) (bc.ArchiveRecordResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ArchiveRecord is not implemented")
}

func (notImplemented) ListRecordConversations(context.Context, bc.ListRecordConversationsRequestObject) (bc.ListRecordConversationsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListRecordConversations is not implemented")
}

func (notImplemented) CreateCustomActivity(context.Context, bc.CreateCustomActivityRequestObject) (bc.CreateCustomActivityResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateCustomActivity is not implemented")
}

func (notImplemented) ListRecordNotes(context.Context, bc.ListRecordNotesRequestObject) (bc.ListRecordNotesResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListRecordNotes is not implemented")
}

func (notImplemented) CreateRecordNote(context.Context, bc.CreateRecordNoteRequestObject) (bc.CreateRecordNoteResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateRecordNote is not implemented")
}

func (notImplemented) RestoreRecord(context.Context, bc.RestoreRecordRequestObject) (bc.RestoreRecordResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "RestoreRecord is not implemented")
}

func (notImplemented) ListRecordTasks(context.Context, bc.ListRecordTasksRequestObject) (bc.ListRecordTasksResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListRecordTasks is not implemented")
}

func (notImplemented) CreateRecordTask(context.Context, bc.CreateRecordTaskRequestObject) (bc.CreateRecordTaskResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CreateRecordTask is not implemented")
}

func (notImplemented) UpdateTask(context.Context, bc.UpdateTaskRequestObject) (bc.UpdateTaskResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "UpdateTask is not implemented")
}

func (notImplemented) CompleteTask(context.Context, bc.CompleteTaskRequestObject) (bc.CompleteTaskResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "CompleteTask is not implemented")
}

func (notImplemented) ListWorkspaces(context.Context, bc.ListWorkspacesRequestObject) (bc.ListWorkspacesResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "ListWorkspaces is not implemented")
}

func (notImplemented) LegacyCreateAttribute(context.Context, bc.LegacyCreateAttributeRequestObject) (bc.LegacyCreateAttributeResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyCreateAttribute is not implemented")
}

func (notImplemented) LegacyListAttributes(context.Context, bc.LegacyListAttributesRequestObject) (bc.LegacyListAttributesResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyListAttributes is not implemented")
}

func (notImplemented) LegacyDeleteAttribute(context.Context, bc.LegacyDeleteAttributeRequestObject) (bc.LegacyDeleteAttributeResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyDeleteAttribute is not implemented")
}

func (notImplemented) LegacyUpdateAttribute(context.Context, bc.LegacyUpdateAttributeRequestObject) (bc.LegacyUpdateAttributeResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyUpdateAttribute is not implemented")
}

func (notImplemented) LegacyCreateLead(context.Context, bc.LegacyCreateLeadRequestObject) (bc.LegacyCreateLeadResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyCreateLead is not implemented")
}

func (notImplemented) LegacyGetLead(context.Context, bc.LegacyGetLeadRequestObject) (bc.LegacyGetLeadResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyGetLead is not implemented")
}

func (notImplemented) LegacyAddLeadsToList(context.Context, bc.LegacyAddLeadsToListRequestObject) (bc.LegacyAddLeadsToListResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyAddLeadsToList is not implemented")
}

func (notImplemented) LegacyListLeads(context.Context, bc.LegacyListLeadsRequestObject) (bc.LegacyListLeadsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyListLeads is not implemented")
}

func (notImplemented) LegacyDeleteLead(context.Context, bc.LegacyDeleteLeadRequestObject) (bc.LegacyDeleteLeadResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyDeleteLead is not implemented")
}

func (notImplemented) LegacyUpdateLead(context.Context, bc.LegacyUpdateLeadRequestObject) (bc.LegacyUpdateLeadResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyUpdateLead is not implemented")
}

func (notImplemented) LegacyListLists(context.Context, bc.LegacyListListsRequestObject) (bc.LegacyListListsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyListLists is not implemented")
}

func (notImplemented) LegacyCreateList(context.Context, bc.LegacyCreateListRequestObject) (bc.LegacyCreateListResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyCreateList is not implemented")
}

func (notImplemented) LegacyDeleteList(context.Context, bc.LegacyDeleteListRequestObject) (bc.LegacyDeleteListResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyDeleteList is not implemented")
}

func (notImplemented) LegacyUpdateList(context.Context, bc.LegacyUpdateListRequestObject) (bc.LegacyUpdateListResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyUpdateList is not implemented")
}

func (notImplemented) LegacyGetMe(context.Context, bc.LegacyGetMeRequestObject) (bc.LegacyGetMeResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyGetMe is not implemented")
}

func (notImplemented) LegacyListMembers(context.Context, bc.LegacyListMembersRequestObject) (bc.LegacyListMembersResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyListMembers is not implemented")
}

func (notImplemented) LegacyCreateNote(context.Context, bc.LegacyCreateNoteRequestObject) (bc.LegacyCreateNoteResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyCreateNote is not implemented")
}

func (notImplemented) LegacyListNotes(context.Context, bc.LegacyListNotesRequestObject) (bc.LegacyListNotesResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyListNotes is not implemented")
}

func (notImplemented) LegacyDeleteNote(context.Context, bc.LegacyDeleteNoteRequestObject) (bc.LegacyDeleteNoteResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyDeleteNote is not implemented")
}

func (notImplemented) LegacyUpdateNote(context.Context, bc.LegacyUpdateNoteRequestObject) (bc.LegacyUpdateNoteResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyUpdateNote is not implemented")
}

func (notImplemented) LegacyCreateReminder(context.Context, bc.LegacyCreateReminderRequestObject) (bc.LegacyCreateReminderResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyCreateReminder is not implemented")
}

func (notImplemented) LegacyListReminders(context.Context, bc.LegacyListRemindersRequestObject) (bc.LegacyListRemindersResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyListReminders is not implemented")
}

func (notImplemented) LegacyDeleteReminder(context.Context, bc.LegacyDeleteReminderRequestObject) (bc.LegacyDeleteReminderResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyDeleteReminder is not implemented")
}

func (notImplemented) LegacyUpdateReminder(context.Context, bc.LegacyUpdateReminderRequestObject) (bc.LegacyUpdateReminderResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyUpdateReminder is not implemented")
}

func (notImplemented) LegacyListStatuses(context.Context, bc.LegacyListStatusesRequestObject) (bc.LegacyListStatusesResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyListStatuses is not implemented")
}

func (notImplemented) LegacyCreateStatus(context.Context, bc.LegacyCreateStatusRequestObject) (bc.LegacyCreateStatusResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyCreateStatus is not implemented")
}

func (notImplemented) LegacyDeleteStatus(context.Context, bc.LegacyDeleteStatusRequestObject) (bc.LegacyDeleteStatusResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyDeleteStatus is not implemented")
}

func (notImplemented) LegacyUpdateStatus(context.Context, bc.LegacyUpdateStatusRequestObject) (bc.LegacyUpdateStatusResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyUpdateStatus is not implemented")
}

func (notImplemented) LegacyListTags(context.Context, bc.LegacyListTagsRequestObject) (bc.LegacyListTagsResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyListTags is not implemented")
}

func (notImplemented) LegacyCreateTag(context.Context, bc.LegacyCreateTagRequestObject) (bc.LegacyCreateTagResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyCreateTag is not implemented")
}

func (notImplemented) LegacyDeleteTag(context.Context, bc.LegacyDeleteTagRequestObject) (bc.LegacyDeleteTagResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyDeleteTag is not implemented")
}

func (notImplemented) LegacyUpdateTag(context.Context, bc.LegacyUpdateTagRequestObject) (bc.LegacyUpdateTagResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyUpdateTag is not implemented")
}

func (notImplemented) LegacyListWorkspaces(context.Context, bc.LegacyListWorkspacesRequestObject) (bc.LegacyListWorkspacesResponseObject, error) {
	return nil, errorf(http.StatusNotImplemented, bc.ErrorCodeInternalError, "LegacyListWorkspaces is not implemented")
}
