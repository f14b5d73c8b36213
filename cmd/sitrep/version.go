package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/sitrep/sitrep/generator/author"
)

// version and commit are set by the release build:
//
//	go build -ldflags "-X main.version=v0.2.0 -X main.commit=<sha>"
//
// Without them (go install, go build) they come from the build info.
var (
	version = ""
	commit  = ""
)

// buildVersion returns sitrep's version and commit: those the release
// build set, else what the Go toolchain recorded — the module version
// for "go install …@v0.2.0" or a pseudo-version, and the VCS revision for
// a build in a checkout. Either may be "".
func buildVersion() (v, c string) {
	v, c = version, commit
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v, c
	}
	if v == "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && c == "" {
			c = s.Value
		}
	}
	if c == "" {
		// A pseudo-version ends in the commit's first 12 hex digits:
		// v0.0.0-20261206015000-e46f552abcde.
		if i := strings.LastIndexByte(v, '-'); i > 0 && len(v)-i-1 == 12 {
			c = v[i+1:]
		}
	}
	return v, c
}

// versionLine is what "sitrep --version" prints: the version (the release's,
// the module's, or for a build of a checkout without either
// author.Version marked "-devel": it is not that release), the commit and
// the Go release it was built with.
func versionLine() string {
	v, c := buildVersion()
	if v == "" {
		v = author.Version + "-devel"
	}
	if c == "" {
		c = "unknown"
	}
	return fmt.Sprintf("sitrep %s (commit %s) %s", v, c, runtime.Version())
}

// releasePin returns what "sitrep init" pins in the site's workflows:
// this binary's version when it is a release (vX.Y.Z), and the commit or
// pseudo-version to build while no release is downloadable.
func releasePin() (release, build string) {
	v, c := buildVersion()
	if strings.HasPrefix(v, "v") && !strings.Contains(v, "-") && !strings.Contains(v, "+") {
		release = v
	}
	switch {
	case strings.Contains(v, "-") && !strings.Contains(v, "+"):
		build = v // a pseudo-version: go install takes it as it is
	case c != "":
		build = c
	}
	return release, build
}
