// Package example finds the repository's example site for tests: the
// folder holding content/ and the moment its content is written for.
package example

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Now is the moment the example site in content/ is written for, 11:00 in
// Seoul: an incident is open and a maintenance window is in progress.
var Now = time.Date(2026, 11, 22, 11, 0, 0, 0, time.FixedZone("KST", 9*3600))

// Dir returns the repository's root, the folder holding go.mod and
// content/, found upwards from the test's working directory.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			tb.Fatal("no go.mod found")
		}
		dir = filepath.Dir(dir)
	}
}

// FS is the example site: Dir as a file system.
func FS(tb testing.TB) fs.FS { return os.DirFS(Dir(tb)) }

// Root opens Dir as a root, so that links out of it are refused as in a
// build, and closes it when the test ends.
func Root(tb testing.TB) *os.Root {
	tb.Helper()
	root, err := os.OpenRoot(Dir(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { root.Close() })
	return root
}
