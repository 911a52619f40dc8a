package mockserver

// Loading the parts of a seed written as the API answers them: object types with
// their fields, options and views; records with their tasks and notes; a legacy
// space's data. Each entity keeps its id, and each reference is checked.

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/breakcold-go/breakcold/client"
	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// convertOnto decodes the JSON of src (a client type) onto base (a stored type with
// its defaults set): what src leaves out keeps base's value. An empty legacy id
// (id, id_space, id_lead, …) counts as left out: the client spells UUIDs as
// strings, the store as UUIDs.
func convertOnto[T any](src any, base T) (T, error) {
	b, err := json.Marshal(src)
	if err != nil {
		return base, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return base, err
	}
	for k, v := range m {
		if (k == "id" || strings.HasPrefix(k, "id_")) && string(v) == `""` {
			delete(m, k)
		}
	}
	if b, err = json.Marshal(m); err != nil {
		return base, err
	}
	err = json.Unmarshal(b, &base)
	return base, err
}

// seedObjectTypes stores a workspace's object types with their fields, options and
// views; one with a system object type's slug replaces it.
func (s *Server) seedObjectTypes(ws *bc.Workspace, types []SeedObjectType, now time.Time) error {
	st := s.store
	at := func(i int) string { return fmt.Sprintf("workspace %s, object type %d", ws.ID, i) }
	objs := make([]*bc.CrmObject, len(types))
	slugs := map[string]bool{}
	for i, t := range types {
		obj, err := convertOnto(t.CRMObject, bc.CrmObject{})
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", at(i), err)
		}
		if obj.Slug == "" || slugs[obj.Slug] {
			return invalid("objectTypes.slug", "%s: slug %q is empty or appears twice", at(i), obj.Slug)
		}
		slugs[obj.Slug] = true
		if old := s.objectBySlug(ws.ID, obj.Slug); old != nil {
			s.dropObjectType(old)
		}
		if obj.ID, err = seedID(s, st.objects, obj.ID, "ot"); err != nil {
			return err
		}
		if obj.WorkspaceID != "" && obj.WorkspaceID != ws.ID {
			return invalid("objectTypes.workspaceId", "%s (%s) names workspace %q", at(i), obj.ID, obj.WorkspaceID)
		}
		obj.WorkspaceID = ws.ID
		if obj.Name == nil {
			obj.Name = ptr(obj.NameSingular)
		}
		obj.CreatedAt, obj.UpdatedAt = orNow(obj.CreatedAt, now), orNow(obj.UpdatedAt, now)
		objs[i] = st.objects.add(ws.ID, obj.ID, obj)
	}
	// Fields after every object type, so relations may target any of them.
	for i, t := range types {
		if err := s.seedFields(objs[i], t.Fields, now); err != nil {
			return err
		}
	}
	for i, t := range types {
		if err := s.seedViews(objs[i], t.Views, now); err != nil {
			return err
		}
	}
	return nil
}

// dropObjectType deletes an object type with its fields, options and views; the
// seed replaces it, and no record uses it yet.
func (s *Server) dropObjectType(obj *bc.CrmObject) {
	st := s.store
	for _, f := range st.fields.delParent(obj.ID) {
		st.options.delParent(f.ID)
	}
	st.views.delParent(obj.ID)
	st.objects.del(obj.ID)
}

