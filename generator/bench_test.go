package generator

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/synth"
)

var benchNow = time.Date(2026, 11, 22, 2, 0, 0, 0, time.UTC)

// benchSite writes a synthetic site once per size and returns its root.
func benchSite(b *testing.B, incidents int) *os.Root {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "site")
	if err := synth.Write(dir, synth.Spec{Components: 20, Incidents: incidents, End: benchNow, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { root.Close() })
	return root
}

func benchmarkBuild(b *testing.B, incidents int) {
	root := benchSite(b, incidents)
	out := filepath.Join(b.TempDir(), "public")
	b.ReportAllocs()
	for b.Loop() {
		res, _, err := Build(context.Background(), Options{Source: root.FS(), Now: benchNow}, out)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Site.Len()), "files")
	}
}

// BenchmarkBuild1000 is a full build (load, render, sync to disk) of a
// synthetic site of 1,000 incidents over 20 components.
func BenchmarkBuild1000(b *testing.B) { benchmarkBuild(b, 1000) }

// BenchmarkBuild10000 is the same at 10,000 incidents.
func BenchmarkBuild10000(b *testing.B) { benchmarkBuild(b, 10000) }

// BenchmarkLoad10000 measures loading and validating alone.
func BenchmarkLoad10000(b *testing.B) {
	root := benchSite(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Load(Options{Source: root.FS(), Now: benchNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender10000 is a full build in memory, without writing.
func BenchmarkRender10000(b *testing.B) {
	root := benchSite(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(context.Background(), Options{Source: root.FS(), Now: benchNow}); err != nil {
			b.Fatal(err)
		}
	}
}
