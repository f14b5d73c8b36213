package feed_test

import (
	"context"
	"os"
	"testing"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/feed"
	"github.com/sitrep/sitrep/generator/synth"
	"github.com/sitrep/sitrep/generator/view"
	"github.com/sitrep/sitrep/themes"
)

// BenchmarkRender10000 writes the feeds of a synthetic site of 10,000
// incidents over 20 components (21 feeds in two formats): "fresh" without
// a memo, as a one-off build does; "rebuild" with the memo of the build
// before, as watch mode does after a file that no feed shows changed.
func BenchmarkRender10000(b *testing.B) {
	now := synth.BenchEnd
	site, probs := content.Load(os.DirFS(synth.Bench(b, 10000)))
	if site == nil || len(probs.Errors()) > 0 {
		b.Fatal(probs)
	}
	strs, err := generator.Strings(themes.Default(), site.Config.Language)
	if err != nil {
		b.Fatal(err)
	}
	m := view.New(site, now)
	run := func(b *testing.B, memo *render.Memo) {
		c := &render.Context{Model: m, URLs: paths.New(site.Config.BaseURL), Theme: themes.Default(), Strings: strs, Memo: memo, Emit: func(string, []byte) {}}
		if err := feed.New().Render(context.Background(), c); err != nil {
			b.Fatal(err)
		}
		memo.Next()
	}
	b.Run("fresh", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			run(b, nil)
		}
	})
	b.Run("rebuild", func(b *testing.B) {
		memo := render.NewMemo()
		run(b, memo)
		b.ReportAllocs()
		for b.Loop() {
			run(b, memo)
		}
	})
}
