package mockserver

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

// leadDataOf turns a create body into the update data it shares its fields with,
// so creates and updates apply lead fields through one code path.
func leadDataOf(in bc.LegacyLeadCreate) (bc.LegacyLeadUpdateData, error) {
	var d bc.LegacyLeadUpdateData
	b, err := json.Marshal(in)
	if err == nil {
		err = json.Unmarshal(b, &d)
	}
	return d, err
}

// searchQuery is the text Breakcold derives from a lead's names, company and city.
func leadSearchQuery(l *bc.LegacyLead) nullable.Nullable[string] {
	var parts []string
	for _, f := range []nullable.Nullable[string]{l.FirstName, l.LastName, l.Company, l.City} {
		if v, err := f.Get(); err == nil && strings.TrimSpace(v) != "" {
			parts = append(parts, strings.ToLower(strings.TrimSpace(v)))
		}
	}
	if len(parts) == 0 {
		return nullOf[string]()
	}
	return nullable.NewNullableWithValue(strings.Join(parts, " "))
}

// applyLeadData returns c with the lead fields of a create or update body applied.
// prefix names the fields in errors ("" on create, "data." on update).
func (s *Server) applyLeadData(space string, c bc.LegacyLead, d bc.LegacyLeadUpdateData, prefix string) (bc.LegacyLead, error) {
	if d.Owners != nil {
		if err := s.checkLegacyMembers(space, prefix+"owners", *d.Owners); err != nil {
			return c, err
		}
		c.Owners = idsUnion([]string{}, *d.Owners...)
	}
	if d.Attributes != nil {
		attrs := maps.Clone(c.Attributes)
		if attrs == nil {
			attrs = map[string]any{}
		}
		for _, key := range slices.Sorted(maps.Keys(*d.Attributes)) {
			v := (*d.Attributes)[key]
			if err := s.checkAttributeValue(space, prefix+"attributes."+key, key, v); err != nil {
				return c, err
			}
			if v == nil {
				delete(attrs, key)
			} else {
				attrs[key] = v
			}
		}
		c.Attributes = attrs
	}
	for _, f := range []struct {
		dst *nullable.Nullable[string]
		src nullable.Nullable[string]
	}{
		{&c.FirstName, d.FirstName}, {&c.LastName, d.LastName}, {&c.Email, d.Email}, {&c.Phone, d.Phone},
		{&c.City, d.City}, {&c.Company, d.Company}, {&c.CompanyRole, d.CompanyRole},
		{&c.LinkedinURL, d.LinkedinURL}, {&c.LinkedinCompanyURL, d.LinkedinCompanyURL},
		{&c.FacebookUsername, d.FacebookUsername}, {&c.TelegramUsername, d.TelegramUsername},
		{&c.WhatsappUsername, d.WhatsappUsername}, {&c.YoutubeUsername, d.YoutubeUsername},
		{&c.InstagramUsername, d.InstagramUsername}, {&c.TwitterName, d.TwitterName},
		{&c.TwitterCompanyName, d.TwitterCompanyName}, {&c.AvatarURL, d.AvatarURL}, {&c.WebsiteURL, d.WebsiteURL},
		{&c.ContractName, d.ContractName}, {&c.ContractValue, d.ContractValue},
		{&c.Icebreaker, d.Icebreaker}, {&c.Icebreaker2, d.Icebreaker2}, {&c.Icebreaker3, d.Icebreaker3}, {&c.Icebreaker4, d.Icebreaker4},
	} {
		applyNullable(f.dst, f.src)
	}
	if d.ContractCurrency != nil {
		c.ContractCurrency = nullable.NewNullableWithValue(string(*d.ContractCurrency))
	}
	setIf(&c.IsCompany, d.IsCompany)
	setIf(&c.IsContract, d.IsContract)
	if d.IsDraft != nil {
		c.IsDraft = ptr(*d.IsDraft)
	}
	c.SearchQuery = leadSearchQuery(&c)
	return c, nil
}