func (s *Server) seedFields(obj *bc.CrmObject, fields []SeedField, now time.Time) error {
	st := s.store
	if len(fields) == 0 {
		s.insertField(obj, bc.FieldDefinitionCreate{Slug: "name", Name: "Name", FieldType: string(bc.FieldTypeText), IsRequired: ptr(true)}, true, true, now)
		return nil
	}
	at := func(i int) string { return fmt.Sprintf("object type %s, field %d", obj.ID, i) }
	for i, sf := range fields {
		fd, err := convertOnto(sf.FieldDefinition, bc.FieldDefinition{})
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", at(i), err)
		}
		if fd.ID, err = seedID(s, st.fields, fd.ID, "fd"); err != nil {
			return err
		}
		switch {
		case fd.Slug == "" || s.fieldBySlug(obj.ID, fd.Slug) != nil:
			return invalid("fields.slug", "%s (%s): slug %q is empty or appears twice", at(i), fd.ID, fd.Slug)
		case !fd.FieldType.Valid():
			return invalid("fields.fieldType", "%s (%s): unknown field type %q", at(i), fd.ID, fd.FieldType)
		case fd.ObjectTypeID != "" && fd.ObjectTypeID != obj.ID:
			return invalid("fields.objectTypeId", "%s (%s) names object type %q", at(i), fd.ID, fd.ObjectTypeID)
		}
		choice := fd.FieldType == bc.FieldTypeSelect || fd.FieldType == bc.FieldTypeMultiselect
		if len(sf.Options) > 0 && !choice {
			return invalid("fields.options", "%s (%s): only select and multiselect fields have options", at(i), fd.ID)
		}
		if fd.FieldType == bc.FieldTypeRelation {
			if fd.TargetObjectTypeID == nil {
				return invalid("fields.targetObjectTypeId", "%s (%s): a relation field needs a target object type", at(i), fd.ID)
			}
			if err := s.checkTarget(obj.WorkspaceID, *fd.TargetObjectTypeID); err != nil {
				return fmt.Errorf("mockserver: seed %s (%s): %w", at(i), fd.ID, err)
			}
			if fd.RelationDefinitionID == nil {
				fd.RelationDefinitionID = ptr(s.id("rd"))
			}
		}
		fd.WorkspaceID, fd.ObjectTypeID = obj.WorkspaceID, obj.ID
		fd.IsMultiple = fd.IsMultiple || fd.FieldType == bc.FieldTypeMultiselect
		fd.CreatedAt, fd.UpdatedAt = orNow(fd.CreatedAt, now), orNow(fd.UpdatedAt, now)
		stored := st.fields.add(obj.ID, fd.ID, fd)
		for j, so := range sf.Options {
			opt, err := convertOnto(so.FieldOption, bc.FieldOption{})
			if err != nil {
				return fmt.Errorf("mockserver: seed %s, option %d: %w", at(i), j, err)
			}
			if opt.ID, err = seedID(s, st.options, opt.ID, "fo"); err != nil {
				return err
			}
			if st.options.find(fd.ID, func(o *bc.FieldOption) bool { return o.Value == opt.Value }) != nil {
				return invalid("fields.options.value", "%s (%s), option %d: value %q appears twice", at(i), fd.ID, j, opt.Value)
			}
			opt.FieldDefinitionID = stored.ID
			st.options.add(stored.ID, opt.ID, opt)
		}
	}
	return nil
}

func (s *Server) seedViews(obj *bc.CrmObject, views []client.RecordView, now time.Time) error {
	st := s.store
	if len(views) == 0 {
		s.insertView(obj, bc.RecordViewCreate{Name: "All " + strings.ToLower(obj.NamePlural), IsDefault: ptr(true)}, now)
		return nil
	}
	for i, sv := range views {
		v, err := convertOnto(sv, bc.RecordView{})
		at := fmt.Sprintf("object type %s, view %d", obj.ID, i)
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", at, err)
		}
		if v.ID, err = seedID(s, st.views, v.ID, "rv"); err != nil {
			return err
		}
		if v.Type == "" {
			v.Type = bc.Table
		}
		if v.Config == nil {
			v.Config = bc.ViewConfig{}
		}
		if err := s.checkKanban(obj.ID, v.KanbanFieldDefinitionID, v.Type); err != nil {
			return fmt.Errorf("mockserver: seed %s (%s): %w", at, v.ID, err)
		}
		v.WorkspaceID, v.ObjectTypeID = obj.WorkspaceID, obj.ID
		v.CreatedAt, v.UpdatedAt = orNow(v.CreatedAt, now), orNow(v.UpdatedAt, now)
		st.views.add(obj.ID, v.ID, v)
	}
	return nil
}

// seededRecord is a record being loaded: stored without its relation values,
// which may name records later in the seed.
type seededRecord struct {
	ws   int
	sr   SeedRecord
	rec  *bc.Record
	obj  *bc.CrmObject
	rels map[string]any
}

