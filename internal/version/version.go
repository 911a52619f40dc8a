// Package version reports the version stamped into the project's binaries.
package version

import "runtime/debug"

// Version is stamped at link time by release builds:
//
//	-ldflags "-X github.com/breakcold-go/breakcold/internal/version.Version=v1.2.3"
var Version = ""

// modulePath is this module's path, to find its version among a program's
// dependencies.
const modulePath = "github.com/breakcold-go/breakcold"

// String returns the stamped version, else the module version the build
// recorded (`go install …@version`, or this module's version in a program that
// depends on it, such as a test that starts mockserver), else "devel".
func String() string {
	if Version != "" {
		return Version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	return fromBuildInfo(bi)
}

func fromBuildInfo(bi *debug.BuildInfo) string {
	m := &bi.Main
	if m.Path != modulePath {
		m = nil
		for _, d := range bi.Deps {
			if d.Path == modulePath {
				m = d
				if d.Replace != nil {
					m = d.Replace
				}
			}
		}
	}
	if m == nil || m.Version == "" || m.Version == "(devel)" {
		return "devel"
	}
	return m.Version
}
