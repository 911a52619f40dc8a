package mockserver

import (
	"context"
	"fmt"
	"slices"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func (s *Server) insertInboxView(id, wsID, author string, in bc.InboxViewCreate, now time.Time) *bc.InboxView {
	v := bc.InboxView{
		ID: id, WorkspaceID: wsID, Name: in.Name, Emoji: in.Emoji, IsSystem: ptr(false),
		Visibility: ptr(deref(in.Visibility)), Config: bc.ViewConfig{}, CreatedByUserID: author,
		CreatedAt: millis(now), UpdatedAt: millis(now),
	}
	if in.Visibility == nil {
		v.Visibility = ptr(bc.InboxViewVisibilityPersonal)
	}
	setIf(&v.Config, in.Config)
	s.store.sidebars[wsID] = append(slices.Clone(s.store.sidebars[wsID]), bc.SidebarItem{Type: bc.View, ID: v.ID})
	return s.store.inboxViews.add(wsID, v.ID, v)
}

// canSeeView: personal views are their creator's; workspace and restricted views
// are shared.
func canSeeView(k *Key, v *bc.InboxView) bool {
	return deref(v.Visibility) != bc.InboxViewVisibilityPersonal || v.CreatedByUserID == k.UserID
}

func (h *handlers) ListInboxViews(ctx context.Context, req bc.ListInboxViewsRequestObject) (bc.ListInboxViewsResponseObject, error) {
	st, k, wsID := h.s.store, keyOf(ctx), req.Params.WorkspaceID
	all, err := readParent(ctx, h.s, st.workspaces, wsID, func(*bc.Workspace) ([]bc.InboxView, error) {
		page := pageBySeq(st.inboxViews.children(wsID), false, pageReq{limit: -1}, func(v *bc.InboxView) bool { return canSeeView(k, v) })
		return orEmpty(page.items), nil
	})
	return bc.ListInboxViews200JSONResponse{Body: bc.InboxViewList{Data: all}}, err
}

func (h *handlers) CreateInboxView(ctx context.Context, req bc.CreateInboxViewRequestObject) (bc.CreateInboxViewResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	res, err := inParent(ctx, s, s.store.workspaces, req.Body.WorkspaceID, func(*bc.Workspace) (*bc.InboxView, error) {
		return s.insertInboxView(s.id("iv"), req.Body.WorkspaceID, k.UserID, *req.Body, s.clock.Now()), nil
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
		if in.Visibility != nil {
			c.Visibility = ptr(*in.Visibility)
		}
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
	s, wsID := h.s, req.Params.WorkspaceID
	sb, err := readParent(ctx, s, s.store.workspaces, wsID, func(*bc.Workspace) (bc.InboxSidebar, error) {
		return s.sidebar(keyOf(ctx), wsID), nil
	})
	return bc.GetInboxSidebar200JSONResponse{Body: sb}, err
}

// sidebar is the workspace's sidebar as the key's user sees it: the views they can
// see, the folders, and the layout of both. The store lock is held.
func (s *Server) sidebar(k *Key, wsID string) bc.InboxSidebar {
	out := bc.InboxSidebar{Views: []bc.InboxView{}, Folders: []bc.InboxSidebarFolder{}, Layout: []bc.InboxSidebarLayoutItem{}}
	for _, it := range s.store.sidebars[wsID] {
		place := bc.InboxSidebarLayoutItem{Position: len(out.Layout), ParentFolderID: it.ParentFolderID}
		if it.Type == bc.Folder {
			out.Folders = append(out.Folders, bc.InboxSidebarFolder{ID: it.ID, WorkspaceID: wsID})
			place.FolderID, place.IsCollapsed = ptr(it.ID), ptr(false)
		} else {
			v, ok := s.store.inboxViews.get(it.ID)
			if !ok || !canSeeView(k, v) {
				continue
			}
			out.Views = append(out.Views, *v)
			place.ViewID = ptr(it.ID)
		}
		out.Layout = append(out.Layout, place)
	}
	return out
}

func (h *handlers) ReorderInboxSidebar(ctx context.Context, req bc.ReorderInboxSidebarRequestObject) (bc.ReorderInboxSidebarResponseObject, error) {
	s, in := h.s, req.Body
	res, err := inParent(ctx, s, s.store.workspaces, in.WorkspaceID, func(*bc.Workspace) (*bc.InboxSidebar, error) {
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
		return ptr(s.sidebar(keyOf(ctx), in.WorkspaceID)), nil
	})
	return bc.ReorderInboxSidebar200JSONResponse{Body: deref(res)}, err
}
