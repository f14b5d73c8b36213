// Package release builds sitrep's release archives: one per operating
// system and architecture, made with a plain "go build" (no CGO, paths
// trimmed, version and commit stamped into the binary), packed with
// fixed times and modes so the same commit gives the same bytes, and a
// SHA-256 checksum file in the format sha256sum reads.
package release

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Target is one platform a release has a binary for.
type Target struct{ OS, Arch string }

func (t Target) String() string { return t.OS + "/" + t.Arch }

// Targets are the platforms of every release.
var Targets = []Target{
	{"darwin", "amd64"}, {"darwin", "arm64"},
	{"linux", "amd64"}, {"linux", "arm64"},
	{"windows", "amd64"}, {"windows", "arm64"},
}

// Options say what to build.
type Options struct {
	Version string    // the tag, such as v0.2.0; stamped as main.version
	Commit  string    // stamped as main.commit
	Time    time.Time // of every file in the archives (the commit's time)
	Module  string    // the module's root folder, where go build runs
	Package string    // the command to build, default "./cmd/sitrep"
	Out     string    // folder for the archives and the checksum file
	Targets []Target  // default Targets
	Stderr  io.Writer // go build's messages; default os.Stderr
}

var versionRE = regexp.MustCompile(`^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$`)

// ArchiveName is the file name of target's archive for version:
// sitrep_0.2.0_linux_amd64.tar.gz, or .zip for Windows — the names
// GoReleaser would give, which the install action of a site downloads.
func ArchiveName(version string, t Target) string {
	ext := ".tar.gz"
	if t.OS == "windows" {
		ext = ".zip"
	}
	return fmt.Sprintf("sitrep_%s_%s_%s%s", strings.TrimPrefix(version, "v"), t.OS, t.Arch, ext)
}

// ChecksumName is the name of version's checksum file.
func ChecksumName(version string) string {
	return fmt.Sprintf("sitrep_%s_checksums.txt", strings.TrimPrefix(version, "v"))
}

// Build builds every target and writes its archive and the checksum file
// into opts.Out, which must not exist yet or be empty. It returns the
// names of the files written, checksum file last.
func Build(ctx context.Context, opts Options) ([]string, error) {
	if !versionRE.MatchString(opts.Version) {
		return nil, fmt.Errorf("version %q is not a tag such as v0.2.0", opts.Version)
	}
	if opts.Commit == "" {
		return nil, fmt.Errorf("no commit given")
	}
	if opts.Package == "" {
		opts.Package = "./cmd/sitrep"
	}
	if opts.Targets == nil {
		opts.Targets = Targets
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if entries, err := os.ReadDir(opts.Out); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty; give a new folder", opts.Out)
	}
	if err := os.MkdirAll(opts.Out, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "sitrep-release-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	var names []string
	var sums bytes.Buffer
	for _, t := range opts.Targets {
		bin := "sitrep"
		if t.OS == "windows" {
			bin += ".exe"
		}
		exe := filepath.Join(tmp, t.OS+"_"+t.Arch, bin)
		ldflags := fmt.Sprintf("-s -w -X main.version=%s -X main.commit=%s", opts.Version, opts.Commit)
		cmd := exec.CommandContext(ctx, "go", "build", "-trimpath", "-ldflags", ldflags, "-o", exe, opts.Package)
		cmd.Dir = opts.Module
		cmd.Env = append(os.Environ(), "GOOS="+t.OS, "GOARCH="+t.Arch, "CGO_ENABLED=0", "GOFLAGS=-buildvcs=false")
		cmd.Stdout, cmd.Stderr = opts.Stderr, opts.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("building %s: %w", t, err)
		}
		data, err := os.ReadFile(exe)
		if err != nil {
			return nil, err
		}
		name := ArchiveName(opts.Version, t)
		var archive []byte
		if t.OS == "windows" {
			archive, err = zipOne(bin, data, opts.Time)
		} else {
			archive, err = tarOne(bin, data, opts.Time)
		}
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(opts.Out, name), archive, 0o644); err != nil {
			return nil, err
		}
		sum := sha256.Sum256(archive)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), name)
		names = append(names, name)
	}
	sumName := ChecksumName(opts.Version)
	if err := os.WriteFile(filepath.Join(opts.Out, sumName), sortLines(sums.Bytes()), 0o644); err != nil {
		return nil, err
	}
	return append(names, sumName), nil
}

// sortLines sorts the checksum lines by file name, as GoReleaser does.
func sortLines(b []byte) []byte {
	lines := strings.SplitAfter(string(b), "\n")
	lines = slices.DeleteFunc(lines, func(s string) bool { return s == "" })
	slices.SortFunc(lines, func(a, b string) int { return strings.Compare(a[66:], b[66:]) })
	return []byte(strings.Join(lines, ""))
}

// tarOne packs one executable into a gzipped tar.
func tarOne(name string, data []byte, mod time.Time) ([]byte, error) {
	var b bytes.Buffer
	gz, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	tw := tar.NewWriter(gz)
	hdr := &tar.Header{Name: name, Mode: 0o755, Size: int64(len(data)), ModTime: mod.UTC(), Typeflag: tar.TypeReg, Format: tar.FormatPAX}
	if err := tw.WriteHeader(hdr); err != nil {
		return nil, err
	}
	if _, err := tw.Write(data); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// zipOne packs one executable into a zip.
func zipOne(name string, data []byte, mod time.Time) ([]byte, error) {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: mod.UTC()}
	hdr.SetMode(0o755)
	w, err := zw.CreateHeader(hdr)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(data); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Verify checks the checksum file in dir against the files it names,
// as "sha256sum --check --strict" would, and that it names every file in
// names.
func Verify(dir, checksums string, names []string) error {
	f, err := os.Open(filepath.Join(dir, checksums))
	if err != nil {
		return err
	}
	defer f.Close()
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 || strings.ContainsAny(name, "/\\") {
			return fmt.Errorf("%s:%d: not a sha256sum line: %q", checksums, n, sc.Text())
		}
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("%s:%d: %w", checksums, n, err)
		}
		got := sha256.Sum256(data)
		if hex.EncodeToString(got[:]) != sum {
			return fmt.Errorf("%s:%d: %s does not match its checksum", checksums, n, name)
		}
		seen[name] = true
	}
	if err := sc.Err(); err != nil {
		return err
	}
	for _, n := range names {
		if !seen[n] && n != checksums {
			return fmt.Errorf("%s does not list %s", checksums, n)
		}
	}
	return nil
}
