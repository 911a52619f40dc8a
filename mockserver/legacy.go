package mockserver

// The legacy API (v3, paths under /rest). Every legacy key acts in one space (its
// user's workspace); all legacy data is stored under the space id, which is the
// tenant boundary: an id of another space is answered exactly like an unknown id
// (404 for path ids, 400 naming the field for ids in bodies), never with a 403.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

// ---- Seeding ----

var legacyUserIDPattern = regexp.MustCompile(`^[A-Za-z0-9]{28}$`)

// seedLegacyUser creates a legacy user, their space and its data; the store lock is held.
// A user whose space already exists joins it as a member; the space's first user owns it.
func (s *Server) seedLegacyUser(lu SeedLegacyUser, now time.Time) error {
	st := s.store
	now = legacyTime(now)
	if lu.ID == "" {
		lu.ID = newLegacyUserID()
	}
	if !legacyUserIDPattern.MatchString(lu.ID) {
		return invalid("legacyUsers.id", "%q is not a legacy user id (28 letters and digits)", lu.ID)
	}
	if _, dup := st.legacyUsers[lu.ID]; dup {
		return invalid("legacyUsers.id", "legacy user %q appears twice", lu.ID)
	}
	if _, err := mail.ParseAddress(lu.Email); err != nil {
		return invalid("legacyUsers.email", "legacy user %s has email %q, which is not an address", lu.ID, lu.Email)
	}
	spaceID := uuid.New()
	if lu.SpaceID != "" {
		spaceID = mustUUID(lu.SpaceID)
	}
	space := spaceID.String()
	role := bc.LegacyMemberRoleOwner
	if _, ok := st.spaces.get(space); ok {
		role = bc.LegacyMemberRoleMember
	} else {
		name := lu.SpaceName
		if name == "" {
			name = lu.Name + "'s workspace"
		}
		ws := &bc.LegacyWorkspace{
			ID: spaceID, Name: name, CreatedAt: now, UpdatedAt: nullOf[time.Time](),
			AvatarURL: nullOf[string](), TrackingDomain: nullOf[string](), Language: nullable.NewNullableWithValue("en"),
			TeamSize: nullOf[string](), Source: nullOf[string](), DefaultCurrency: nullable.NewNullableWithValue("USD"),
		}
		st.spaces.put("", space, st.nextSeq(), ws)
	}
	u := &legacyUser{ID: lu.ID, Email: lu.Email, Name: lu.Name, SpaceID: spaceID, Role: role}
	st.legacyUsers[lu.ID] = u

	var first *bc.LegacyList // the statuses' list: the user's first, else the space's default
	for _, name := range lu.Lists {
		l := s.insertLegacyList(space, name, now)
		if first == nil {
			first = l
		}
	}
	pipeline := s.defaultPipeline(space)
	if first != nil {
		pipeline = nullable.NewNullableWithValue(first.ID)
	}
	for i, name := range lu.Statuses {
		in := bc.LegacyStatusCreate{Name: name, IDList: pipeline}
		rate := float32(100 * i / max(len(lu.Statuses), 1))
		switch strings.ToLower(name) {
		case "won":
			in.Type, rate = nullable.NewNullableWithValue("won"), 100
		case "lost":
			in.Type, rate = nullable.NewNullableWithValue("lost"), 0
		}
		in.SuccessRate = &rate
		if _, err := s.insertLegacyStatus(space, in); err != nil {
			return fmt.Errorf("mockserver: seed status %d of legacy user %s: %w", i, lu.ID, err)
		}
	}
	for _, name := range lu.Tags {
		s.insertLegacyTag(space, bc.LegacyTagCreate{Name: name}, now)
	}
	for i, body := range lu.Leads {
		in, err := decodeLegacyStrict[bc.LegacyLeadCreate](body)
		if err == nil {
			_, err = s.createLegacyLead(space, u.ID, in, now)
		}
		if err != nil {
			return fmt.Errorf("mockserver: seed lead %d of legacy user %s: %w", i, lu.ID, err)
		}
	}
	for i, name := range lu.Reminders {
		in := bc.LegacyReminderCreate{Name: name, Date: nullable.NewNullableWithValue(now.Add(time.Duration(i+1) * 24 * time.Hour))}
		if _, err := s.insertLegacyReminder(space, u.ID, in, now); err != nil {
			return fmt.Errorf("mockserver: seed reminder %d of legacy user %s: %w", i, lu.ID, err)
		}
	}
	return nil
}

// decodeLegacyStrict converts a JSON-shaped value (a seed's map, a create body) into T,
// rejecting fields T does not have.
func decodeLegacyStrict[T any](v any) (T, error) {
	var out T
	b, err := json.Marshal(v)
	if err != nil {
		return out, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		return out, invalid("body", "%v", err)
	}
	return out, nil
}

// ---- Shared helpers ----

