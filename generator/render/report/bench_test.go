package report_test

import (
	"os"
	"testing"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/render/report"
	"github.com/sitrep/sitrep/generator/synth"
	"github.com/sitrep/sitrep/generator/view"
)

// BenchmarkReport10000 computes the metrics of a synthetic site of 10,000
// incidents over 20 components, writes metrics.json and formats the page:
// together ("render") and each step alone.
func BenchmarkReport10000(b *testing.B) {
	now := synth.BenchEnd
	site, probs := content.Load(os.DirFS(synth.Bench(b, 10000)))
	if site == nil || len(probs.Errors()) > 0 {
		b.Fatal(probs)
	}
	m := view.New(site, now)
	b.Run("metrics", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			metrics.FromModel(m)
		}
	})
	b.Run("render", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			renderModel(b, site, now)
		}
	})
	b.Run("json", func(b *testing.B) {
		r := metrics.FromModel(m)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := report.JSON(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("page", func(b *testing.B) {
		r, strs := metrics.FromModel(m), themeStrings(b, site.Config.Language)
		b.ReportAllocs()
		for b.Loop() {
			if _, err := report.PageData(r, strs, m.Loc, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
