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
		ID: newID("iv"), WorkspaceID: wsID, Name: in.Name, Emoji: in.Emoji, IsSystem: ptr(false),
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

func (s *Server) inboxView(k *Key, id string) (*bc.InboxView, error) {
	v, err := s.store.inboxViews.visible(s, k, id)
	if err != nil {
		return nil, err
	}
	if !canSeeView(k, v) {
		return nil, notFound("inbox view", id)
	}
	return v, nil
}

func (h *handlers) ListInboxViews(ctx context.Context, req bc.ListInboxViewsRequestObject) (bc.ListInboxViewsResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	if _, err := s.workspaceFor(k, req.Params.WorkspaceID); err != nil {
		return nil, err
	}
	all := pageBySeq(s.store.inboxViews.children(req.Params.WorkspaceID), false, pageReq{limit: -1}, func(v *bc.InboxView) bool { return canSeeView(k, v) })
	return bc.ListInboxViews200JSONResponse{Body: bc.InboxViewList{Data: orEmpty(all.items)}}, nil
}

func (h *handlers) CreateInboxView(ctx context.Context, req bc.CreateInboxViewRequestObject) (bc.CreateInboxViewResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.writeLock()()
	if _, err := s.workspaceFor(k, req.Body.WorkspaceID); err != nil {
		return nil, err
	}
	v := s.insertInboxView(req.Body.WorkspaceID, k.UserID, *req.Body, s.clock.Now())
	return bc.CreateInboxView201JSONResponse{Body: bc.InboxViewEnvelope{View: *v}}, nil
}

func (h *handlers) GetInboxView(ctx context.Context, req bc.GetInboxViewRequestObject) (bc.GetInboxViewResponseObject, error) {
	s := h.s
	defer s.readLock()()
	v, err := s.inboxView(keyOf(ctx), req.ViewID)
	if err != nil {
		return nil, err
	}
	return bc.GetInboxView200JSONResponse{Body: bc.InboxViewEnvelope{View: *v}}, nil
}

func (h *handlers) UpdateInboxView(ctx context.Context, req bc.UpdateInboxViewRequestObject) (bc.UpdateInboxViewResponseObject, error) {
	s, in := h.s, req.Body
	defer s.writeLock()()
	v, err := s.inboxView(keyOf(ctx), req.ViewID)
	if err != nil {
		return nil, err
	}
	c := *v
	setIf(&c.Name, in.Name)
	if in.Visibility != nil {
		c.Visibility = ptr(*in.Visibility)
	}
	setIf(&c.Config, in.Config)
	if in.Emoji != nil {
		c.Emoji = in.Emoji
	}
	c.UpdatedAt = millis(s.clock.Now())
	return bc.UpdateInboxView200JSONResponse{Body: bc.InboxViewEnvelope{View: *s.store.inboxViews.replace(c.ID, c)}}, nil
}

func (h *handlers) DeleteInboxView(ctx context.Context, req bc.DeleteInboxViewRequestObject) (bc.DeleteInboxViewResponseObject, error) {
	s := h.s
	defer s.writeLock()()
	v, err := s.inboxView(keyOf(ctx), req.ViewID)
	if err != nil {
		return nil, err
	}
	s.store.inboxViews.del(v.ID)
	s.store.sidebars[v.WorkspaceID] = slices.DeleteFunc(slices.Clone(s.store.sidebars[v.WorkspaceID]), func(it bc.SidebarItem) bool { return it.ID == v.ID })
	return bc.DeleteInboxView200JSONResponse{Body: bc.DeleteResult{ID: v.ID, Deleted: bc.DeleteResultDeletedTrue}}, nil
}

func (h *handlers) GetInboxSidebar(ctx context.Context, req bc.GetInboxSidebarRequestObject) (bc.GetInboxSidebarResponseObject, error) {
	s, k := h.s, keyOf(ctx)
	defer s.readLock()()
	if _, err := s.workspaceFor(k, req.Params.WorkspaceID); err != nil {
		return nil, err
	}
	return bc.GetInboxSidebar200JSONResponse{Body: s.sidebar(k, req.Params.WorkspaceID)}, nil
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
	defer s.writeLock()()
	if _, err := s.workspaceFor(keyOf(ctx), in.WorkspaceID); err != nil {
		return nil, err
	}
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
	return bc.ReorderInboxSidebar200JSONResponse{Body: s.sidebar(keyOf(ctx), in.WorkspaceID)}, nil
}
