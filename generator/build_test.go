package generator

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/mmcdole/gofeed"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/themes"
)

func TestTheExampleSiteBuildsWithoutProblems(t *testing.T) {
	res, err := Render(context.Background(), Options{Source: example.Root(t).FS(), Now: example.Now})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
}

func TestSameInputAndTimeGiveByteIdenticalOutput(t *testing.T) {
	opts := Options{Source: example.Root(t).FS(), Now: example.Now}
	a, err := Render(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Render(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	pa, pb := a.Site.Paths(), b.Site.Paths()
	if strings.Join(pa, "\n") != strings.Join(pb, "\n") {
		t.Fatalf("file lists differ")
	}
	for _, p := range pa {
		x, _ := a.Site.File(p)
		y, _ := b.Site.File(p)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", p)
		}
	}
}

// writeSite writes files (path → content) under a new site directory.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, s := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func build(t *testing.T, dir string) error {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	pub, err := publish.Open(context.Background(), filepath.Join(dir, "public"), publish.Options{Site: dir})
	if err != nil {
		return err
	}
	_, _, err = Build(context.Background(), Options{Source: root.FS(), Now: example.Now}, pub)
	return errors.Join(err, pub.Close())
}

func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

const smallSite = "title: Small\nbase_url: https://status.example.com/\ntime_zone: UTC\n"

func TestAFailedBuildLeavesThePreviousOutputUntouched(t *testing.T) {
	dir := writeSite(t, map[string]string{
		"content/site.yaml":         smallSite,
		"content/components/api.md": "---\nname: API\n---\n",
		"content/incidents/a.md":    "---\ntitle: A\ncomponents: {api: major_outage}\n---\n## Investigating — 2026-11-20 10:00\nLooking.\n",
		"public/.gitignore":         "*\n!.gitignore\n",
	})
	if err := build(t, dir); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, filepath.Join(dir, "public"))
	os.WriteFile(filepath.Join(dir, "content/incidents/a.md"), []byte("---\ntitle: A\ncomponents: {apii: major_outage}\n---\n## Investigating — 2026-11-20 10:00\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "content/incidents/b.md"), []byte("---\ntitle: B\n---\n## Investigating — 2026-11-20 10:00\nNew.\n"), 0o644)
	err := build(t, dir)
	var ce *ContentError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), `content/incidents/a.md:3: unknown component "apii" (did you mean "api"?)`) {
		t.Fatalf("err = %v", err)
	}
	after := snapshot(t, filepath.Join(dir, "public"))
	if len(before) != len(after) {
		t.Fatalf("public/ changed: %d files before, %d after", len(before), len(after))
	}
	for p, s := range before {
		if after[p] != s {
			t.Errorf("%s changed", p)
		}
	}
}

func TestSymlinksOutOfTheSiteAreRefused(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "secret.md")
	os.WriteFile(outside, []byte("---\ntitle: Secret\n---\n## Investigating — 2026-11-20 10:00\nsecret\n"), 0o644)
	dir := writeSite(t, map[string]string{
		"content/site.yaml":         smallSite,
		"content/components/api.md": "---\nname: API\n---\n",
	})
	os.MkdirAll(filepath.Join(dir, "content/incidents"), 0o755)
	if err := os.Symlink(outside, filepath.Join(dir, "content/incidents/leak.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	err := build(t, dir)
	if err == nil || !strings.Contains(err.Error(), "content/incidents/leak.md") || !strings.Contains(err.Error(), "outside the site") {
		t.Fatalf("err = %v", err)
	}
}

func TestRebuildsWithAMemoEqualFreshBuilds(t *testing.T) {
	src, err := os.ReadFile("../content/incidents/2026-11-22-elevated-api-errors.md")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	filepath.WalkDir("../content", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel("..", p)
			files[filepath.ToSlash(rel)] = string(b)
		}
		return nil
	})
	dir := writeSite(t, files)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	memo, loader := render.NewMemo(), new(content.Loader)
	steps := []struct {
		name string
		edit func()
		now  time.Time
	}{
		{"first build", func() {}, example.Now},
		{"the clock moves past the promise", func() {}, example.Now.Add(90 * time.Minute)},
		{"the open incident is resolved", func() {
			resolved := strings.Replace(string(src), "\n## Update", "\n## Resolved — 2026-11-22 12:40\nFixed.\n\n## Update", 1)
			os.WriteFile(filepath.Join(dir, "content/incidents/2026-11-22-elevated-api-errors.md"), []byte(resolved), 0o644)
		}, example.Now.Add(2 * time.Hour)},
		{"an incident is renamed", func() {
			os.Rename(filepath.Join(dir, "content/incidents/2026-11-13-api-rate-limit-errors.md"), filepath.Join(dir, "content/incidents/2026-11-12-api-rate-limits.md"))
		}, example.Now.Add(2 * time.Hour)},
		{"a resolved incident's text is edited", func() {
			p := filepath.Join(dir, "content/incidents/2026-10-14-webhook-delivery-delays.md")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(b), "backlog is cleared", "backlog is gone", 1)), 0o644)
		}, example.Now.Add(2 * time.Hour)},
		{"a layout is changed in the site's theme", func() {
			b, _ := os.ReadFile("../themes/default/layouts/partials.html")
			os.MkdirAll(filepath.Join(dir, "themes/default/layouts"), 0o755)
			os.WriteFile(filepath.Join(dir, "themes/default/layouts/partials.html"), bytes.Replace(b, []byte(`<ol class="bar"`), []byte(`<ol class="bar changed"`), 1), 0o644)
		}, example.Now.Add(2 * time.Hour)},
		{"the layout is changed back", func() {
			os.RemoveAll(filepath.Join(dir, "themes"))
		}, example.Now.Add(2 * time.Hour)},
		{"a component is renamed", func() {
			p := filepath.Join(dir, "content/components/api.md")
			b, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(b), "name: API", "name: Public API", 1)), 0o644)
		}, example.Now.Add(2 * time.Hour)},
	}
	var prev *Result
	for _, st := range steps {
		st.edit()
		got, err := Render(context.Background(), Options{Source: root.FS(), Now: st.now, Memo: memo, Loader: loader})
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		// After the first build every resolved incident's page is reused,
		// the same bytes, whatever else changed (the banner, the clock,
		// another incident) — except the one the step edits, and when a
		// component, which every page names, is renamed.
		if prev != nil && !strings.Contains(st.name, "component is renamed") && !strings.Contains(st.name, "layout") {
			reused := 0
			for _, in := range got.Model.Incidents {
				p := paths.File(paths.Incident(in.Slug))
				a, _ := got.Site.File(p)
				b, ok := prev.Site.File(p)
				if in.Resolved && ok && unsafe.SliceData(a) == unsafe.SliceData(b) {
					reused++
				}
			}
			if resolved := countResolved(got); reused < resolved-1 {
				t.Errorf("%s: %d of %d resolved incidents' pages reused", st.name, reused, resolved)
			}
		}
		// A component's first page shows its uptime and incidents: editing
		// an incident of another component at the same moment reuses it.
		if st.name == "a resolved incident's text is edited" {
			for _, c := range got.Model.Components {
				p := paths.File(paths.Component(c.ID))
				a, _ := got.Site.File(p)
				b, _ := prev.Site.File(p)
				if reused := unsafe.SliceData(a) == unsafe.SliceData(b); reused != (c.ID != "webhooks") {
					t.Errorf("%s: %s reused: %v", st.name, p, reused)
				}
			}
		}
		prev = got
		want, err := Render(context.Background(), Options{Source: root.FS(), Now: st.now})
		if err != nil {
			t.Fatal(err)
		}
		if g, w := strings.Join(got.Site.Paths(), "\n"), strings.Join(want.Site.Paths(), "\n"); g != w {
			t.Fatalf("%s: the file lists differ", st.name)
		}
		for _, p := range want.Site.Paths() {
			a, _ := got.Site.File(p)
			b, _ := want.Site.File(p)
			if !bytes.Equal(a, b) {
				t.Errorf("%s: %s differs from a fresh build", st.name, p)
			}
		}
	}
}