// seedRecords stores the records of an organization's workspaces, oldest first
// across them (record lists span an organization), with their tasks and notes. It
// returns each workspace's refs.
func (s *Server) seedRecords(o SeedOrg, spaces []*bc.Workspace, authorID string, now time.Time) ([]map[string]string, error) {
	st := s.store
	var all []*seededRecord
	for i, w := range o.Workspaces {
		for _, sr := range w.Records {
			all = append(all, &seededRecord{ws: i, sr: sr})
		}
	}
	// A stable sort keeps a seed's order where it gives no times.
	slices.SortStableFunc(all, func(a, b *seededRecord) int { return cmp.Compare(a.sr.CreatedAt, b.sr.CreatedAt) })
	refs := make([]map[string]string, len(spaces))
	for i := range refs {
		refs[i] = map[string]string{}
	}
	for n, r := range all {
		ws := spaces[r.ws]
		at := fmt.Sprintf("workspace %s, record %d", ws.ID, n)
		obj := s.objectBySlug(ws.ID, r.sr.ObjectType)
		if obj == nil {
			return nil, invalid("records.objectType", "%s: unknown object type %q", at, r.sr.ObjectType)
		}
		id, err := seedID(s, st.records, r.sr.ID, "rc")
		if err != nil {
			return nil, err
		}
		plain, rels := map[string]any{}, map[string]any{}
		for slug, v := range r.sr.Fields {
			if fd := s.fieldBySlug(obj.ID, slug); fd != nil && fd.FieldType == bc.FieldTypeRelation {
				rels[slug] = v
			} else {
				plain[slug] = v
			}
		}
		fields, err := s.normalizeFields(obj, nil, plain, false, true)
		if err != nil {
			return nil, fmt.Errorf("mockserver: seed %s (%s): %w", at, id, err)
		}
		rec := bc.Record{
			ID: id, WorkspaceID: ws.ID, ObjectTypeID: obj.ID, ObjectTypeSlug: obj.Slug, Fields: fields,
			DisplayName: displayName(obj, fields), CreatedAt: orNow(r.sr.CreatedAt, now), UpdatedAt: orNow(r.sr.UpdatedAt, now),
		}
		if r.sr.Archived || r.sr.ArchivedAt != 0 {
			rec.IsArchived, rec.ArchivedAt = true, ptr(orNow(r.sr.ArchivedAt, now))
		}
		r.rec, r.obj, r.rels = st.records.add(o.ID, id, rec), obj, rels
		if r.sr.Ref != "" {
			refs[r.ws][r.sr.Ref] = id
		}
	}
	for _, r := range all {
		at := fmt.Sprintf("record %s", r.rec.ID)
		// create: the required fields are checked once the relations are in.
		fields, err := s.normalizeFields(r.obj, r.rec.Fields, r.rels, true, true)
		if err != nil {
			return nil, fmt.Errorf("mockserver: seed %s: %w", at, err)
		}
		c := *r.rec
		c.Fields = fields
		r.rec = st.records.replace(c.ID, c)
		if err := s.seedRecordWork(r.rec, r.sr, authorID, now); err != nil {
			return nil, fmt.Errorf("mockserver: seed %s: %w", at, err)
		}
	}
	return refs, nil
}

