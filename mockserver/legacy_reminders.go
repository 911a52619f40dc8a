package mockserver

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// reminderUsers resolves the user ids a reminder is assigned to; author is marked
// is_author. No ids means the author alone.
func (s *Server) reminderUsers(space, field string, userIDs *[]string, author string) ([]bc.LegacyReminderUser, error) {
	want := []string{author}
	if userIDs != nil {
		if err := s.checkLegacyMembers(space, field, *userIDs); err != nil {
			return nil, err
		}
		want = idsUnion([]string{}, *userIDs...)
	}
	out := []bc.LegacyReminderUser{}
	for _, id := range want {
		u := s.legacyMember(space, id)
		if u == nil {
			continue // an author who has left the space
		}
		handle, _, _ := strings.Cut(u.Email, "@")
		out = append(out, bc.LegacyReminderUser{
			ID: u.ID, Email: openapi_types.Email(u.Email), FullName: u.Name, IsAuthor: u.ID == author,
			AvatarURL: nullOf[string](), Handle: nullable.NewNullableWithValue(handle),
		})
	}
	return out, nil
}

// reminderLead checks a reminder's lead, when it names one, is a lead of the space.
func (s *Server) reminderLead(space string, lead nullable.Nullable[uuid.UUID]) error {
	if id, err := lead.Get(); err == nil {
		if _, err := s.store.leads.ref(space, "id_lead", id); err != nil {
			return err
		}
	}
	return nil
}

// cronID is the id of the job behind a reminder's schedule, null with no schedule.
func cronID(r bc.LegacyReminder) nullable.Nullable[string] {
	if r.Cron.IsSpecified() && !r.Cron.IsNull() {
		return nullable.NewNullableWithValue("reminder-" + r.ID.String()[:8])
	}
	return nullOf[string]()
}

// insertLegacyReminder validates a reminder create body and stores the reminder.
func (s *Server) insertLegacyReminder(space, author string, in bc.LegacyReminderCreate, now time.Time) (*bc.LegacyReminder, error) {
	r := bc.LegacyReminder{ID: s.newUUID(), Name: in.Name, CreatedAt: now, IDLead: nullOf[uuid.UUID](), Date: nullCopy(in.Date)}
	if err := s.reminderLead(space, in.IDLead); err != nil {
		return nil, err
	}
	applyNullable(&r.IDLead, in.IDLead)
	applyNullable(&r.Cron, in.Cron)
	r.CronID = cronID(r)
	users, err := s.reminderUsers(space, "users", in.Users, author)
	if err != nil {
		return nil, err
	}
	r.Users = users
	return s.store.reminders.add(space, r.ID.String(), r), nil
}

func (h *handlers) LegacyListReminders(ctx context.Context, req bc.LegacyListRemindersRequestObject) (bc.LegacyListRemindersResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.readLock()()
	space := k.SpaceID
	keep := func(*bc.LegacyReminder) bool { return true }
	if in.Filter != nil && in.Filter.LeadsFilter != nil {
		match, err := s.leadFilter(space, "filter.leads_filter", in.Filter.LeadsFilter)
		if err != nil {
			return nil, err
		}
		keep = func(r *bc.LegacyReminder) bool {
			id, err := r.IDLead.Get()
			if err != nil {
				return false
			}
			l, ok := s.store.leads.get(id.String())
			return ok && match(l)
		}
	}
	// pagination.page is authoritative; the documented cursor stands in when it is missing.
	var page *int
	if c, err := in.Cursor.Get(); err == nil {
		if c != float32(int(c)) {
			return nil, invalid("cursor", "must be a whole page number")
		}
		page = ptr(int(c))
	}
	reminders, p, err := legacyPage(s.store.reminders.children(space), in.Pagination, page, keep)
	if err != nil {
		return nil, err
	}
	return bc.LegacyListReminders200JSONResponse{Body: bc.LegacyReminderPage{Data: reminders, Pagination: p}}, nil
}

func (h *handlers) LegacyCreateReminder(ctx context.Context, req bc.LegacyCreateReminderRequestObject) (bc.LegacyCreateReminderResponseObject, error) {
	r, err := legacyCreate(ctx, h.s, func(k *Key, now time.Time) (*bc.LegacyReminder, error) {
		return h.s.insertLegacyReminder(k.SpaceID, k.UserID, *req.Body, now)
	})
	return bc.LegacyCreateReminder200JSONResponse{Body: r}, err
}

func (h *handlers) LegacyUpdateReminder(ctx context.Context, req bc.LegacyUpdateReminderRequestObject) (bc.LegacyUpdateReminderResponseObject, error) {
	s, in, space := h.s, req.Body, keyOf(ctx).SpaceID
	r, err := legacyUpdate(ctx, s, s.store.reminders, req.ID, func(c bc.LegacyReminder) (bc.LegacyReminder, error) {
		setIf(&c.Name, in.Name)
		applyNullable(&c.Date, in.Date)
		if err := s.reminderLead(space, in.IDLead); err != nil {
			return c, err
		}
		applyNullable(&c.IDLead, in.IDLead)
		if in.Cron.IsSpecified() {
			applyNullable(&c.Cron, in.Cron)
			c.CronID = cronID(c)
		}
		if in.Users == nil {
			return c, nil
		}
		author := ""
		if i := slices.IndexFunc(c.Users, func(u bc.LegacyReminderUser) bool { return u.IsAuthor }); i >= 0 {
			author = c.Users[i].ID
		}
		users, err := s.reminderUsers(space, "users", in.Users, author)
		c.Users = users
		return c, err
	})
	return bc.LegacyUpdateReminder200JSONResponse{Body: r}, err
}

func (h *handlers) LegacyDeleteReminder(ctx context.Context, req bc.LegacyDeleteReminderRequestObject) (bc.LegacyDeleteReminderResponseObject, error) {
	res, err := legacyRemove(ctx, h.s, h.s.store.reminders, req.ID, nil)
	return bc.LegacyDeleteReminder200JSONResponse{Body: res}, err
}
