//go:build unix

package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
)

// writeSite writes a MapFS site to a folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, f := range site(files) {
		file := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The loader reads the files of an os.Root from their folders (kindDir):
// what it finds, and every message, is what it finds in the same files
// read through fsys.
func TestLoadThroughFoldersReadsAsThroughFS(t *testing.T) {
	files := map[string]string{
		"content/incidents/ok.md":       "---\ntitle: OK\nstarted: 2026-11-20 10:00\n---\n\n## Investigating — 2026-11-20 10:00\nLook at [this](https://example.com) and [that](javascript:x).\n",
		"content/incidents/bom.md":      "\uFEFF---\ntitle: BOM\nstarted: 2026-11-20 10:00\n---\n\n## Investigating — 2026-11-20 10:00\nx\n",
		"content/incidents/latin1.md":   "---\ntitle: x\n---\n\xe9\n",
		"content/incidents/nul.md":      "---\ntitle: x\n---\n\nab\x00\n",
		"content/incidents/control.md":  "---\ntitle: x\n---\n\nab\x07\n",
		"content/incidents/big.md":      "---\ntitle: x\n---\n" + strings.Repeat("a", MaxFileSize),
		"content/incidents/blank.md":    " ",
		"content/incidents/notes.txt":   "not Markdown",
		"content/incidents/Bad Name.md": "---\ntitle: x\n---\n",
		"content/incidents/sub/in.md":   "---\ntitle: x\n---\n",
		"content/incidents/.hidden.md":  "---\ntitle: x\n---\n",
	}
	disk, err := os.OpenRoot(writeSite(t, files))
	if err != nil {
		t.Fatal(err)
	}
	defer disk.Close()
	want, wantProbs := Load(site(files))
	got, gotProbs := Load(disk.FS())
	if reports(gotProbs) != reports(wantProbs) {
		t.Errorf("problems through folders:\n%s\nthrough fsys:\n%s", reports(gotProbs), reports(wantProbs))
	}
	for _, want := range []string{"big.md: file is", "latin1.md:4: invalid UTF-8", "notes.txt: not a Markdown file", `bad file name "Bad Name.md"`, "incidents/sub: folders inside"} {
		if !strings.Contains(reports(gotProbs), want) {
			t.Errorf("%q not reported:\n%s", want, reports(gotProbs))
		}
	}
	if len(got.Incidents) != 2 || !reflect.DeepEqual(got.Incidents, want.Incidents) {
		t.Errorf("incidents through folders differ from those through fsys:\n%+v\n%+v", got.Incidents, want.Incidents)
	}
}

