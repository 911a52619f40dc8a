package mockserver

import (
	"context"
	"fmt"
	"slices"
	"time"

	bc "github.com/breakcold-go/breakcold/gen/breakcold"
)

func (s *Server) insertInboxView(wsID, author string, in bc.InboxViewCreate, now time.Time) *bc.InboxView {
	v := bc.InboxView{
		ID: newID("iv"), WorkspaceID: wsID, Name: in.Name, Emoji: in.Emoji, Visibility: bc.InboxViewVisibilityPersonal,
		Config: bc.ViewConfig{}, CreatedByUserID: author, CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	setIf(&v.Visibility, in.Visibility)
	setIf(&v.Config, in.Config)
	s.store.sidebars[wsID] = append(slices.Clone(s.store.sidebars[wsID]), bc.SidebarItem{Type: bc.View, ID: v.ID})
	return s.store.inboxViews.add(wsID, v.ID, v)
}

// canSeeView: personal views are their creator's; workspace and restricted views
// are shared.
func canSeeView(k *Key, v *bc.InboxView) bool {
	return v.Visibility != bc.InboxViewVisibilityPersonal || v.CreatedByUserID == k.UserID
}

func (h *handlers) ListInboxViews(ctx context.Context, req bc.ListInboxViewsRequestObject) (bc.ListInboxViewsResponseObject, error) {
	k, q := keyOf(ctx), req.Params
	page, err := childPage(ctx, h.s, h.s.store.workspaces, q.WorkspaceID, h.s.store.inboxViews, q.Limit, q.Cursor,
		inOrder(false, func(v *bc.InboxView) bool { return canSeeView(k, v) }))
	return bc.ListInboxViews200JSONResponse{Body: bc.InboxViewList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, err
}

func (h *handlers) CreateInboxView(ctx context.Context, req bc.CreateInboxViewRequestObject) (bc.CreateInboxViewResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	res, err := inParent(ctx, s, s.store.workspaces, req.Body.WorkspaceID, func(*bc.Workspace) (*bc.InboxView, error) {
		return s.insertInboxView(req.Body.WorkspaceID, k.UserID, *req.Body, s.clock.Now()), nil
	})
	return bc.CreateInboxView201JSONResponse{Body: bc.InboxViewEnvelope{View: deref(res)}}, err
}

func (h *handlers) GetInboxView(ctx context.Context, req bc.GetInboxViewRequestObject) (bc.GetInboxViewResponseObject, error) {
	v, err := get(ctx, h.s, h.s.store.inboxViews, req.ViewID)
	if err == nil && !canSeeView(keyOf(ctx), &v) {
		err = notFound("inbox view", req.ViewID)
	}
	return bc.GetInboxView200JSONResponse{Body: bc.InboxViewEnvelope{View: v}}, err
}

func (h *handlers) UpdateInboxView(ctx context.Context, req bc.UpdateInboxViewRequestObject) (bc.UpdateInboxViewResponseObject, error) {
	s, k, in := h.s, keyOf(ctx), req.Body
	v, err := update(ctx, s, s.store.inboxViews, req.ViewID, func(c bc.InboxView) (bc.InboxView, error) {
		if !canSeeView(k, &c) {
			return c, notFound("inbox view", c.ID)
		}
		setIf(&c.Name, in.Name)
		setIf(&c.Visibility, in.Visibility)
		setIf(&c.Config, in.Config)
		if in.Emoji != nil {
			c.Emoji = in.Emoji
		}
		c.UpdatedAt = millis(s.clock.Now())
		return c, nil
	})
	return bc.UpdateInboxView200JSONResponse{Body: bc.InboxViewEnvelope{View: v}}, err
}

func (h *handlers) DeleteInboxView(ctx context.Context, req bc.DeleteInboxViewRequestObject) (bc.DeleteInboxViewResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	res, err := remove(ctx, s, s.store.inboxViews, req.ViewID, func(v *bc.InboxView) error {
		if !canSeeView(k, v) {
			return notFound("inbox view", v.ID)
		}
		s.store.sidebars[v.WorkspaceID] = slices.DeleteFunc(slices.Clone(s.store.sidebars[v.WorkspaceID]), func(it bc.SidebarItem) bool { return it.ID == v.ID })
		return nil
	})
	return bc.DeleteInboxView200JSONResponse{Body: res}, err
}

func (h *handlers) GetInboxSidebar(ctx context.Context, req bc.GetInboxSidebarRequestObject) (bc.GetInboxSidebarResponseObject, error) {
	st, k, wsID := h.s.store, keyOf(ctx), req.Params.WorkspaceID
	items, err := readParent(ctx, h.s, st.workspaces, wsID, func(*bc.Workspace) ([]bc.SidebarItem, error) {
		return slices.DeleteFunc(slices.Clone(st.sidebars[wsID]), func(it bc.SidebarItem) bool {
			v, ok := st.inboxViews.get(it.ID)
			return it.Type == bc.View && ok && !canSeeView(k, v)
		}), nil
	})
	return bc.GetInboxSidebar200JSONResponse{Body: bc.InboxSidebarEnvelope{Sidebar: bc.InboxSidebar{WorkspaceID: wsID, Items: orEmpty(items)}}}, err
}

func (h *handlers) ReorderInboxSidebar(ctx context.Context, req bc.ReorderInboxSidebarRequestObject) (bc.ReorderInboxSidebarResponseObject, error) {
	s, in := h.s, req.Body
	res, err := inParent(ctx, s, s.store.workspaces, in.WorkspaceID, func(*bc.Workspace) ([]bc.SidebarItem, error) {
		var haveViews, gotViews []string
		for _, it := range s.store.sidebars[in.WorkspaceID] {
			if it.Type == bc.View {
				haveViews = append(haveViews, it.ID)
			}
		}
		folders := map[string]bool{}
		for _, it := range in.Items {
			if it.Type == bc.Folder {
				folders[it.ID] = true
			}
		}
		for i, it := range in.Items {
			if it.ParentFolderID != nil && !folders[*it.ParentFolderID] {
				return nil, invalid(fmt.Sprintf("items.%d.parentFolderId", i), "no folder %q among the items", *it.ParentFolderID)
			}
			if it.Type == bc.Folder && it.ParentFolderID != nil {
				return nil, invalid(fmt.Sprintf("items.%d.parentFolderId", i), "folders cannot be nested")
			}
			if it.Type == bc.View {
				gotViews = append(gotViews, it.ID)
			}
		}
		if _, err := reorder("items", gotViews, haveViews); err != nil {
			return nil, err
		}
		s.store.sidebars[in.WorkspaceID] = slices.Clone(in.Items)
		return orEmpty(slices.Clone(in.Items)), nil
	})
	return bc.ReorderInboxSidebar200JSONResponse{Body: bc.InboxSidebarEnvelope{Sidebar: bc.InboxSidebar{WorkspaceID: in.WorkspaceID, Items: res}}}, err
}
