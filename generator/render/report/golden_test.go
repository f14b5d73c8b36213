package report_test

import (
	"bytes"
	"context"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/report"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
	"github.com/sitrep/sitrep/themes"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// exampleNow is the moment the example site is meant to be built at.
func exampleNow(t *testing.T) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(2026, 11, 22, 11, 0, 0, 0, loc)
}

// renderSite loads the site whose root is src, derives it at now and runs
// the report renderer alone, returning the files it emitted.
func renderSite(t *testing.T, src fs.FS, now time.Time) map[string][]byte {
	t.Helper()
	site, probs := content.Load(src)
	if site == nil || len(probs.Errors()) > 0 {
		t.Fatalf("load: %v", probs)
	}
	if probs := site.Validate(now).Errors(); len(probs) > 0 {
		t.Fatalf("validate: %v", probs)
	}
	return renderModel(t, site, now)
}

// renderModel runs the report renderer alone on a loaded site.
func renderModel(t testing.TB, site *status.Site, now time.Time) map[string][]byte {
	t.Helper()
	// The site's stylesheet belongs to the HTML renderer and changes on its
	// own; a fixed one keeps its hashed name, which the page links to,
	// out of this package's golden files.
	theme := render.Overlay(fstest.MapFS{"static/style.css": {Data: []byte("/* style */\n")}}, themes.Default())
	strs := render.Strings{}
	for _, lang := range []string{"en", site.Config.Language} {
		file := "i18n/" + lang + ".yaml"
		b, err := fs.ReadFile(theme, file)
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
	out := map[string][]byte{}
	c := &render.Context{
		Model:   view.New(site, now),
		URLs:    paths.New(site.Config.BaseURL),
		Theme:   theme,
		Strings: strs,
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
	out := renderSite(t, os.DirFS(filepath.Join("..", "..", "..")), exampleNow(t))
	for file, golden := range map[string]string{
		paths.File(paths.Reports): "example/index.html",
		paths.Metrics:             "example/metrics.json",
	} {
		got, ok := out[file]
		if !ok {
			t.Fatalf("%s was not emitted; got %v", file, keys(out))
		}
		gp := filepath.Join("testdata", golden)
		if *update {
			if err := os.MkdirAll(filepath.Dir(gp), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(gp, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(gp)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s (run go test -update and review the diff)", file, gp)
		}
	}
	if len(out) != 2 {
		t.Errorf("emitted %v, want exactly index.html and metrics.json", keys(out))
	}
}

func TestRenderingTwiceGivesTheSameBytes(t *testing.T) {
	src := os.DirFS(filepath.Join("..", "..", ".."))
	a := renderSite(t, src, exampleNow(t))
	b := renderSite(t, src, exampleNow(t))
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two renders", p)
		}
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
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
