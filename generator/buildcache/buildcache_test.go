package buildcache_test

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/buildcache"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/watch"
)

// site is a copy of the example site, built into its public/ by one
// process after another (each its own publisher and cache), and, beside
// it, by one process that keeps its memo in memory, as watch does: the
// reference for what may be reused.
type site struct {
	t    *testing.T
	dir  string
	root *os.Root
	ref  *render.Memo
}

func newSite(t *testing.T) *site {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(example.Dir(t), "content")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(example.Dir(t), p)
		full := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			return err
		}
		return os.WriteFile(full, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	return &site{t: t, dir: dir, root: root, ref: render.NewMemo()}
}

func (s *site) out() string { return filepath.Join(s.dir, "public") }

// build builds as a new `sitrep build` process of the program stamp does:
// it returns how many outputs it reused, and how many the in-memory memo
// reused building the same.
func (s *site) build(stamp string, now time.Time, base *url.URL) (reused, want int) {
	s.t.Helper()
	opts := generator.Options{Source: s.root.FS(), Now: now, BaseURL: base}
	pub, err := publish.Open(context.Background(), s.out(), publish.Options{Site: s.dir, Command: "build"})
	if err != nil {
		s.t.Fatal(err)
	}
	opts.Memo = buildcache.Open(pub, buildcache.Options{Stamp: stamp, Lean: true})
	res, _, err := generator.Build(context.Background(), opts, pub)
	if err == nil {
		err = buildcache.Save(pub, opts.Memo)
	}
	if err := errors.Join(err, pub.Close()); err != nil {
		s.t.Fatal(err)
	}
	opts.Memo, opts.Loader = s.ref, nil
	ref, err := generator.Render(context.Background(), opts)
	if err != nil {
		s.t.Fatal(err)
	}
	s.same(now, base)
	return res.Reused, ref.Reused
}

// same checks that public/ holds exactly what a build without a memo
// makes.
func (s *site) same(now time.Time, base *url.URL) {
	s.t.Helper()
	fresh, err := generator.Render(context.Background(), generator.Options{Source: s.root.FS(), Now: now, BaseURL: base})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, p := range fresh.Site.Paths() {
		want, _ := fresh.Site.File(p)
		got, err := os.ReadFile(filepath.Join(s.out(), filepath.FromSlash(p)))
		if err != nil || !bytes.Equal(got, want) {
			s.t.Errorf("public/%s differs from a fresh build (%v)", p, err)
		}
	}
	man, err := os.ReadFile(filepath.Join(s.out(), publish.ManifestName))
	if err != nil {
		s.t.Fatal(err)
	}
	if n := strings.Count(string(man), "\n") - 1; n != fresh.Site.Len() {
		s.t.Errorf("public/ holds %d files, a fresh build %d", n, fresh.Site.Len())
	}
}