// seedRecordWork stores a record's tasks and notes.
func (s *Server) seedRecordWork(rec *bc.Record, sr SeedRecord, authorID string, now time.Time) error {
	st := s.store
	orgID := st.workspaces.parentOf(rec.WorkspaceID)
	member := func(id string) bool { u := st.users[id]; return u != nil && u.OrgID == orgID }
	for _, title := range sr.Tasks {
		s.insertTask(rec, bc.TaskCreate{Title: title}, now)
	}
	for i, in := range sr.TaskList {
		base := bc.Task{Status: bc.TaskStatusTodo, AssigneeUserIds: []string{}}
		base.DueAt.SetNull()
		t, err := convertOnto(in, base)
		if err != nil {
			return fmt.Errorf("task %d: %w", i, err)
		}
		if t.ID, err = seedID(s, st.tasks, t.ID, "tk"); err != nil {
			return err
		}
		if t.RecordID != nil && *t.RecordID != rec.ID {
			return invalid("taskList.recordId", "task %s names record %q", t.ID, *t.RecordID)
		}
		for _, u := range t.AssigneeUserIds {
			if !member(u) {
				return invalid("taskList.assigneeUserIds", "task %s: %q is not a user of the organization", t.ID, u)
			}
		}
		if t.Status == "" {
			t.Status = bc.TaskStatusTodo
		}
		t.AssigneeUserIds = orEmpty(t.AssigneeUserIds)
		if !t.DueAt.IsSpecified() {
			t.DueAt.SetNull()
		}
		if len(t.LinkedResources) == 0 {
			t.LinkedResources = []bc.LinkedResource{{ResourceType: bc.LinkedResourceResourceTypeRecord, ResourceID: rec.ID, Label: ptr(rec.DisplayName)}}
		}
		t.WorkspaceID, t.RecordID = rec.WorkspaceID, ptr(rec.ID)
		t.CreatedAt, t.UpdatedAt = orNow(t.CreatedAt, now), orNow(t.UpdatedAt, now)
		st.tasks.add(rec.ID, t.ID, t)
	}
	for _, n := range sr.Notes {
		id, err := seedID(s, st.notes, n.ID, "nt")
		if err != nil {
			return err
		}
		author := cmp.Or(n.AuthorUserID, authorID)
		if n.AuthorUserID != "" && !member(author) {
			return invalid("notes.authorUserId", "note %s: %q is not a user of the organization", id, author)
		}
		in := bc.NoteCreate{Title: n.Title, Content: n.Content}
		if n.ContentPlain != "" {
			in.ContentPlain = &n.ContentPlain
		}
		note := s.insertNote(id, rec, in, author, now)
		if n.CreatedAt != 0 || n.UpdatedAt != 0 {
			c := *note
			c.CreatedAt, c.UpdatedAt = orNow(n.CreatedAt, now), orNow(n.UpdatedAt, now)
			st.notes.replace(id, c)
		}
	}
	return nil
}

// legacySeedID is a legacy entity's id from a seed, or a new one; a given id must be
// a UUID new to r.
func legacySeedID[T any](s *Server, r *resource[T], id, what string) (uuid.UUID, error) {
	if id == "" {
		return s.newUUID(), nil
	}
	u, err := uuid.Parse(id)
	if err != nil {
		return u, invalid("id", "%s id %q is not a UUID", what, id)
	}
	return u, unused(r, u.String())
}

