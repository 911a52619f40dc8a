package mockserver_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"
	openapi_types "github.com/oapi-codegen/runtime/types"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/mockserver"
)

// TestLegacyOperations drives every legacy operation through the generated client,
// each exchange validated against the spec, and checks state round-trips.
func TestLegacyOperations(t *testing.T) {
	t.Parallel()
	_, c, ctx := setup(t, mockserver.DemoKeyLegacy)

	me, err := c.LegacyGetMeWithResponse(ctx)
	want(t, "legacyGetMe", me, err, 200)
	check(t, "me", me.JSON200.ID, mockserver.DemoLegacyUser)
	lw, err := c.LegacyListWorkspacesWithResponse(ctx, &bc.LegacyListWorkspacesParams{Role: p(true)})
	want(t, "legacyListWorkspaces", lw, err, 200)
	check(t, "space", (*lw.JSON200)[0].ID.String(), mockserver.DemoLegacySpace)
	lm, err := c.LegacyListMembersWithResponse(ctx)
	want(t, "legacyListMembers", lm, err, 200)
	ls, err := c.LegacyListStatusesWithResponse(ctx, &bc.LegacyListStatusesParams{All: p(true)})
	want(t, "legacyListStatuses", ls, err, 200)
	lt, err := c.LegacyListTagsWithResponse(ctx)
	want(t, "legacyListTags", lt, err, 200)
	ll, err := c.LegacyListListsWithResponse(ctx)
	want(t, "legacyListLists", ll, err, 200)
	la, err := c.LegacyListAttributesWithResponse(ctx)
	want(t, "legacyListAttributes", la, err, 200)

	cl, err := c.LegacyCreateListWithResponse(ctx, bc.LegacyListCreate{Name: "Conference"})
	want(t, "legacyCreateList", cl, err, 200)
	list := cl.JSON200.ID
	ul, err := c.LegacyUpdateListWithResponse(ctx, list, bc.LegacyListUpdate{Name: "Conference 2026"})
	want(t, "legacyUpdateList", ul, err, 200)
	check(t, "list renamed", ul.JSON200.Name, "Conference 2026")
	var statusIn bc.LegacyStatusCreate
	statusIn.Name = "Qualified"
	statusIn.IDList.Set(list)
	cs, err := c.LegacyCreateStatusWithResponse(ctx, statusIn)
	want(t, "legacyCreateStatus", cs, err, 200)
	status := cs.JSON200.ID
	us, err := c.LegacyUpdateStatusWithResponse(ctx, status, bc.LegacyStatusUpdate{Name: p("Sales qualified")})
	want(t, "legacyUpdateStatus", us, err, 200)
	ct, err := c.LegacyCreateTagWithResponse(ctx, bc.LegacyTagCreate{Name: "speaker"})
	want(t, "legacyCreateTag", ct, err, 200)
	tag := ct.JSON200.ID
	ut, err := c.LegacyUpdateTagWithResponse(ctx, tag, bc.LegacyTagUpdate{Name: p("keynote")})
	want(t, "legacyUpdateTag", ut, err, 200)
	ca, err := c.LegacyCreateAttributeWithResponse(ctx, bc.LegacyAttributeCreate{
		IDObject: uuid.MustParse(mockserver.DemoLegacyPersonObject), Name: "Badge", Slug: "badge", Type: bc.LegacyAttributeDefinitionTypeText,
	})
	want(t, "legacyCreateAttribute", ca, err, 200)
	attr := ca.JSON200.ID
	check(t, "attribute slug", ca.JSON200.Slug, "badge")
	ua, err := c.LegacyUpdateAttributeWithResponse(ctx, attr, bc.LegacyAttributeUpdate{Name: p("Badge name")})
	want(t, "legacyUpdateAttribute", ua, err, 200)

	var leadIn bc.LegacyLeadCreate
	leadIn.FirstName.Set("Dorothy")
	leadIn.Email.Set("dorothy@bletchley.example")
	leadIn.Status = &[]openapi_types.UUID{status}
	cld, err := c.LegacyCreateLeadWithResponse(ctx, leadIn)
	want(t, "legacyCreateLead", cld, err, 200)
	lead := cld.JSON200.ID
	gl, err := c.LegacyGetLeadWithResponse(ctx, lead)
	want(t, "legacyGetLead", gl, err, 200)
	check(t, "lead email", gl.JSON200.Email.MustGet(), "dorothy@bletchley.example")
	var upd bc.LegacyLeadUpdate
	upd.Data.Company.Set("Bletchley Park")
	upd.Options = &bc.LegacyLeadUpdateOptions{TagsConnect: &[]openapi_types.UUID{tag}}
	ud, err := c.LegacyUpdateLeadWithResponse(ctx, lead, upd)
	want(t, "legacyUpdateLead", ud, err, 200)
	lld, err := c.LegacyListLeadsWithResponse(ctx, bc.LegacyLeadListRequest{Filter: &bc.LegacyLeadsFilter{Leads: &[]openapi_types.UUID{lead}}})
	want(t, "legacyListLeads", lld, err, 200)
	check(t, "update persisted", lld.JSON200.Leads[0].Company.MustGet(), "Bletchley Park")
	check(t, "tag connected", slices.Contains(lld.JSON200.Leads[0].Tags, tag), true)
	al, err := c.LegacyAddLeadsToListWithResponse(ctx, bc.LegacyAddLeadsToListRequest{IDList: list, Leads: []openapi_types.UUID{lead}})
	want(t, "legacyAddLeadsToList", al, err, 200)

	cn, err := c.LegacyCreateNoteWithResponse(ctx, bc.LegacyNoteCreate{IDLead: lead, Content: "Met at the conference."})
	want(t, "legacyCreateNote", cn, err, 200)
	lnt, err := c.LegacyListNotesWithResponse(ctx, bc.LegacyNoteListRequest{IDLead: &lead})
	want(t, "legacyListNotes", lnt, err, 200)
	check(t, "notes of the lead", len(lnt.JSON200.Data), 1)
	un, err := c.LegacyUpdateNoteWithResponse(ctx, cn.JSON200.ID, bc.LegacyNoteUpdate{Content: "Met at the conference; follow up."})
	want(t, "legacyUpdateNote", un, err, 200)
	dn, err := c.LegacyDeleteNoteWithResponse(ctx, cn.JSON200.ID)
	want(t, "legacyDeleteNote", dn, err, 200)

	var remIn bc.LegacyReminderCreate
	remIn.Name = "Call Dorothy"
	remIn.IDLead.Set(lead)
	cr, err := c.LegacyCreateReminderWithResponse(ctx, remIn)
	want(t, "legacyCreateReminder", cr, err, 200)
	lr, err := c.LegacyListRemindersWithResponse(ctx, bc.LegacyReminderListRequest{})
	want(t, "legacyListReminders", lr, err, 200)
	ur, err := c.LegacyUpdateReminderWithResponse(ctx, cr.JSON200.ID, bc.LegacyReminderUpdate{Name: p("Call Dorothy on Monday")})
	want(t, "legacyUpdateReminder", ur, err, 200)
	dr, err := c.LegacyDeleteReminderWithResponse(ctx, cr.JSON200.ID)
	want(t, "legacyDeleteReminder", dr, err, 200)

	dl, err := c.LegacyDeleteLeadWithResponse(ctx, lead)
	want(t, "legacyDeleteLead", dl, err, 200)
	gone, err := c.LegacyGetLeadWithResponse(ctx, lead)
	want(t, "legacyGetLead after delete", gone, err, 404)
	check(t, "procedure in the envelope", gone.JSON404.Data.Path, "lead.get")
	// In this order: deleting the list first would delete its status with it.
	for _, d := range []struct {
		what string
		del  func() (response, error)
	}{
		{"legacyDeleteAttribute", func() (response, error) { return c.LegacyDeleteAttributeWithResponse(ctx, attr) }},
		{"legacyDeleteTag", func() (response, error) { return c.LegacyDeleteTagWithResponse(ctx, tag) }},
		{"legacyDeleteStatus", func() (response, error) { return c.LegacyDeleteStatusWithResponse(ctx, status) }},
		{"legacyDeleteList", func() (response, error) { return c.LegacyDeleteListWithResponse(ctx, list) }},
	} {
		r, err := d.del()
		want(t, d.what, r, err, 200)
	}
	lt2, err := c.LegacyListTagsWithResponse(ctx)
	want(t, "legacyListTags after delete", lt2, err, 200)
	check(t, "tags back to the seed", len(*lt2.JSON200), len(*lt.JSON200))
}
