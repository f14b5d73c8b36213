package release

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestASnapshotBuildsEveryTargetWithMatchingChecksums runs the release
// build as the release workflow does, without the upload: all six
// targets, then the checksum file checked against the archives. On the
// host's own platform the binary runs and reports its version and commit.
func TestASnapshotBuildsEveryTargetWithMatchingChecksums(t *testing.T) {
	out := filepath.Join(t.TempDir(), "dist")
	opts := Options{
		Version: "v0.0.0-snapshot", Commit: "0123456789abcdef", Time: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC),
		Module: filepath.Join("..", ".."), Out: out, Stderr: testWriter{t},
	}
	names, err := Build(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != len(Targets)+1 || names[len(names)-1] != "sitrep_0.0.0-snapshot_checksums.txt" {
		t.Fatalf("files = %v", names)
	}
	if err := Verify(out, names[len(names)-1], names); err != nil {
		t.Fatal(err)
	}
	sums, _ := os.ReadFile(filepath.Join(out, names[len(names)-1]))
	if n := strings.Count(string(sums), "\n"); n != len(Targets) {
		t.Errorf("the checksum file has %d lines, want %d:\n%s", n, len(Targets), sums)
	}
	for _, target := range Targets {
		name, data := ArchiveName(opts.Version, target), []byte(nil)
		archive, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if target.OS == "windows" {
			data = unzip(t, archive, "sitrep.exe")
		} else {
			data = untar(t, archive, "sitrep")
		}
		if len(data) < 1<<20 {
			t.Errorf("%s: the executable is %d bytes", name, len(data))
		}
		if target.OS == runtime.GOOS && target.Arch == runtime.GOARCH {
			exe := filepath.Join(t.TempDir(), "sitrep")
			if err := os.WriteFile(exe, data, 0o755); err != nil {
				t.Fatal(err)
			}
			got, err := exec.Command(exe, "--version").CombinedOutput()
			if err != nil || !strings.HasPrefix(string(got), "sitrep v0.0.0-snapshot (commit 0123456789abcdef) go") {
				t.Errorf("sitrep --version = %q, %v", got, err)
			}
		}
	}

	// A changed archive no longer matches.
	bad := filepath.Join(out, ArchiveName(opts.Version, Targets[0]))
	if err := os.WriteFile(bad, []byte("tampered"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Verify(out, names[len(names)-1], names); err == nil || !strings.Contains(err.Error(), "does not match") {
		t.Errorf("Verify of a tampered archive: %v", err)
	}
}

func TestBuildRefusesWhatIsNotARelease(t *testing.T) {
	for _, o := range []Options{
		{Version: "0.2.0", Commit: "x"},
		{Version: "v0.2.0; rm -rf /", Commit: "x"},
		{Version: "v0.2.0"},
	} {
		o.Out = t.TempDir()
		if _, err := Build(context.Background(), o); err == nil {
			t.Errorf("%+v was built", o)
		}
	}
	full := t.TempDir()
	os.WriteFile(filepath.Join(full, "x"), nil, 0o644)
	if _, err := Build(context.Background(), Options{Version: "v1.0.0", Commit: "x", Out: full}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("a folder with files in it: %v", err)
	}
}

func untar(t *testing.T, archive []byte, want string) []byte {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(archive))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != want || hdr.Mode&0o111 == 0 {
		t.Fatalf("the archive's first entry is %+v, %v; want an executable %s", hdr, err, want)
	}
	data, err := io.ReadAll(tr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Next(); err != io.EOF {
		t.Errorf("the archive has more than %s", want)
	}
	return data
}

func unzip(t *testing.T, archive []byte, want string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 || zr.File[0].Name != want {
		t.Fatalf("the zip holds %v, want %s", zr.File, want)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// testWriter sends go build's messages to the test log.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) { w.t.Log(string(p)); return len(p), nil }
