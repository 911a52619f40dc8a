package client

import (
	"context"

	"github.com/breakcold-go/breakcold/gen/breakcold"
)

// Operations of the legacy API (v3): paths under /rest, x-api-key keys.
// Each method returns the documented success body, envelopes unwrapped.

// LegacyGetMe gets the current user: GET /rest/me.
func (c *Client) LegacyGetMe(ctx context.Context) (*breakcold.LegacyMe, error) {
	resp, err := c.legacy.LegacyGetMe(ctx)
	return result(resp, err, breakcold.ParseLegacyGetMeResponse, breakcold.LegacyGetMeResponse.GetJSON200)
}

// LegacyListWorkspaces lists the user's workspaces: GET /rest/workspaces.
func (c *Client) LegacyListWorkspaces(ctx context.Context, params *breakcold.LegacyListWorkspacesParams) ([]breakcold.LegacyWorkspace, error) {
	resp, err := c.legacy.LegacyListWorkspaces(ctx, params)
	return deref(result(resp, err, breakcold.ParseLegacyListWorkspacesResponse, breakcold.LegacyListWorkspacesResponse.GetJSON200))
}

// LegacyListMembers lists workspace members: GET /rest/members.
func (c *Client) LegacyListMembers(ctx context.Context) ([]breakcold.LegacyMember, error) {
	resp, err := c.legacy.LegacyListMembers(ctx)
	return deref(result(resp, err, breakcold.ParseLegacyListMembersResponse, breakcold.LegacyListMembersResponse.GetJSON200))
}

// LegacyListLeads lists leads: POST /rest/leads/list.
func (c *Client) LegacyListLeads(ctx context.Context, body breakcold.LegacyLeadListRequest) (*breakcold.LegacyLeadPage, error) {
	resp, err := c.legacy.LegacyListLeads(ctx, body)
	return result(resp, err, breakcold.ParseLegacyListLeadsResponse, breakcold.LegacyListLeadsResponse.GetJSON200)
}

// LegacyCreateLead creates a lead: POST /rest/lead.
func (c *Client) LegacyCreateLead(ctx context.Context, body breakcold.LegacyLeadCreate) (*breakcold.LegacyLead, error) {
	resp, err := c.legacy.LegacyCreateLead(ctx, body)
	return result(resp, err, breakcold.ParseLegacyCreateLeadResponse, breakcold.LegacyCreateLeadResponse.GetJSON200)
}

// LegacyGetLead gets a lead: GET /rest/lead/{id}.
func (c *Client) LegacyGetLead(ctx context.Context, id breakcold.LegacyId) (*breakcold.LegacyLead, error) {
	resp, err := c.legacy.LegacyGetLead(ctx, id)
	return result(resp, err, breakcold.ParseLegacyGetLeadResponse, breakcold.LegacyGetLeadResponse.GetJSON200)
}

// LegacyUpdateLead updates a lead: PATCH /rest/leads/{id}.
func (c *Client) LegacyUpdateLead(ctx context.Context, id breakcold.LegacyId, body breakcold.LegacyLeadUpdate) (*breakcold.LegacyLead, error) {
	resp, err := c.legacy.LegacyUpdateLead(ctx, id, body)
	return result(resp, err, breakcold.ParseLegacyUpdateLeadResponse, breakcold.LegacyUpdateLeadResponse.GetJSON200)
}

// LegacyDeleteLead deletes a lead: DELETE /rest/leads/{id}.
func (c *Client) LegacyDeleteLead(ctx context.Context, id breakcold.LegacyId) (*breakcold.LegacyDeleteResult, error) {
	resp, err := c.legacy.LegacyDeleteLead(ctx, id)
	return result(resp, err, breakcold.ParseLegacyDeleteLeadResponse, breakcold.LegacyDeleteLeadResponse.GetJSON200)
}

// LegacyAddLeadsToList adds leads to a list: POST /rest/leads/add-list.
func (c *Client) LegacyAddLeadsToList(ctx context.Context, body breakcold.LegacyAddLeadsToListRequest) (*breakcold.LegacyAddLeadsToListResult, error) {
	resp, err := c.legacy.LegacyAddLeadsToList(ctx, body)
	return result(resp, err, breakcold.ParseLegacyAddLeadsToListResponse, breakcold.LegacyAddLeadsToListResponse.GetJSON200)
}

// LegacyListStatuses lists statuses: GET /rest/status.
func (c *Client) LegacyListStatuses(ctx context.Context, params *breakcold.LegacyListStatusesParams) ([]breakcold.LegacyStatus, error) {
	resp, err := c.legacy.LegacyListStatuses(ctx, params)
	return deref(result(resp, err, breakcold.ParseLegacyListStatusesResponse, breakcold.LegacyListStatusesResponse.GetJSON200))
}

// LegacyCreateStatus creates a status: POST /rest/status.
func (c *Client) LegacyCreateStatus(ctx context.Context, body breakcold.LegacyStatusCreate) (*breakcold.LegacyStatus, error) {
	resp, err := c.legacy.LegacyCreateStatus(ctx, body)
	return result(resp, err, breakcold.ParseLegacyCreateStatusResponse, breakcold.LegacyCreateStatusResponse.GetJSON200)
}

