package mockserver

import (
	"context"
	"slices"
	"strings"

	openapi_types "github.com/oapi-codegen/runtime/types"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func (h *handlers) LegacyGetMe(ctx context.Context, _ bc.LegacyGetMeRequestObject) (bc.LegacyGetMeResponseObject, error) {
	me, err := asLegacyUser(ctx, h.s, func(u *legacyUser) bc.LegacyMe {
		return bc.LegacyMe{ID: u.ID, Email: openapi_types.Email(u.Email), Name: u.Name, AvatarURL: nullOf[string](), IDSpace: u.SpaceID}
	})
	return bc.LegacyGetMe200JSONResponse{Body: me}, err
}

func (h *handlers) LegacyListWorkspaces(ctx context.Context, req bc.LegacyListWorkspacesRequestObject) (bc.LegacyListWorkspacesResponseObject, error) {
	out, err := asLegacyUser(ctx, h.s, func(u *legacyUser) bc.LegacyWorkspaces {
		out := bc.LegacyWorkspaces{}
		if ws, ok := h.s.store.spaces.get(u.SpaceID.String()); ok {
			w := *ws
			if deref(req.Params.Role) {
				w.Role = ptr(bc.LegacyWorkspaceRole(u.Role))
			}
			out = append(out, w)
		}
		return out
	})
	return bc.LegacyListWorkspaces200JSONResponse{Body: out}, err
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
