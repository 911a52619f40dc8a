package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
)

// cursorServer serves ids as a current-API cursor list, size items a page. The
// cursor is the index of the page's first item; failAt, when positive, makes the
// request for that page number (1-based) fail with a 500.
func cursorServer(h *hits, ids []string, size, failAt int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := h.add(r)
		if n == failAt {
			reply(http.StatusInternalServerError, serverJSON)(w, r)
			return
		}
		from, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
		to := min(from+size, len(ids))
		var data []map[string]any
		for _, id := range ids[from:to] {
			data = append(data, minimalItem("Client.AllRecords", map[string]any{"id": id}))
		}
		pg := map[string]any{"cursor": nil, "hasMore": to < len(ids)}
		if to < len(ids) {
			pg["cursor"] = strconv.Itoa(to)
		}
		reply(http.StatusOK, toJSON(map[string]any{"data": data, "pagination": pg}))(w, r)
	})
}

func TestCursorIterator(t *testing.T) {
	t.Parallel()
	ids := []string{"r1", "r2", "r3", "r4", "r5"}
	limit, search := 2, "ada"
	tests := []struct {
		name      string
		start     string // caller's cursor
		stopAfter int    // break after this many items; 0 reads all
		failAt    int
		wantIDs   []string
		wantErrs  int
		wantReqs  []string // cursor query of each request
	}{
		{name: "all pages", wantIDs: ids, wantReqs: []string{"", "2", "4"}},
		{name: "early break", stopAfter: 3, wantIDs: ids[:3], wantReqs: []string{"", "2"}},
		{name: "error mid-way", failAt: 2, wantIDs: ids[:2], wantErrs: 1, wantReqs: []string{"", "2"}},
		{name: "starts at the caller's cursor", start: "2", wantIDs: ids[2:], wantReqs: []string{"2", "4"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var h hits
			c := newTestClient(t, currentKey, cursorServer(&h, ids, limit, tt.failAt), WithRetryPolicy(RetryPolicy{}))
			params := &ListRecordsParams{Limit: &limit, Search: &search}
			if tt.start != "" {
				params.Cursor = &tt.start
			}
			before := *params
			var got []string
			errs := 0
			for rec, err := range c.AllRecords(t.Context(), params) {
				if err != nil {
					errs++
					if !errors.Is(err, ErrServer) {
						t.Errorf("err = %v, want ErrServer", err)
					}
					continue
				}
				got = append(got, rec.ID)
				if len(got) == tt.stopAfter {
					break
				}
			}
			if !slices.Equal(got, tt.wantIDs) || errs != tt.wantErrs {
				t.Errorf("got ids %v and %d errors, want %v and %d", got, errs, tt.wantIDs, tt.wantErrs)
			}
			var cursors []string
			for _, r := range h.reqs {
				q := r.URL.Query()
				cursors = append(cursors, q.Get("cursor"))
				if q.Get("limit") != "2" || q.Get("search") != "ada" {
					t.Errorf("request %s lost the caller's limit or search", r.URL)
				}
			}
			if !slices.Equal(cursors, tt.wantReqs) {
				t.Errorf("cursors sent %q, want %q", cursors, tt.wantReqs)
			}
			if *params != before {
				t.Errorf("caller's params changed to %+v, want %+v", *params, before)
			}
		})
	}
}

