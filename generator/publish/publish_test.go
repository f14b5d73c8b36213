package publish

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func listTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	return out
}

func TestSyncWritesChangedFilesRemovesStaleOnesAndKeepsDotfiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ".gitignore"), []byte("*\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, ".git"), 0o755)
	os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref"), 0o644)

	s := NewSite()
	s.Emit("index.html", []byte("home"))
	s.Emit("incidents/a/index.html", []byte("a"))
	s.Emit("incidents/b/index.html", []byte("b"))
	st, err := s.Sync(dir)
	if err != nil || st.Written != 3 {
		t.Fatalf("first sync: %+v, %v", st, err)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "index.html"), old, old)

	s = NewSite()
	s.Emit("index.html", []byte("home"))
	s.Emit("incidents/a/index.html", []byte("a2"))
	st, err = s.Sync(dir)
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 1, Unchanged: 1, Removed: 1}) {
		t.Errorf("second sync: %+v", st)
	}
	if fi, _ := os.Stat(filepath.Join(dir, "index.html")); fi.ModTime().After(old.Add(time.Second)) {
		t.Errorf("an unchanged file was rewritten")
	}
	got := listTree(t, dir)
	want := map[string]string{".gitignore": "*\n", ".git/HEAD": "ref", "index.html": "home", "incidents/a/index.html": "a2"}
	if len(got) != len(want) {
		t.Errorf("tree = %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "incidents", "b")); !os.IsNotExist(err) {
		t.Errorf("the stale directory incidents/b was left behind")
	}
}

func TestEmitRefusesDuplicatesAndBadPaths(t *testing.T) {
	s := NewSite()
	s.Emit("a", nil)
	s.Emit("a", nil)
	if s.Err() == nil {
		t.Error("a path emitted twice was not reported")
	}
	s = NewSite()
	s.Emit("../escape", nil)
	if s.Err() == nil || slices.Contains(s.Paths(), "../escape") {
		t.Error("a path leaving the site was accepted")
	}
}

func TestSyncReplacesLinksAndTypeConflictsInsteadOfFollowingThem(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	os.Symlink(outside, filepath.Join(dir, "incidents")) // a link where a directory goes
	os.MkdirAll(filepath.Join(dir, "feed.rss"), 0o755)   // a directory where a file goes
	os.WriteFile(filepath.Join(dir, "api"), nil, 0o644)  // a file where a directory goes
	s := NewSite()
	s.Emit("incidents/a/index.html", []byte("a"))
	s.Emit("feed.rss", []byte("rss"))
	s.Emit("api/v2/status.json", []byte("{}"))
	if _, err := s.Sync(dir); err != nil {
		t.Fatal(err)
	}
	if es, _ := os.ReadDir(outside); len(es) != 0 {
		t.Fatalf("the sync wrote through a link, out of the site: %v", es)
	}
	got := listTree(t, dir)
	if got["incidents/a/index.html"] != "a" || got["feed.rss"] != "rss" || got["api/v2/status.json"] != "{}" {
		t.Fatalf("tree = %v", got)
	}
}

func TestSyncFromAPreviousSiteWritesOnlyTheDifference(t *testing.T) {
	dir := t.TempDir()
	a := NewSite()
	a.Emit("index.html", []byte("home"))
	a.Emit("incidents/x/index.html", []byte("x"))
	a.Emit("incidents/y/index.html", []byte("y"))
	if _, err := a.Sync(dir); err != nil {
		t.Fatal(err)
	}
	b := NewSite()
	b.Emit("index.html", []byte("home 2"))
	b.Emit("incidents/x/index.html", []byte("x"))
	b.Emit("incidents/z/index.html", []byte("z"))
	st, err := b.SyncFrom(dir, a)
	if err != nil {
		t.Fatal(err)
	}
	if st != (Stats{Written: 2, Unchanged: 1, Removed: 1}) {
		t.Errorf("stats = %+v", st)
	}
	// The result equals a full sync of b.
	want := t.TempDir()
	b.Sync(want)
	got, exp := listTree(t, dir), listTree(t, want)
	if len(got) != len(exp) {
		t.Fatalf("tree = %v, want %v", got, exp)
	}
	for k, v := range exp {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "incidents", "y")); !os.IsNotExist(err) {
		t.Error("the emptied directory incidents/y was left behind")
	}
}
