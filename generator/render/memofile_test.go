package render

import (
	"encoding/hex"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/view"
)

func TestKeysAreTheSameInEveryProcess(t *testing.T) {
	// A key is a SHA-256 of what was written, with nothing random in it:
	// this value was computed once and must never change for these
	// writes, or saved caches would silently stop matching (it is the
	// SHA-256 of the little-endian words and bytes written, by hand).
	k := NewMemo().Key().Str("incidents/a/").Int(42).Bool(true).Time(time.Unix(1e9, 5).In(time.FixedZone("KST", 9*3600)))
	s := k.sum()
	if got, want := hex.EncodeToString(s[:]), "83b950edf8027f83e6ad847cbc3fcbe5"; got != want {
		t.Errorf("key = %s, want %s", got, want)
	}
	if NewMemo().Key().Str("x").Sum() != NewMemo().Key().Str("x").Sum() {
		t.Error("two memos give the same writes different keys")
	}
}

// cacheSite is a render context for memo tests: a theme, an address and
// a time zone, the inputs Start sums up.
func cacheSite(m *Memo, base string, theme fstest.MapFS, loc *time.Location) (*Context, map[string]string, map[string]publish.Digest) {
	u, _ := url.Parse(base)
	emitted, kept := map[string]string{}, map[string]publish.Digest{}
	c := &Context{
		Model: &view.Model{Loc: loc, Now: time.Date(2026, 11, 22, 11, 0, 0, 0, loc)},
		URLs:  paths.New(u),
		Theme: theme,
		Memo:  m,
		Emit:  func(p string, b []byte) { emitted[p] = string(b) },
		Keep:  func(p string, d publish.Digest) { kept[p] = d },
	}
	return c, emitted, kept
}

// published is a live tree: path → bytes.
type published map[string]string

func (p published) digest(path string) (publish.Digest, bool) {
	b, ok := p[path]
	return publish.DigestOf([]byte(b)), ok
}

func TestASavedMemoKeepsWhatThePublishedTreeStillHolds(t *testing.T) {
	theme := fstest.MapFS{"layouts/base.html": {Data: []byte("<html>")}}
	seoul, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	build := func(m *Memo, base string, theme fstest.MapFS, loc *time.Location) (map[string]string, map[string]publish.Digest) {
		c, emitted, kept := cacheSite(m, base, theme, loc)
		m.Start(c)
		for _, p := range []string{"a.html", "b.html"} {
			err := c.Output(p, m.Key().Str(p), func() ([]byte, error) { calls++; return []byte("page " + p), nil })
			if err != nil {
				t.Fatal(err)
			}
		}
		m.Next()
		return emitted, kept
	}
	first := NewMemoOf("sitrep test", true)
	tree, _ := build(first, "https://status.example.com/", theme, seoul)
	saved := first.Saved(published(tree).digest)
	if calls != 2 || saved == nil {
		t.Fatalf("first build: %d renders, saved %d bytes", calls, len(saved))
	}

	next := func(lean bool, live published) *Memo {
		m, err := ReadMemo(saved, "sitrep test", lean)
		if err != nil {
			t.Fatal(err)
		}
		m.Bind(live.digest)
		return m
	}
	calls = 0
	emitted, kept := build(next(true, tree), "https://status.example.com/", theme, seoul)
	if calls != 0 || len(emitted) != 0 || len(kept) != 2 || kept["a.html"] != publish.DigestOf([]byte("page a.html")) {
		t.Errorf("nothing changed: %d renders, emitted %v, kept %v", calls, emitted, kept)
	}

	tampered := published{"a.html": "page a.html, edited by hand", "b.html": tree["b.html"]}
	calls = 0
	emitted, kept = build(next(true, tampered), "https://status.example.com/", theme, seoul)
	if calls != 1 || emitted["a.html"] != "page a.html" || len(kept) != 1 {
		t.Errorf("a tampered file: %d renders, emitted %v, kept %v", calls, emitted, kept)
	}
	calls = 0
	build(next(true, published{"b.html": tree["b.html"]}), "https://status.example.com/", theme, seoul)
	if calls != 1 {
		t.Errorf("a removed file: %d renders", calls)
	}

	for _, change := range []struct {
		name  string
		base  string
		theme fstest.MapFS
		loc   *time.Location
	}{
		{"the address", "https://status.example.org/", theme, seoul},
		{"a theme file", "https://status.example.com/", fstest.MapFS{"layouts/base.html": {Data: []byte("<html lang>")}}, seoul},
		{"a new theme file", "https://status.example.com/", fstest.MapFS{"layouts/base.html": {Data: []byte("<html>")}, "static/x.css": {}}, seoul},
		{"the time zone's rules", "https://status.example.com/", theme, time.FixedZone("Asia/Seoul", 9*3600)},
	} {
		calls = 0
		build(next(true, tree), change.base, change.theme, change.loc)
		if calls != 2 {
			t.Errorf("%s changed: %d of 2 outputs rendered", change.name, calls)
		}
	}
	if _, err := ReadMemo(saved, "another sitrep", true); err == nil || !strings.Contains(err.Error(), "another program") {
		t.Errorf("another program's cache: %v", err)
	}
}

