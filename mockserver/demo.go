package mockserver

import (
	"time"

	"github.com/breakcold-go/breakcold/client"
)

// The demo keys the built-in dataset registers. They are fixed so that docs, curl
// lines and CI scripts can use them; they work only against the mock.
const (
	DemoKeyFull     = "bc_live_usfull_4f7a2c9e1b6d3f5a8c2e7b90"   // US, every scope
	DemoKeyReadOnly = "bc_live_usread_9c3e7b1d5f2a8c4e6b0d2f71"   // US, the read scopes
	DemoKeySales    = "bc_live_ussale_2b6d8f0a4c9e1b3d5f7a9c13"   // US, every scope, limited to the Sales workspace
	DemoKeyExpired  = "bc_live_usexpd_7e1c5a9f3b2d8e6c4a0f2b58"   // US, expired
	DemoKeyEU       = "bc_live_eufull_5d9b3f7a1c8e2d6b4f0a9c37"   // EU, every scope
	DemoKeyLegacy   = "breakcold-usr-demo01-7f3a9c1e5b2d8f4a6c0e" // legacy API
)

// Ids of the demo dataset that docs and tests refer to.
const (
	DemoOrgUS          = "og3h5j7k9m1n3p5q7r9s1t3v5w7x9y1z"
	DemoOrgEU          = "og8e2u4r6o8p0e2u4r6o8p0e2u4r6o8p"
	DemoUserAda        = "hs7wgdn9n31gbw7232j2w5wr6x84jbr9"
	DemoUserGrace      = "hs2k4m6p8r0t2w4y6a8c0e2g4j6l8n0q"
	DemoUserMarie      = "hs9c1e3g5j7l9n1q3s5u7w9y1a3c5e7g"
	DemoWorkspaceSales = "wk5d2k4m6n8p0q2r4s6t8v0x2z4b6c8d"
	DemoWorkspacePartn = "wk7f9h1k3m5p7r9t1w3y5a7c9e1g3j5l"
	DemoWorkspaceEU    = "wk1e3u5r7o9p1e3u5r7o9p1e3u5r7o9p"
	DemoLegacyUser     = "8XZHWCI3EVaPfiZpYL5shZRAwjj2"
	DemoLegacySpace    = "6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b"
	// The demo legacy workspace's object definitions, LegacyObjectID(DemoLegacySpace, …):
	// the id_object of legacyCreateAttribute.
	DemoLegacyPersonObject  = "f5b40d11-b170-5e34-9b4e-ffd1fe05d5d8"
	DemoLegacyCompanyObject = "bcb2ad07-9324-5024-a43b-1132eec2ff67"

	// Records, notes and inbox entities of the demo dataset. Every other demo id
	// (tasks, system object types and their fields, legacy leads, …) is derived from
	// the dataset and is the same on every start too: list them once to learn them.
	DemoRecordBabbageCo     = "rcn7aqw8tjrtt16d7z5nv654recdgrb5" // company, Sales
	DemoRecordCharles       = "rce8ccfhkfnaxycwcnc3hyxg040h9p7w" // person, Sales: tasks, a note, a conversation
	DemoRecordJoseph        = "rcp61fanr9z18fx7x9hst20er8mfbn9y" // person, Sales
	DemoRecordMary          = "rc5v2m1sebz6gpzv22sgjmq5rek3mqtj" // person, Sales, archived
	DemoRecordRollout       = "rc5d57d544k5yrdg8b1ba5mwy1fegnky" // deal, Sales
	DemoRecordPierre        = "rc44mvceep3es72rvpyj6g4taa96qgr5" // person, Ventes Europe (EU)
	DemoNoteFirstCall       = "nt3ve58n7a42g13h8s4vsamxq8xqkhhj" // on DemoRecordCharles
	DemoConversationPilot   = "cvkwmbsjng5nq7m8zd371hcbyjva195c" // email with Charles Babbage
	DemoMeetingKickoff      = "mtm5rxrb42h9qstqtpsjpw90bw0ttdps" // with a transcript
	DemoInboxViewUnanswered = "iv9xp8eye1x4hddajrm7x9tt0vh6as50"

	// What the spec's examples delete and nothing else in the dataset has: a custom
	// object type with a custom field (Partnerships), an integration hook (Sales),
	// and a legacy note and custom attribute. Their ids are fixed, so adding them
	// left every derived id as it was.
	DemoObjectProject   = "ot0a2vpfp1bv34c15sh2grtc4ybv6hmt"
	DemoFieldBudget     = "fd774evh1bbpc873y859cezwrse2wdp1" // number field of DemoObjectProject
	DemoIntegrationHook = "hkqc5p5c7nk97tbww1k1rbfvjv0mkh3z" // Zapier, task.created
	DemoLegacyLeadJoan  = "7e4a31b3-9330-448d-9790-5ea7725fbda2"
	DemoLegacyNote      = "fe841595-c6cf-4414-9d7e-ed4c57f9fbe7" // on DemoLegacyLeadJoan
	DemoLegacyAttribute = "444b70c8-4aa1-4fa1-b7a5-b34999f4ab85" // company select "Market"
)

