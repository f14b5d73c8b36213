package generator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/synth"
)

var benchNow = synth.BenchEnd

// benchSite writes a synthetic site once per size and returns its root.
func benchSite(b *testing.B, incidents int) *os.Root {
	b.Helper()
	root, err := os.OpenRoot(synth.Bench(b, incidents))
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
		pub, err := publish.Open(context.Background(), out, publish.Options{Command: "build"})
		if err != nil {
			b.Fatal(err)
		}
		_, _, err = Build(context.Background(), Options{Source: root.FS(), Now: benchNow}, pub)
		if err := errors.Join(err, pub.Close()); err != nil {
			b.Fatal(err)
		}
	}
	// A build's site has no bytes in memory: its manifest says how big
	// the files are.
	f, err := os.Open(filepath.Join(out, publish.ManifestName))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	man, err := publish.ReadManifest(f)
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, e := range man.Files {
		n += e.Size
	}
	b.ReportMetric(float64(len(man.Files)), "files")
	b.ReportMetric(float64(n)/1e6, "output-MB")
}

// reportOutput reports the number of files a build writes and their
// total size, the output-size figures of the README's Speed section.
func reportOutput(b *testing.B, site *publish.Site) {
	var n int
	for _, p := range site.Paths() {
		data, _ := site.File(p)
		n += len(data)
	}
	b.ReportMetric(float64(site.Len()), "files")
	b.ReportMetric(float64(n)/1e6, "output-MB")
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
		res, err := Render(context.Background(), Options{Source: root.FS(), Now: benchNow})
		if err != nil {
			b.Fatal(err)
		}
		reportOutput(b, res.Site)
	}
}

// BenchmarkRebuildOneIncident10000 is watch mode's rebuild after one
// incident file of a 10,000-incident site changed: the loader, told which
// file changed, and the memo are kept between builds, as watch keeps
// them, and the clock moves on a few seconds per save, as it does while
// an author writes (every output that shows the moment is made again).
// Nothing is written.
func BenchmarkRebuildOneIncident10000(b *testing.B) {
	root := benchSite(b, 10000)
	opts := Options{Source: root.FS(), Now: benchNow, Loader: new(content.Loader), Memo: render.NewMemo()}
	if _, err := Render(context.Background(), opts); err != nil {
		b.Fatal(err)
	}
	es, err := os.ReadDir(filepath.Join(root.Name(), "content", "incidents"))
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(root.Name(), "content", "incidents", es[len(es)/2].Name())
	orig, _ := os.ReadFile(file)
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		edited := strings.Replace(string(orig), "title: ", fmt.Sprintf("title: Edit %d of ", n), 1)
		if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		rel, _ := filepath.Rel(root.Name(), file)
		opts.Loader.Changed([]string{filepath.ToSlash(rel)}) // as watch does
		opts.Now = benchNow.Add(time.Duration(n) * 7 * time.Second)
		res, err := Render(context.Background(), opts)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(res.Site.Len()-res.Reused), "rendered")
	}
}
