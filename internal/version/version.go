// Package version reports the version stamped into the project's binaries.
package version

import "runtime/debug"

// Version is stamped at link time by release builds:
//
//	-ldflags "-X github.com/breakcold-go/breakcold/internal/version.Version=v1.2.3"
var Version = ""

// String returns the stamped version, else the module version recorded by
// `go install …@version`, else "devel".
func String() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
