package mockserver_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/google/uuid"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
	"github.com/breakcold-go/breakcold/mockserver"
)

func testLegacyNotesAndReminders(t *testing.T) {
	e := ltStart(t, mockserver.Options{})
	a := e.as(mockserver.DemoKeyLegacy)
	leads := ltOK[bc.LegacyLeadPage](a, "POST", "/rest/leads/list", map[string]any{}).Leads
	person, company := leads[3], leads[0] // Joan Clarke, GC&CS

	// Notes: the demo's one on Joan, then seven created on two leads; page through
	// them all and through one lead's.
	demoNote := uuid.MustParse(mockserver.DemoLegacyNote)
	all, onPerson := []uuid.UUID{demoNote}, []uuid.UUID{demoNote}
	for i := range 7 {
		lead := person
		if i%3 == 2 {
			lead = company
		}
		n := ltOK[bc.LegacyNote](a, "POST", "/rest/notes", map[string]any{"id_lead": lead.ID, "content": "note " + string(rune('a'+i))})
		check(t, "note author", n.IDUser, mockserver.DemoLegacyUser)
		check(t, "note updated_at", n.UpdatedAt.IsNull(), true)
		all = append([]uuid.UUID{n.ID}, all...)
		if lead.ID == person.ID {
			onPerson = append([]uuid.UUID{n.ID}, onPerson...)
		}
	}
	notes := func(p bc.LegacyNotePage) []bc.LegacyNote { return p.Data }
	notePg := func(p bc.LegacyNotePage) bc.LegacyPagination { return p.Pagination }
	ltPages(t, a, "/rest/notes/list", nil, 3, notes, noteID, notePg, all)
	ltPages(t, a, "/rest/notes/list", map[string]any{"id_lead": person.ID}, 2, notes, noteID, notePg, onPerson)

	updated := ltOK[bc.LegacyNote](a, "PATCH", "/rest/notes/"+all[0].String(), map[string]any{"content": "changed"})
	check(t, "note content", updated.Content, "changed")
	check(t, "note updated_at set", updated.UpdatedAt.IsNull(), false)
	first := ltOK[bc.LegacyNotePage](a, "POST", "/rest/notes/list", map[string]any{"pagination": map[string]any{"page_size": 1}}).Data[0]
	check(t, "listed note content", first.Content, "changed")
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/notes/"+all[0].String(), nil)
	a.gone("PATCH", "/rest/notes/"+all[0].String(), "DELETE", "/rest/notes/"+all[0].String())
	ltPages(t, a, "/rest/notes/list", nil, 3, notes, noteID, notePg, all[1:])

	// Reminders: the demo's two, then five more, some on leads.
	rems := ltOK[bc.LegacyReminderPage](a, "POST", "/rest/reminders/list", map[string]any{})
	check(t, "demo reminders", len(rems.Data), 2)
	want := ltIDs(rems.Data, reminderID)
	var onCompany []uuid.UUID
	for i := range 5 {
		body := map[string]any{"name": "reminder " + string(rune('a'+i)), "date": "2030-01-0" + string(rune('1'+i)) + "T09:00:00Z"}
		if i%2 == 1 {
			body["id_lead"] = company.ID
		}
		r := ltOK[bc.LegacyReminder](a, "POST", "/rest/reminders", body)
		want = append([]uuid.UUID{r.ID}, want...)
		if i%2 == 1 {
			onCompany = append([]uuid.UUID{r.ID}, onCompany...)
		}
		if len(r.Users) != 1 || r.Users[0].ID != mockserver.DemoLegacyUser || !r.Users[0].IsAuthor {
			t.Errorf("reminder users = %+v, want the key's user as author", r.Users)
		}
	}
	remItems := func(p bc.LegacyReminderPage) []bc.LegacyReminder { return p.Data }
	remPg := func(p bc.LegacyReminderPage) bc.LegacyPagination { return p.Pagination }
	ltPages(t, a, "/rest/reminders/list", map[string]any{"cursor": nil}, 2, remItems, reminderID, remPg, want)
	ltPages(t, a, "/rest/reminders/list", map[string]any{"filter": map[string]any{"leads_filter": map[string]any{"is_company": true, "email_status": "all"}}}, 1, remItems, reminderID, remPg, onCompany)
	// The documented cursor stands in for the page only when pagination is left out
	// (the schema's defaults fill in a pagination object that is sent).
	byCursor := ltOK[bc.LegacyReminderPage](a, "POST", "/rest/reminders/list", map[string]any{"cursor": 1})
	if len(byCursor.Data) != 0 || byCursor.Pagination != (bc.LegacyPagination{Page: 1, PageSize: 100}) {
		t.Errorf("cursor 1 without pagination = %d reminders, %+v; want page 1 of 100, empty", len(byCursor.Data), byCursor.Pagination)
	}
	byPage := ltOK[bc.LegacyReminderPage](a, "POST", "/rest/reminders/list", map[string]any{"cursor": 0, "pagination": map[string]any{"page": 1, "page_size": 3}})
	if got := ltIDs(byPage.Data, reminderID); !slices.Equal(got, want[3:6]) || byPage.Pagination.Page != 1 {
		t.Errorf("pagination.page 1 with cursor 0 = %v (page %d), want %v", got, byPage.Pagination.Page, want[3:6])
	}

	// Update replaces what is sent: a cron schedule, another lead, other users.
	id := "/rest/reminders/" + want[0].String()
	r := ltOK[bc.LegacyReminder](a, "PATCH", id, map[string]any{"name": "every Monday", "date": nil, "cron": "0 9 * * 1", "id_lead": person.ID})
	cron, _ := ltGet[string](t, r.Cron)
	cronID, _ := ltGet[string](t, r.CronID)
	lead, _ := ltGet[uuid.UUID](t, r.IDLead)
	check(t, "name", r.Name, "every Monday")
	check(t, "date cleared", r.Date.IsNull(), true)
	check(t, "cron", cron, "0 9 * * 1")
	check(t, "cron_id", cronID, "reminder-"+want[0].String()[:8])
	check(t, "id_lead", lead, person.ID)
	r = ltOK[bc.LegacyReminder](a, "PATCH", id, map[string]any{"cron": nil, "id_lead": nil})
	check(t, "cron_id cleared with cron", r.CronID.IsNull(), true)
	check(t, "id_lead cleared", r.IDLead.IsNull(), true)
	check(t, "name kept", r.Name, "every Monday")
	listed := ltOK[bc.LegacyReminderPage](a, "POST", "/rest/reminders/list", map[string]any{"pagination": map[string]any{"page_size": 1}}).Data[0]
	if g, w := must2(json.Marshal(listed)), must2(json.Marshal(r)); !bytes.Equal(g, w) {
		t.Errorf("listed reminder differs from the update:\n got %s\nwant %s", g, w)
	}
	ltOK[bc.LegacyDeleteResult](a, "DELETE", id, nil)
	a.gone("PATCH", id, "DELETE", id)
	ltPages(t, a, "/rest/reminders/list", nil, 4, remItems, reminderID, remPg, want[1:])
}

