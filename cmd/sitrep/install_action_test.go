package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/release"
)

// fakeCurl stands in for curl: it serves the files of $RELEASE by the
// last part of the URL, and answers 404 for others, honouring -o, -w
// '%{http_code}' and -f as curl does.
const fakeCurl = `#!/bin/sh
out= ; fmt= ; fail= ; url=
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift ;;
    -w) fmt=$2; shift ;;
    -fsSL) fail=1 ;;
    --retry) shift ;;
    -*) ;;
    *) url=$1 ;;
  esac
  shift
done
echo "$url" >> "$RELEASE/requests"
f="$RELEASE/$(basename "$url")"
if [ -f "$f" ]; then
  cp "$f" "$out"; [ -n "$fmt" ] && printf 200; exit 0
fi
[ -n "$fmt" ] && printf 404
[ -n "$fail" ] && exit 22
exit 0
`

// TestTheInstallActionVerifiesTheRelease runs the download step of the
// install action "sitrep init" writes, with curl replaced by a server of
// files on disk: a release whose checksum matches is installed, a
// tampered one or one missing from the checksum file stops the job, and
// a version not released yet falls back to go install.
func TestTheInstallActionVerifiesTheRelease(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the action's script runs on Linux and macOS runners")
	}
	skel, err := author.Skeleton(author.InitOptions{Version: "v9.9.9", Commit: "0123456789ab"})
	if err != nil {
		t.Fatal(err)
	}
	doc, probs := content.DecodeYAML("action.yml", skel[".github/actions/install-sitrep/action.yml"])
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	steps, _ := mapAt(doc, "runs")["steps"].([]any)
	script, _ := mapAt(steps[0])["run"].(string)
	if !strings.Contains(script, "sha256sum") {
		t.Fatalf("the first step is not the download:\n%s", script)
	}
	target := release.Target{OS: "linux", Arch: "amd64"}
	archive := release.ArchiveName("v9.9.9", target)

	run := func(t *testing.T, files map[string][]byte) (code int, output, path string, requests string) {
		t.Helper()
		dir := t.TempDir()
		rel, bin, tmp := filepath.Join(dir, "release"), filepath.Join(dir, "bin"), filepath.Join(dir, "tmp")
		for _, d := range []string{rel, bin, tmp} {
			os.Mkdir(d, 0o755)
		}
		for n, b := range files {
			os.WriteFile(filepath.Join(rel, n), b, 0o644)
		}
		os.WriteFile(filepath.Join(bin, "curl"), []byte(fakeCurl), 0o755)
		out, ghPath := filepath.Join(dir, "output"), filepath.Join(dir, "path")
		cmd := exec.Command("bash", "-c", script)
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "RELEASE="+rel,
			"VERSION=v9.9.9", "RUNNER_OS=Linux", "RUNNER_ARCH=X64", "RUNNER_TEMP="+tmp, "GITHUB_OUTPUT="+out, "GITHUB_PATH="+ghPath)
		log, err := cmd.CombinedOutput()
		if _, ok := err.(*exec.ExitError); err != nil && !ok {
			t.Fatal(err)
		}
		o, _ := os.ReadFile(out)
		p, _ := os.ReadFile(ghPath)
		r, _ := os.ReadFile(filepath.Join(rel, "requests"))
		t.Logf("%s", log)
		return cmd.ProcessState.ExitCode(), string(o), strings.TrimSpace(string(p)), string(r)
	}
	tgz := tarGz(t, "sitrep", []byte("#!/bin/sh\necho sitrep v9.9.9\n"))
	sum := sha256.Sum256(tgz)
	good := hex.EncodeToString(sum[:]) + "  " + archive + "\n"
	sums := release.ChecksumName("v9.9.9")

	t.Run("a release that matches its checksum is installed", func(t *testing.T) {
		code, out, path, req := run(t, map[string][]byte{archive: tgz, sums: []byte("0000000000000000000000000000000000000000000000000000000000000000  other.zip\n" + good)})
		if code != 0 || !strings.Contains(out, "found=true") || path == "" {
			t.Fatalf("exit %d, output %q, path %q", code, out, path)
		}
		if _, err := os.Stat(filepath.Join(path, "sitrep")); err != nil {
			t.Error("sitrep was not unpacked onto the PATH")
		}
		if !strings.Contains(req, "https://github.com/sitrep/sitrep/releases/download/v9.9.9/"+archive) {
			t.Errorf("requests:\n%s", req)
		}
	})
	t.Run("a tampered archive stops the job", func(t *testing.T) {
		code, out, path, _ := run(t, map[string][]byte{archive: append(tgz, 0), sums: []byte(good)})
		if code == 0 || path != "" || strings.Contains(out, "found=") {
			t.Errorf("exit %d, output %q, path %q", code, out, path)
		}
	})
	t.Run("an archive the checksum file does not list stops the job", func(t *testing.T) {
		code, _, path, _ := run(t, map[string][]byte{archive: tgz, sums: []byte("")})
		if code == 0 || path != "" {
			t.Errorf("exit %d, path %q", code, path)
		}
	})
	t.Run("a version not released falls back to go install", func(t *testing.T) {
		code, out, path, _ := run(t, nil)
		if code != 0 || !strings.Contains(out, "found=false") || path != "" {
			t.Errorf("exit %d, output %q, path %q", code, out, path)
		}
	})
	install, _ := mapAt(steps[2])["run"].(string)
	if with := mapAt(steps[0+2], "env"); !strings.Contains(install, `go install "`+author.Module+`@${COMMIT:-$VERSION}"`) || with["COMMIT"] != "${{ inputs.commit }}" {
		t.Errorf("the fallback step is %q with env %v", install, with)
	}
}

// tarGz packs one executable as a release archive does.
func tarGz(t *testing.T, name string, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o755, Size: int64(len(data))}); err != nil {
		t.Fatal(err)
	}
	tw.Write(data)
	tw.Close()
	gz.Close()
	return b.Bytes()
}
