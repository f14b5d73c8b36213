package report_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/report"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
	"github.com/sitrep/sitrep/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// load loads the site whose root is src and validates it at now.
func load(t testing.TB, src fs.FS, now time.Time) *status.Site {
	t.Helper()
	site, probs := content.Load(src)
	if site == nil || len(probs.Errors()) > 0 {
		t.Fatalf("load: %v", probs)
	}
	if probs := site.Validate(now).Errors(); len(probs) > 0 {
		t.Fatalf("validate: %v", probs)
	}
	return site
}

// themeStrings are the default theme's strings in lang, over English.
func themeStrings(t testing.TB, lang string) render.Strings {
	t.Helper()
	strs := render.Strings{}
	for _, l := range []string{"en", lang} {
		file := "i18n/" + l + ".yaml"
		b, err := fs.ReadFile(themes.Default(), file)
		if err != nil {
			t.Fatal(err)
		}
		m, probs := content.ReadStrings(file, b)
		if len(probs) > 0 {
			t.Fatal(probs)
		}
		for k, v := range m {
			strs[k] = v
		}
	}
	return strs
}

// renderModel runs the report renderer alone on a loaded site, returning
// the files it emitted.
func renderModel(t testing.TB, site *status.Site, now time.Time) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	c := &render.Context{
		Model:   view.New(site, now),
		URLs:    paths.New(site.Config.BaseURL),
		Theme:   themes.Default(),
		Strings: themeStrings(t, site.Config.Language),
		Emit: func(p string, b []byte) {
			if _, dup := out[p]; dup {
				t.Errorf("%s emitted twice", p)
			}
			out[p] = b
		},
	}
	if err := report.New().Render(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestExampleSiteMatchesGoldenFiles(t *testing.T) {
	out := renderModel(t, load(t, example.FS(t), example.Now), example.Now)
	got, ok := out[paths.Metrics]
	if !ok {
		t.Fatalf("%s was not emitted; got %v", paths.Metrics, slices.Sorted(maps.Keys(out)))
	}
	if len(out) != 1 {
		t.Errorf("emitted %d files, want only metrics.json: the page is the HTML renderer's", len(out))
	}
	gp := filepath.Join("testdata", "example", "metrics.json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(gp), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(gp, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(gp)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run go test -update and review the diff)", paths.Metrics, gp)
	}
}

func TestRenderingTwiceGivesTheSameBytes(t *testing.T) {
	site := load(t, example.FS(t), example.Now)
	a := renderModel(t, site, example.Now)
	b := renderModel(t, site, example.Now)
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two renders", p)
		}
	}
}

// smallSite is a site root with a site.yaml and the given content files.
func smallSite(lang string, files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"content/site.yaml": {Data: []byte("title: Small & <Co>\nbase_url: https://status.example.com/sub/\nlanguage: " + lang + "\ntime_zone: Asia/Seoul\n")},
	}
	for name, body := range files {
		fsys["content/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}