func testLegacyStatuses(t *testing.T) {
	e := ltStart(t, mockserver.Options{})
	a := e.as(mockserver.DemoKeyLegacy)
	lists := ltOK[[]bc.LegacyList](a, "GET", "/rest/lists", nil)
	names := func(sts []bc.LegacyStatus) []string {
		var out []string
		for _, s := range sts {
			out = append(out, s.Name)
		}
		return out
	}
	orders := func(sts []bc.LegacyStatus) []int {
		var out []int
		for _, s := range sts {
			out = append(out, s.Order)
		}
		return out
	}
	def := ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status", nil)
	if !slices.Equal(names(def), []string{"New", "Contacted", "Replied", "Meeting booked", "Won"}) || !slices.Equal(orders(def), []int{0, 1, 2, 3, 4}) {
		t.Fatalf("default pipeline = %v %v", names(def), orders(def))
	}

	// Created with an order, a status goes in at that place; without one, at the end.
	mid := ltOK[bc.LegacyStatus](a, "POST", "/rest/status", map[string]any{"name": "Proposal", "order": 3, "color": "#fcb900", "success_rate": 50})
	check(t, "order", mid.Order, 3)
	check(t, "type defaults to default", must2(mid.Type.Get()), "default")
	check(t, "joins the default pipeline", must2(mid.IDList.Get()), lists[0].ID)
	other := ltOK[bc.LegacyStatus](a, "POST", "/rest/status", map[string]any{"name": "Intro", "id_list": lists[1].ID, "type": nil})
	check(t, "type sent null", other.Type.IsNull(), true)
	shared := ltOK[bc.LegacyStatus](a, "POST", "/rest/status", map[string]any{"name": "Shared", "id_list": nil})
	check(t, "shared status has no list", shared.IDList.IsNull(), true)

	def = ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status", nil)
	if !slices.Equal(names(def), []string{"Shared", "New", "Contacted", "Replied", "Proposal", "Meeting booked", "Won"}) {
		t.Errorf("default pipeline after creates = %v", names(def))
	}
	inList := ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?id_list="+lists[0].ID.String(), nil)
	if !slices.Equal(orders(inList), []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("orders in the first list = %v, want 0..5", orders(inList))
	}
	everything := ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?all=true", nil)
	if !slices.Equal(names(everything), []string{"Shared", "New", "Contacted", "Replied", "Proposal", "Meeting booked", "Won", "Intro"}) {
		t.Errorf("all statuses = %v", names(everything))
	}

	// Update renames and moves; delete closes the gap and takes the status off leads.
	moved := ltOK[bc.LegacyStatus](a, "PATCH", "/rest/status/"+mid.ID.String(), map[string]any{"name": "Proposal out", "order": 0, "success_rate": 60, "type": "won"})
	check(t, "moved order", moved.Order, 0)
	check(t, "renamed", moved.Name, "Proposal out")
	inList = ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?id_list="+lists[0].ID.String(), nil)
	if !slices.Equal(names(inList), []string{"Proposal out", "New", "Contacted", "Replied", "Meeting booked", "Won"}) || !slices.Equal(orders(inList), []int{0, 1, 2, 3, 4, 5}) {
		t.Errorf("after the move: %v %v", names(inList), orders(inList))
	}
	lead := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"first_name": "Max", "status": []uuid.UUID{moved.ID, inList[1].ID}})
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/status/"+moved.ID.String(), nil)
	a.gone("PATCH", "/rest/status/"+moved.ID.String(), "DELETE", "/rest/status/"+moved.ID.String())
	inList = ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?id_list="+lists[0].ID.String(), nil)
	if slices.Contains(ltIDs(inList, statusID), moved.ID) || !slices.Equal(orders(inList), []int{0, 1, 2, 3, 4}) {
		t.Errorf("after the delete: %v %v", names(inList), orders(inList))
	}
	if got := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+lead.ID.String(), nil).Status; !slices.Equal(got, []uuid.UUID{inList[0].ID}) {
		t.Errorf("lead statuses after the delete = %v, want %v", got, inList[0].ID)
	}
}