// seedLegacyData stores a legacy space's data as the legacy API lists it; u is a
// user of the space. Every legacy user exists by now.
func (s *Server) seedLegacyData(u *legacyUser, d *SeedLegacyData, now time.Time) error {
	st, space := s.store, u.SpaceID.String()
	now = legacyTime(now)
	where := func(kind string, i int, id any) string {
		return fmt.Sprintf("legacy space %s, %s %d (%v)", space, kind, i, id)
	}
	if d.Workspace != nil {
		ws, _ := st.spaces.get(space)
		w, err := convertOnto(d.Workspace, *ws)
		if err != nil {
			return fmt.Errorf("mockserver: seed legacy space %s: %w", space, err)
		}
		w.ID, w.Role = u.SpaceID, nil
		st.spaces.replace(space, w)
	}
	for i, in := range d.Lists {
		id, err := legacySeedID(s, st.lists, in.ID, "list")
		if err != nil {
			return err
		}
		l, err := convertOnto(in, bc.LegacyList{CreatedAt: now, UpdatedAt: nullOf[time.Time]()})
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", where("list", i, id), err)
		}
		l.ID, l.IDSpace = id, u.SpaceID
		l.CreatedAt = orTime(l.CreatedAt, now)
		st.lists.add(space, id.String(), l)
	}
	for i, in := range d.Statuses {
		id, err := legacySeedID(s, st.statuses, in.ID, "status")
		if err != nil {
			return err
		}
		c, err := convertOnto(in, bc.LegacyStatus{IDList: nullOf[uuid.UUID](), Type: nullOf[string](), Color: legacyColor(i)})
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", where("status", i, id), err)
		}
		if list, err := c.IDList.Get(); err == nil {
			if _, err := st.lists.ref(space, "id_list", list); err != nil {
				return fmt.Errorf("mockserver: seed %s: %w", where("status", i, id), err)
			}
		}
		c.ID, c.IDSpace = id, u.SpaceID
		st.statuses.add(space, id.String(), c)
	}
	for i, in := range d.Tags {
		id, err := legacySeedID(s, st.tags, in.ID, "tag")
		if err != nil {
			return err
		}
		t, err := convertOnto(in, bc.LegacyTag{CreatedAt: now, Color: legacyColor(i + 3)})
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", where("tag", i, id), err)
		}
		t.ID, t.IDSpace, t.CreatedAt = id, u.SpaceID, orTime(t.CreatedAt, now)
		st.tags.add(space, id.String(), t)
	}
	for i, in := range d.Attributes {
		id, err := legacySeedID(s, st.attributes, in.ID, "attribute")
		if err != nil {
			return err
		}
		a, err := convertOnto(in, bc.LegacyAttribute{CreatedAt: now, Options: []bc.LegacyAttributeOption{}})
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", where("attribute", i, id), err)
		}
		if !a.Type.Valid() {
			return invalid("attributes.type", "%s: unknown attribute type %q", where("attribute", i, id), a.Type)
		}
		a.ID, a.IDSpace, a.CreatedAt, a.Options = id, u.SpaceID, orTime(a.CreatedAt, now), orEmpty(a.Options)
		st.attributes.add(space, id.String(), a)
	}
	for i, in := range d.Leads {
		id, err := legacySeedID(s, st.leads, in.ID, "lead")
		if err != nil {
			return err
		}
		at := where("lead", i, id)
		l, err := convertOnto(in, blankLead(id, space, now))
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", at, err)
		}
		l.ID, l.IDSpace, l.CreatedAt = id, u.SpaceID, orTime(l.CreatedAt, now)
		l.Status, l.Tags, l.Lists, l.Owners = orEmpty(l.Status), orEmpty(l.Tags), orEmpty(l.Lists), orEmpty(l.Owners)
		if l.Attributes == nil {
			l.Attributes = map[string]any{}
		}
		err = cmp.Or(st.statuses.refs(space, "status", &l.Status), st.tags.refs(space, "tags", &l.Tags),
			st.lists.refs(space, "lists", &l.Lists), s.checkLegacyMembers(space, "owners", l.Owners))
		for attr, v := range l.Attributes {
			err = cmp.Or(err, s.checkAttributeValue(space, "attributes."+attr, attr, v))
		}
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", at, err)
		}
		if !l.SearchQuery.IsSpecified() {
			l.SearchQuery = leadSearchQuery(&l)
		}
		st.leads.add(space, id.String(), l)
	}
	for i, in := range d.Notes {
		id, err := legacySeedID(s, st.lnotes, in.ID, "note")
		if err != nil {
			return err
		}
		at := where("note", i, id)
		n, err := convertOnto(in, bc.LegacyNote{CreatedAt: now, UpdatedAt: nullOf[time.Time](), IDUser: u.ID})
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", at, err)
		}
		if _, err := st.leads.ref(space, "id_lead", n.IDLead); err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", at, err)
		}
		if err := s.checkLegacyMembers(space, "id_user", []string{n.IDUser}); err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", at, err)
		}
		n.ID, n.CreatedAt = id, orTime(n.CreatedAt, now)
		st.lnotes.add(space, id.String(), n)
	}
	for i, in := range d.Reminders {
		id, err := legacySeedID(s, st.reminders, in.ID, "reminder")
		if err != nil {
			return err
		}
		at := where("reminder", i, id)
		r, err := convertOnto(in, bc.LegacyReminder{CreatedAt: now, IDLead: nullOf[uuid.UUID](), Date: nullOf[time.Time](), Cron: nullOf[string](), CronID: nullOf[string](), Users: []bc.LegacyReminderUser{}})
		if err != nil {
			return fmt.Errorf("mockserver: seed %s: %w", at, err)
		}
		if lead, err := r.IDLead.Get(); err == nil {
			if _, err := st.leads.ref(space, "id_lead", lead); err != nil {
				return fmt.Errorf("mockserver: seed %s: %w", at, err)
			}
		}
		for _, ru := range r.Users {
			if err := s.checkLegacyMembers(space, "users", []string{ru.ID}); err != nil {
				return fmt.Errorf("mockserver: seed %s: %w", at, err)
			}
		}
		r.ID, r.CreatedAt, r.Users = id, orTime(r.CreatedAt, now), orEmpty(r.Users)
		if !r.CronID.IsSpecified() {
			r.CronID = cronID(r)
		}
		st.reminders.add(space, id.String(), r)
	}
	return nil
}

// orTime is a seed's time, or now when it gives none.
func orTime(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}
