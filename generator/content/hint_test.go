package content

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// A loader told what changed must load exactly what a fresh loader loads.
// The scenarios are edits as a watcher reports them (see package watch):
// every created, written, removed or renamed path, a created directory
// with everything in it, and no hint at all when a directory went away.
func TestHintedLoadsMatchFreshLoads(t *testing.T) {
	incident := func(title string) string {
		return "---\ntitle: " + title + "\ncomponents: {api: major_outage}\n---\n## Investigating — 2026-11-21 14:32\nx\n"
	}
	tests := []struct {
		name  string
		edits []edit
	}{
		{"a written file is read again", []edit{write("content/incidents/a.md", incident("A2"))}},
		{"a created file is added in name order", []edit{write("content/incidents/0.md", incident("Zero")), write("content/incidents/c.md", incident("C"))}},
		{"a removed file is dropped", []edit{remove("content/incidents/a.md")}},
		{"a renamed file moves", []edit{rename("content/incidents/a.md", "content/incidents/z.md")}},
		{"a file that turns bad is reported and dropped", []edit{write("content/incidents/a.md", "---\ntitle: [\n---\n")}},
		{"a bad name, a text file and an editor file are reported or skipped as in a full load", []edit{
			write("content/incidents/Bad Name.md", incident("X")), write("content/incidents/notes.txt", "x"), write("content/incidents/.a.md.swp", "x"),
		}},
		{"a created folder inside a kind folder is reported", []edit{mkdirWith("content/incidents/old", "content/incidents/old/x.md", incident("X"))}},
		{"a file replaced by a folder is reported and dropped", []edit{both(remove("content/incidents/a.md"), mkdirWith("content/incidents/a.md", "content/incidents/a.md/x.md", incident("X")))}},
		{"a created kind folder is read with its files", []edit{mkdirWith("content/maintenance", "content/maintenance/m.md",
			"---\ntitle: M\ncomponents: [api]\nscheduled_for: 2026-12-01 02:00\nscheduled_until: 2026-12-01 03:00\n---\n")}},
		{"a removed kind folder is not looked for by name", []edit{rmdir("content/incidents")}},
		{"a file renamed only in case is listed as renamed", []edit{
			write("content/incidents/C.md", incident("Big C")), rename("content/incidents/C.md", "content/incidents/c.md"),
		}},
		{"a file beside site.yaml is reported", []edit{write("content/notes.md", "x")}},
		{"a changed site.yaml reads everything again", []edit{write("content/site.yaml", siteYAML+"description: D\n")}},
		{"a kind folder named in the hint is listed again", []edit{replaceDir("content/incidents", "content/incidents/new.md", incident("New"))}},
		{"the files of a kind folder named in the hint are read again", []edit{replaceDir("content/incidents", "content/incidents/a.md", incident("Other"))}},
		{"edits made while content/ could not be listed are not lost", []edit{
			unlistable(true), write("content/incidents/a.md", incident("A3")), unlistable(false),
		}},
		{"edits made while site.yaml was missing are not lost", []edit{
			remove("content/site.yaml"), write("content/incidents/a.md", incident("A3")), write("content/site.yaml", siteYAML),
		}},
		{"lost events while site.yaml was missing are not forgotten", []edit{
			remove("content/site.yaml"), lost(write("content/incidents/a.md", incident("A3"))), write("content/site.yaml", siteYAML),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := site(map[string]string{
				"content/incidents/a.md": incident("A"),
				"content/incidents/b.md": incident("B"),
			})
			l := new(Loader)
			l.Load(caseless{fsys})
			for i, e := range tt.edits {
				l.Changed(e(fsys))
				checkLoad(t, l, caseless{fsys}, fmt.Sprintf("after edit %d", i+1))
			}
		})
	}
}

// An edit changes a site and returns the paths a watcher reports (nil:
// the watcher saw a watched directory go and knows nothing).
type edit func(fstest.MapFS) []string

var clock = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func write(p, s string) edit {
	return func(fsys fstest.MapFS) []string {
		clock = clock.Add(time.Second)
		fsys[p] = &fstest.MapFile{Data: []byte(s), ModTime: clock}
		return []string{p}
	}
}

// both makes one edit of two, as a watcher reports them in one build.
func both(e1, e2 edit) edit {
	return func(fsys fstest.MapFS) []string {
		return append(e1(fsys), e2(fsys)...)
	}
}

