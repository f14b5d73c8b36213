package view

import (
	"os"
	"testing"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/synth"
)

// BenchmarkNew10000 derives the model of a synthetic site of 10,000
// incidents over 20 components, as every build does.
func BenchmarkNew10000(b *testing.B) {
	now := synth.BenchEnd
	site, probs := content.Load(os.DirFS(synth.Bench(b, 10000)))
	if len(probs) > 0 {
		b.Fatal(probs)
	}
	b.ReportAllocs()
	for b.Loop() {
		New(site, now)
	}
}