// LegacyUpdateStatus updates a status: PATCH /rest/status/{id}.
func (c *Client) LegacyUpdateStatus(ctx context.Context, id breakcold.LegacyId, body breakcold.LegacyStatusUpdate) (*breakcold.LegacyStatus, error) {
	resp, err := c.legacy.LegacyUpdateStatus(ctx, id, body)
	return result(resp, err, breakcold.ParseLegacyUpdateStatusResponse, breakcold.LegacyUpdateStatusResponse.GetJSON200)
}

// LegacyDeleteStatus deletes a status: DELETE /rest/status/{id}.
func (c *Client) LegacyDeleteStatus(ctx context.Context, id breakcold.LegacyId) (*breakcold.LegacyDeleteResult, error) {
	resp, err := c.legacy.LegacyDeleteStatus(ctx, id)
	return result(resp, err, breakcold.ParseLegacyDeleteStatusResponse, breakcold.LegacyDeleteStatusResponse.GetJSON200)
}

// LegacyListTags lists tags: GET /rest/tags.
func (c *Client) LegacyListTags(ctx context.Context) ([]breakcold.LegacyTag, error) {
	resp, err := c.legacy.LegacyListTags(ctx)
	return deref(result(resp, err, breakcold.ParseLegacyListTagsResponse, breakcold.LegacyListTagsResponse.GetJSON200))
}

// LegacyCreateTag creates a tag: POST /rest/tags.
func (c *Client) LegacyCreateTag(ctx context.Context, body breakcold.LegacyTagCreate) (*breakcold.LegacyTag, error) {
	resp, err := c.legacy.LegacyCreateTag(ctx, body)
	return result(resp, err, breakcold.ParseLegacyCreateTagResponse, breakcold.LegacyCreateTagResponse.GetJSON200)
}

// LegacyUpdateTag updates a tag: PATCH /rest/tags/{id}.
func (c *Client) LegacyUpdateTag(ctx context.Context, id breakcold.LegacyId, body breakcold.LegacyTagUpdate) (*breakcold.LegacyTag, error) {
	resp, err := c.legacy.LegacyUpdateTag(ctx, id, body)
	return result(resp, err, breakcold.ParseLegacyUpdateTagResponse, breakcold.LegacyUpdateTagResponse.GetJSON200)
}

// LegacyDeleteTag deletes a tag: DELETE /rest/tags/{id}.
func (c *Client) LegacyDeleteTag(ctx context.Context, id breakcold.LegacyId) (*breakcold.LegacyDeleteResult, error) {
	resp, err := c.legacy.LegacyDeleteTag(ctx, id)
	return result(resp, err, breakcold.ParseLegacyDeleteTagResponse, breakcold.LegacyDeleteTagResponse.GetJSON200)
}

// LegacyListLists lists lists: GET /rest/lists.
func (c *Client) LegacyListLists(ctx context.Context) ([]breakcold.LegacyList, error) {
	resp, err := c.legacy.LegacyListLists(ctx)
	return deref(result(resp, err, breakcold.ParseLegacyListListsResponse, breakcold.LegacyListListsResponse.GetJSON200))
}

// LegacyCreateList creates a list: POST /rest/lists.
func (c *Client) LegacyCreateList(ctx context.Context, body breakcold.LegacyListCreate) (*breakcold.LegacyList, error) {
	resp, err := c.legacy.LegacyCreateList(ctx, body)
	return result(resp, err, breakcold.ParseLegacyCreateListResponse, breakcold.LegacyCreateListResponse.GetJSON200)
}

// LegacyUpdateList renames a list: PATCH /rest/lists/{id}.
func (c *Client) LegacyUpdateList(ctx context.Context, id breakcold.LegacyId, body breakcold.LegacyListUpdate) (*breakcold.LegacyList, error) {
	resp, err := c.legacy.LegacyUpdateList(ctx, id, body)
	return result(resp, err, breakcold.ParseLegacyUpdateListResponse, breakcold.LegacyUpdateListResponse.GetJSON200)
}

// LegacyDeleteList deletes a list: DELETE /rest/lists/{id}.
func (c *Client) LegacyDeleteList(ctx context.Context, id breakcold.LegacyId) (*breakcold.LegacyDeleteResult, error) {
	resp, err := c.legacy.LegacyDeleteList(ctx, id)
	return result(resp, err, breakcold.ParseLegacyDeleteListResponse, breakcold.LegacyDeleteListResponse.GetJSON200)
}

// LegacyListNotes lists notes: POST /rest/notes/list.
func (c *Client) LegacyListNotes(ctx context.Context, body breakcold.LegacyNoteListRequest) (*breakcold.LegacyNotePage, error) {
	resp, err := c.legacy.LegacyListNotes(ctx, body)
	return result(resp, err, breakcold.ParseLegacyListNotesResponse, breakcold.LegacyListNotesResponse.GetJSON200)
}