// legacyServer serves n items as a legacy page list under the key field
// ("leads" or "data"), echoing the page and page_size it was asked for.
func legacyServer(h *hits, field string, n, failAt int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h.add(r) == failAt {
			reply(http.StatusInternalServerError, `{"message":"boom","code":"INTERNAL_SERVER_ERROR","data":{"code":"INTERNAL_SERVER_ERROR","httpStatus":500,"path":"lead.list"}}`)(w, r)
			return
		}
		var body struct {
			Pagination struct {
				Page     int `json:"page"`
				PageSize int `json:"page_size"`
			} `json:"pagination"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		p := body.Pagination
		items := []map[string]any{}
		for i := p.Page * p.PageSize; i < min((p.Page+1)*p.PageSize, n); i++ {
			iterator := "LegacyClient.AllLeads"
			if field == "data" {
				iterator = "LegacyClient.AllReminders"
			}
			items = append(items, minimalItem(iterator, map[string]any{"id": fmt.Sprintf("00000000-0000-0000-0000-%012d", i), "content": fmt.Sprint(i)}))
		}
		reply(http.StatusOK, toJSON(map[string]any{field: items, "pagination": map[string]int{"page": p.Page, "page_size": p.PageSize}}))(w, r)
	})
}

func TestPageIterator(t *testing.T) {
	t.Parallel()
	size := 2
	tests := []struct {
		name      string
		items     int
		startPage int
		stopAfter int
		failAt    int
		wantItems int
		wantErrs  int
		wantPages []int
	}{
		{name: "short last page", items: 5, wantItems: 5, wantPages: []int{0, 1, 2}},
		{name: "empty last page", items: 4, wantItems: 4, wantPages: []int{0, 1, 2}},
		{name: "no items", items: 0, wantPages: []int{0}},
		{name: "early break", items: 5, stopAfter: 3, wantItems: 3, wantPages: []int{0, 1}},
		{name: "error mid-way", items: 5, failAt: 2, wantItems: 2, wantErrs: 1, wantPages: []int{0, 1}},
		{name: "starts at the caller's page", items: 5, startPage: 1, wantItems: 3, wantPages: []int{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var h hits
			c := newTestLegacy(t, legacyKey, legacyServer(&h, "leads", tt.items, tt.failAt), WithRetryPolicy(RetryPolicy{}))
			isCompany := true
			req := LegacyLeadListRequest{
				Pagination: &LegacyPageRequest{Page: &tt.startPage, PageSize: &size},
				Filter:     &LegacyLeadsFilter{IsCompany: &isCompany},
			}
			got, errs := 0, 0
			for _, err := range c.AllLeads(t.Context(), req) {
				if err != nil {
					errs++
					continue
				}
				got++
				if got == tt.stopAfter {
					break
				}
			}
			if got != tt.wantItems || errs != tt.wantErrs {
				t.Errorf("got %d items and %d errors, want %d and %d", got, errs, tt.wantItems, tt.wantErrs)
			}
			if pages := sentPages(t, &h); !slices.Equal(pages, tt.wantPages) {
				t.Errorf("pages asked for %v, want %v", pages, tt.wantPages)
			}
			if *req.Pagination.Page != tt.startPage {
				t.Errorf("caller's page changed to %d", *req.Pagination.Page)
			}
		})
	}
}

// sentPages decodes the page number of every legacy list request, checking that
// the filter and page_size went with it.
func sentPages(t *testing.T, h *hits) []int {
	t.Helper()
	var pages []int
	for _, raw := range h.bodies {
		var body LegacyLeadListRequest
		if err := json.Unmarshal([]byte(raw), &body); err != nil || body.Pagination == nil || body.Pagination.Page == nil {
			t.Fatalf("request body %s: %v", raw, err)
		}
		if body.Filter == nil || body.Pagination.PageSize == nil || *body.Pagination.PageSize != 2 {
			t.Errorf("request body %s lost the filter or page_size", raw)
		}
		pages = append(pages, *body.Pagination.Page)
	}
	return pages
}

func TestRemindersSendPageAsCursor(t *testing.T) {
	t.Parallel()
	var h hits
	c := newTestLegacy(t, legacyKey, legacyServer(&h, "data", 3, 0))
	size := 2
	n := 0
	for _, err := range c.AllReminders(t.Context(), LegacyReminderListRequest{Pagination: &LegacyPageRequest{PageSize: &size}}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 || len(h.bodies) != 2 {
		t.Fatalf("read %d reminders in %d requests, want 3 in 2", n, len(h.bodies))
	}
	for i, raw := range h.bodies {
		var body LegacyReminderListRequest
		if err := json.Unmarshal([]byte(raw), &body); err != nil {
			t.Fatal(err)
		}
		if cur, err := body.Cursor.Get(); err != nil || int(cur) != i || *body.Pagination.Page != i {
			t.Errorf("request %d sent %s, want cursor and page %d", i, raw, i)
		}
	}
}
