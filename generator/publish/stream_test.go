package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// stream publishes fs through a Stream of p.
func stream(t *testing.T, p *Publisher, fs map[string]string) (*Site, Stats, error) {
	t.Helper()
	w, err := p.Begin(context.Background())
	if err != nil {
		return nil, Stats{}, err
	}
	for _, q := range slices.Sorted(maps.Keys(fs)) {
		w.Emit(q, []byte(fs[q]))
	}
	return w.Commit(context.Background())
}

// A stream makes the same trees, manifests and stats as Publish, through
// sites that change bytes, paths, and files into folders and back, with
// files of others about.
func TestAStreamPublishesWhatPublishDoes(t *testing.T) {
	dir := t.TempDir()
	byStream, byPublish := filepath.Join(dir, "s", "public"), filepath.Join(dir, "p", "public")
	sp, pp := open(t, byStream), open(t, byPublish)
	saves := []map[string]string{
		{"index.html": "home", "a/index.html": "a", "b/index.html": "b", "feed.xml": "feed"},
		{"index.html": "home", "a/index.html": "a2", "b/index.html": "b", "feed.xml": "feed"},
		{"index.html": "home 3", "a": "a is a file now", "b/index.html": "b", "b/c/index.html": "c"},
		{"index.html": "home 3", "a/index.html": "a folder again", "b": "b too", "new.html": ""},
		{"index.html": "home 3", "a/index.html": "a folder again", "b": "b too", "new.html": ""},
	}
	theirs := map[string]string{"CNAME": "example.com\n", "x/notes.txt": "mine"}
	for i, fs := range saves {
		if i == 2 {
			write(t, byStream, theirs)
			write(t, byPublish, theirs)
		}
		s, st, err := stream(t, sp, fs)
		if err != nil {
			t.Fatalf("save %d by stream: %v", i, err)
		}
		want, err := pp.Publish(context.Background(), site(fs))
		if err != nil {
			t.Fatalf("save %d by Publish: %v", i, err)
		}
		if st != want {
			t.Errorf("save %d: stats %+v, Publish says %+v", i, st, want)
		}
		got, ref := files(t, byStream), files(t, byPublish)
		if !maps.Equal(got, ref) {
			t.Errorf("save %d: the stream made\n%v\nPublish made\n%v", i, got, ref)
		}
		if i >= 2 {
			for q, data := range theirs {
				if got[q] != data {
					t.Errorf("save %d: %s of another is %q", i, q, got[q])
				}
			}
		}
		for q, data := range fs {
			if b, ok := s.File(q); !ok || string(b) != data {
				t.Errorf("save %d: File(%s) = %q, %v", i, q, b, ok)
			}
		}
		if s.Len() != len(fs) {
			t.Errorf("save %d: Len %d", i, s.Len())
		}
		noStrays(t, bookDir(byStream))
	}
	// Another process knows the streamed tree without reading it.
	sp.Close()
	q := open(t, byStream)
	if d, ok := q.Published("a/index.html"); !ok || d != DigestOf([]byte("a folder again")) {
		t.Errorf("Published after a stream, in a new process: %v %v", d, ok)
	}
}

// noStrays fails when the bookkeeping folder holds a journal or a
// temporary file.
func noStrays(t *testing.T, book string) {
	t.Helper()
	for p := range files(t, book) {
		if strings.Contains(p, tempPrefix) || p == journal {
			t.Errorf("left behind: %s", p)
		}
	}
}

func TestAStreamThatFailsLeavesTheOutputAndTheNextPublishFinishes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	p := open(t, out)
	v1 := map[string]string{"index.html": "v1", "a/index.html": "a"}
	if _, _, err := stream(t, p, v1); err != nil {
		t.Fatal(err)
	}
	if _, _, err := stream(t, p, map[string]string{"index.html": "v2"}); err != nil {
		t.Fatal(err)
	}
	// The spare (v1's tree) gets a file of another: a stream must not
	// write over it.
	spare := filepath.Join(bookDir(out), spareName)
	write(t, spare, map[string]string{"mine.txt": "keep me"})
	before := files(t, out)

	for _, c := range []struct {
		name string
		do   func(w *Stream)
		want string
	}{
		{"a path twice", func(w *Stream) { w.Emit("b/index.html", []byte("1")); w.Emit("b/index.html", []byte("2")) }, "rendered twice"},
		{"an invalid path", func(w *Stream) { w.Emit("../x", nil) }, "invalid output path"},
		{"over a file of another in the spare", func(w *Stream) { w.Emit("mine.txt", []byte("mine now")) }, "sitrep did not write it"},
		{"a kept file the output lacks", func(w *Stream) { w.Keep("nope.html", DigestOf(nil)) }, "was to be kept"},
		{"abandoned", func(w *Stream) { w.Emit("c/index.html", []byte("c")); w.Abort() }, "the stream is over"},
	} {
		w, err := p.Begin(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		w.Emit("index.html", []byte("v3"))
		w.Emit("new/index.html", []byte("new"))
		c.do(w)
		_, _, err = w.Commit(context.Background())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
		if after := files(t, out); !maps.Equal(before, after) {
			t.Errorf("%s: the output changed:\n%v\n%v", c.name, before, after)
		}
		if b, _ := os.ReadFile(filepath.Join(spare, "mine.txt")); string(b) != "keep me" {
			t.Errorf("%s: the file of another in the spare is %q", c.name, b)
		}
	}
	// A new process reads the journal: what the streams left in the spare
	// is sitrep's, and goes.
	p.Close()
	q := open(t, out)
	v3 := map[string]string{"index.html": "v3", "b/index.html": "b"}
	if _, _, err := stream(t, q, v3); err != nil {
		t.Fatal(err)
	}
	want := maps.Clone(v3)
	want["mine.txt"] = "keep me" // it returns to the output, as Publish does
	wantTree(t, out, want, "index.html", "b/index.html")
	noStrays(t, bookDir(out))
	if _, err := os.Stat(filepath.Join(bookDir(out), spareName, "new")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a folder of a failed stream is still in the spare: %v", err)
	}
}

func TestAStreamKeepsPublishedFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	p := open(t, out)
	if _, _, err := stream(t, p, map[string]string{"index.html": "v1"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := stream(t, p, map[string]string{"index.html": "v1", "a/index.html": "a"}); err != nil {
		t.Fatal(err)
	}
	p.Close()
	q := open(t, out)
	d, ok := q.Published("a/index.html")
	if !ok {
		t.Fatal("Published does not know a/index.html")
	}
	before := stat(t, filepath.Join(out, "a", "index.html"))
	w, err := q.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	w.Keep("a/index.html", d)
	w.Emit("index.html", []byte("v2"))
	s, st, err := w.Commit(context.Background())
	if err != nil || st != (Stats{Written: 1, Unchanged: 1}) {
		t.Fatalf("%+v %v", st, err)
	}
	wantTree(t, out, map[string]string{"index.html": "v2", "a/index.html": "a"}, "index.html", "a/index.html")
	if !os.SameFile(stat(t, filepath.Join(out, "a", "index.html")), before) {
		t.Error("the kept file was not linked")
	}
	if b, ok := s.File("a/index.html"); !ok || string(b) != "a" {
		t.Errorf("File of a kept file: %q %v", b, ok)
	}
	// Changed behind its back after Published: the stream fails.
	d, _ = q.Published("a/index.html")
	if _, _, err := stream(t, q, map[string]string{"index.html": "v2"}); err != nil { // a/ only in the spare now
		t.Fatal(err)
	}
	write(t, out, map[string]string{"index.html": "tampered"})
	d2, ok := q.Published("index.html")
	if !ok {
		t.Fatal("Published does not know index.html")
	}
	w, err = q.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	w.Keep("index.html", d2)
	_, _, err = w.Commit(context.Background())
	var ke *KeptError
	if !errors.As(err, &ke) {
		t.Errorf("keeping a tampered file: %v", err)
	}
	_ = d
}

// Paths announced with Expect are named in the journal a group at a time,
// before their files are made, and only while the spare holds nothing
// there: a file of another in the spare at an announced path is never
// named, and stays after a stream left behind.
func TestAnnouncedPathsAreJournaledAGroupAheadAndNeverOverAFileOfAnother(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	p := open(t, out)
	if _, _, err := stream(t, p, map[string]string{"index.html": "v1"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := stream(t, p, map[string]string{"index.html": "v2"}); err != nil {
		t.Fatal(err)
	}
	spare := filepath.Join(bookDir(out), spareName)
	write(t, spare, map[string]string{"p/1/mine.txt": "keep me"})
	var announced []string
	for i := range 2*journalAhead + 10 {
		announced = append(announced, fmt.Sprintf("p/%d/index.html", i))
	}
	announced[2] = "p/1/mine.txt"
	w, err := p.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	w.Expect(announced)
	w.Emit(announced[0], []byte("0"))
	b, err := os.ReadFile(filepath.Join(bookDir(out), journal))
	if err != nil {
		t.Fatal(err)
	}
	named := map[string]bool{}
	for line := range strings.Lines(string(b)) {
		q, err := strconv.Unquote(strings.TrimSuffix(line, "\n"))
		if err != nil {
			t.Fatalf("journal line %q: %v", line, err)
		}
		named[q] = true
	}
	// The emitted path and the next journalAhead announced ones that the
	// spare does not hold: mine.txt is passed over.
	if len(named) != journalAhead+1 || !named[announced[0]] || !named[announced[journalAhead+1]] || named[announced[journalAhead+2]] {
		t.Errorf("the journal names %d paths, want %s and the %d after it", len(named), announced[0], journalAhead)
	}
	if named["p/1/mine.txt"] {
		t.Error("the journal names the file of another in the spare")
	}
	// Every announced path is named before its file is made, one group
	// at a time; the stream then stops with a group named but not made.
	for i, q := range announced[1 : journalAhead+journalAhead/2] {
		if q == "p/1/mine.txt" {
			continue
		}
		w.Emit(q, []byte(strconv.Itoa(i)))
	}
	if err := w.Err(); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(bookDir(out), journal)); !strings.Contains(string(b), strconv.Quote(announced[2*journalAhead])) {
		t.Errorf("the journal does not name %s, of the group ahead", announced[2*journalAhead])
	}
	w.Abort()
	p.Close()
	// A new process finishes: the files the stream made go, the paths
	// named but never made are passed over, the file of another stays.
	q := open(t, out)
	if _, _, err := stream(t, q, map[string]string{"index.html": "v3"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "p", "1", "mine.txt")); string(b) != "keep me" {
		t.Errorf("the file of another is %q", b)
	}
	for _, q := range announced {
		if q == "p/1/mine.txt" {
			continue
		}
		for _, dir := range []string{out, spare} {
			if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(q))); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("%s is still in %s: %v", q, dir, err)
			}
		}
	}
}