// LegacyCreateNote creates a note: POST /rest/notes.
func (c *Client) LegacyCreateNote(ctx context.Context, body breakcold.LegacyNoteCreate) (*breakcold.LegacyNote, error) {
	resp, err := c.legacy.LegacyCreateNote(ctx, body)
	return result(resp, err, breakcold.ParseLegacyCreateNoteResponse, breakcold.LegacyCreateNoteResponse.GetJSON200)
}

// LegacyUpdateNote updates a note: PATCH /rest/notes/{id}.
func (c *Client) LegacyUpdateNote(ctx context.Context, id breakcold.LegacyId, body breakcold.LegacyNoteUpdate) (*breakcold.LegacyNote, error) {
	resp, err := c.legacy.LegacyUpdateNote(ctx, id, body)
	return result(resp, err, breakcold.ParseLegacyUpdateNoteResponse, breakcold.LegacyUpdateNoteResponse.GetJSON200)
}

// LegacyDeleteNote deletes a note: DELETE /rest/notes/{id}.
func (c *Client) LegacyDeleteNote(ctx context.Context, id breakcold.LegacyId) (*breakcold.LegacyDeleteResult, error) {
	resp, err := c.legacy.LegacyDeleteNote(ctx, id)
	return result(resp, err, breakcold.ParseLegacyDeleteNoteResponse, breakcold.LegacyDeleteNoteResponse.GetJSON200)
}

// LegacyListReminders lists reminders: POST /rest/reminders/list.
func (c *Client) LegacyListReminders(ctx context.Context, body breakcold.LegacyReminderListRequest) (*breakcold.LegacyReminderPage, error) {
	resp, err := c.legacy.LegacyListReminders(ctx, body)
	return result(resp, err, breakcold.ParseLegacyListRemindersResponse, breakcold.LegacyListRemindersResponse.GetJSON200)
}

// LegacyCreateReminder creates a reminder: POST /rest/reminders.
func (c *Client) LegacyCreateReminder(ctx context.Context, body breakcold.LegacyReminderCreate) (*breakcold.LegacyReminder, error) {
	resp, err := c.legacy.LegacyCreateReminder(ctx, body)
	return result(resp, err, breakcold.ParseLegacyCreateReminderResponse, breakcold.LegacyCreateReminderResponse.GetJSON200)
}

// LegacyUpdateReminder updates a reminder: PATCH /rest/reminders/{id}.
func (c *Client) LegacyUpdateReminder(ctx context.Context, id breakcold.LegacyId, body breakcold.LegacyReminderUpdate) (*breakcold.LegacyReminder, error) {
	resp, err := c.legacy.LegacyUpdateReminder(ctx, id, body)
	return result(resp, err, breakcold.ParseLegacyUpdateReminderResponse, breakcold.LegacyUpdateReminderResponse.GetJSON200)
}

// LegacyDeleteReminder deletes a reminder: DELETE /rest/reminders/{id}.
func (c *Client) LegacyDeleteReminder(ctx context.Context, id breakcold.LegacyId) (*breakcold.LegacyDeleteResult, error) {
	resp, err := c.legacy.LegacyDeleteReminder(ctx, id)
	return result(resp, err, breakcold.ParseLegacyDeleteReminderResponse, breakcold.LegacyDeleteReminderResponse.GetJSON200)
}

// LegacyListAttributes lists custom attributes: GET /rest/attributes.
func (c *Client) LegacyListAttributes(ctx context.Context) ([]breakcold.LegacyAttribute, error) {
	resp, err := c.legacy.LegacyListAttributes(ctx)
	return deref(result(resp, err, breakcold.ParseLegacyListAttributesResponse, breakcold.LegacyListAttributesResponse.GetJSON200))
}

// LegacyCreateAttribute creates a custom attribute: POST /rest/attribute.
func (c *Client) LegacyCreateAttribute(ctx context.Context, body breakcold.LegacyAttributeCreate) (*breakcold.LegacyAttribute, error) {
	resp, err := c.legacy.LegacyCreateAttribute(ctx, body)
	return result(resp, err, breakcold.ParseLegacyCreateAttributeResponse, breakcold.LegacyCreateAttributeResponse.GetJSON200)
}

// LegacyUpdateAttribute updates a custom attribute: PATCH /rest/attributes/{id}.
func (c *Client) LegacyUpdateAttribute(ctx context.Context, id breakcold.LegacyId, body breakcold.LegacyAttributeUpdate) (*breakcold.LegacyAttribute, error) {
	resp, err := c.legacy.LegacyUpdateAttribute(ctx, id, body)
	return result(resp, err, breakcold.ParseLegacyUpdateAttributeResponse, breakcold.LegacyUpdateAttributeResponse.GetJSON200)
}

// LegacyDeleteAttribute deletes a custom attribute: DELETE /rest/attributes/{id}.
func (c *Client) LegacyDeleteAttribute(ctx context.Context, id breakcold.LegacyId) (*breakcold.LegacyDeleteResult, error) {
	resp, err := c.legacy.LegacyDeleteAttribute(ctx, id)
	return result(resp, err, breakcold.ParseLegacyDeleteAttributeResponse, breakcold.LegacyDeleteAttributeResponse.GetJSON200)
}