func countResolved(res *Result) int {
	n := 0
	for _, in := range res.Model.Incidents {
		if in.Resolved {
			n++
		}
	}
	return n
}

func TestEveryFeedEntryLinksToAnAnchorOnItsPage(t *testing.T) {
	res, err := Render(context.Background(), Options{Source: example.Root(t).FS(), Now: example.Now})
	if err != nil {
		t.Fatal(err)
	}
	src, _ := res.Site.File(paths.Atom)
	feed, err := gofeed.NewParser().ParseString(string(src))
	if err != nil {
		t.Fatal(err)
	}
	base := res.Model.Site.Config.BaseURL.String()
	checked := 0
	for _, it := range feed.Items {
		page, frag, ok := strings.Cut(strings.TrimPrefix(it.Link, base), "#")
		if !ok {
			continue
		}
		html, found := res.Site.File(paths.File(page))
		if !found || !strings.Contains(string(html), `id="`+frag+`"`) {
			t.Errorf("%s: no element with id %q on %s", it.Title, frag, page)
		}
		checked++
	}
	if checked < 20 {
		t.Fatalf("only %d entries with anchors", checked)
	}
}

func TestKoreanStringsBorrowNoEnglishSingular(t *testing.T) {
	s, err := Strings(themes.Default(), "ko")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"duration.hours", "duration.days", "bar.days_with_incidents"} {
		if got := s.N(key, 1); !strings.Contains(got, "1") || strings.ContainsAny(got, "abcdefghijklmnopqrstuvwxyz") {
			t.Errorf("%s for 1 in Korean = %q", key, got)
		}
	}
}

// A build streamed to disk writes exactly the bytes Render makes in
// memory, and its site, which holds no bytes, reads them back from the
// output folder; building again keeps every file.
func TestABuildWritesWhatRenderMakes(t *testing.T) {
	opts := Options{Source: example.Root(t).FS(), Now: example.Now}
	want, err := Render(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	for round := range 2 {
		pub, err := publish.Open(context.Background(), out, publish.Options{Command: "build"})
		if err != nil {
			t.Fatal(err)
		}
		res, st, err := Build(context.Background(), opts, pub)
		if err := errors.Join(err, pub.Close()); err != nil {
			t.Fatal(err)
		}
		if round == 1 && (st.Written != 0 || st.Unchanged != want.Site.Len()) {
			t.Errorf("building again: %+v", st)
		}
		if !slices.Equal(res.Site.Paths(), want.Site.Paths()) {
			t.Fatalf("round %d: the build has %d files, Render %d", round, res.Site.Len(), want.Site.Len())
		}
		for _, p := range want.Site.Paths() {
			w, _ := want.Site.File(p)
			disk, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(p)))
			if err != nil || !bytes.Equal(disk, w) {
				t.Errorf("round %d: %s on disk differs from Render's (%v)", round, p, err)
			}
			if got, ok := res.Site.File(p); !ok || !bytes.Equal(got, w) {
				t.Errorf("round %d: the build's site reads %s as %d bytes, %v", round, p, len(got), ok)
			}
		}
	}
}