// checkAttributeValue checks a lead's value for a custom attribute of the space;
// null (which removes the value) is always accepted.
func (s *Server) checkAttributeValue(space, field, attrID string, v any) error {
	id, err := uuid.Parse(attrID)
	if err != nil {
		return invalid(field, "%q is not an attribute id", attrID)
	}
	a, err := s.store.attributes.ref(space, field, id)
	if err != nil || v == nil {
		return err
	}
	isOption := func(x any) bool {
		str, _ := x.(string)
		return slices.ContainsFunc(a.Options, func(o bc.LegacyAttributeOption) bool { return o.ID.String() == str })
	}
	ok := true
	switch a.Type {
	case bc.LegacyAttributeTypeText, bc.LegacyAttributeTypeURL:
		switch v.(type) {
		case string, float64:
		default:
			ok = false
		}
	case bc.LegacyAttributeTypeNumber:
		switch x := v.(type) {
		case float64:
		case string:
			_, perr := strconv.ParseFloat(x, 64)
			ok = perr == nil
		default:
			ok = false
		}
	case bc.LegacyAttributeTypeDate:
		str, _ := v.(string)
		_, e1 := time.Parse(time.RFC3339, str)
		_, e2 := time.Parse(time.DateOnly, str)
		ok = e1 == nil || e2 == nil
	case bc.LegacyAttributeTypeSelect:
		ok = isOption(v)
	case bc.LegacyAttributeTypeMultiselect:
		list, isList := v.([]any)
		ok = isList && !slices.ContainsFunc(list, func(x any) bool { return !isOption(x) })
	case bc.LegacyAttributeTypeLocation:
		_, ok = v.(map[string]any)
	case bc.LegacyAttributeTypeRelation:
		str, _ := v.(string)
		lid, perr := uuid.Parse(str)
		ok = perr == nil
		if ok {
			_, lerr := s.store.leads.inSpace(space, lid)
			ok = lerr == nil
		}
	case bc.LegacyAttributeTypeCheckbox:
		_, ok = v.(bool)
	}
	if !ok {
		return invalid(field, "not a valid value for %s attribute %q (see LegacyLeadCreate.attributes)", a.Type, a.Name)
	}
	return nil
}

// blankLead is a lead with every field null and every list empty.
func blankLead(id uuid.UUID, space string, now time.Time) bc.LegacyLead {
	n := nullOf[string]
	return bc.LegacyLead{
		ID: id, IDSpace: mustUUID(space), CreatedAt: now, UpdatedAt: nullOf[time.Time](),
		FirstName: n(), LastName: n(), Email: n(), Phone: n(), Company: n(), CompanyRole: n(), City: n(),
		LinkedinURL: n(), LinkedinCompanyURL: n(), FacebookUsername: n(), TelegramUsername: n(), WhatsappUsername: n(),
		YoutubeUsername: n(), InstagramUsername: n(), TwitterName: n(), TwitterCompanyName: n(), AvatarURL: n(),
		WebsiteURL: n(), SearchQuery: n(), Timezone: n(), Icebreaker: n(), Icebreaker2: n(), Icebreaker3: n(),
		Icebreaker4: n(), ContractCurrency: n(), ContractName: n(), ContractValue: n(),
		Lists: []uuid.UUID{}, Status: []uuid.UUID{}, Tags: []uuid.UUID{}, Owners: []string{},
		Attributes: map[string]any{}, EmailBounceScore: nullOf[float32](), IsDraft: ptr(false),
	}
}

// createLegacyLead validates a lead create body and stores the lead (and, with
// create_company_if_not_exists, its company). Handler and seed share it; nothing is
// stored unless everything is valid. The store lock is held.
func (s *Server) createLegacyLead(space, actor string, in bc.LegacyLeadCreate, now time.Time) (*bc.LegacyLead, error) {
	st := s.store
	id := s.newUUID()
	if in.ID != nil {
		if _, taken := st.leads.get(in.ID.String()); taken {
			return nil, invalid("id", "a lead with id %s already exists", *in.ID)
		}
		id = *in.ID
	}
	if err := st.statuses.refs(space, "status", in.Status); err != nil {
		return nil, err
	}
	if err := st.tags.refs(space, "tags", in.Tags); err != nil {
		return nil, err
	}
	if err := st.lists.refs(space, "lists", in.Lists); err != nil {
		return nil, err
	}
	lists := orEmptyPtr(in.Lists)
	if in.IDList != nil {
		if _, err := st.lists.ref(space, "id_list", *in.IDList); err != nil {
			return nil, err
		}
		lists = append(slices.Clone(lists), *in.IDList)
	}
	d, err := leadDataOf(in)
	if err != nil {
		return nil, err
	}
	l, err := s.applyLeadData(space, blankLead(id, space, now), d, "")
	if err != nil {
		return nil, err
	}
	l.Status = idsUnion([]uuid.UUID{}, orEmptyPtr(in.Status)...)
	l.Tags = idsUnion([]uuid.UUID{}, orEmptyPtr(in.Tags)...)
	l.Lists = idsUnion([]uuid.UUID{}, lists...)
	if deref(in.AutoAssignOwner) {
		l.Owners = idsUnion(l.Owners, actor)
	}
	if company, err := l.Company.Get(); err == nil && deref(in.CreateCompanyIfNotExists) && !l.IsCompany && strings.TrimSpace(company) != "" && s.companyLead(space, company) == nil {
		c := blankLead(s.newUUID(), space, now)
		c.IsCompany, c.Company, c.Owners = true, nullable.NewNullableWithValue(company), slices.Clone(l.Owners)
		c.AvatarURL, c.LinkedinCompanyURL = nullCopy(in.CompanyAvatarURL), nullCopy(in.CompanyLinkedinURL)
		c.SearchQuery = leadSearchQuery(&c)
		st.leads.add(space, c.ID.String(), c)
	}
	return st.leads.add(space, l.ID.String(), l), nil
}