// ReadScopes are the scopes of the demo read-only key.
var ReadScopes = []client.Scope{
	client.ScopeRecordsRead, client.ScopeTasksRead, client.ScopeNotesRead, client.ScopeInboxRead,
	client.ScopeInboxViewsRead, client.ScopeMeetingsRead, client.ScopeCRMMetadataRead,
}

// DemoSeed returns the built-in demo dataset: two US workspaces and one EU workspace
// with people, companies and deals, tasks, notes, conversations, meetings and inbox
// views; a legacy user with leads, statuses, lists and tags; and the demo keys.
func DemoSeed() *Seed {
	return &Seed{
		Organizations: []SeedOrg{
			{
				ID: DemoOrgUS, Name: "Analytical Engines Inc.", Region: US,
				Users: []SeedUser{
					{ID: DemoUserAda, Name: "Ada Lovelace", Email: "ada@analytical.example"},
					{ID: DemoUserGrace, Name: "Grace Hopper", Email: "grace@analytical.example"},
				},
				Workspaces: []SeedWorkspace{demoSales(), demoPartnerships()},
			},
			{
				ID: DemoOrgEU, Name: "Curie Analytics SAS", Region: EU,
				Users:      []SeedUser{{ID: DemoUserMarie, Name: "Marie Curie", Email: "marie@curie.example"}},
				Workspaces: []SeedWorkspace{demoEurope()},
			},
		},
		LegacyUsers: []SeedLegacyUser{{
			ID: DemoLegacyUser, Name: "Alan Turing", Email: "alan@bletchley.example",
			SpaceID: DemoLegacySpace, SpaceName: "Bletchley Outreach",
			Lists:    []string{"Prospects", "Partners"},
			Statuses: []string{"New", "Contacted", "Replied", "Meeting booked", "Won"},
			Tags:     []string{"vip", "conference", "inbound"},
			Leads: []map[string]any{
				{"id": DemoLegacyLeadJoan, "first_name": "Joan", "last_name": "Clarke", "email": "joan@hut8.example", "company": "Hut 8", "company_role": "Cryptanalyst", "linkedin_url": "https://www.linkedin.com/in/joanclarke"},
				{"first_name": "Tommy", "last_name": "Flowers", "email": "tommy@dollis.example", "company": "Dollis Hill", "company_role": "Engineer"},
				{"first_name": "Gordon", "last_name": "Welchman", "email": "gordon@hut6.example", "company": "Hut 6", "is_contract": true, "contract_name": "Bombe upgrade", "contract_value": "25000", "contract_currency": "GBP"},
				{"company": "Government Code and Cypher School", "is_company": true, "website_url": "https://gccs.example"},
			},
			Reminders: []string{"Follow up with Joan", "Send the Bombe proposal"},
			Data: &SeedLegacyData{
				Attributes: []client.LegacyAttribute{{ID: DemoLegacyAttribute, Name: "Market", IsCompany: true, Type: client.LegacyAttributeTypeSelect,
					Options: []client.LegacyAttributeOption{
						{ID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", Label: "Manufacturing"},
						{ID: "1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e", Label: "Software"},
					}}},
				Notes: []client.LegacyNote{{ID: DemoLegacyNote, IDLead: DemoLegacyLeadJoan, Content: "Knows the Bombe inside out; ask about Hut 8's workflow."}},
			},
		}},
		Keys: []KeySpec{
			{Name: "Demo full access (US)", UserID: DemoUserAda, AllScopes: true, Secret: DemoKeyFull},
			{Name: "Demo read-only (US)", UserID: DemoUserAda, Scopes: ReadScopes, Secret: DemoKeyReadOnly},
			{Name: "Demo Sales workspace only (US)", UserID: DemoUserGrace, AllScopes: true, WorkspaceID: DemoWorkspaceSales, Secret: DemoKeySales},
			{Name: "Demo expired (US)", UserID: DemoUserAda, AllScopes: true, ExpiresIn: -24 * time.Hour, Secret: DemoKeyExpired},
			{Name: "Demo full access (EU)", UserID: DemoUserMarie, AllScopes: true, Secret: DemoKeyEU},
			{Name: "Demo legacy", Generation: client.GenerationLegacy, UserID: DemoLegacyUser, Secret: DemoKeyLegacy},
		},
	}
}

func demoSales() SeedWorkspace {
	return SeedWorkspace{
		ID: DemoWorkspaceSales, Name: "Sales", Description: "Outbound sales to engineering firms",
		Records: []SeedRecord{
			{ID: DemoRecordBabbageCo, Ref: "babbage", ObjectType: "company", Fields: map[string]any{"name": "Babbage & Co", "domain": "babbage.example", "employees": 120.0}},
			{ID: "rcffhfpqd1834ne5fs2115sxdtf9wntg", Ref: "jacquard", ObjectType: "company", Fields: map[string]any{"name": "Jacquard Looms", "domain": "jacquard.example", "employees": 45.0}},
			{ID: DemoRecordCharles, Ref: "charles", ObjectType: "person", Fields: map[string]any{"name": "Charles Babbage", "email": "charles@babbage.example", "job_title": "Founder", "owner": DemoUserAda},
				Tasks: []string{"Send the pilot proposal", "Book a demo of the difference engine"},
				Notes: []SeedNote{{ID: DemoNoteFirstCall, Title: "First call", Content: "<p>Wants a pilot in Q3. Budget approved.</p>"}}},
			{ID: DemoRecordJoseph, Ref: "joseph", ObjectType: "person", Fields: map[string]any{"name": "Joseph Jacquard", "email": "joseph@jacquard.example", "job_title": "Head of Operations", "phone": "+33 4 72 00 00 00"},
				Tasks: []string{"Share punch-card case study"}},
			{ID: "rcy6hsfx6pj6f19p9fc3vvxv5tnpmg7r", ObjectType: "person", Fields: map[string]any{"name": "Luigi Menabrea", "email": "luigi@menabrea.example", "job_title": "Engineer"}},
			{ID: DemoRecordMary, ObjectType: "person", Fields: map[string]any{"name": "Mary Somerville", "email": "mary@somerville.example", "job_title": "Researcher"}, Archived: true},
			{ID: DemoRecordRollout, Ref: "rollout", ObjectType: "deal", Fields: map[string]any{"name": "Analytical Engine rollout", "value": map[string]any{"amount": 48000.0, "currencyCode": "USD"}},
				Notes: []SeedNote{{ID: "nty2r5va9sm11vdgp6phvh9fgmg7t7ya", Title: "Scope", Content: "<p>Three sites, phased over two quarters.</p>"}}},
			{ID: "rcr1rq49gm5sz3p3sandsv201nxbqacz", ObjectType: "deal", Fields: map[string]any{"name": "Loom automation", "value": map[string]any{"amount": 12500.0, "currencyCode": "USD"}}},
		},
		SendAccounts: []SeedSendAccount{
			{ID: "sajynh7jaajnad4d97wqxb23b4v3vwnr", Channel: "email", DisplayName: "Ada Lovelace", Handle: "ada@analytical.example"},
			{ID: "sawh68h8w0msfwrbph2tq0jzz0jkjp8h", Channel: "linkedin", DisplayName: "Ada Lovelace", Handle: "ada-lovelace"},
		},
		Conversations: []SeedConversation{
			{ID: DemoConversationPilot, Channel: "email", Subject: "Pilot proposal", With: "Charles Babbage", Handle: "charles@babbage.example", Records: []string{"charles", "rollout"},
				Messages: []SeedMessage{{Text: "Hi Charles, the pilot proposal is attached."}, {Inbound: true, Text: "Thanks, the numbers look right. Let's talk on Monday."}}},
			{ID: "cvw8h4sxd6b6ftz81wycq6s3tz895hbr", Channel: "linkedin", With: "Joseph Jacquard", Handle: "joseph-jacquard", Records: []string{"joseph"},
				Messages: []SeedMessage{{Inbound: true, Text: "Saw your talk on programmable looms, can we chat?"}}},
		},
		Meetings: []SeedMeeting{{ID: DemoMeetingKickoff, Title: "Pilot kickoff", Records: []string{"charles", "rollout"}, Transcript: []string{
			"Ada Lovelace: Shall we start with the timeline?",
			"Charles Babbage: Yes. We need the first site live by September.",
			"Ada Lovelace: That works if the punch cards arrive in August.",
		}}},
		InboxViews:   []string{"Unanswered", "Linked to deals"},
		InboxViewIDs: []string{DemoInboxViewUnanswered, "iv9mchfvhk6pxyf0pm5fk9dm6xms8g4q"},
		IntegrationHooks: []client.IntegrationHook{{ID: DemoIntegrationHook, Platform: client.IntegrationPlatformZapier,
			Event: client.IntegrationEventTaskCreated, TargetURL: "https://hooks.zapier.com/hooks/catch/1234567/abcdefg/"}},
	}
}

func demoPartnerships() SeedWorkspace {
	return SeedWorkspace{
		ID: DemoWorkspacePartn, Name: "Partnerships", Description: "Resellers and integrators",
		ObjectTypes: []SeedObjectType{{
			CRMObject: client.CRMObject{ID: DemoObjectProject, Slug: "project", NameSingular: "Project", NamePlural: "Projects", Order: 3},
			Fields: []SeedField{
				{FieldDefinition: client.FieldDefinition{ID: "fdx3z7az4s7k2fbjrpqbf9sxh7a6f1dq", Slug: "name", Name: "Name", FieldType: client.FieldTypeText, IsPrimary: true, IsRequired: true}},
				{FieldDefinition: client.FieldDefinition{ID: DemoFieldBudget, Slug: "budget", Name: "Budget", FieldType: client.FieldTypeNumber, Order: 1}},
			},
			Views: []client.RecordView{{ID: "rv5psqg40e0j9bgwb7zc7vpf56j427rv", Name: "All projects", Type: client.RecordViewTypeTable, IsDefault: true}},
		}},
		Records: []SeedRecord{
			{ID: "rcwj0yecdtkc5h56hz0c6bjk2xrzyd0d", ObjectType: "company", Fields: map[string]any{"name": "Difference Engines Ltd", "domain": "difference.example"}},
			{ID: "rcj71knqhnb3nbh0cj8zaq7gakr3ewdh", ObjectType: "person", Fields: map[string]any{"name": "Herman Hollerith", "email": "herman@tabulating.example", "job_title": "CEO"}},
		},
	}
}

func demoEurope() SeedWorkspace {
	return SeedWorkspace{
		ID: DemoWorkspaceEU, Name: "Ventes Europe", Description: "EU-hosted pipeline",
		Records: []SeedRecord{
			{ID: DemoRecordPierre, Ref: "pierre", ObjectType: "person", Fields: map[string]any{"name": "Pierre Curie", "email": "pierre@sorbonne.example", "job_title": "Professor"},
				Tasks: []string{"Send the radium pricing"}},
			{ID: "rcvgvrq70d49wh150nd8981z4khtdacs", ObjectType: "company", Fields: map[string]any{"name": "Institut du Radium", "domain": "radium.example"}},
			{ID: "rc60rdv3sq6w4a8jxk4p0847qdrxxahk", ObjectType: "deal", Fields: map[string]any{"name": "Laboratory equipment", "value": map[string]any{"amount": 30000.0, "currencyCode": "EUR"}}},
		},
		SendAccounts: []SeedSendAccount{{ID: "sav62wtgmzgmw9r6m4r9j3c04evhf5f4", Channel: "email", DisplayName: "Marie Curie", Handle: "marie@curie.example"}},
		Conversations: []SeedConversation{{ID: "cvcw0k8avcj6expx7ggh2k11c15cvzwy", Channel: "email", Subject: "Pricing", With: "Pierre Curie", Handle: "pierre@sorbonne.example", Records: []string{"pierre"},
			Messages: []SeedMessage{{Inbound: true, Text: "Could you send your pricing for the electrometer?"}}}},
	}
}
