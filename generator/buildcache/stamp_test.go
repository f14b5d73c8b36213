package buildcache

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestGoBuildIDIsTheGoCommands reads the build ID of this test's own
// executable, which the go command linked, and compares it with what
// `go tool buildid` says of it.
func TestGoBuildIDIsTheGoCommands(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	got := goBuildID(exe)
	if runtime.GOOS != "linux" {
		t.Skipf("build ID %q: the executable is ELF only on Linux and the BSDs", got)
	}
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "tool", "buildid", exe).Output()
	if err != nil {
		t.Fatalf("go tool buildid: %v", err)
	}
	if want := strings.TrimSpace(string(out)); got != want {
		t.Errorf("goBuildID = %q, go tool buildid says %q", got, want)
	}
	if s := Stamp(); s != "go build ID "+got && !strings.HasPrefix(s, "build ") {
		t.Errorf("stamp %q", s)
	}
}

func TestGoBuildIDOfOtherFiles(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "text")
	if err := os.WriteFile(text, []byte("#!/bin/sh\necho not ELF\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{text, filepath.Join(dir, "missing"), dir} {
		if id := goBuildID(f); id != "" {
			t.Errorf("%s: %q", f, id)
		}
	}
}
