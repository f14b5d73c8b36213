package publish

import (
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// files lists every file under dir (bookkeeping included when it is
// inside) with its bytes; a link is listed as "-> target".
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	walk(t, dir, func(p, rel string, d fs.DirEntry) error {
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out[rel] = "-> " + target
		case !d.IsDir():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[rel] = string(b)
		}
		return nil
	})
	return out
}

// walk calls f for everything under dir, dir itself included (as "."),
// with its slash path relative to dir; a dir that does not exist holds
// nothing.
func walk(t *testing.T, dir string, f func(p, rel string, d fs.DirEntry) error) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == dir {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		return f(p, filepath.ToSlash(rel), d)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func write(t *testing.T, dir string, fs map[string]string) {
	t.Helper()
	for name, data := range fs {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func site(fs map[string]string) *Site {
	s := NewSite()
	for p, data := range fs {
		s.Emit(p, []byte(data))
	}
	return s
}

// publish opens out, publishes s and closes it.
func publish(t *testing.T, out string, s *Site) (Stats, error) {
	t.Helper()
	p, err := Open(context.Background(), out, Options{Command: "build"})
	if err != nil {
		return Stats{}, err
	}
	st, err := p.Publish(context.Background(), s)
	return st, errors.Join(err, p.Close())
}

// wantTree checks that out holds exactly want, a manifest of the site
// files named in ours, and nothing else.
func wantTree(t *testing.T, out string, want map[string]string, ours ...string) {
	t.Helper()
	got := files(t, out)
	man, err := ReadManifest(strings.NewReader(got[ManifestName]))
	if err != nil {
		t.Fatalf("%s: %v", ManifestName, err)
	}
	delete(got, ManifestName)
	if !maps.Equal(got, want) {
		t.Errorf("%s holds\n%v\nwant\n%v", out, got, want)
	}
	if !slices.Equal(man.Paths(), slices.Sorted(slices.Values(ours))) {
		t.Errorf("manifest lists %v, want %v", man.Paths(), ours)
	}
	for _, p := range ours {
		if man.Files[p].Digest != DigestOf([]byte(want[p])) || man.Files[p].Size != int64(len(want[p])) {
			t.Errorf("manifest entry of %s is %+v", p, man.Files[p])
		}
	}
}

func TestPublishWritesTheSiteWithItsManifestAndReplacesItWhole(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	a := map[string]string{"index.html": "home", "incidents/a/index.html": "a", "incidents/b/index.html": "b"}
	st, err := publish(t, out, site(a))
	if err != nil || st != (Stats{Written: 3}) {
		t.Fatalf("first publish: %+v, %v", st, err)
	}
	wantTree(t, out, a, "index.html", "incidents/a/index.html", "incidents/b/index.html")

	b := map[string]string{"index.html": "home", "incidents/a/index.html": "a2", "feed.rss": "rss"}
	st, err = publish(t, out, site(b))
	if err != nil || st != (Stats{Written: 2, Unchanged: 1, Removed: 1}) {
		t.Fatalf("second publish: %+v, %v", st, err)
	}
	wantTree(t, out, b, "index.html", "incidents/a/index.html", "feed.rss")
	if _, err := os.Stat(filepath.Join(out, "incidents", "b")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the folder of a removed page is still there: %v", err)
	}
	// The bookkeeping folder holds the previous tree and nothing stray.
	for p := range files(t, bookDir(out)) {
		if strings.Contains(p, tempPrefix) || strings.HasPrefix(p, journal) {
			t.Errorf("left behind: %s", p)
		}
	}
}

func TestPublishKeepsFilesItDidNotWriteAndNeverDeletesThem(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	theirs := map[string]string{".gitignore": "*\n", ".git/HEAD": "ref: main\n"}
	write(t, out, theirs) // dotfiles only: a first build may go ahead
	if _, err := publish(t, out, site(map[string]string{"index.html": "v1", "old/index.html": "old"})); err != nil {
		t.Fatal(err)
	}
	// Later someone adds files of their own, some in sitrep's folders.
	more := map[string]string{"CNAME": "status.example.com\n", "old/notes.txt": "mine", "downloads/report.pdf": "%PDF"}
	write(t, out, more)
	maps.Copy(theirs, more)
	if err := os.Symlink("index.html", filepath.Join(out, "home.html")); err != nil {
		t.Fatal(err)
	}
	theirs["home.html"] = "-> index.html"
	for range 3 { // again and again: nothing of theirs drifts into the spare and back
		if _, err := publish(t, out, site(map[string]string{"index.html": "v2"})); err != nil {
			t.Fatal(err)
		}
		want := maps.Clone(theirs)
		want["index.html"] = "v2"
		wantTree(t, out, want, "index.html")
	}
	for p := range files(t, filepath.Join(bookDir(out), spareName)) {
		if _, ok := theirs[p]; ok {
			t.Errorf("a copy of %s stays in the spare", p)
		}
	}
}

func TestPublishRefusesWhenAFileOfAnotherIsInTheWay(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := publish(t, out, site(map[string]string{"index.html": "v1"})); err != nil {
		t.Fatal(err)
	}
	write(t, out, map[string]string{"incidents": "a file of mine"})
	before := files(t, out)
	_, err := publish(t, out, site(map[string]string{"index.html": "v2", "incidents/a/index.html": "a"}))
	var re *RefusedError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "incidents") {
		t.Fatalf("publish over a stranger's file: %v", err)
	}
	if after := files(t, out); !maps.Equal(before, after) {
		t.Errorf("the output changed:\n%v\n%v", before, after)
	}
}

func TestOpenRefusesAFolderItDidNotWrite(t *testing.T) {
	out := t.TempDir()
	theirs := map[string]string{"IMPORTANT.txt": "keep me", "sub/x": "and me", ".gitignore": "*"}
	write(t, out, theirs)
	_, err := publish(t, out, site(map[string]string{"index.html": "x"}))
	var re *RefusedError
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "no record of an earlier build") {
		t.Fatalf("got %v", err)
	}
	if got := files(t, out); !maps.Equal(got, theirs) {
		t.Errorf("the folder changed: %v", got)
	}
	if _, err := os.Lstat(bookDir(out)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a bookkeeping folder was made beside a folder that is not sitrep's: %v", err)
	}
	// A manifest that cannot be read is no record either.
	write(t, out, map[string]string{ManifestName: "sitrep-manifest 9\n"})
	if _, err := publish(t, out, site(map[string]string{"index.html": "x"})); !errors.As(err, &re) || !strings.Contains(err.Error(), "version") {
		t.Errorf("with a manifest of a later version: %v", err)
	}
}

func TestOpenRefusesOutputFoldersThatOverlapTheSite(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "site")
	write(t, root, map[string]string{"site/content/site.yaml": "title: x\n", "site/themes/t/a": "a", "victim/keep": "keep"})
	if err := os.Symlink(filepath.Join(root, "victim"), filepath.Join(site, "public")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "real"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "real"), filepath.Join(site, "via")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(site, "content"), filepath.Join(root, "content-link")); err != nil {
		t.Fatal(err)
	}
	before := files(t, root)
	for _, c := range []struct{ name, out, why string }{
		{"the site root", site, "holds the site"},
		{"the site root, relatively", filepath.Join(site, "content", ".."), "holds the site"},
		{"a folder above the site", root, "holds the site"},
		{"the file system root", "/", "root of a file system"},
		{"content/", filepath.Join(site, "content"), "content/"},
		{"inside content/", filepath.Join(site, "content", "public"), "content/"},
		{"inside themes/", filepath.Join(site, "themes", "t", "out"), "themes/"},
		{"a link to content/ outside the site", filepath.Join(root, "content-link"), "is a link"},
		{"below a link to content/", filepath.Join(root, "content-link", "out"), "content/"},
		{"a public link to a victim", filepath.Join(site, "public"), "is a link"},
		{"below a link inside the site", filepath.Join(site, "via", "public"), "is a link"},
		{"inside sitrep's bookkeeping", filepath.Join(root, ".public.sitrep", "spare"), "bookkeeping"},
	} {
		_, err := Open(context.Background(), c.out, Options{Site: site})
		var re *RefusedError
		if !errors.As(err, &re) || !strings.Contains(err.Error(), c.why) {
			t.Errorf("%s: got %v, want a refusal saying %q", c.name, err, c.why)
		}
	}
	if after := files(t, root); !maps.Equal(before, after) {
		t.Errorf("something changed:\n%v\n%v", before, after)
	}
}

