package mockserver

import (
	"context"
	"strings"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// sysField describes a field every workspace's system object types have.
type sysField struct {
	slug, name string
	typ        bc.FieldType
	primary    bool
	required   bool
	multiple   bool
	target     string   // relation: target object slug
	options    []string // select: option values (labels are title-cased)
}

var systemObjects = []struct {
	slug, singular, plural, icon string
	fields                       []sysField
}{
	{"person", "Person", "People", "user", []sysField{
		{slug: "name", name: "Name", typ: bc.FieldTypeText, primary: true, required: true},
		{slug: "email", name: "Email", typ: bc.FieldTypeEmail, multiple: true},
		{slug: "phone", name: "Phone", typ: bc.FieldTypePhone},
		{slug: "job_title", name: "Job title", typ: bc.FieldTypeText},
		{slug: "company", name: "Company", typ: bc.FieldTypeRelation, target: "company"},
		{slug: "linkedin", name: "LinkedIn", typ: bc.FieldTypeLinkedin},
		{slug: "owner", name: "Owner", typ: bc.FieldTypeMember},
	}},
	{"company", "Company", "Companies", "building", []sysField{
		{slug: "name", name: "Name", typ: bc.FieldTypeText, primary: true, required: true},
		{slug: "domain", name: "Domain", typ: bc.FieldTypeURL},
		{slug: "industry", name: "Industry", typ: bc.FieldTypeSelect, options: []string{"software", "finance", "retail", "manufacturing"}},
		{slug: "employees", name: "Employees", typ: bc.FieldTypeNumber},
		{slug: "owner", name: "Owner", typ: bc.FieldTypeMember},
	}},
	{"deal", "Deal", "Deals", "handshake", []sysField{
		{slug: "name", name: "Name", typ: bc.FieldTypeText, primary: true, required: true},
		{slug: "stage", name: "Stage", typ: bc.FieldTypeSelect, options: []string{"lead", "qualified", "proposal", "won", "lost"}},
		{slug: "value", name: "Value", typ: bc.FieldTypeCurrency},
		{slug: "close_date", name: "Close date", typ: bc.FieldTypeDate},
		{slug: "owner", name: "Owner", typ: bc.FieldTypeMember},
		{slug: "primary_contact", name: "Primary contact", typ: bc.FieldTypeRelation, target: "person"},
		{slug: "company", name: "Company", typ: bc.FieldTypeRelation, target: "company"},
	}},
}

// addWorkspace creates a workspace with the system object types, their fields,
// options and default views, and an empty inbox sidebar. The store lock is held.
func (s *Server) addWorkspace(orgID, id, name, desc string, now time.Time) *bc.Workspace {
	st := s.store
	if id == "" {
		id = s.id("ws")
	}
	w := bc.Workspace{ID: id, OrganizationID: orgID, Name: name, CreatedAt: millis(now), UpdatedAt: millis(now)}
	if desc != "" {
		w.Description = &desc
	}
	ws := st.workspaces.add(orgID, id, w)
	st.sidebars[id] = []bc.SidebarItem{}
	bySlug := map[string]*bc.CrmObject{}
	for i, so := range systemObjects {
		obj := s.insertObject(id, bc.CrmObjectCreate{WorkspaceID: id, Slug: so.slug, NameSingular: so.singular, NamePlural: so.plural, Icon: &so.icon}, i, true, now)
		bySlug[so.slug] = obj
	}
	for _, so := range systemObjects {
		obj := bySlug[so.slug]
		for _, f := range so.fields {
			in := bc.FieldDefinitionCreate{Slug: f.slug, Name: f.name, FieldType: string(f.typ), IsRequired: &f.required, IsMultiple: &f.multiple}
			if f.target != "" {
				in.TargetObjectTypeID = ptr(bySlug[f.target].ID)
			}
			var opts []bc.FieldOptionInput
			for j, v := range f.options {
				opts = append(opts, bc.FieldOptionInput{Value: v, Label: strings.ToUpper(v[:1]) + v[1:], Order: j, IsDefault: j == 0, IsActive: true})
			}
			if opts != nil {
				in.Options = &opts
			}
			s.insertField(obj, in, true, f.primary, now)
		}
		s.insertView(obj, bc.RecordViewCreate{Name: "All " + strings.ToLower(obj.NamePlural), IsDefault: ptr(true)}, now)
		if so.slug == "deal" {
			stage := s.fieldBySlug(obj.ID, "stage")
			s.insertView(obj, bc.RecordViewCreate{Name: "Pipeline", Type: ptr(bc.Kanban), KanbanFieldDefinitionID: ptr(stage.ID)}, now)
		}
	}
	return ws
}

func (h *handlers) ListWorkspaces(ctx context.Context, req bc.ListWorkspacesRequestObject) (bc.ListWorkspacesResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	p, err := newPageReq(req.Params.Limit, req.Params.Cursor)
	if err != nil {
		return nil, err
	}
	defer s.readLock()()
	page := pageBySeq(s.store.workspaces.children(k.OrgID), false, p, func(w *bc.Workspace) bool {
		return k.WorkspaceID == "" || k.WorkspaceID == w.ID
	})
	return bc.ListWorkspaces200JSONResponse{Body: bc.WorkspaceList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, nil
}
