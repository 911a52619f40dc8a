package mockserver

import (
	"context"
	"slices"
	"time"

	bc "github.com/breakcold-go/breakcold/internal/gen/breakcold"
)

func (s *Server) insertTask(rec *bc.Record, in bc.TaskCreate, now time.Time) *bc.Task {
	t := bc.Task{
		ID: s.id("tk"), WorkspaceID: rec.WorkspaceID, RecordID: ptr(rec.ID), Title: in.Title,
		DescriptionHTML: in.DescriptionHTML, DescriptionPlain: in.DescriptionPlain, Status: bc.TaskStatusTodo,
		AssigneeUserIds: orEmpty(orEmptyPtr(in.AssigneeUserIds)), ConversationID: in.ConversationID,
		LinkedResources: []bc.LinkedResource{{ResourceType: bc.LinkedResourceResourceTypeRecord, ResourceID: rec.ID, Label: ptr(rec.DisplayName)}},
		CreatedAt:       millis(now), UpdatedAt: millis(now),
	}
	t.DueAt.SetNull()
	if in.DueAt != nil {
		t.DueAt.Set(*in.DueAt)
	}
	if in.ConversationID != nil {
		t.LinkedResources = append(t.LinkedResources, bc.LinkedResource{ResourceType: bc.LinkedResourceResourceTypeConversation, ResourceID: *in.ConversationID})
	}
	return s.store.tasks.add(rec.ID, t.ID, t)
}

// dueKey sorts tasks by due date, undated last.
func dueKey(t *bc.Task) int64 {
	if d, err := t.DueAt.Get(); err == nil {
		return d
	}
	return 1<<62 - 1
}

func (h *handlers) ListRecordTasks(ctx context.Context, req bc.ListRecordTasksRequestObject) (bc.ListRecordTasksResponseObject, error) {
	st, q := h.s.store, req.Params
	done := q.IncludeCompleted != nil && *q.IncludeCompleted
	page, err := childPage(ctx, h.s, st.records, req.RecordID, st.tasks, q.Limit, q.Cursor,
		byKey(dueKey, func(t *bc.Task) bool { return done || t.Status != bc.TaskStatusDone }))
	return bc.ListRecordTasks200JSONResponse{Body: bc.TaskList{Data: orEmpty(page.items), Pagination: toPagination(page)}}, err
}

func (h *handlers) CreateRecordTask(ctx context.Context, req bc.CreateRecordTaskRequestObject) (bc.CreateRecordTaskResponseObject, error) {
	s, in := h.s, req.Body
	t, err := inParent(ctx, s, s.store.records, req.RecordID, func(rec *bc.Record) (*bc.Task, error) {
		if err := s.checkUsers(rec.WorkspaceID, "assigneeUserIds", in.AssigneeUserIds); err != nil {
			return nil, err
		}
		if in.ConversationID != nil {
			if c, ok := s.store.convs.get(*in.ConversationID); !ok || c.WorkspaceID != rec.WorkspaceID {
				return nil, invalid("conversationId", "no conversation %q in this workspace", *in.ConversationID)
			}
		}
		t := s.insertTask(rec, *in, s.clock.Now())
		s.changed(nil, t)
		return t, nil
	})
	return bc.CreateRecordTask201JSONResponse{Body: bc.TaskEnvelope{Task: deref(t)}}, err
}

func (h *handlers) UpdateTask(ctx context.Context, req bc.UpdateTaskRequestObject) (bc.UpdateTaskResponseObject, error) {
	s, in := h.s, req.Body
	t, err := update(ctx, s, s.store.tasks, req.TaskID, func(c bc.Task) (bc.Task, error) {
		if err := s.checkUsers(c.WorkspaceID, "assigneeUserIds", in.AssigneeUserIds); err != nil {
			return c, err
		}
		now := millis(s.clock.Now())
		setIf(&c.Title, in.Title)
		if in.DescriptionHTML != nil {
			c.DescriptionHTML = in.DescriptionHTML
		}
		if in.DescriptionPlain != nil {
			c.DescriptionPlain = in.DescriptionPlain
		}
		if in.AssigneeUserIds != nil {
			c.AssigneeUserIds = slices.Clone(*in.AssigneeUserIds)
		}
		if in.DueAt.IsSpecified() {
			c.DueAt = in.DueAt
		}
		if in.Status != nil && *in.Status != c.Status {
			c.Status, c.CompletedAt = *in.Status, nil
			if c.Status == bc.TaskStatusDone {
				c.CompletedAt = &now
			}
		}
		c.UpdatedAt = now
		return c, nil
	})
	return bc.UpdateTask200JSONResponse{Body: bc.TaskEnvelope{Task: t}}, err
}

func (h *handlers) CompleteTask(ctx context.Context, req bc.CompleteTaskRequestObject) (bc.CompleteTaskResponseObject, error) {
	t, err := update(ctx, h.s, h.s.store.tasks, req.TaskID, func(c bc.Task) (bc.Task, error) {
		if c.Status != bc.TaskStatusDone {
			now := millis(h.s.clock.Now())
			c.Status, c.CompletedAt, c.UpdatedAt = bc.TaskStatusDone, &now, now
		}
		return c, nil
	})
	return bc.CompleteTask200JSONResponse{Body: bc.TaskEnvelope{Task: t}}, err
}
