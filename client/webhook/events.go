package webhook

import (
	"encoding/json"
	"fmt"
	"time"
)

// Event is a delivery's envelope. Data holds the event's payload; decode it
// with the Kind of the event (Kind.Decode), or let a Handler do it.
type Event struct {
	ID          string          `json:"eventId"`   // evt_…; the same as X-Webhook-Delivery-Id
	Timestamp   time.Time       `json:"timestamp"` // when the change happened
	WorkspaceID string          `json:"workspaceId"`
	Type        string          `json:"event"` // e.g. record.created
	Data        json.RawMessage `json:"data"`
}

// Parse reads a delivery's body.
func Parse(body []byte) (*Event, error) {
	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformedDelivery, err)
	}
	if ev.ID == "" || ev.Type == "" || len(ev.Data) == 0 {
		return nil, fmt.Errorf("%w: envelope lacks eventId, event or data", ErrMalformedDelivery)
	}
	return &ev, nil
}

// Kind is an event type whose payload decodes into D. The variables below are
// the 14 events Breakcold sends.
type Kind[D any] struct{ name string }

// Name is the event's name, as in X-Webhook-Event.
func (k Kind[D]) Name() string { return k.name }

// Decode reads ev's payload, which must be of this kind.
func (k Kind[D]) Decode(ev *Event) (D, error) {
	var d D
	if ev.Type != k.name {
		return d, fmt.Errorf("webhook: event %s is not %s", ev.Type, k.name)
	}
	if err := json.Unmarshal(ev.Data, &d); err != nil {
		return d, fmt.Errorf("%w: %s data: %v", ErrMalformedDelivery, k.name, err)
	}
	return d, nil
}

// The events Breakcold sends, with the type of their data.
var (
	RecordCreated   = Kind[Record]{"record.created"}
	RecordUpdated   = Kind[Record]{"record.updated"}
	RecordDeleted   = Kind[RecordDeletion]{"record.deleted"}
	NoteCreated     = Kind[Note]{"note.created"}
	NoteUpdated     = Kind[Note]{"note.updated"}
	NoteDeleted     = Kind[NoteDeletion]{"note.deleted"}
	TaskCreated     = Kind[Task]{"task.created"}
	TaskCompleted   = Kind[Task]{"task.completed"}
	CallLinked      = Kind[Call]{"call.linked"}
	CallUnlinked    = Kind[Call]{"call.unlinked"}
	RelationAdded   = Kind[Relation]{"relation.added"}
	RelationRemoved = Kind[Relation]{"relation.removed"}
	FileUploaded    = Kind[File]{"file.uploaded"}
	FileDeleted     = Kind[File]{"file.deleted"}
)

// Events lists the names of every event, in the order of Breakcold's docs.
func Events() []string {
	return []string{
		RecordCreated.name, RecordUpdated.name, RecordDeleted.name,
		NoteCreated.name, NoteUpdated.name, NoteDeleted.name,
		TaskCreated.name, TaskCompleted.name,
		CallLinked.name, CallUnlinked.name,
		RelationAdded.name, RelationRemoved.name,
		FileUploaded.name, FileDeleted.name,
	}
}

// Record is the data of record.created and record.updated: the record as it
// is after the change.
type Record struct {
	ID             string         `json:"id"`
	ObjectType     string         `json:"objectType"`     // the object type's slug, e.g. person
	ObjectTypeName string         `json:"objectTypeName"` // e.g. Person
	Name           string         `json:"name"`
	Fields         map[string]any `json:"fields"` // field slug → value
	CreatedAt      time.Time      `json:"createdAt"`
	UpdatedAt      time.Time      `json:"updatedAt"`
}

// RecordDeletion is the data of record.deleted.
type RecordDeletion struct {
	ID      string `json:"id"`
	Deleted bool   `json:"deleted"`
}

// Note is the data of note.created and note.updated.
type Note struct {
	RecordID     string    `json:"recordId"`
	NoteID       string    `json:"noteId"`
	Title        string    `json:"title"`
	ContentPlain string    `json:"contentPlain"`
	Author       string    `json:"author"` // the author's display name
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
}

// NoteDeletion is the data of note.deleted.
type NoteDeletion struct {
	RecordID string `json:"recordId"`
	NoteID   string `json:"noteId"`
	Title    string `json:"title"`
}

// Task is the data of task.created (a task linked to a record) and
// task.completed.
type Task struct {
	RecordID string     `json:"recordId"`
	TaskID   string     `json:"taskId"`
	Title    string     `json:"title"`
	Status   string     `json:"status"` // todo or done
	DueAt    *time.Time `json:"dueAt,omitempty"`
}

// Call is the data of call.linked and call.unlinked.
type Call struct {
	RecordID     string `json:"recordId"`
	CallID       string `json:"callId"` // the call recording's id
	RecordName   string `json:"recordName"`
	MeetingTitle string `json:"meetingTitle"`
}

// Relation is the data of relation.added and relation.removed.
type Relation struct {
	SourceRecordID    string `json:"sourceRecordId"`
	TargetRecordID    string `json:"targetRecordId"`
	FieldDefinitionID string `json:"fieldDefinitionId"`
	FieldSlug         string `json:"fieldSlug"`
}

// File is the data of file.uploaded and file.deleted.
type File struct {
	RecordID string `json:"recordId"`
	FileName string `json:"fileName"`
}

// timeLayout is how Breakcold writes times in webhooks: ISO 8601 in UTC with
// milliseconds, e.g. 2026-03-19T12:00:00.000Z.
const timeLayout = "2006-01-02T15:04:05.000Z"

// MarshalJSON writes the envelope with Breakcold's timestamp form.
func (e Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID          string          `json:"eventId"`
		Timestamp   string          `json:"timestamp"`
		WorkspaceID string          `json:"workspaceId"`
		Type        string          `json:"event"`
		Data        json.RawMessage `json:"data"`
	}{e.ID, e.Timestamp.UTC().Format(timeLayout), e.WorkspaceID, e.Type, e.Data})
}
