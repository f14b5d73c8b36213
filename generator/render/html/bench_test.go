package html_test

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/html"
	"github.com/sitrep/sitrep/generator/render/html/internal/tmplrun"
	"github.com/sitrep/sitrep/generator/synth"
)

// bigSite has n incidents, three a day going back from bigNow, over eleven
// components in three groups, each with a few updates and a postmortem on
// every tenth.
func bigSite(n int) fstest.MapFS {
	files := map[string]string{
		"content/site.yaml": "title: Big Status\nbase_url: https://status.example.com/\ntime_zone: Asia/Seoul\ngroups: [Core, Dashboard, Integrations]\n",
	}
	groups := []string{"Core", "Dashboard", "Integrations"}
	statuses := []string{"degraded_performance", "partial_outage", "major_outage"}
	for c := range 11 {
		files[fmt.Sprintf("content/components/c%02d.md", c)] = fmt.Sprintf("---\nname: Component %d\ngroup: %s\nslo: 99.9\n---\nPart %d of the service.\n", c, groups[c%3], c)
	}
	for i := range n {
		start := bigNow.Add(-time.Duration(i)*8*time.Hour - 2*time.Hour)
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: Incident number %d with a <title> & \"quotes\"\nseverity: P%d\ncomponents:\n  c%02d: %s\n  c%02d: degraded_performance\n---\n",
			i, i%4, i%11, statuses[i%3], (i+5)%11)
		if i%10 == 0 {
			fmt.Fprintf(&b, "## Postmortem — %s\n### Summary\nA queue filled up. **Root cause**: a [deploy](https://example.com/x).\n\n### Action items\n- [x] Alert earlier\n- [ ] Add capacity\n\n", start.Add(48*time.Hour).Format("2006-01-02 15:04"))
		}
		if i > 0 {
			fmt.Fprintf(&b, "## Resolved — %s\nFixed. Everything works again.\n\n", start.Add(90*time.Minute).Format("2006-01-02 15:04"))
		}
		fmt.Fprintf(&b, "## Identified — %s\nWe found the cause: `a bad config` in region %d.\n\n", start.Add(20*time.Minute).Format("2006-01-02 15:04"), i%3)
		fmt.Fprintf(&b, "## Investigating — %s\nWe are looking into errors.\n\n- one\n- two\n", start.Format("2006-01-02 15:04"))
		files[fmt.Sprintf("content/incidents/%s-incident-%05d.md", start.Format("2006-01-02"), i)] = b.String()
	}
	return mapFS(files)
}

var bigNow = time.Date(2026, 11, 22, 11, 0, 0, 0, seoul)

// BenchmarkRender10000 builds a site of 10,000 incidents in memory: the
// whole pipeline (Render) and this package's pages alone (HTML).
//
//	go test ./generator/render/html -run '^$' -bench Render10000 -benchtime 5x
func BenchmarkRender10000(b *testing.B) {
	src := bigSite(10000)
	b.Run("Render", func(b *testing.B) {
		for b.Loop() {
			if _, err := generator.Render(context.Background(), generator.Options{Source: src, Now: bigNow}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("HTML", func(b *testing.B) {
		for b.Loop() {
			renderHTML(b, src, bigNow)
		}
	})
}

// TestPagesDoNotGrowWithTheNumberOfIncidents renders two sites with the
// same density of incidents, one ten times as long as the other: no kind of
// page may be bigger in the long one.
func TestPagesDoNotGrowWithTheNumberOfIncidents(t *testing.T) {
	if testing.Short() {
		t.Skip("renders 4,500 incidents")
	}
	small := largest(renderHTML(t, bigSite(300), bigNow))
	large := largest(renderHTML(t, bigSite(3000), bigNow))
	// The reliability report shows the last 12 months, which the 100 days
	// of the small site do not fill: its size is compared with a site of
	// 400 days.
	small["reports"] = largest(renderHTML(t, bigSite(1200), bigNow))["reports"]
	for kind, n := range large {
		if limit := small[kind] + small[kind]/10; n > limit {
			t.Errorf("the largest %s page grew from %d to %d bytes with ten times the incidents", kind, small[kind], n)
		}
	}
}

// largest returns the size of the largest page of each kind.
func largest(s *publish.Site) map[string]int {
	out := map[string]int{}
	for _, p := range s.Paths() {
		if !strings.HasSuffix(p, ".html") {
			continue
		}
		kind, _, _ := strings.Cut(p, "/")
		b, _ := s.File(p)
		out[kind] = max(out[kind], len(b))
	}
	return out
}

// BenchmarkHTML10000 renders this package's output alone, without a memo,
// for the synthetic site of 10,000 incidents over 20 components that the
// generator's benchmarks use: the site is loaded and its model made once,
// so that the time, allocations and a -cpuprofile are the pages' own
// (with the reliability numbers the report and component pages show). It
// reports the bytes of HTML written and the CPU seconds per build on all
// cores (garbage collection included), which depend much less than the
// wall time on what else the machine runs.
//
//	go test ./generator/render/html -run '^$' -bench HTML10000 -benchtime 5x -benchmem
func BenchmarkHTML10000(b *testing.B) {
	in := htmlContext(b, os.DirFS(synth.Bench(b, 10000)), synth.BenchEnd)
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		var pages, size int64
		// A new context each time: it keeps what renderers share (Shared).
		c := &render.Context{Model: in.Model, URLs: in.URLs, Theme: in.Theme, Strings: in.Strings,
			Emit: func(p string, data []byte) {
				if strings.HasSuffix(p, ".html") {
					pages++
					size += int64(len(data))
				}
			}}
		if err := html.New().Render(context.Background(), c); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(pages), "pages")
		b.ReportMetric(float64(size)/1e6, "html-MB")
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkEscapedValue measures what one value costs a page: a template
// of 100 values, in element text, in an attribute and in a link, executed
// by html/template, which calls its escapers (one, one and three) through
// reflection for each, and by tmplrun, which runs the same escaped
// template as the pages are made. It reports the nanoseconds per value; a
// page's CPU is about this times the values it shows.
func BenchmarkEscapedValue(b *testing.B) {
	for _, c := range []struct{ name, one string }{
		{"text", `<p>{{.}}</p>`},
		{"attribute", `<p title="{{.}}"></p>`},
		{"link", `<a href="{{.}}"></a>`},
	} {
		for _, by := range []string{"html-template", "tmplrun"} {
			b.Run(c.name+"/"+by, func(b *testing.B) {
				t := template.Must(template.New("t").Parse(strings.Repeat(c.one, 100)))
				set := tmplrun.New(t, nil)
				execute := func(buf *bytes.Buffer) error {
					if by == "tmplrun" {
						return set.Execute(buf, "t", "/incidents/2026-11-21-api/")
					}
					return t.Execute(buf, "/incidents/2026-11-21-api/")
				}
				var buf bytes.Buffer
				if err := execute(&buf); err != nil { // escapes the template
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					buf.Reset()
					if err := execute(&buf); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/100, "ns/value")
			})
		}
	}
}
