package buildcache_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/buildcache"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/synth"
)

// benchBuild returns a function that builds the 10,000-incident
// synthetic site into out as `sitrep build` does: a new publisher, a
// loader given the parse cache and the memo read from the bookkeeping
// folder, both caches saved for the next.
func benchBuild(b *testing.B, out string) func() *generator.Result {
	root, err := os.OpenRoot(synth.Bench(b, 10000))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { root.Close() })
	return func() *generator.Result {
		pub, err := publish.Open(context.Background(), out, publish.Options{Command: "build"})
		if err != nil {
			b.Fatal(err)
		}
		copts := buildcache.Options{Stamp: "benchmark", Lean: true}
		loader := buildcache.OpenLoader(pub, copts)
		memo := buildcache.Open(pub, copts)
		res, _, err := generator.Build(context.Background(), generator.Options{Source: root.FS(), Now: synth.BenchEnd, Memo: memo, Loader: loader}, pub)
		if err == nil {
			err = errors.Join(buildcache.SaveLoader(pub, loader, copts), buildcache.Save(pub, memo))
		}
		if err := errors.Join(err, pub.Close()); err != nil {
			b.Fatal(err)
		}
		return res
	}
}

// BenchmarkRebuildUnchanged10000 is `sitrep build` again into the output
// folder of the previous build of a 10,000-incident site, nothing changed
// on disk, the same moment: every iteration starts as a new process does
// (a new publisher, a loader given the parse cache and the memo read
// from the bookkeeping folder) and saves the caches for the next. "rendered" counts the outputs
// made again (those that show the moment), "kept" those kept as published.
func BenchmarkRebuildUnchanged10000(b *testing.B) {
	build := benchBuild(b, filepath.Join(b.TempDir(), "public"))
	build()
	build() // the first build again also makes the spare tree
	b.ReportAllocs()
	for b.Loop() {
		res := build()
		b.ReportMetric(float64(res.Site.Len()-res.Reused), "rendered")
		b.ReportMetric(float64(res.Reused), "kept")
	}
}

// BenchmarkBuildEmpty10000 is `sitrep build` of a 10,000-incident site
// into an empty folder, its bookkeeping removed too, so that the memo
// starts empty (every output still computes its key, to save the cache
// for the next build): a first build, or a CI job that keeps no output
// folder. The folder is emptied outside the timer.
func BenchmarkBuildEmpty10000(b *testing.B) {
	site := filepath.Join(b.TempDir(), "site")
	build := benchBuild(b, filepath.Join(site, "public"))
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		if err := os.RemoveAll(site); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res := build()
		b.ReportMetric(float64(res.Site.Len()-res.Reused), "rendered")
	}
}