// lost makes an edit whose events the watcher lost.
func lost(e edit) edit {
	return func(fsys fstest.MapFS) []string {
		e(fsys)
		return nil
	}
}

func remove(p string) edit {
	return func(fsys fstest.MapFS) []string {
		delete(fsys, p)
		return []string{p}
	}
}

func rename(from, to string) edit {
	return func(fsys fstest.MapFS) []string {
		fsys[to] = fsys[from]
		delete(fsys, from)
		return []string{from, to}
	}
}

func mkdirWith(dir, file, s string) edit {
	return func(fsys fstest.MapFS) []string {
		fsys[dir] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
		fsys[file] = &fstest.MapFile{Data: []byte(s)}
		return []string{dir, file}
	}
}

func rmdir(dir string) edit {
	return func(fsys fstest.MapFS) []string {
		for p := range fsys {
			if strings.HasPrefix(p, dir+"/") || p == dir {
				delete(fsys, p)
			}
		}
		return nil
	}
}

// replaceDir replaces a folder by one holding only file, and reports only
// the folder.
func replaceDir(dir, file, s string) edit {
	return func(fsys fstest.MapFS) []string {
		rmdir(dir)(fsys)
		fsys[file] = &fstest.MapFile{Data: []byte(s)}
		return []string{dir}
	}
}

// unlistable makes content/ a file, which cannot be listed while
// content/site.yaml still reads (a map file system allows it), or undoes
// that. Neither is reported: the watcher does not see permissions change.
func unlistable(on bool) edit {
	return func(fsys fstest.MapFS) []string {
		if on {
			fsys["content"] = &fstest.MapFile{Data: []byte("x")}
		} else {
			delete(fsys, "content")
		}
		return []string{}
	}
}

// caseless is a file system that finds files whatever the case of their
// names, as on macOS and Windows.
type caseless struct{ m fstest.MapFS }

func (c caseless) Open(name string) (fs.File, error) {
	for p := range c.m {
		if strings.EqualFold(p, name) {
			return c.m.Open(p)
		}
	}
	return c.m.Open(name)
}

// checkLoad loads fsys with l and with a fresh loader and compares.
func checkLoad(t *testing.T, l *Loader, fsys fs.FS, when string) {
	t.Helper()
	got, gotProbs := l.Load(fsys)
	want, wantProbs := Load(fsys)
	if !reflect.DeepEqual(gotProbs, wantProbs) {
		t.Fatalf("%s: problems:\n%v\nwant:\n%v", when, gotProbs, wantProbs)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: site differs from a fresh load:\n%s\nwant:\n%s", when, describe(got), describe(want))
	}
}

// describe shows a site one document a line.
func describe(s *status.Site) string {
	return strings.ReplaceAll(fmt.Sprintf("%+v", s), "&{", "\n&{")
}

// Random edits, as a watcher reports them, keep a hinted loader's site
// equal to a fresh load's, on a map and on disk.
func TestRandomEditsKeepHintedLoadsExact(t *testing.T) {
	for _, onDisk := range []bool{false, true} {
		for seed := range 20 {
			t.Run(fmt.Sprintf("disk=%v/seed=%d", onDisk, seed), func(t *testing.T) {
				randomEdits(t, uint64(seed), onDisk)
			})
		}
	}
}