func TestABrokenSavedMemoIsRefused(t *testing.T) {
	m := NewMemoOf("sitrep test", true)
	c, _, _ := cacheSite(m, "https://status.example.com/", fstest.MapFS{}, time.UTC)
	m.Start(c)
	for _, p := range []string{"a.html", "b.html"} {
		if err := c.Output(p, m.Key().Str(p), func() ([]byte, error) { return []byte(p), nil }); err != nil {
			t.Fatal(err)
		}
	}
	m.Next()
	saved := m.Saved(func(string) (publish.Digest, bool) { return publish.Digest{1}, true })
	if _, err := ReadMemo(saved, "sitrep test", true); err != nil {
		t.Fatal(err)
	}
	flipped := []byte(string(saved))
	flipped[len(memoHeader)+20] ^= 1
	for name, data := range map[string][]byte{
		"empty":              nil,
		"truncated":          saved[:len(saved)-1],
		"cut after a record": saved[:len(saved)/2],
		"a flipped bit":      flipped,
		"a later version":    []byte(strings.Replace(string(saved), memoHeader, "sitrep-build-cache 9\n", 1)),
		"something else":     []byte("sitrep-manifest 1\n"),
	} {
		if _, err := ReadMemo(data, "sitrep test", true); err == nil {
			t.Errorf("%s: read without error", name)
		}
	}
	if _, err := ReadMemo(saved, "", true); err == nil {
		t.Error("a program without a stamp read a cache")
	}
	if NewMemo().Saved(func(string) (publish.Digest, bool) { return publish.Digest{}, true }) != nil {
		t.Error("a memo without a stamp was saved")
	}
}

func TestOnlyWhatTheTreeHoldsAsTheBuildMadeItIsSaved(t *testing.T) {
	// Watch's memo holds the bytes it rendered; when its last build was
	// not published (a failed publish), the tree holds an older build's
	// files, which must not be recorded under the new keys.
	m := NewMemoOf("sitrep test", false)
	c, _, _ := cacheSite(m, "https://status.example.com/", fstest.MapFS{}, time.UTC)
	m.Start(c)
	for _, p := range []string{"a.html", "b.html"} {
		if err := c.Output(p, m.Key().Str(p), func() ([]byte, error) { return []byte("new " + p), nil }); err != nil {
			t.Fatal(err)
		}
	}
	m.Next()
	saved := m.Saved(published{"a.html": "new a.html", "b.html": "old b.html"}.digest)
	read, err := ReadMemo(saved, "sitrep test", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := read.prev["a.html"]; !ok || len(read.prev) != 1 {
		t.Errorf("saved %v, want only a.html", read.prev)
	}
}
