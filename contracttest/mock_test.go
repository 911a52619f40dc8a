package contracttest_test

import (
	"os"
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