func TestOpenLetsOneProcessWriteAtATime(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	first, err := Open(context.Background(), out, Options{Command: "watch"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), out, Options{Command: "build", Wait: 0})
	var be *BusyError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "(sitrep watch)") {
		t.Fatalf("second writer: %v", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second, err := Open(context.Background(), out, Options{Command: "build"})
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	second.Close()
}

func TestPublishFinishesWhatAKilledPublishLeft(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	v1 := map[string]string{"index.html": "v1", "a/index.html": "a"}
	if _, err := publish(t, out, site(v1)); err != nil {
		t.Fatal(err)
	}
	if _, err := publish(t, out, site(map[string]string{"index.html": "v2"})); err != nil {
		t.Fatal(err)
	}
	// A process died while changing the spare: a journal, half a new
	// tree, temporary files.
	book := bookDir(out)
	spare := filepath.Join(book, spareName)
	write(t, spare, map[string]string{"index.html": "v3-half", "b/index.html": "b", "b/" + tempPrefix + "7": "x", tempPrefix + "1": "y"})
	if err := writeJournal(filepath.Join(book, journal), []string{"index.html", "b/index.html"}); err != nil {
		t.Fatal(err)
	}
	v3 := map[string]string{"index.html": "v3", "c/index.html": "c"}
	if _, err := publish(t, out, site(v3)); err != nil {
		t.Fatal(err)
	}
	wantTree(t, out, v3, "index.html", "c/index.html")
	for p := range files(t, book) {
		if strings.Contains(p, tempPrefix) || p == journal {
			t.Errorf("left behind: %s", p)
		}
	}

	// A process died between the two renames of a system without an
	// exchange: the output folder is gone and the previous tree waits.
	if err := os.Rename(out, filepath.Join(book, oldName)); err != nil {
		t.Fatal(err)
	}
	p, err := Open(context.Background(), out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.Close()
	wantTree(t, out, v3, "index.html", "c/index.html")
}

func TestPublishWithTwoRenamesWhereNoExchangeExists(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	p, err := Open(context.Background(), out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	p.exchangeMissing = true
	for _, v := range []string{"v1", "v2", "v3"} {
		if _, err := p.Publish(context.Background(), site(map[string]string{"index.html": v, v + "/index.html": v})); err != nil {
			t.Fatal(err)
		}
		wantTree(t, out, map[string]string{"index.html": v, v + "/index.html": v}, "index.html", v+"/index.html")
	}
}

func TestPublishNoticesAnOutputChangedBehindItsBack(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	p, err := Open(context.Background(), out, Options{Command: "watch"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	v := map[string]string{"index.html": "v", "a/index.html": "a", "b/c/index.html": "c"}
	ours := slices.Collect(maps.Keys(v))
	pub := func() {
		t.Helper()
		if _, err := p.Publish(context.Background(), site(v)); err != nil {
			t.Fatal(err)
		}
		wantTree(t, out, v, ours...)
	}
	pub()
	pub()
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	pub()
	// Deep inside, where only a full check looks.
	pub()
	if err := os.Remove(filepath.Join(out, "b", "c", "index.html")); err != nil {
		t.Fatal(err)
	}
	pub() // the previous tree went into the spare; the next publish brings it back
	p.Verify()
	pub()
	pub()
}

func TestManifestReadsWhatItWrites(t *testing.T) {
	m := &Manifest{Files: map[string]Entry{
		"index.html":         {Digest: DigestOf([]byte("a")), Size: 1},
		"a b/\"quoted\".txt": {Digest: DigestOf(nil), Size: 0},
	}}
	got, err := ReadManifest(strings.NewReader(string(m.Bytes())))
	if err != nil || !maps.Equal(got.Files, m.Files) {
		t.Fatalf("got %v, %v", got, err)
	}
	for _, bad := range []string{"", "sitrep-manifest 2\n", "hello\n", "sitrep-manifest 1\nzz 1 \"a\"\n", "sitrep-manifest 1\n" + DigestOf(nil).String() + " 1 \"../a\"\n"} {
		if _, err := ReadManifest(strings.NewReader(bad)); err == nil {
			t.Errorf("read %q", bad)
		}
	}
}

func TestTheDigestCacheOutlivesTheProcessOnlyForFilesWithFineTimes(t *testing.T) {
	dir := t.TempDir()
	fine := fileID{Dev: 1, Ino: 2, Size: 3, MTime: 1_700_000_000_123_456_789}
	coarse := fileID{Dev: 1, Ino: 3, Size: 3, MTime: 4_000_000_000 * 1e9} // whole seconds, after the cache was written
	tr := newTree()
	tr.nodes["a"] = &node{kind: kFile, id: fine, idOK: true, dig: DigestOf([]byte("a")), digOK: true}
	tr.nodes["b"] = &node{kind: kFile, id: coarse, idOK: true, dig: DigestOf([]byte("b")), digOK: true}
	var c digestCache
	if err := c.save(filepath.Join(dir, statCache), tr); err != nil {
		t.Fatal(err)
	}
	var next digestCache
	next.load(filepath.Join(dir, statCache))
	if d, ok := next.get(fine); !ok || d != DigestOf([]byte("a")) {
		t.Errorf("the entry of a file with a fine time: %v %v", d, ok)
	}
	if _, ok := next.get(coarse); ok {
		t.Error("an entry of a file with a coarse time, modified after the cache was written, was trusted")
	}
}

// One publisher's manifests, after saves that change bytes, sizes and
// paths, are byte for byte those of the site published afresh.
func TestManifestOfEachSaveIsThatOfTheSiteAfresh(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	p, err := Open(context.Background(), out, Options{Command: "watch"})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	saves := []map[string]string{
		{"a.html": "a", "b.html": "b", "c/d.html": "d", "e.html": "e"},
		{"a.html": "a", "b.html": "B", "c/d.html": "longer d", "e.html": "e"},      // same paths: lines reused
		{"a.html": "a", "b.html": "B", "c/d.html": "longer d", "e.html": "e"},      // nothing changed
		{"a.html": "a2", "b.html": "B", "c/d.html": "d", "f.html": "f"},            // a path gone, one new
		{"a.html": "a2", "b.html": "B", "c/d.html": "d", "f.html": "f", "g": "g"},  // one more
		{"a.html": "a3", "b.html": "B", "c/d.html": "d", "f.html": "f", "g": "gg"}, // the first and last line
	}
	for i, fs := range saves {
		if _, err := p.Publish(context.Background(), site(fs)); err != nil {
			t.Fatalf("save %d: %v", i, err)
		}
		want := &Manifest{Files: map[string]Entry{}}
		for q, data := range fs {
			want.Files[q] = Entry{Digest: DigestOf([]byte(data)), Size: int64(len(data))}
		}
		got, err := os.ReadFile(filepath.Join(out, ManifestName))
		if err != nil || string(got) != string(want.Bytes()) {
			t.Fatalf("save %d: manifest\n%s\nwant\n%s (%v)", i, got, want.Bytes(), err)
		}
	}
}