// companyLead finds the space's company lead with this company name.
func (s *Server) companyLead(space, name string) *bc.LegacyLead {
	return s.store.leads.find(space, func(l *bc.LegacyLead) bool {
		c, err := l.Company.Get()
		return err == nil && l.IsCompany && strings.EqualFold(c, name)
	})
}

// rewriteAttributeValues passes every lead's custom attribute values through fix,
// which returns the new value (nil removes it) and whether it changed it.
func (s *Server) rewriteAttributeValues(space string, fix func(attrID string, v any) (any, bool)) {
	s.store.leads.rewrite(space, func(l bc.LegacyLead) (bc.LegacyLead, bool) {
		out, changed := make(map[string]any, len(l.Attributes)), false
		for k, v := range l.Attributes {
			nv, ch := fix(k, v)
			changed = changed || ch
			if nv != nil {
				out[k] = nv
			}
		}
		if changed {
			l.Attributes = out
		}
		return l, changed
	})
}

// unlinkLeads takes a deleted tag, status or list off the space's leads.
func (s *Server) unlinkLeads(space string, id uuid.UUID) {
	s.store.leads.rewrite(space, func(l bc.LegacyLead) (bc.LegacyLead, bool) {
		if !slices.Contains(l.Tags, id) && !slices.Contains(l.Status, id) && !slices.Contains(l.Lists, id) {
			return l, false
		}
		l.Tags, l.Status, l.Lists = idsMinus(l.Tags, id), idsMinus(l.Status, id), idsMinus(l.Lists, id)
		return l, true
	})
}

// emailStatus is the verification status the email_status filter reads. The mock
// scores no email, so an unscored address counts as valid.
func leadEmailStatus(l *bc.LegacyLead) bc.LegacyLeadsFilterEmailStatus {
	if e, err := l.Email.Get(); err != nil || strings.TrimSpace(e) == "" {
		return bc.NoEmail
	}
	score, err := l.EmailBounceScore.Get()
	switch {
	case err != nil:
		return bc.Valid
	case score >= 0.5:
		return bc.Bounce
	case score >= 0.2:
		return bc.NotSureBounce
	}
	return bc.Valid
}

// leadFilter checks a leads filter's ids and returns the test it describes; nil
// filters accept every lead. is_tracked and ai_enabled describe state the mock does
// not keep, so they are accepted and ignored.
func (s *Server) leadFilter(space, field string, f *bc.LegacyLeadsFilter) (func(*bc.LegacyLead) bool, error) {
	if f == nil {
		return func(*bc.LegacyLead) bool { return true }, nil
	}
	if err := s.store.leads.refs(space, field+".leads", f.Leads); err != nil {
		return nil, err
	}
	if err := s.store.leads.refs(space, field+".not_leads", f.NotLeads); err != nil {
		return nil, err
	}
	return func(l *bc.LegacyLead) bool {
		return (f.Leads == nil || slices.Contains(*f.Leads, l.ID)) &&
			(f.NotLeads == nil || !slices.Contains(*f.NotLeads, l.ID)) &&
			(f.IsCompany == nil || l.IsCompany == *f.IsCompany) &&
			(f.IsContract == nil || l.IsContract == *f.IsContract) &&
			(f.EmailStatus == nil || *f.EmailStatus == bc.All || leadEmailStatus(l) == *f.EmailStatus)
	}, nil
}

func (h *handlers) LegacyListLeads(ctx context.Context, req bc.LegacyListLeadsRequestObject) (bc.LegacyListLeadsResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.readLock()()
	keep, err := s.leadFilter(k.SpaceID, "filter", in.Filter)
	if err != nil {
		return nil, err
	}
	leads, p, err := legacyPageItems(s.store.leads.children(k.SpaceID), in.Pagination, nil, keep)
	if err != nil {
		return nil, err
	}
	items, err := encodeItems(leads)
	if err != nil {
		return nil, err
	}
	return rawPage{key: "leads", items: items, pagination: p}, nil
}

func (h *handlers) LegacyCreateLead(ctx context.Context, req bc.LegacyCreateLeadRequestObject) (bc.LegacyCreateLeadResponseObject, error) {
	l, err := legacyCreate(ctx, h.s, func(k *Key, now time.Time) (*bc.LegacyLead, error) {
		return h.s.createLegacyLead(k.SpaceID, k.UserID, *req.Body, now)
	})
	return bc.LegacyCreateLead200JSONResponse{Body: l}, err
}

