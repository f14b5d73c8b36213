package serve_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/serve"
	"github.com/sitrep/sitrep/generator/synth"
	"github.com/sitrep/sitrep/generator/watch/watchtest"
)

// benchmarkSave measures, for one incident's title changed and saved, the
// time from the save to the rebuild served (OnBuild) and to the reload
// event an open page receives; and generator.Render alone (load, validate,
// model, every renderer).
func benchmarkSave(b *testing.B, dir string, debounce time.Duration) {
	began := time.Now()
	var render time.Duration // of the current round
	s, first := startServer(b, dir, func(o *serve.Options) {
		o.Now = func() time.Time { return synth.BenchEnd.Add(time.Since(began)) } // the clock runs, as in a session
		o.Render = func(ctx context.Context, opts generator.Options) (*generator.Result, error) {
			start := time.Now()
			defer func() { render = time.Since(start) }()
			return generator.Render(ctx, opts)
		}
		o.Debounce = debounce
	})
	if first.Err != nil {
		b.Fatal(first.Err)
	}
	file, edit := watchtest.TitleEditor(b, dir)
	evs := s.events(b, s.version(b))
	next(b, evs, "the first event")
	var built, reloaded, took time.Duration
	b.ResetTimer()
	for b.Loop() {
		saved := time.Now()
		edit()
		u := s.updates.Next(b, "after the save", func(u serve.Update) bool { return slices.Contains(u.Changed, file) })
		built += time.Since(saved)
		if u.Err != nil || u.Files == 0 {
			b.Fatalf("build: %v, %d files changed", u.Err, u.Files)
		}
		took += render // written before OnBuild, on the same goroutine
		if ev := next(b, evs, "reload"); ev.name != "reload" {
			b.Fatalf("got %+v, want reload", ev)
		}
		// One stream gets a reload for every new version.
		reloaded += time.Since(saved)
	}
	n := float64(b.N)
	b.ReportMetric(float64(built.Microseconds())/n/1000, "ms-save-to-served")
	b.ReportMetric(float64(reloaded.Microseconds())/n/1000, "ms-save-to-reload-event")
	b.ReportMetric(float64(took.Microseconds())/n/1000, "ms-render")
	b.ReportMetric(float64(first.Result.Site.Len()), "files")
}

// BenchmarkSaveExample is a save in the example site, with the default
// 100 ms debounce included.
func BenchmarkSaveExample(b *testing.B) { benchmarkSave(b, watchtest.ExampleSite(b), 0) }

// BenchmarkSave10000 is a save in a synthetic site of 10,000 incidents.
func BenchmarkSave10000(b *testing.B) { benchmarkSave(b, synth.Bench(b, 10000), 0) }

// BenchmarkSave10000NoDebounce is the same with a 1 ms debounce, to show
// the cost of the rebuild and the reload without the wait for quiet.
func BenchmarkSave10000NoDebounce(b *testing.B) {
	benchmarkSave(b, synth.Bench(b, 10000), time.Millisecond)
}
