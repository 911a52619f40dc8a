package client

import "github.com/breakcold-go/breakcold/gen/breakcold"

// Aliases of the generated types callers meet most often. Every other request
// and response type is in package breakcold, under the spec's schema name.
type (
	Record            = breakcold.Record
	RecordCreate      = breakcold.RecordCreate
	RecordUpdate      = breakcold.RecordUpdate
	RecordList        = breakcold.RecordList
	ListRecordsParams = breakcold.ListRecordsParams
	FieldValues       = breakcold.FieldValues
	Task              = breakcold.Task
	Note              = breakcold.Note
	Workspace         = breakcold.Workspace
	Conversation      = breakcold.Conversation
	Message           = breakcold.Message
	ErrorDetail       = breakcold.ErrorDetail
	LegacyLead        = breakcold.LegacyLead
	LegacyID          = breakcold.LegacyId // a UUID
)