func (h *handlers) LegacyGetLead(ctx context.Context, req bc.LegacyGetLeadRequestObject) (bc.LegacyGetLeadResponseObject, error) {
	s := h.s
	defer s.readLock()()
	l, err := s.store.leads.inSpace(keyOf(ctx).SpaceID, req.ID)
	if err != nil {
		return nil, err
	}
	return bc.LegacyGetLead200JSONResponse{Body: *l}, nil
}

func (h *handlers) LegacyUpdateLead(ctx context.Context, req bc.LegacyUpdateLeadRequestObject) (bc.LegacyUpdateLeadResponseObject, error) {
	s, in, st, space := h.s, req.Body, h.s.store, keyOf(ctx).SpaceID
	l, err := legacyUpdate(ctx, s, st.leads, req.ID, func(c bc.LegacyLead) (bc.LegacyLead, error) {
		c, err := s.applyLeadData(space, c, in.Data, "data.")
		if err != nil {
			return c, err
		}
		if o := in.Options; o != nil {
			for _, ref := range []struct {
				field string
				ids   *[]uuid.UUID
				check func(string, *[]uuid.UUID) error
			}{
				{"options.tags_connect", o.TagsConnect, func(f string, v *[]uuid.UUID) error { return st.tags.refs(space, f, v) }},
				{"options.tags_disconnect", o.TagsDisconnect, func(f string, v *[]uuid.UUID) error { return st.tags.refs(space, f, v) }},
				{"options.status_connect", o.StatusConnect, func(f string, v *[]uuid.UUID) error { return st.statuses.refs(space, f, v) }},
				{"options.status_disconnect", o.StatusDisconnect, func(f string, v *[]uuid.UUID) error { return st.statuses.refs(space, f, v) }},
			} {
				if err := ref.check(ref.field, ref.ids); err != nil {
					return c, err
				}
			}
			c.Tags = idsMinus(idsUnion(c.Tags, orEmptyPtr(o.TagsConnect)...), orEmptyPtr(o.TagsDisconnect)...)
			c.Status = idsMinus(idsUnion(c.Status, orEmptyPtr(o.StatusConnect)...), orEmptyPtr(o.StatusDisconnect)...)
		}
		c.UpdatedAt = nullable.NewNullableWithValue(s.legacyNow())
		return c, nil
	})
	return bc.LegacyUpdateLead200JSONResponse{Body: l}, err
}

func (h *handlers) LegacyDeleteLead(ctx context.Context, req bc.LegacyDeleteLeadRequestObject) (bc.LegacyDeleteLeadResponseObject, error) {
	s, st := h.s, h.s.store
	res, err := legacyRemove(ctx, s, st.leads, req.ID, func(space string, _ *bc.LegacyLead) {
		for _, n := range values(st.lnotes.children(space)) {
			if n.IDLead == req.ID {
				st.lnotes.del(n.ID.String())
			}
		}
		st.reminders.rewrite(space, func(r bc.LegacyReminder) (bc.LegacyReminder, bool) {
			if lid, err := r.IDLead.Get(); err != nil || lid != req.ID {
				return r, false
			}
			r.IDLead = nullOf[uuid.UUID]()
			return r, true
		})
		relation := map[string]bool{}
		for _, a := range values(st.attributes.children(space)) {
			relation[a.ID.String()] = a.Type == bc.LegacyAttributeTypeRelation
		}
		s.rewriteAttributeValues(space, func(attrID string, v any) (any, bool) {
			if relation[attrID] && v == req.ID.String() {
				return nil, true
			}
			return v, false
		})
	})
	return bc.LegacyDeleteLead200JSONResponse{Body: res}, err
}

func (h *handlers) LegacyAddLeadsToList(ctx context.Context, req bc.LegacyAddLeadsToListRequestObject) (bc.LegacyAddLeadsToListResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	st, space := s.store, k.SpaceID
	// As the operation documents, an unknown list or lead is a 404 and adds nothing.
	if _, err := st.lists.inSpace(space, in.IDList); err != nil {
		return nil, err
	}
	for _, id := range in.Leads {
		if _, err := st.leads.inSpace(space, id); err != nil {
			return nil, err
		}
	}
	now := s.legacyNow()
	for _, id := range in.Leads {
		l, _ := st.leads.get(id.String())
		if slices.Contains(l.Lists, in.IDList) {
			continue
		}
		c := *l
		c.Lists, c.UpdatedAt = idsUnion(c.Lists, in.IDList), nullable.NewNullableWithValue(now)
		st.leads.replace(id.String(), c)
	}
	return bc.LegacyAddLeadsToList200JSONResponse{Body: bc.LegacyAddLeadsToListResult{IDList: in.IDList, Leads: slices.Clone(in.Leads)}}, nil
}