// A link in a kind folder is followed only as the os.Root allows: within
// the site, not out of it; a named pipe is not read (nor waited on).
func TestLoadThroughFoldersFollowsLinksOnlyWithinTheSite(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/incidents/real.md": "---\ntitle: Real\nstarted: 2026-11-20 10:00\n---\n\n## Investigating — 2026-11-20 10:00\nx\n",
	})
	outside := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(outside, []byte("---\ntitle: Secret\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inc := filepath.Join(dir, "content", "incidents")
	if err := os.Symlink("real.md", filepath.Join(inc, "alias.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	if err := os.Symlink(outside, filepath.Join(inc, "leak.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(inc, "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	s, probs := Load(root.FS())
	want := "content/incidents/leak.md: cannot read: it is a link to a place outside the site; copy the file in instead\n" +
		"content/incidents/pipe.md: not a regular file\n"
	if got := reports(probs); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	var titles []string
	for _, in := range s.Incidents {
		titles = append(titles, in.Slug+"="+in.Title)
	}
	if got := strings.Join(titles, " "); got != "alias=Real real=Real" {
		t.Errorf("incidents %s, want alias=Real real=Real", got)
	}
}

// kindDir.read reads what the file holds when it is read, whatever its
// listed size said, up to the limit and one byte over it, and leaves
// links to fsys.
func TestKindDirReadsTheFileAsItIsNow(t *testing.T) {
	dir := t.TempDir()
	data := strings.Repeat("0123456789", 1000)
	if err := os.WriteFile(filepath.Join(dir, "f.md"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("f.md", filepath.Join(dir, "l.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	d := openKindDir(os.DirFS(dir), ".")
	if d == nil {
		t.Fatal("an os.DirFS folder is not opened")
	}
	defer d.close()
	for _, tc := range []struct {
		size int64
		max  int
		want int
	}{
		{int64(len(data)), MaxFileSize, len(data)},
		{0, MaxFileSize, len(data)},       // grew since it was listed
		{100, MaxFileSize, len(data)},     // likewise
		{1 << 20, MaxFileSize, len(data)}, // shrank
		{int64(len(data)), 5000, 5001},    // over the limit: one byte more than it
	} {
		got, err := d.read("f.md", tc.size, tc.max)
		if err != nil || len(got) != tc.want || string(got) != data[:tc.want] {
			t.Errorf("read(size %d, max %d) = %d bytes, %v; want %d", tc.size, tc.max, len(got), err, tc.want)
		}
	}
	if _, err := d.read("l.md", 0, MaxFileSize); err != errNotRead {
		t.Errorf("read of a link: %v, want errNotRead", err)
	}
	if _, err := d.read("missing.md", 0, MaxFileSize); err != errNotRead {
		t.Errorf("read of a missing file: %v, want errNotRead", err)
	}
}

// wrapped is a file system over another that gives other bytes for one
// file but opens folders, and lists them, as the one below does.
type wrapped struct {
	fs.FS
	file string
	data []byte
}

func (w wrapped) Open(name string) (fs.File, error) {
	if name == w.file {
		return fstest.MapFS{name: {Data: w.data}}.Open(name)
	}
	return w.FS.Open(name)
}

// A file system that wraps package os's gives the bytes of its files:
// the loader does not read them from the folder on disk behind it.
func TestLoadThroughAWrapperReadsTheWrappersBytes(t *testing.T) {
	const file = "content/incidents/x.md"
	dir := writeSite(t, map[string]string{file: "---\ntitle: On disk\n---\n"})
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, fsys := range []fs.FS{root.FS(), os.DirFS(dir)} {
		w := wrapped{FS: fsys, file: file, data: []byte("---\ntitle: In memory, longer than on disk\n---\n")}
		s, _ := Load(w)
		if len(s.Incidents) != 1 || s.Incidents[0].Title != "In memory, longer than on disk" {
			t.Errorf("through a wrapper of %T the loader read %+v", fsys, s.Incidents)
		}
	}
}

// A kind folder's entries are looked up relative to it (kindDir.lstat)
// as os.Lstat sees them: type, permission bits, size and time.
func TestKindDirLstatIsOsLstat(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "f.md"), []byte("0123456789"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "sub"), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "s.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "s.md"), 0o644|fs.ModeSetuid|fs.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	names := []string{"f.md", "sub", "s.md"}
	if os.Symlink("f.md", filepath.Join(dir, "l.md")) == nil {
		names = append(names, "l.md")
	}
	if syscall.Mkfifo(filepath.Join(dir, "p.md"), 0o600) == nil {
		names = append(names, "p.md")
	}
	d := openKindDir(os.DirFS(dir), ".")
	if d == nil {
		t.Fatal("an os.DirFS folder is not opened")
	}
	defer d.close()
	listed, err := d.names()
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != len(names) {
		t.Errorf("names() = %q, want %q in any order", listed, names)
	}
	for _, name := range names {
		want, err := os.Lstat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := d.lstat(name)
		if err != nil {
			t.Fatalf("lstat(%s): %v", name, err)
		}
		if got.Name() != name || got.Mode() != want.Mode() || got.IsDir() != want.IsDir() || got.Size() != want.Size() || !got.ModTime().Equal(want.ModTime()) {
			t.Errorf("lstat(%s) = %s %v %d %v, os.Lstat %v %d %v", name, got.Name(), got.Mode(), got.Size(), got.ModTime(), want.Mode(), want.Size(), want.ModTime())
		}
	}
	if _, err := d.lstat("missing.md"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lstat of a missing file: %v, want fs.ErrNotExist", err)
	}
}

// goneFS lists a file that is gone by the time it is looked up, as a file
// removed while the loader lists its folder is.
type goneFS struct{ fstest.MapFS }

type goneEntry struct{ fs.DirEntry }

func (goneEntry) Info() (fs.FileInfo, error) { return nil, fs.ErrNotExist }

func (g goneFS) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := g.MapFS.ReadDir(name)
	if name == "content/incidents" {
		for i, e := range es {
			if e.Name() == "gone.md" {
				es[i] = goneEntry{e}
			}
		}
	}
	return es, err
}

// A file removed between the listing of its folder and the look at it is
// as if it had not been listed: no message, no document.
func TestAFileGoneSinceListedIsNotReported(t *testing.T) {
	files := map[string]string{
		"content/incidents/gone.md": "---\ntitle: Gone\nstarted: 2026-11-20 10:00\n---\n\n## Investigating — 2026-11-20 10:00\nx\n",
		"content/incidents/here.md": "---\ntitle: Here\nstarted: 2026-11-20 10:00\n---\n\n## Investigating — 2026-11-20 10:00\nx\n",
	}
	s, probs := Load(goneFS{site(files)})
	if len(probs) != 0 {
		t.Errorf("problems:\n%s", reports(probs))
	}
	if len(s.Incidents) != 1 || s.Incidents[0].Slug != "here" {
		t.Errorf("incidents %+v, want only here", s.Incidents)
	}
}