// legacyTime is a legacy timestamp: UTC with millisecond precision, as the API answers.
func legacyTime(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

func (s *Server) legacyNow() time.Time { return legacyTime(s.clock.Now()) }

func nullOf[T any]() nullable.Nullable[T] { return nullable.NewNullNullable[T]() }

// nullCopy is n as a stored value: a fresh map, and null when n was left out (a
// stored nullable must never be unspecified, or it would encode as a zero value).
func nullCopy[T any](n nullable.Nullable[T]) nullable.Nullable[T] {
	if v, err := n.Get(); err == nil {
		return nullable.NewNullableWithValue(v)
	}
	return nullOf[T]()
}

// applyNullable applies an update's nullable field: absent leaves dst alone, null
// clears it, a value sets it. dst gets a new map, so copies sharing the old one keep it.
func applyNullable[T any](dst *nullable.Nullable[T], src nullable.Nullable[T]) {
	if src.IsSpecified() {
		*dst = nullCopy(src)
	}
}

// nullableOr is n when it was sent (value or null), else def.
func nullableOr[T any](n nullable.Nullable[T], def nullable.Nullable[T]) nullable.Nullable[T] {
	if n.IsSpecified() {
		return nullCopy(n)
	}
	return def
}

// inSpace finds a path id's entity in the key's space; anything else is a 404.
func inSpace[T any](c *coll[T], space, kind string, id uuid.UUID) (*T, error) {
	v, ok := c.get(id.String())
	if !ok || c.parentOf(id.String()) != space {
		return nil, notFound(kind, id.String())
	}
	return v, nil
}

// refInSpace checks an id sent in a body names an entity of the space (400 naming field).
func refInSpace[T any](c *coll[T], space, field, kind string, id uuid.UUID) (*T, error) {
	v, err := inSpace(c, space, kind, id)
	if err != nil {
		return nil, invalid(field, "no %s %s in this workspace", kind, id)
	}
	return v, nil
}

// refsInSpace checks every id of a body's list (field.0, field.1, …).
func refsInSpace[T any](c *coll[T], space, field, kind string, ids *[]uuid.UUID) error {
	for i, id := range orEmptyPtr(ids) {
		if _, err := refInSpace(c, space, fmt.Sprintf("%s.%d", field, i), kind, id); err != nil {
			return err
		}
	}
	return nil
}

// legacyMember finds a user of the space by id.
func (s *Server) legacyMember(space, id string) *legacyUser {
	if u := s.store.legacyUsers[id]; u != nil && u.SpaceID.String() == space {
		return u
	}
	return nil
}

// checkLegacyMembers checks user ids sent in a body belong to the space's members.
func (s *Server) checkLegacyMembers(space, field string, ids []string) error {
	for i, id := range ids {
		if s.legacyMember(space, id) == nil {
			return invalid(fmt.Sprintf("%s.%d", field, i), "no member %q in this workspace", id)
		}
	}
	return nil
}

// legacyReplace stores a changed copy of an entity in place of the old value.
func legacyReplace[T any](c *coll[T], id string, v T) *T {
	it := c.byID[id]
	it.val = &v
	return it.val
}

// legacyPage is one 0-based page of items, newest first, of those keep accepts.
func legacyPage[T any](items []*item[T], req *bc.LegacyPageRequest, page *int, keep func(*T) bool) ([]T, bc.LegacyPagination, error) {
	found, p, err := legacyPageItems(items, req, page, keep)
	out := make([]T, 0, len(found))
	for _, it := range found {
		out = append(out, *it.val)
	}
	return out, p, err
}

// legacyPageItems is legacyPage returning the stored items themselves.
func legacyPageItems[T any](items []*item[T], req *bc.LegacyPageRequest, page *int, keep func(*T) bool) ([]*item[T], bc.LegacyPagination, error) {
	p := bc.LegacyPagination{Page: 0, PageSize: 100}
	if page != nil {
		p.Page = *page
	}
	if req != nil {
		setIf(&p.Page, req.Page)
		setIf(&p.PageSize, req.PageSize)
	}
	if p.Page < 0 {
		return nil, p, invalid("pagination.page", "must be 0 or more")
	}
	if p.PageSize < 1 || p.PageSize > 100 {
		return nil, p, invalid("pagination.page_size", "must be between 1 and 100")
	}
	skip := len(items) + 1 // a page past the end, without overflowing page*page_size
	if p.Page <= len(items) {
		skip = p.Page * p.PageSize
	}
	out := []*item[T]{}
	for i := len(items) - 1; i >= 0 && len(out) < p.PageSize; i-- {
		if keep != nil && !keep(items[i].val) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		out = append(out, items[i])
	}
	return out, p, nil
}

// legacyBareList copies a small collection of the space, oldest first.
func legacyBareList[T any](c *coll[T], space string) []T {
	out := []T{}
	for _, v := range values(c.children(space)) {
		out = append(out, *v)
	}
	return out
}

func legacyDeleted(id uuid.UUID) bc.LegacyDeleteResult {
	return bc.LegacyDeleteResult{ID: id, Deleted: true}
}

// idsUnion is have plus the ids of add it lacks, as a new slice.
func idsUnion[T comparable](have []T, add ...T) []T {
	out := slices.Clone(have)
	for _, id := range add {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return orEmpty(out)
}

// idsMinus is have without the ids of drop, as a new slice.
func idsMinus[T comparable](have []T, drop ...T) []T {
	out := make([]T, 0, len(have))
	for _, id := range have {
		if !slices.Contains(drop, id) {
			out = append(out, id)
		}
	}
	return out
}

var legacyPalette = []string{"#8ed1fc", "#00d084", "#fcb900", "#eb144c", "#9900ef", "#ff6900", "#0693e3", "#abb8c3"}

func legacyColor(n int) string { return legacyPalette[n%len(legacyPalette)] }

// legacyUserOf is the key's user.
func (s *Server) legacyUserOf(k *Key) (*legacyUser, error) {
	u := s.store.legacyUsers[k.UserID]
	if u == nil {
		return nil, notFound("user", k.UserID)
	}
	return u, nil
}

// ---- Account ----

func (h *handlers) LegacyGetMe(ctx context.Context, _ bc.LegacyGetMeRequestObject) (bc.LegacyGetMeResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	u, err := s.legacyUserOf(k)
	if err != nil {
		return nil, err
	}
	return bc.LegacyGetMe200JSONResponse{Body: bc.LegacyMe{
		ID: u.ID, Email: openapi_types.Email(u.Email), Name: u.Name, AvatarURL: nullOf[string](), IDSpace: mustUUID(k.SpaceID),
	}}, nil
}

func (h *handlers) LegacyListWorkspaces(ctx context.Context, req bc.LegacyListWorkspacesRequestObject) (bc.LegacyListWorkspacesResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	u, err := s.legacyUserOf(k)
	if err != nil {
		return nil, err
	}
	out := bc.LegacyWorkspaces{}
	if ws, ok := s.store.spaces.get(k.SpaceID); ok {
		w := *ws
		if deref(req.Params.Role) {
			w.Role = ptr(bc.LegacyWorkspaceRole(u.Role))
		}
		out = append(out, w)
	}
	return bc.LegacyListWorkspaces200JSONResponse{Body: out}, nil
}

var legacyRoleRank = map[bc.LegacyMemberRole]int{bc.LegacyMemberRoleOwner: 0, bc.LegacyMemberRoleAdmin: 1, bc.LegacyMemberRoleMember: 2}

func (h *handlers) LegacyListMembers(ctx context.Context, _ bc.LegacyListMembersRequestObject) (bc.LegacyListMembersResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	var users []*legacyUser
	for _, u := range s.store.legacyUsers {
		if u.SpaceID.String() == k.SpaceID {
			users = append(users, u)
		}
	}
	slices.SortFunc(users, func(a, b *legacyUser) int {
		if d := legacyRoleRank[a.Role] - legacyRoleRank[b.Role]; d != 0 {
			return d
		}
		return strings.Compare(a.Name+a.ID, b.Name+b.ID)
	})
	out := bc.LegacyMembers{}
	for _, u := range users {
		out = append(out, bc.LegacyMember{ID: u.ID, Email: openapi_types.Email(u.Email), FullName: u.Name, Role: u.Role, AvatarURL: nullOf[string]()})
	}
	return bc.LegacyListMembers200JSONResponse{Body: out}, nil
}

// ---- Leads ----

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

// applyLeadData applies the lead fields of a create or update body to c, a copy of
// the lead. prefix names the fields in errors ("" on create, "data." on update).
func (s *Server) applyLeadData(space string, c *bc.LegacyLead, d bc.LegacyLeadUpdateData, prefix string) error {
	if d.Owners != nil {
		if err := s.checkLegacyMembers(space, prefix+"owners", *d.Owners); err != nil {
			return err
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
				return err
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
	c.SearchQuery = leadSearchQuery(c)
	return nil
}

// checkAttributeValue checks a lead's value for a custom attribute of the space;
// null (which removes the value) is always accepted.
func (s *Server) checkAttributeValue(space, field, attrID string, v any) error {
	id, err := uuid.Parse(attrID)
	if err != nil {
		return invalid(field, "%q is not an attribute id", attrID)
	}
	a, err := refInSpace(s.store.attributes, space, field, "attribute", id)
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
			_, lerr := inSpace(s.store.leads, space, "lead", lid)
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
	id := uuid.New()
	if in.ID != nil {
		if _, taken := st.leads.get(in.ID.String()); taken {
			return nil, invalid("id", "a lead with id %s already exists", *in.ID)
		}
		id = *in.ID
	}
	if err := refsInSpace(st.statuses, space, "status", "status", in.Status); err != nil {
		return nil, err
	}
	if err := refsInSpace(st.tags, space, "tags", "tag", in.Tags); err != nil {
		return nil, err
	}
	if err := refsInSpace(st.lists, space, "lists", "list", in.Lists); err != nil {
		return nil, err
	}
	lists := orEmptyPtr(in.Lists)
	if in.IDList != nil {
		if _, err := refInSpace(st.lists, space, "id_list", "list", *in.IDList); err != nil {
			return nil, err
		}
		lists = append(slices.Clone(lists), *in.IDList)
	}
	d, err := leadDataOf(in)
	if err != nil {
		return nil, err
	}
	l := blankLead(id, space, now)
	if err := s.applyLeadData(space, &l, d, ""); err != nil {
		return nil, err
	}
	l.Status = idsUnion([]uuid.UUID{}, orEmptyPtr(in.Status)...)
	l.Tags = idsUnion([]uuid.UUID{}, orEmptyPtr(in.Tags)...)
	l.Lists = idsUnion([]uuid.UUID{}, lists...)
	if deref(in.AutoAssignOwner) {
		l.Owners = idsUnion(l.Owners, actor)
	}
	if company, err := l.Company.Get(); err == nil && deref(in.CreateCompanyIfNotExists) && !l.IsCompany && strings.TrimSpace(company) != "" && s.companyLead(space, company) == nil {
		c := blankLead(uuid.New(), space, now)
		c.IsCompany, c.Company, c.Owners = true, nullable.NewNullableWithValue(company), slices.Clone(l.Owners)
		c.AvatarURL, c.LinkedinCompanyURL = nullCopy(in.CompanyAvatarURL), nullCopy(in.CompanyLinkedinURL)
		c.SearchQuery = leadSearchQuery(&c)
		st.leads.put(space, c.ID.String(), st.nextSeq(), &c)
	}
	st.leads.put(space, l.ID.String(), st.nextSeq(), &l)
	return &l, nil
}

// companyLead finds the space's company lead with this company name.
func (s *Server) companyLead(space, name string) *bc.LegacyLead {
	for _, l := range values(s.store.leads.children(space)) {
		if c, err := l.Company.Get(); err == nil && l.IsCompany && strings.EqualFold(c, name) {
			return l
		}
	}
	return nil
}

// rewriteLeads lets change edit a copy of each of the space's leads; the copies it
// reports changed replace the stored leads. change must replace, not edit, the
// copy's slices and maps, which the stored lead shares.
func (s *Server) rewriteLeads(space string, change func(*bc.LegacyLead) bool) {
	for _, it := range s.store.leads.children(space) {
		c := *it.val
		if change(&c) {
			it.val = &c
		}
	}
}

// rewriteAttributeValues passes every lead's custom attribute values through fix,
// which returns the new value (nil removes it) and whether it changed it.
func (s *Server) rewriteAttributeValues(space string, fix func(attrID string, v any) (any, bool)) {
	s.rewriteLeads(space, func(l *bc.LegacyLead) bool {
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
		return changed
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
	if err := refsInSpace(s.store.leads, space, field+".leads", "lead", f.Leads); err != nil {
		return nil, err
	}
	if err := refsInSpace(s.store.leads, space, field+".not_leads", "lead", f.NotLeads); err != nil {
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
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	l, err := s.createLegacyLead(k.SpaceID, k.UserID, *req.Body, s.legacyNow())
	if err != nil {
		return nil, err
	}
	return bc.LegacyCreateLead200JSONResponse{Body: *l}, nil
}

func (h *handlers) LegacyGetLead(ctx context.Context, req bc.LegacyGetLeadRequestObject) (bc.LegacyGetLeadResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	l, err := inSpace(s.store.leads, k.SpaceID, "lead", req.ID)
	if err != nil {
		return nil, err
	}
	return bc.LegacyGetLead200JSONResponse{Body: *l}, nil
}

func (h *handlers) LegacyUpdateLead(ctx context.Context, req bc.LegacyUpdateLeadRequestObject) (bc.LegacyUpdateLeadResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	st, space := s.store, k.SpaceID
	l, err := inSpace(st.leads, space, "lead", req.ID)
	if err != nil {
		return nil, err
	}
	c := *l
	if err := s.applyLeadData(space, &c, in.Data, "data."); err != nil {
		return nil, err
	}
	if o := in.Options; o != nil {
		for _, ref := range []struct {
			field string
			ids   *[]uuid.UUID
			check func(string, *[]uuid.UUID) error
		}{
			{"options.tags_connect", o.TagsConnect, func(f string, v *[]uuid.UUID) error { return refsInSpace(st.tags, space, f, "tag", v) }},
			{"options.tags_disconnect", o.TagsDisconnect, func(f string, v *[]uuid.UUID) error { return refsInSpace(st.tags, space, f, "tag", v) }},
			{"options.status_connect", o.StatusConnect, func(f string, v *[]uuid.UUID) error { return refsInSpace(st.statuses, space, f, "status", v) }},
			{"options.status_disconnect", o.StatusDisconnect, func(f string, v *[]uuid.UUID) error { return refsInSpace(st.statuses, space, f, "status", v) }},
		} {
			if err := ref.check(ref.field, ref.ids); err != nil {
				return nil, err
			}
		}
		c.Tags = idsMinus(idsUnion(c.Tags, orEmptyPtr(o.TagsConnect)...), orEmptyPtr(o.TagsDisconnect)...)
		c.Status = idsMinus(idsUnion(c.Status, orEmptyPtr(o.StatusConnect)...), orEmptyPtr(o.StatusDisconnect)...)
	}
	c.UpdatedAt = nullable.NewNullableWithValue(s.legacyNow())
	return bc.LegacyUpdateLead200JSONResponse{Body: *legacyReplace(st.leads, c.ID.String(), c)}, nil
}

func (h *handlers) LegacyDeleteLead(ctx context.Context, req bc.LegacyDeleteLeadRequestObject) (bc.LegacyDeleteLeadResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	st, space := s.store, k.SpaceID
	if _, err := inSpace(st.leads, space, "lead", req.ID); err != nil {
		return nil, err
	}
	st.leads.del(req.ID.String())
	for _, n := range values(st.lnotes.children(space)) {
		if n.IDLead == req.ID {
			st.lnotes.del(n.ID.String())
		}
	}
	for _, it := range st.reminders.children(space) {
		if lid, err := it.val.IDLead.Get(); err == nil && lid == req.ID {
			c := *it.val
			c.IDLead = nullOf[uuid.UUID]()
			it.val = &c
		}
	}
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
	return bc.LegacyDeleteLead200JSONResponse{Body: legacyDeleted(req.ID)}, nil
}

func (h *handlers) LegacyAddLeadsToList(ctx context.Context, req bc.LegacyAddLeadsToListRequestObject) (bc.LegacyAddLeadsToListResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	st, space := s.store, k.SpaceID
	// As the operation documents, an unknown list or lead is a 404 and adds nothing.
	if _, err := inSpace(st.lists, space, "list", in.IDList); err != nil {
		return nil, err
	}
	for _, id := range in.Leads {
		if _, err := inSpace(st.leads, space, "lead", id); err != nil {
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
		legacyReplace(st.leads, id.String(), c)
	}
	return bc.LegacyAddLeadsToList200JSONResponse{Body: bc.LegacyAddLeadsToListResult{IDList: in.IDList, Leads: slices.Clone(in.Leads)}}, nil
}

// ---- Statuses ----

func sameLegacyList(a, b nullable.Nullable[uuid.UUID]) bool {
	x, errA := a.Get()
	y, errB := b.Get()
	return (errA != nil) == (errB != nil) && x == y
}

// defaultPipeline is the space's first list, or null when it has none.
func (s *Server) defaultPipeline(space string) nullable.Nullable[uuid.UUID] {
	if kids := s.store.lists.children(space); len(kids) > 0 {
		return nullable.NewNullableWithValue(kids[0].val.ID)
	}
	return nullOf[uuid.UUID]()
}

// placeStatus stores st at position at (the end when nil) of its list, and numbers
// the list's statuses 0, 1, … again. With st nil it only renumbers list's statuses.
func (s *Server) placeStatus(space string, list nullable.Nullable[uuid.UUID], st *bc.LegacyStatus, at *int) *bc.LegacyStatus {
	c := s.store.statuses
	var sibs []*bc.LegacyStatus
	for _, v := range values(c.children(space)) {
		if sameLegacyList(v.IDList, list) && (st == nil || v.ID != st.ID) {
			sibs = append(sibs, v)
		}
	}
	slices.SortStableFunc(sibs, func(a, b *bc.LegacyStatus) int { return a.Order - b.Order })
	if st != nil {
		pos := len(sibs)
		if at != nil && *at < pos {
			pos = *at
		}
		sibs = slices.Insert(sibs, pos, st)
	}
	for i, v := range sibs {
		id := v.ID.String()
		switch {
		case v == st:
			st.Order = i
			if _, ok := c.get(id); ok {
				st = legacyReplace(c, id, *st)
			} else {
				c.put(space, id, s.store.nextSeq(), st)
			}
		case v.Order != i:
			cp := *v
			cp.Order = i
			legacyReplace(c, id, cp)
		}
	}
	return st
}

// insertLegacyStatus validates a status create body and stores the status.
func (s *Server) insertLegacyStatus(space string, in bc.LegacyStatusCreate) (*bc.LegacyStatus, error) {
	list := nullableOr(in.IDList, s.defaultPipeline(space))
	if id, err := list.Get(); err == nil {
		if _, err := refInSpace(s.store.lists, space, "id_list", "list", id); err != nil {
			return nil, err
		}
	}
	st := &bc.LegacyStatus{
		ID: uuid.New(), Name: in.Name, IDSpace: mustUUID(space), IDList: list,
		Type:  nullableOr(in.Type, nullable.NewNullableWithValue("default")),
		Color: legacyColor(len(s.store.statuses.children(space))),
	}
	setIf(&st.Color, in.Color)
	setIf(&st.SuccessRate, in.SuccessRate)
	return s.placeStatus(space, list, st, in.Order), nil
}

func (h *handlers) LegacyListStatuses(ctx context.Context, req bc.LegacyListStatusesRequestObject) (bc.LegacyListStatusesResponseObject, error) {
	s, k, q := h.s, keyOf(ctx), req.Params
	defer s.readLock()()
	space := k.SpaceID
	var keep func(*bc.LegacyStatus) bool
	switch {
	case q.IDList != nil:
		if _, err := refInSpace(s.store.lists, space, "id_list", "list", *q.IDList); err != nil {
			return nil, err
		}
		list := nullable.NewNullableWithValue(*q.IDList)
		keep = func(st *bc.LegacyStatus) bool { return sameLegacyList(st.IDList, list) }
	case deref(q.All):
		keep = func(*bc.LegacyStatus) bool { return true }
	default: // the default pipeline's statuses and those shared by the whole workspace
		def := s.defaultPipeline(space)
		keep = func(st *bc.LegacyStatus) bool { return st.IDList.IsNull() || sameLegacyList(st.IDList, def) }
	}
	rank := map[uuid.UUID]int{}
	for i, it := range s.store.lists.children(space) {
		rank[it.val.ID] = i + 1 // shared statuses (no list) first
	}
	listRank := func(st bc.LegacyStatus) int {
		id, _ := st.IDList.Get()
		return rank[id]
	}
	out := bc.LegacyStatuses{}
	for _, st := range legacyBareList(s.store.statuses, space) {
		if keep(&st) {
			out = append(out, st)
		}
	}
	slices.SortStableFunc(out, func(a, b bc.LegacyStatus) int {
		if d := listRank(a) - listRank(b); d != 0 {
			return d
		}
		return a.Order - b.Order
	})
	return bc.LegacyListStatuses200JSONResponse{Body: out}, nil
}

func (h *handlers) LegacyCreateStatus(ctx context.Context, req bc.LegacyCreateStatusRequestObject) (bc.LegacyCreateStatusResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	st, err := s.insertLegacyStatus(k.SpaceID, *req.Body)
	if err != nil {
		return nil, err
	}
	return bc.LegacyCreateStatus200JSONResponse{Body: *st}, nil
}

func (h *handlers) LegacyUpdateStatus(ctx context.Context, req bc.LegacyUpdateStatusRequestObject) (bc.LegacyUpdateStatusResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	st, err := inSpace(s.store.statuses, k.SpaceID, "status", req.ID)
	if err != nil {
		return nil, err
	}
	c := *st
	setIf(&c.Name, in.Name)
	applyNullable(&c.Type, in.Type)
	setIf(&c.Color, in.Color)
	setIf(&c.SuccessRate, in.SuccessRate)
	at := ptr(c.Order)
	setIf(at, in.Order)
	return bc.LegacyUpdateStatus200JSONResponse{Body: *s.placeStatus(k.SpaceID, c.IDList, &c, at)}, nil
}

// dropStatus deletes a status, takes it off every lead and closes the gap in its list.
func (s *Server) dropStatus(space string, st *bc.LegacyStatus) {
	s.store.statuses.del(st.ID.String())
	s.rewriteLeads(space, func(l *bc.LegacyLead) bool {
		if !slices.Contains(l.Status, st.ID) {
			return false
		}
		l.Status = idsMinus(l.Status, st.ID)
		return true
	})
	s.placeStatus(space, st.IDList, nil, nil)
}

func (h *handlers) LegacyDeleteStatus(ctx context.Context, req bc.LegacyDeleteStatusRequestObject) (bc.LegacyDeleteStatusResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	st, err := inSpace(s.store.statuses, k.SpaceID, "status", req.ID)
	if err != nil {
		return nil, err
	}
	s.dropStatus(k.SpaceID, st)
	return bc.LegacyDeleteStatus200JSONResponse{Body: legacyDeleted(req.ID)}, nil
}

// ---- Tags ----

func (s *Server) insertLegacyTag(space string, in bc.LegacyTagCreate, now time.Time) *bc.LegacyTag {
	t := &bc.LegacyTag{ID: uuid.New(), Name: in.Name, IDSpace: mustUUID(space), CreatedAt: now, Color: legacyColor(len(s.store.tags.children(space)) + 3)}
	setIf(&t.Color, in.Color)
	s.store.tags.put(space, t.ID.String(), s.store.nextSeq(), t)
	return t
}

func (h *handlers) LegacyListTags(ctx context.Context, _ bc.LegacyListTagsRequestObject) (bc.LegacyListTagsResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	return bc.LegacyListTags200JSONResponse{Body: legacyBareList(s.store.tags, k.SpaceID)}, nil
}

func (h *handlers) LegacyCreateTag(ctx context.Context, req bc.LegacyCreateTagRequestObject) (bc.LegacyCreateTagResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	return bc.LegacyCreateTag200JSONResponse{Body: *s.insertLegacyTag(k.SpaceID, *req.Body, s.legacyNow())}, nil
}

func (h *handlers) LegacyUpdateTag(ctx context.Context, req bc.LegacyUpdateTagRequestObject) (bc.LegacyUpdateTagResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	t, err := inSpace(s.store.tags, k.SpaceID, "tag", req.ID)
	if err != nil {
		return nil, err
	}
	c := *t
	setIf(&c.Name, in.Name)
	setIf(&c.Color, in.Color)
	return bc.LegacyUpdateTag200JSONResponse{Body: *legacyReplace(s.store.tags, c.ID.String(), c)}, nil
}

func (h *handlers) LegacyDeleteTag(ctx context.Context, req bc.LegacyDeleteTagRequestObject) (bc.LegacyDeleteTagResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	if _, err := inSpace(s.store.tags, k.SpaceID, "tag", req.ID); err != nil {
		return nil, err
	}
	s.store.tags.del(req.ID.String())
	s.rewriteLeads(k.SpaceID, func(l *bc.LegacyLead) bool {
		if !slices.Contains(l.Tags, req.ID) {
			return false
		}
		l.Tags = idsMinus(l.Tags, req.ID)
		return true
	})
	return bc.LegacyDeleteTag200JSONResponse{Body: legacyDeleted(req.ID)}, nil
}

// ---- Lists ----

func (s *Server) insertLegacyList(space, name string, now time.Time) *bc.LegacyList {
	l := &bc.LegacyList{ID: uuid.New(), Name: name, IDSpace: mustUUID(space), CreatedAt: now, UpdatedAt: nullOf[time.Time]()}
	s.store.lists.put(space, l.ID.String(), s.store.nextSeq(), l)
	return l
}

func (h *handlers) LegacyListLists(ctx context.Context, _ bc.LegacyListListsRequestObject) (bc.LegacyListListsResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	return bc.LegacyListLists200JSONResponse{Body: legacyBareList(s.store.lists, k.SpaceID)}, nil
}

func (h *handlers) LegacyCreateList(ctx context.Context, req bc.LegacyCreateListRequestObject) (bc.LegacyCreateListResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	return bc.LegacyCreateList200JSONResponse{Body: *s.insertLegacyList(k.SpaceID, req.Body.Name, s.legacyNow())}, nil
}

func (h *handlers) LegacyUpdateList(ctx context.Context, req bc.LegacyUpdateListRequestObject) (bc.LegacyUpdateListResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	l, err := inSpace(s.store.lists, k.SpaceID, "list", req.ID)
	if err != nil {
		return nil, err
	}
	c := *l
	c.Name, c.UpdatedAt = req.Body.Name, nullable.NewNullableWithValue(s.legacyNow())
	return bc.LegacyUpdateList200JSONResponse{Body: *legacyReplace(s.store.lists, c.ID.String(), c)}, nil
}

func (h *handlers) LegacyDeleteList(ctx context.Context, req bc.LegacyDeleteListRequestObject) (bc.LegacyDeleteListResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	space := k.SpaceID
	if _, err := inSpace(s.store.lists, space, "list", req.ID); err != nil {
		return nil, err
	}
	s.store.lists.del(req.ID.String())
	list := nullable.NewNullableWithValue(req.ID)
	for _, st := range values(s.store.statuses.children(space)) {
		if sameLegacyList(st.IDList, list) {
			s.dropStatus(space, st)
		}
	}
	s.rewriteLeads(space, func(l *bc.LegacyLead) bool {
		if !slices.Contains(l.Lists, req.ID) {
			return false
		}
		l.Lists = idsMinus(l.Lists, req.ID)
		return true
	})
	return bc.LegacyDeleteList200JSONResponse{Body: legacyDeleted(req.ID)}, nil
}

// ---- Notes ----

func (h *handlers) LegacyListNotes(ctx context.Context, req bc.LegacyListNotesRequestObject) (bc.LegacyListNotesResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.readLock()()
	if in.IDLead != nil {
		if _, err := refInSpace(s.store.leads, k.SpaceID, "id_lead", "lead", *in.IDLead); err != nil {
			return nil, err
		}
	}
	notes, p, err := legacyPage(s.store.lnotes.children(k.SpaceID), in.Pagination, nil, func(n *bc.LegacyNote) bool {
		return in.IDLead == nil || n.IDLead == *in.IDLead
	})
	if err != nil {
		return nil, err
	}
	return bc.LegacyListNotes200JSONResponse{Body: bc.LegacyNotePage{Data: notes, Pagination: p}}, nil
}

func (h *handlers) LegacyCreateNote(ctx context.Context, req bc.LegacyCreateNoteRequestObject) (bc.LegacyCreateNoteResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	if _, err := refInSpace(s.store.leads, k.SpaceID, "id_lead", "lead", in.IDLead); err != nil {
		return nil, err
	}
	n := &bc.LegacyNote{ID: uuid.New(), IDLead: in.IDLead, Content: in.Content, IDUser: k.UserID, CreatedAt: s.legacyNow(), UpdatedAt: nullOf[time.Time]()}
	s.store.lnotes.put(k.SpaceID, n.ID.String(), s.store.nextSeq(), n)
	return bc.LegacyCreateNote200JSONResponse{Body: *n}, nil
}

func (h *handlers) LegacyUpdateNote(ctx context.Context, req bc.LegacyUpdateNoteRequestObject) (bc.LegacyUpdateNoteResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	n, err := inSpace(s.store.lnotes, k.SpaceID, "note", req.ID)
	if err != nil {
		return nil, err
	}
	c := *n
	c.Content, c.UpdatedAt = req.Body.Content, nullable.NewNullableWithValue(s.legacyNow())
	return bc.LegacyUpdateNote200JSONResponse{Body: *legacyReplace(s.store.lnotes, c.ID.String(), c)}, nil
}

func (h *handlers) LegacyDeleteNote(ctx context.Context, req bc.LegacyDeleteNoteRequestObject) (bc.LegacyDeleteNoteResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	if _, err := inSpace(s.store.lnotes, k.SpaceID, "note", req.ID); err != nil {
		return nil, err
	}
	s.store.lnotes.del(req.ID.String())
	return bc.LegacyDeleteNote200JSONResponse{Body: legacyDeleted(req.ID)}, nil
}

// ---- Reminders ----

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

// setReminderLead points a reminder at a lead of the space, or at none.
func (s *Server) setReminderLead(space string, r *bc.LegacyReminder, lead nullable.Nullable[uuid.UUID]) error {
	if id, err := lead.Get(); err == nil {
		if _, err := refInSpace(s.store.leads, space, "id_lead", "lead", id); err != nil {
			return err
		}
	}
	applyNullable(&r.IDLead, lead)
	return nil
}

// setReminderCron sets a reminder's schedule and the id of the job behind it.
func setReminderCron(r *bc.LegacyReminder, cron nullable.Nullable[string]) {
	applyNullable(&r.Cron, cron)
	r.CronID = nullOf[string]()
	if r.Cron.IsSpecified() && !r.Cron.IsNull() {
		r.CronID = nullable.NewNullableWithValue("reminder-" + r.ID.String()[:8])
	}
}

// insertLegacyReminder validates a reminder create body and stores the reminder.
func (s *Server) insertLegacyReminder(space, author string, in bc.LegacyReminderCreate, now time.Time) (*bc.LegacyReminder, error) {
	r := &bc.LegacyReminder{ID: uuid.New(), Name: in.Name, CreatedAt: now, IDLead: nullOf[uuid.UUID](), Date: nullCopy(in.Date)}
	if err := s.setReminderLead(space, r, in.IDLead); err != nil {
		return nil, err
	}
	setReminderCron(r, in.Cron)
	users, err := s.reminderUsers(space, "users", in.Users, author)
	if err != nil {
		return nil, err
	}
	r.Users = users
	s.store.reminders.put(space, r.ID.String(), s.store.nextSeq(), r)
	return r, nil
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
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	r, err := s.insertLegacyReminder(k.SpaceID, k.UserID, *req.Body, s.legacyNow())
	if err != nil {
		return nil, err
	}
	return bc.LegacyCreateReminder200JSONResponse{Body: *r}, nil
}

func (h *handlers) LegacyUpdateReminder(ctx context.Context, req bc.LegacyUpdateReminderRequestObject) (bc.LegacyUpdateReminderResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	space := k.SpaceID
	r, err := inSpace(s.store.reminders, space, "reminder", req.ID)
	if err != nil {
		return nil, err
	}
	c := *r
	setIf(&c.Name, in.Name)
	applyNullable(&c.Date, in.Date)
	if err := s.setReminderLead(space, &c, in.IDLead); err != nil {
		return nil, err
	}
	if in.Cron.IsSpecified() {
		setReminderCron(&c, in.Cron)
	}
	if in.Users != nil {
		author := ""
		if i := slices.IndexFunc(c.Users, func(u bc.LegacyReminderUser) bool { return u.IsAuthor }); i >= 0 {
			author = c.Users[i].ID
		}
		if c.Users, err = s.reminderUsers(space, "users", in.Users, author); err != nil {
			return nil, err
		}
	}
	return bc.LegacyUpdateReminder200JSONResponse{Body: *legacyReplace(s.store.reminders, c.ID.String(), c)}, nil
}

func (h *handlers) LegacyDeleteReminder(ctx context.Context, req bc.LegacyDeleteReminderRequestObject) (bc.LegacyDeleteReminderResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	if _, err := inSpace(s.store.reminders, k.SpaceID, "reminder", req.ID); err != nil {
		return nil, err
	}
	s.store.reminders.del(req.ID.String())
	return bc.LegacyDeleteReminder200JSONResponse{Body: legacyDeleted(req.ID)}, nil
}

// ---- Attributes ----

func attributeHasOptions(t bc.LegacyAttributeType) bool {
	return t == bc.LegacyAttributeTypeSelect || t == bc.LegacyAttributeTypeMultiselect
}

// attributeOptions builds an attribute's option list from the complete list sent:
// an option sent with the id of one of have is kept and relabelled, one without an
// id is new.
func attributeOptions(t bc.LegacyAttributeType, have []bc.LegacyAttributeOption, in *[]bc.LegacyAttributeOptionInput) ([]bc.LegacyAttributeOption, error) {
	out := []bc.LegacyAttributeOption{}
	if in == nil {
		return out, nil
	}
	if len(*in) > 0 && !attributeHasOptions(t) {
		return nil, invalid("options", "only select and multiselect attributes take options, not %s", t)
	}
	for i, o := range *in {
		id := uuid.New()
		if o.ID != nil {
			if !slices.ContainsFunc(have, func(h bc.LegacyAttributeOption) bool { return h.ID == *o.ID }) {
				return nil, invalid(fmt.Sprintf("options.%d.id", i), "no option %s on this attribute", *o.ID)
			}
			if slices.ContainsFunc(out, func(h bc.LegacyAttributeOption) bool { return h.ID == *o.ID }) {
				return nil, invalid(fmt.Sprintf("options.%d.id", i), "option %s appears twice", *o.ID)
			}
			id = *o.ID
		}
		out = append(out, bc.LegacyAttributeOption{ID: id, Label: o.Label})
	}
	return out, nil
}

func (h *handlers) LegacyListAttributes(ctx context.Context, _ bc.LegacyListAttributesRequestObject) (bc.LegacyListAttributesResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	return bc.LegacyListAttributes200JSONResponse{Body: legacyBareList(s.store.attributes, k.SpaceID)}, nil
}

func (h *handlers) LegacyCreateAttribute(ctx context.Context, req bc.LegacyCreateAttributeRequestObject) (bc.LegacyCreateAttributeResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	opts, err := attributeOptions(in.Type, nil, in.Options)
	if err != nil {
		return nil, err
	}
	a := &bc.LegacyAttribute{
		ID: uuid.New(), Name: in.Name, Type: in.Type, Options: opts, IsCompany: deref(in.IsCompany),
		IDSpace: mustUUID(k.SpaceID), CreatedAt: s.legacyNow(),
	}
	s.store.attributes.put(k.SpaceID, a.ID.String(), s.store.nextSeq(), a)
	return bc.LegacyCreateAttribute200JSONResponse{Body: *a}, nil
}

func (h *handlers) LegacyUpdateAttribute(ctx context.Context, req bc.LegacyUpdateAttributeRequestObject) (bc.LegacyUpdateAttributeResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	defer s.writeLock()()
	a, err := inSpace(s.store.attributes, k.SpaceID, "attribute", req.ID)
	if err != nil {
		return nil, err
	}
	c := *a
	setIf(&c.Name, in.Name)
	if in.Options != nil {
		if c.Options, err = attributeOptions(c.Type, a.Options, in.Options); err != nil {
			return nil, err
		}
		kept := func(x any) bool {
			str, _ := x.(string)
			return slices.ContainsFunc(c.Options, func(o bc.LegacyAttributeOption) bool { return o.ID.String() == str })
		}
		// Values naming a removed option lose it.
		s.rewriteAttributeValues(k.SpaceID, func(attrID string, v any) (any, bool) {
			if attrID != c.ID.String() || !attributeHasOptions(c.Type) {
				return v, false
			}
			if list, ok := v.([]any); ok {
				left := slices.DeleteFunc(slices.Clone(list), func(x any) bool { return !kept(x) })
				if len(left) == len(list) {
					return v, false
				}
				return left, true
			}
			if kept(v) {
				return v, false
			}
			return nil, true
		})
	}
	return bc.LegacyUpdateAttribute200JSONResponse{Body: *legacyReplace(s.store.attributes, c.ID.String(), c)}, nil
}

func (h *handlers) LegacyDeleteAttribute(ctx context.Context, req bc.LegacyDeleteAttributeRequestObject) (bc.LegacyDeleteAttributeResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	if _, err := inSpace(s.store.attributes, k.SpaceID, "attribute", req.ID); err != nil {
		return nil, err
	}
	s.store.attributes.del(req.ID.String())
	s.rewriteAttributeValues(k.SpaceID, func(attrID string, v any) (any, bool) {
		if attrID == req.ID.String() {
			return nil, true
		}
		return v, false
	})
	return bc.LegacyDeleteAttribute200JSONResponse{Body: legacyDeleted(req.ID)}, nil
}
