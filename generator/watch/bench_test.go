package watch_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/synth"
	"github.com/sitrep/sitrep/generator/view"
	"github.com/sitrep/sitrep/generator/watch"
)

var benchNow = time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC) // 11:00 in Seoul

func exampleSite(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join("..", "..", "content"))); err != nil {
		b.Fatal(err)
	}
	return dir
}

func synthSite(b *testing.B, n int) string {
	return synth.Bench(b, n)
}

// editor changes the title of the site's newest incident, differently
// each call.
func editor(b *testing.B, dir string) (file string, edit func()) {
	b.Helper()
	files, err := fs.Glob(os.DirFS(dir), "content/incidents/*.md")
	if err != nil || len(files) == 0 {
		b.Fatalf("no incidents: %v", err)
	}
	slices.Sort(files)
	file = files[len(files)-1]
	orig, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		b.Fatal(err)
	}
	title := regexp.MustCompile(`(?m)^title: .*$`)
	i := 0
	return file, func() {
		i++
		src := title.ReplaceAll(orig, fmt.Appendf(nil, "title: Edited in benchmark round %d", i))
		if err := os.WriteFile(filepath.Join(dir, file), src, 0o644); err != nil {
			b.Fatal(err)
		}
	}
}

// benchmarkRebuild is what watch does after one incident was saved:
// render the whole site with the loader that read it before.
func benchmarkRebuild(b *testing.B, dir string) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	opts := generator.Options{Source: root.FS(), Now: benchNow, Loader: new(content.Loader)}
	if _, err := generator.Render(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	_, edit := editor(b, dir)
	for b.Loop() {
		edit()
		if _, err := generator.Render(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRebuildExample renders the example site after one save.
func BenchmarkRebuildExample(b *testing.B) { benchmarkRebuild(b, exampleSite(b)) }

// BenchmarkRebuild10000 renders a site of 10,000 incidents after one save.
func BenchmarkRebuild10000(b *testing.B) { benchmarkRebuild(b, synthSite(b, 10000)) }

// BenchmarkRebuildPhasesExample splits the rebuild after one save in the
// example site into its phases; see benchmarkPhases.
func BenchmarkRebuildPhasesExample(b *testing.B) { benchmarkPhases(b, exampleSite(b)) }

// BenchmarkRebuildPhases10000 does the same in a site of 10,000 incidents.
func BenchmarkRebuildPhases10000(b *testing.B) { benchmarkPhases(b, synthSite(b, 10000)) }

// benchmarkPhases runs the rebuild after one save phase by phase, one
// renderer at a time, and reports each phase's milliseconds per rebuild
// and the files and megabytes each renderer writes.
func benchmarkPhases(b *testing.B, dir string) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	opts := generator.Options{Source: root.FS(), Now: benchNow, Loader: new(content.Loader)}
	if _, err := generator.Render(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	_, edit := editor(b, dir)
	spent := map[string]time.Duration{}
	files := map[string]int{}
	bytes := map[string]int{}
	var names []string
	phase := func(name string, f func()) {
		if _, ok := spent[name]; !ok {
			names = append(names, name)
		}
		start := time.Now()
		f()
		spent[name] += time.Since(start)
	}
	for b.Loop() {
		edit()
		var site *status.Site
		phase("load", func() {
			var probs status.Problems
			if site, probs = opts.Loader.Load(opts.Source); len(probs.Errors()) > 0 {
				b.Fatal(probs)
			}
		})
		phase("validate", func() {
			if probs := site.Validate(opts.Now); len(probs.Errors()) > 0 {
				b.Fatal(probs)
			}
		})
		var rc *render.Context
		phase("model", func() {
			theme := generator.Theme(opts.Source, site.Config.Theme)
			strs, err := generator.Strings(theme, site.Config.Language)
			if err != nil {
				b.Fatal(err)
			}
			rc = &render.Context{Model: view.New(site, opts.Now), URLs: paths.New(site.Config.BaseURL), Theme: theme, Strings: strs}
		})
		for _, r := range generator.Renderers() {
			out := publish.NewSite()
			rc.Emit = out.Emit
			phase(r.Name(), func() {
				if err := r.Render(context.Background(), rc); err != nil {
					b.Fatal(err)
				}
			})
			files[r.Name()] = out.Len()
			size := 0
			for _, p := range out.Paths() {
				f, _ := out.File(p)
				size += len(f)
			}
			bytes[r.Name()] = size
		}
	}
	for _, name := range names {
		b.ReportMetric(float64(spent[name].Microseconds())/float64(b.N)/1000, "ms-"+strings.ReplaceAll(name, " ", "-"))
	}
	for name, n := range files {
		b.ReportMetric(float64(n), "files-"+strings.ReplaceAll(name, " ", "-"))
		b.ReportMetric(float64(bytes[name])/1e6, "MB-"+strings.ReplaceAll(name, " ", "-"))
	}
}

// benchmarkWatchSave measures watch mode end to end: from one incident
// saved to the rebuilt site synced to public/, the debounce included.
func benchmarkWatchSave(b *testing.B, dir string, debounce time.Duration) {
	began := time.Now()
	var render time.Duration // of the current round
	r, first := start(b, dir, func(o *watch.Options) {
		o.Now = func() time.Time { return benchNow.Add(time.Since(began)) } // the clock runs, as in a session
		o.Debounce = debounce
		o.Render = func(ctx context.Context, opts generator.Options) (*generator.Result, error) {
			start := time.Now()
			defer func() { render = time.Since(start) }()
			return generator.Render(ctx, opts)
		}
	})
	if first.Err != nil {
		b.Fatal(first.Err)
	}
	file, edit := editor(b, dir)
	var synced, rendered time.Duration
	var written int
	for b.Loop() {
		saved := time.Now()
		edit()
		bd := r.builds.Next(b, "after the save", func(bd watch.Build) bool { return slices.Contains(bd.Changed, file) })
		synced += time.Since(saved)
		rendered += render // set before OnBuild, on the same goroutine
		if bd.Err != nil {
			b.Fatal(bd.Err)
		}
		written += bd.Stats.Written
	}
	n := float64(b.N)
	b.ReportMetric(float64(synced.Microseconds())/n/1000, "ms-save-to-synced")
	b.ReportMetric(float64(rendered.Microseconds())/n/1000, "ms-render")
	b.ReportMetric(float64(written)/n, "files-written")
	b.ReportMetric(float64(first.Result.Site.Len()), "files")
}

// BenchmarkWatchSaveExample is a save in the example site (100 ms debounce).
func BenchmarkWatchSaveExample(b *testing.B) { benchmarkWatchSave(b, exampleSite(b), 0) }

// BenchmarkWatchSave10000 is a save in a site of 10,000 incidents.
func BenchmarkWatchSave10000(b *testing.B) { benchmarkWatchSave(b, synthSite(b, 10000), 0) }