func testLegacyTagsAndLists(t *testing.T) {
	e := ltStart(t, mockserver.Options{})
	a := e.as(mockserver.DemoKeyLegacy)

	// Tags.
	tag := ltOK[bc.LegacyTag](a, "POST", "/rest/tags", map[string]any{"name": "Hot", "color": "#eb144c"})
	plain := ltOK[bc.LegacyTag](a, "POST", "/rest/tags", map[string]any{"name": "Plain"})
	if plain.Color == "" {
		t.Error("a tag created without a colour got none")
	}
	tags := ltOK[[]bc.LegacyTag](a, "GET", "/rest/tags", nil)
	if len(tags) != 5 || tags[3] != tag {
		t.Errorf("tags = %+v, want the demo's 3 then Hot and Plain", tags)
	}
	up := ltOK[bc.LegacyTag](a, "PATCH", "/rest/tags/"+tag.ID.String(), map[string]any{"name": "Very hot"})
	check(t, "tag renamed", up.Name, "Very hot")
	check(t, "tag colour kept", up.Color, "#eb144c")
	check(t, "listed tag", ltOK[[]bc.LegacyTag](a, "GET", "/rest/tags", nil)[3], up)
	lead := ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"first_name": "Tagged", "tags": []uuid.UUID{tag.ID, plain.ID}})
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/tags/"+tag.ID.String(), nil)
	a.gone("PATCH", "/rest/tags/"+tag.ID.String(), "DELETE", "/rest/tags/"+tag.ID.String())
	if got := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+lead.ID.String(), nil).Tags; !slices.Equal(got, []uuid.UUID{plain.ID}) {
		t.Errorf("lead tags after the delete = %v", got)
	}
	if n := len(ltOK[[]bc.LegacyTag](a, "GET", "/rest/tags", nil)); n != 4 {
		t.Errorf("tags after the delete = %d, want 4", n)
	}

	// Lists.
	list := ltOK[bc.LegacyList](a, "POST", "/rest/lists", map[string]any{"name": "Partnerships"})
	check(t, "new list updated_at", list.UpdatedAt.IsNull(), true)
	lists := ltOK[[]bc.LegacyList](a, "GET", "/rest/lists", nil)
	if len(lists) != 3 || lists[2].ID != list.ID || lists[2].Name != "Partnerships" {
		t.Errorf("lists = %+v, want the demo's 2 then Partnerships", lists)
	}
	renamed := ltOK[bc.LegacyList](a, "PATCH", "/rest/lists/"+list.ID.String(), map[string]any{"name": "Partners"})
	check(t, "list renamed", renamed.Name, "Partners")
	check(t, "list updated_at", renamed.UpdatedAt.IsNull(), false)
	check(t, "listed list", ltOK[[]bc.LegacyList](a, "GET", "/rest/lists", nil)[2].Name, "Partners")
	st := ltOK[bc.LegacyStatus](a, "POST", "/rest/status", map[string]any{"name": "Signed", "id_list": list.ID})
	lead = ltOK[bc.LegacyLead](a, "POST", "/rest/lead", map[string]any{"first_name": "Listed", "lists": []uuid.UUID{list.ID, lists[0].ID}, "status": []uuid.UUID{st.ID}})
	ltOK[bc.LegacyDeleteResult](a, "DELETE", "/rest/lists/"+list.ID.String(), nil)
	a.gone("PATCH", "/rest/lists/"+list.ID.String(), "DELETE", "/rest/lists/"+list.ID.String(), "PATCH", "/rest/status/"+st.ID.String())
	got := ltOK[bc.LegacyLead](a, "GET", "/rest/lead/"+lead.ID.String(), nil)
	if !slices.Equal(got.Lists, []uuid.UUID{lists[0].ID}) || len(got.Status) != 0 {
		t.Errorf("lead after its list was deleted: lists %v, status %v", got.Lists, got.Status)
	}
	if n := len(ltOK[[]bc.LegacyStatus](a, "GET", "/rest/status?all=true", nil)); n != 5 {
		t.Errorf("statuses after the list delete = %d, want the demo's 5", n)
	}
}
