package watch_test

import (
	"context"
	"os"
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
	"github.com/sitrep/sitrep/generator/watch/watchtest"
)

// BenchmarkRebuildPhasesExample splits the rebuild after one save in the
// example site into its phases; see benchmarkPhases.
func BenchmarkRebuildPhasesExample(b *testing.B) { benchmarkPhases(b, watchtest.ExampleSite(b)) }

// BenchmarkRebuildPhases10000 does the same in a site of 10,000 incidents.
func BenchmarkRebuildPhases10000(b *testing.B) { benchmarkPhases(b, synth.Bench(b, 10000)) }

// benchmarkPhases runs the rebuild after one save phase by phase, one
// renderer at a time, as watch does it (the loader told which file
// changed, the memo of the previous build, the clock a few seconds on),
// and reports each phase's milliseconds per rebuild and the files and
// megabytes each renderer emits. (BenchmarkRebuildOneIncident10000 in
// package generator is the rebuild as a whole.)
func benchmarkPhases(b *testing.B, dir string) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	opts := generator.Options{Source: root.FS(), Now: synth.BenchEnd, Loader: new(content.Loader), Memo: render.NewMemo()}
	if _, err := generator.Render(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	file, edit := watchtest.TitleEditor(b, dir)
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
		opts.Loader.Changed([]string{file})
		opts.Now = opts.Now.Add(7 * time.Second)
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
			rc = &render.Context{Model: view.New(site, opts.Now), URLs: paths.New(site.Config.BaseURL), Theme: theme, Strings: strs, Memo: opts.Memo}
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
		opts.Memo.Next()
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
		o.Now = func() time.Time { return synth.BenchEnd.Add(time.Since(began)) } // the clock runs, as in a session
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
	file, edit := watchtest.TitleEditor(b, dir)
	// One save before the clock starts: the first save of a session
	// after public/ was made from nothing also makes the spare tree
	// (package publish), once.
	edit()
	r.builds.Next(b, "after the first save", func(bd watch.Build) bool { return slices.Contains(bd.Changed, file) })
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
func BenchmarkWatchSaveExample(b *testing.B) { benchmarkWatchSave(b, watchtest.ExampleSite(b), 0) }

// BenchmarkWatchSave10000 is a save in a site of 10,000 incidents.
func BenchmarkWatchSave10000(b *testing.B) { benchmarkWatchSave(b, synth.Bench(b, 10000), 0) }
