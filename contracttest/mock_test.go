package contracttest_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/breakcold-go/breakcold/contracttest"
	"github.com/breakcold-go/breakcold/mockserver"
)

// The mock, in process, must pass the whole suite and cover every operation.
func TestMockConforms(t *testing.T) {
	t.Parallel()
	ts := mockserver.Start(t, mockserver.Options{})
	var progress *os.File
	if testing.Verbose() {
		progress = os.Stderr
	}
	rep := contracttest.Run(t, contracttest.Target{
		Name: "mock (in process)", BaseURL: ts.URL, OtherRegionURL: ts.EUURL,
		Keys:    contracttest.Keys{Full: mockserver.DemoKeyFull, Legacy: mockserver.DemoKeyLegacy},
		Control: ts.URL + mockserver.ControlPrefix, AllowSend: true, Progress: progress,
	})
	if opsSeen, ops, _, _ := rep.Coverage(); opsSeen != ops {
		t.Errorf("exercised %d of %d operations", opsSeen, ops)
	}
}

// A read-only run sends no write request at all, yet reads every read operation.
func TestReadOnlyRunMakesNoWrites(t *testing.T) {
	t.Parallel()
	ts := mockserver.Start(t, mockserver.Options{})
	rep, err := contracttest.Check(context.Background(), contracttest.Target{
		BaseURL: ts.URL, ReadOnly: true,
		Keys: contracttest.Keys{Full: mockserver.DemoKeyFull, Legacy: mockserver.DemoKeyLegacy},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ts.Journal(mockserver.JournalFilter{}) {
		if e.Method != "GET" && !strings.HasSuffix(e.Path, "/list") {
			t.Errorf("read-only run sent %s %s", e.Method, e.Path)
		}
	}
	if seen, _, _, _ := rep.Coverage(); seen < 30 {
		t.Errorf("read-only run exercised only %d operations", seen)
	}
}
