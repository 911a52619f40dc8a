package mockserver

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/client"
	"github.com/breakcold-go/breakcold/internal/specdata"
)

// TestNewTablesMakesEveryField fails on a collection declared in tables but not
// made in newTables, which would panic at its first write.
func TestNewTablesMakesEveryField(t *testing.T) {
	t.Parallel()
	v := reflect.ValueOf(newTables()).Elem()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch {
		case name == "seq":
		case f.Kind() != reflect.Pointer && f.Kind() != reflect.Map:
			t.Errorf("tables.%s is a %s; teach this test about it", name, f.Kind())
		case f.IsNil():
			t.Errorf("newTables does not make tables.%s", name)
		}
	}
}

// TestEveryPathParameterHasAnOwner walks the spec's current-API operations: each
// path parameter must name a resource, or a request would draw on no workspace
// budget under the multi-level profile. New fails the same way (checkOwners).
func TestEveryPathParameterHasAnOwner(t *testing.T) {
	t.Parallel()
	s := &Server{store: newStore()}
	n := 0
	for i := range specdata.Operations {
		op := &specdata.Operations[i]
		if err := s.checkOwners(op); err != nil {
			t.Error(err)
		}
		for _, p := range op.Params {
			if p.In == "path" && op.Generation == client.GenerationCurrent {
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no current-API operation has a path parameter; the walk saw nothing")
	}

	// An operation with a parameter no resource owns is refused, naming both.
	op := &specdata.Operation{ID: "getWidget", Generation: client.GenerationCurrent, Params: []specdata.Param{{Name: "widgetId", In: "path"}}}
	err := s.checkOwners(op)
	if err == nil || !strings.Contains(err.Error(), `"widgetId"`) || !strings.Contains(err.Error(), "getWidget") {
		t.Errorf("checkOwners(%s with {widgetId}) = %v, want an error naming both", op.ID, err)
	}
}

// isCleanPath never calls a path clean that cleanPath would change.
func FuzzIsCleanPath(f *testing.F) {
	for _, p := range []string{"/", "", "a", "/a/", "//", "/a//b", "/a/./b", "/a/..", "/.", "/..x", "/x..", "/api/v1/records/rc1", "/a/b/", "/./"} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, p string) {
		if isCleanPath(p) && cleanPath(p) != p {
			t.Errorf("isCleanPath(%q) but cleanPath gives %q", p, cleanPath(p))
		}
	})
}

func TestIsCleanPath(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]bool{"/": true, "/api/v1/records/rc1": true, "/a/": true, "/..x": true, "": false, "a": false, "//": false, "/a//b": false, "/a/./b": false, "/a/..": false, "/.": false} {
		if got := isCleanPath(p); got != want {
			t.Errorf("isCleanPath(%q) = %v, want %v", p, got, want)
		}
	}
}

// Ids keep their shape (kind, then 30 of the id alphabet) and do not repeat.
func TestNewIDShape(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 10000 {
		id := newID("rc")
		if len(id) != 32 || id[:2] != "rc" || strings.Trim(id[2:], idAlphabet) != "" {
			t.Fatalf("newID(rc) = %q", id)
		}
		if seen[id] {
			t.Fatalf("newID repeated %q", id)
		}
		seen[id] = true
	}
	if id := shortID("evt_"); len(id) != 28 || strings.Trim(id[4:], idAlphabet) != "" {
		t.Errorf("shortID(evt_) = %q", id)
	}
}

// The journal's ring grows as entries come and keeps the newest size entries in
// order, whether entries leave because the ring is full or because of bytes.
func TestJournalRingGrows(t *testing.T) {
	t.Parallel()
	seqs := func(j *journal) []int64 {
		var out []int64
		j.each(func(e *jentry) bool { out = append(out, e.Seq); return true })
		return out
	}
	j := newJournal(40, 1<<20)
	for range 100 {
		j.add(jentry{})
	}
	if got := seqs(j); len(got) != 40 || got[0] != 61 || got[39] != 100 || len(j.entries) != 40 {
		t.Fatalf("after 100 adds to a ring of 40: seqs %v, ring %d", got, len(j.entries))
	}
	// Bytes push the oldest out before the ring is full, so it grows with its
	// oldest entry past the start; growing keeps the order.
	j = newJournal(40, 160)
	for range 10 {
		j.add(jentry{reqBody: make([]byte, 16)})
	}
	for range 20 {
		j.add(jentry{reqBody: make([]byte, 1)})
	}
	got := seqs(j)
	for i := 1; i < len(got); i++ {
		if got[i] != got[i-1]+1 {
			t.Fatalf("seqs out of order: %v", got)
		}
	}
	if got[len(got)-1] != 30 || len(j.entries) != 32 {
		t.Fatalf("after 30 adds with 160 bytes kept: seqs %v, ring %d", got, len(j.entries))
	}
	j.clear()
	j.add(jentry{})
	if got := seqs(j); len(got) != 1 || got[0] != 31 {
		t.Fatalf("after clear and one add: %v", got)
	}
}

// limitHeader gives each limit its own text, and the same slice while the limit
// stays. Not parallel: other tests' servers set the last limit too.
func TestLimitHeader(t *testing.T) {
	for _, n := range []int{0, 60, 1023, 1024, 100_000_000, 1024, 7} {
		if got := limitHeader(n); len(got) != 1 || got[0] != strconv.Itoa(n) {
			t.Fatalf("limitHeader(%d) = %q", n, got)
		}
	}
	if a, b := limitHeader(5000), limitHeader(5000); &a[0] != &b[0] {
		t.Error("the same large limit made twice")
	}
}
