package contracttest

import (
	"os"
	"regexp"
	"testing"
)

// The README lists the properties the API transforms, row for row as the suite
// does.
func TestREADMEListsTheTransformedProperties(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := regexp.MustCompile("(?m)^\\| `(\\w+)` \\| `(\\w+)` \\| (.+) \\|$").FindAllStringSubmatch(string(b), -1)
	n := 0
	for _, props := range transformed {
		n += len(props)
	}
	if len(rows) != n {
		t.Errorf("the README lists %d transformed properties, the suite %d", len(rows), n)
	}
	for _, row := range rows {
		if why := transformed[row[1]][row[2]]; why != row[3] {
			t.Errorf("README: %s %s: %q; the suite says %q", row[1], row[2], row[3], why)
		}
	}
}