func (s *site) edit(file, old, new string) {
	s.t.Helper()
	p := filepath.Join(s.dir, filepath.FromSlash(file))
	b, err := os.ReadFile(p)
	if err != nil || !bytes.Contains(b, []byte(old)) {
		s.t.Fatalf("%s: %v, or no %q in it", file, err, old)
	}
	if err := os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func TestABuildRendersOnlyWhatChangedSinceTheLastProcess(t *testing.T) {
	s := newSite(t)
	now := example.Now
	if reused, _ := s.build("sitrep 1", now, nil); reused != 0 {
		t.Fatalf("first build reused %d outputs", reused)
	}

	// Nothing changed: only what shows the moment is made again, exactly
	// what a memo kept in memory makes again.
	reused, want := s.build("sitrep 1", now, nil)
	if reused != want || reused == 0 {
		t.Errorf("nothing changed: reused %d outputs, the memo in memory %d", reused, want)
	}

	// One resolved incident's text: its page and what lists or shows it.
	s.edit("content/incidents/2026-10-14-webhook-delivery-delays.md", "backlog is cleared", "backlog is gone")
	now = now.Add(time.Hour)
	if again, want := s.build("sitrep 1", now, nil); again != want || again >= reused {
		t.Errorf("one incident changed: reused %d outputs (%d when nothing changed), the memo in memory %d", again, reused, want)
	}

	// A published page edited by hand is made again, not kept.
	page := filepath.Join(s.out(), filepath.FromSlash(paths.File(paths.Incident("2026-10-14-webhook-delivery-delays"))))
	if err := os.WriteFile(page, []byte("<p>defaced</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if reused, want := s.build("sitrep 1", now, nil); reused != want-1 {
		t.Errorf("a page tampered with: reused %d outputs, want %d", reused, want-1)
	}
	if b, _ := os.ReadFile(page); bytes.Contains(b, []byte("defaced")) {
		t.Error("the tampered page was kept")
	}

	// What every output depends on: the program, the theme, the address.
	for _, change := range []struct {
		name  string
		stamp string
		edit  func()
		base  string
	}{
		{name: "another version of sitrep", stamp: "sitrep 2"},
		{name: "a theme file", stamp: "sitrep 2", edit: func() {
			b, err := os.ReadFile(filepath.Join(example.Dir(t), "themes/default/static/app.js"))
			if err != nil {
				t.Fatal(err)
			}
			os.MkdirAll(filepath.Join(s.dir, "themes/default/static"), 0o755)
			os.WriteFile(filepath.Join(s.dir, "themes/default/static/app.js"), append(b, "\n// changed\n"...), 0o644)
		}},
		{name: "the base URL", stamp: "sitrep 2", base: "https://status.example.org/sub/"},
	} {
		if change.edit != nil {
			change.edit()
		}
		var base *url.URL
		if change.base != "" {
			base, _ = url.Parse(change.base)
		}
		if reused, _ := s.build(change.stamp, now, base); reused != 0 {
			t.Errorf("%s: reused %d outputs", change.name, reused)
		}
		if reused, want := s.build(change.stamp, now, base); reused != want || reused == 0 {
			t.Errorf("%s, then nothing: reused %d outputs, the memo in memory %d", change.name, reused, want)
		}
	}
}

func TestABrokenCacheMakesAFullBuild(t *testing.T) {
	s := newSite(t)
	s.build("sitrep 1", example.Now, nil)
	cache := filepath.Join(s.dir, ".public.sitrep", "build-cache")
	good, err := os.ReadFile(cache)
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"truncated":       good[:len(good)/2],
		"a changed byte":  append(append([]byte{}, good[:100]...), append([]byte{good[100] ^ 0x20}, good[101:]...)...),
		"empty":           {},
		"another version": []byte(strings.Replace(string(good), "sitrep-build-cache 2\n", "sitrep-build-cache 9\n", 1)),
	} {
		if err := os.WriteFile(cache, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if reused, _ := s.build("sitrep 1", example.Now, nil); reused != 0 {
			t.Errorf("%s: reused %d outputs", name, reused)
		}
	}
	// The build after a full one reuses again.
	if reused, want := s.build("sitrep 1", example.Now, nil); reused != want || reused == 0 {
		t.Errorf("after a broken cache: reused %d, want %d", reused, want)
	}
}

func TestTheDebugLineSaysWhyACacheIsNotUsed(t *testing.T) {
	s := newSite(t)
	s.build("sitrep 1", example.Now, nil)
	pub, err := publish.Open(context.Background(), s.out(), publish.Options{Site: s.dir, Command: "build"})
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	var debug bytes.Buffer
	buildcache.Open(pub, buildcache.Options{Stamp: "sitrep 2", Debug: &debug})
	if !strings.Contains(debug.String(), "made by another program") {
		t.Errorf("debug: %q", debug.String())
	}
}

func TestAStampTellsProgramsApart(t *testing.T) {
	if s := buildcache.Stamp(); s == "" || s != buildcache.Stamp() {
		t.Errorf("stamp %q", s)
	}
}

func TestWatchStartsFromTheLastBuildAndSavesItsOwn(t *testing.T) {
	s := newSite(t)
	s.build(buildcache.Stamp(), example.Now, nil)
	var first *watch.Build
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err := watch.Run(ctx, watch.Options{
		Dir: s.dir,
		Out: s.out(),
		Now: func() time.Time { return example.Now },
		OnBuild: func(b watch.Build) {
			first = &b
			cancel()
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if first == nil || first.Err != nil {
		t.Fatalf("first build: %+v", first)
	}
	s.same(example.Now, nil)
	// What watch saved on its way out is used by the next build, which
	// reuses what watch's first build did: what the memo kept in memory
	// reuses when nothing changed.
	reused, want := s.build(buildcache.Stamp(), example.Now, nil)
	if reused != want || first.Result.Reused != want {
		t.Errorf("watch's first build reused %d outputs, the build after it %d, want %d", first.Result.Reused, reused, want)
	}
}