func randomEdits(t *testing.T, seed uint64, onDisk bool) {
	r := rand.New(rand.NewPCG(seed, 7))
	names := []string{"a.md", "b.md", "c.md", "2026-11-01-x.md", "Bad.md", "n.txt", ".n.md.swp", "d.md~", "sub/x.md"}
	kinds := []string{"components", "incidents", "maintenance", "templates", "incident"}
	bodies := map[string][]string{
		"components":  {"---\nname: C\n---\n", "---\nname: [\n---\n"},
		"incidents":   {"---\ntitle: I\ncomponents: {api: major_outage, c: minor}\n---\n## Investigating — 2026-11-21 14:32\nx\n", "---\ntitle: I2\n---\n## Resolved — 2026-11-21 15:32\ny\n", "---\nseverity: P9\n---\n"},
		"maintenance": {"---\ntitle: M\ncomponents: [api]\nscheduled_for: 2026-12-01 02:00\nscheduled_until: 2026-12-01 03:00\n---\n", "---\ntitle: M\n---\n"},
		"templates":   {"---\ntitle: T\n---\nBody\n"},
		"incident":    {"x"},
	}
	files := map[string]string{ // the site, by path
		"content/site.yaml":         siteYAML,
		"content/components/api.md": "---\nname: API\n---\n",
		"content/incidents/a.md":    bodies["incidents"][0],
	}
	dir := t.TempDir()
	mfs := fstest.MapFS{}
	mtime := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// sync brings the file system in line with files for the paths.
	sync := func(paths []string) {
		for _, p := range paths {
			// Distinct times: equal sizes and times mean unchanged files.
			mtime = mtime.Add(time.Second)
			s, ok := files[p]
			if onDisk {
				full := filepath.Join(dir, filepath.FromSlash(p))
				if !ok {
					os.Remove(full)
					continue
				}
				os.MkdirAll(filepath.Dir(full), 0o755)
				if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
				os.Chtimes(full, mtime, mtime)
				continue
			}
			if !ok {
				delete(mfs, p)
				continue
			}
			mfs[p] = &fstest.MapFile{Data: []byte(s), ModTime: mtime}
			// Folders stay when their last file goes, as on disk.
			for d := path.Dir(p); d != "content"; d = path.Dir(d) {
				mfs[d] = &fstest.MapFile{Mode: fs.ModeDir | 0o755}
			}
		}
	}
	var fsys fs.FS = mfs
	if onDisk {
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		fsys = root.FS()
	}
	var all []string
	for p := range files {
		all = append(all, p)
	}
	sync(all)
	l := new(Loader)
	l.Load(fsys)
	for step := range 60 {
		kind := kinds[r.IntN(len(kinds))]
		p := "content/" + kind + "/" + names[r.IntN(len(names))]
		var touched []string // the files changed
		hint := []string{}   // what the watcher reports; nil: it lost track
		switch op := r.IntN(10); {
		case op < 5: // write
			files[p] = bodies[kind][r.IntN(len(bodies[kind]))]
			touched = []string{p}
			hint = []string{p}
			if d := path.Dir(p); strings.Count(d, "/") == 2 {
				hint = append(hint, d) // the folder inside was created (or was there)
			}
		case op < 7: // remove
			delete(files, p)
			touched = []string{p}
			hint = touched
		case op < 8: // rename within the kind folder
			if s, ok := files[p]; ok {
				to := "content/" + kind + "/" + names[r.IntN(len(names)-1)]
				delete(files, p)
				files[to] = s
				touched = []string{p, to}
				hint = touched
			}
		case op < 9: // remove a whole kind folder: the watcher rescans
			for q := range files {
				if strings.HasPrefix(q, "content/"+kind+"/") {
					delete(files, q)
				}
			}
			os.RemoveAll(filepath.Join(dir, "content", kind))
			for q := range mfs {
				if strings.HasPrefix(q, "content/"+kind+"/") || q == "content/"+kind {
					delete(mfs, q)
				}
			}
			hint = nil
		default: // nothing changed (a clock rebuild)
		}
		sync(touched)
		l.Changed(hint)
		checkLoad(t, l, fsys, fmt.Sprintf("step %d", step))
	}
}

// A save that keeps the size and, on a coarse file system, the time of
// the file it replaces looks unchanged: the watcher's hint must still
// have it read again.
func TestAHintedFileIsReadEvenWhenItLooksUnchanged(t *testing.T) {
	dir := t.TempDir()
	file := "content/incidents/2026-11-21-a.md"
	src := func(word string) string {
		return "---\ntitle: " + word + "\ncomponents: {api: major_outage}\n---\n## Investigating — 2026-11-21 14:32\nx\n"
	}
	files := map[string]string{"content/site.yaml": siteYAML, "content/components/api.md": "---\nname: API\n---\n", file: src("Before")}
	for p, s := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, p), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys := os.DirFS(dir)
	var l Loader
	if _, probs := l.Load(fsys); len(probs) > 0 {
		t.Fatal(probs)
	}
	full := filepath.Join(dir, file)
	st, err := os.Stat(full)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte(src("Edited")), 0o644); err != nil { // as many bytes
		t.Fatal(err)
	}
	if err := os.Chtimes(full, st.ModTime(), st.ModTime()); err != nil {
		t.Fatal(err)
	}
	l.Changed([]string{file})
	site, probs := l.Load(fsys)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	if got := site.Incidents[0].Title; got != "Edited" {
		t.Fatalf("title %q after the hinted save, want %q", got, "Edited")
	}
}
