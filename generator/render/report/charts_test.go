package report

import (
	"encoding/xml"
	"io/fs"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/themes"
)

// node is a parsed SVG element.
type node struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Children []node     `xml:",any"`
	Text     string     `xml:",chardata"`
}

func (n node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n node) num(t *testing.T, name string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(n.attr(name), 64)
	if err != nil {
		t.Fatalf("<%s %s=%q>: %v", n.XMLName.Local, name, n.attr(name), err)
	}
	return v
}

// all returns the elements below n (n included) for which keep is true, in document order.
func (n node) all(keep func(node) bool) []node {
	var out []node
	if keep(n) {
		out = append(out, n)
	}
	for _, c := range n.Children {
		out = append(out, c.all(keep)...)
	}
	return out
}

func hasClass(n node, class string) bool {
	return strings.Contains(" "+n.attr("class")+" ", " "+class+" ")
}

// parseSVG renders a chart alone and parses it as XML.
func parseSVG(t *testing.T, chart any) node {
	t.Helper()
	b, err := Chart(chart)
	if err != nil {
		t.Fatal(err)
	}
	var root node
	if err := xml.Unmarshal([]byte(b), &root); err != nil {
		t.Fatalf("not XML: %v\n%s", err, b)
	}
	if root.XMLName.Local != "svg" || root.attr("role") != "img" {
		t.Fatalf("root is <%s role=%q>, want <svg role=img>", root.XMLName.Local, root.attr("role"))
	}
	// The accessible name and description point at the chart's own title and desc.
	ids := map[string]string{}
	for _, c := range root.Children {
		if id := c.attr("id"); id != "" {
			ids[id] = c.XMLName.Local
		}
	}
	for _, ref := range strings.Fields(root.attr("aria-labelledby")) {
		if k := ids[ref]; k != "title" && k != "desc" {
			t.Errorf("aria-labelledby %q names <%s>, want a direct <title> or <desc>", ref, k)
		}
	}
	return root
}

// testWords are the default theme's English words in Seoul.
func testWords(t *testing.T) *words {
	t.Helper()
	b, err := fs.ReadFile(themes.Default(), "i18n/en.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m, probs := content.ReadStrings("en.yaml", b)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return newWords(render.Strings(m), seoulLoc())
}

func seoulLoc() *time.Location {
	loc, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		panic(err)
	}
	return loc
}

func months12(last string) []string {
	t, _ := time.Parse("2006-01", last)
	out := make([]string, 12)
	for i := range out {
		out[i] = t.AddDate(0, i-11, 0).Format("2006-01")
	}
	return out
}

func TestIncidentChart(t *testing.T) {
	names := months12("2026-11")
	counts := make([]metrics.MonthCount, 12)
	for i := range counts {
		counts[i].Month = names[i]
	}
	counts[9] = metrics.MonthCount{Month: names[9], P1: 1, P2: 3, Total: 4}
	counts[10] = metrics.MonthCount{Month: names[10], P0: 1, P2: 2, P3: 2, Total: 5}
	counts[11] = metrics.MonthCount{Month: names[11], P1: 2, P2: 4, P3: 1, Total: 7}

	t.Run("segment heights are proportional to the counts and stack from P0 up", func(t *testing.T) {
		root := parseSVG(t, incidentChart(testWords(t), counts))
		segs := root.all(func(n node) bool {
			return n.XMLName.Local == "rect" && hasClass(n, "seg") && n.attr("data-value") != "" && n.num(t, "height") != 14
		})
		// 2 + 3 + 3 non-empty segments.
		if len(segs) != 8 {
			t.Fatalf("%d segments, want 8", len(segs))
		}
		unit := segs[0].num(t, "height") / segs[0].num(t, "data-value")
		byX := map[float64][]node{}
		for _, s := range segs {
			if got, want := s.num(t, "height"), unit*s.num(t, "data-value"); math.Abs(got-want) > 0.02 {
				t.Errorf("segment %q is %v high, want %v", s.Children[0].Text, got, want)
			}
			byX[s.num(t, "x")] = append(byX[s.num(t, "x")], s)
		}
		for x, stack := range byX {
			for i := 1; i < len(stack); i++ {
				below, above := stack[i-1], stack[i]
				if math.Abs(above.num(t, "y")+above.num(t, "height")-below.num(t, "y")) > 0.02 {
					t.Errorf("bar at %v: segment %d does not sit on the one below", x, i)
				}
			}
		}
		titles := []string{}
		for _, s := range segs {
			titles = append(titles, s.Children[0].Text)
		}
		if got := strings.Join(titles[:2], "; "); got != "Sep 2026: P1 major, 1; Sep 2026: P2 minor, 3" {
			t.Errorf("tooltips %q", got)
		}
	})
	t.Run("every month has its total written above its bar", func(t *testing.T) {
		root := parseSVG(t, incidentChart(testWords(t), counts))
		var totals []string
		for _, g := range root.all(func(n node) bool { return n.attr("class") == "labels" }) {
			for _, txt := range g.Children {
				if txt.attr("text-anchor") == "middle" && txt.attr("y") != "" && !strings.ContainsAny(txt.Text, "JFMASOND") && len(txt.Text) < 4 {
					totals = append(totals, txt.Text)
				}
			}
		}
		if got := strings.Join(totals, ","); got != "0,0,0,0,0,0,0,0,0,4,5,7" {
			t.Errorf("totals %s", got)
		}
	})
	t.Run("severities differ by pattern and legend words, not colour alone", func(t *testing.T) {
		c := incidentChart(testWords(t), counts)
		seen := map[string]bool{}
		for _, l := range c.Legend {
			if seen[l.Swatch.Pattern] {
				t.Errorf("pattern %q used twice", l.Swatch.Pattern)
			}
			seen[l.Swatch.Pattern] = true
			if l.Label.Text == "" {
				t.Error("legend item without words")
			}
		}
		root := parseSVG(t, c)
		patterns := root.all(func(n node) bool { return n.XMLName.Local == "pattern" })
		if len(patterns) != 3 {
			t.Errorf("%d patterns, want 3 (P0 is solid)", len(patterns))
		}
	})
	t.Run("a year without incidents draws no bars and says so", func(t *testing.T) {
		empty := make([]metrics.MonthCount, 12)
		for i := range empty {
			empty[i].Month = names[i]
		}
		c := incidentChart(testWords(t), empty)
		if len(c.Segments) != 0 {
			t.Errorf("%d segments", len(c.Segments))
		}
		if want := "No incidents from Dec 2025 to Nov 2026."; c.Desc != want {
			t.Errorf("desc %q, want %q", c.Desc, want)
		}
		parseSVG(t, c)
	})
}

func component(id, name string, slo float64, avail ...float64) metrics.Component {
	c := metrics.Component{ID: id, Name: name}
	if slo > 0 {
		c.SLOPercent = &slo
	}
	names := months12("2026-11")
	for i, a := range avail {
		m := metrics.Month{Month: names[i], Complete: i < 11}
		if a >= 0 {
			m.ObservedMinutes = 1000
			m.AvailabilityPercent = &a
			m.DowntimeMinutes = math.Round((100-a)*10*100) / 100
			met := a >= slo
			m.SLOMet = &met
		}
		c.Months = append(c.Months, m)
	}
	return c
}

func TestDowntimeCharts(t *testing.T) {
	comps := []metrics.Component{
		component("a", `<b>Tom & "Jerry's"</b>`, 0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 94, 97),
		component("b", "B", 0, -1, -1, 100, 100, 100, 100, 100, 100, 100, 100, 100, 98),
	}
	charts, most := downtimeCharts(testWords(t), comps)
	if most != "60 min" {
		t.Errorf("shared maximum %q, want 60 min (a round number at or above the largest month)", most)
	}
	t.Run("all small multiples share one scale", func(t *testing.T) {
		h := func(c SmallBars, i int) float64 { return c.Bars[i].H }
		// 60 and 30 minutes in a; 20 minutes in b.
		if len(charts[0].Bars) != 2 || len(charts[1].Bars) != 1 {
			t.Fatalf("bars: %d and %d", len(charts[0].Bars), len(charts[1].Bars))
		}
		if r := h(charts[0], 0) / h(charts[1], 0); math.Abs(r-3) > 0.01 {
			t.Errorf("60 min is %.3f× as high as 20 min, want 3×", r)
		}
		if r := h(charts[0], 0) / h(charts[0], 1); math.Abs(r-2) > 0.01 {
			t.Errorf("60 min is %.3f× as high as 30 min, want 2×", r)
		}
	})
	t.Run("months before the component existed are marked as no data", func(t *testing.T) {
		if n := len(charts[1].NoData); n != 2 {
			t.Errorf("%d no-data months, want 2", n)
		}
		if n := len(charts[0].NoData); n != 0 {
			t.Errorf("%d no-data months, want 0", n)
		}
	})
	t.Run("a component name with markup is escaped in the title", func(t *testing.T) {
		root := parseSVG(t, charts[0])
		titles := root.all(func(n node) bool { return n.XMLName.Local == "title" && n.attr("id") != "" })
		if len(titles) != 1 || titles[0].Text != `<b>Tom & "Jerry's"</b>: downtime minutes per month` {
			t.Errorf("title %+v", titles)
		}
		b, _ := Chart(charts[0])
		if strings.Contains(string(b), "<b>") {
			t.Error("raw markup from a name reached the SVG")
		}
	})
}

func TestAvailabilityChart(t *testing.T) {
	c := component("api", "API", 99.95, -1, 100, 100, 100, 100, 100, 100, 100, 100, 99.9465, 99.8566, 99.7708)
	lc := availabilityChart(testWords(t), c)
	t.Run("the axis reaches down to the lowest month in steps of the budget", func(t *testing.T) {
		// 100 − 5 × 0.05 = 99.75 is the first floor at or below 99.7708.
		if got := lc.Ticks[2].Text; got != "99.75%" {
			t.Errorf("floor %q, want 99.75%%", got)
		}
	})
	t.Run("missed months are crosses and met months circles", func(t *testing.T) {
		root := parseSVG(t, lc)
		circles := root.all(func(n node) bool { return n.XMLName.Local == "circle" })
		crosses := root.all(func(n node) bool { return n.XMLName.Local == "path" && hasClass(n, "missed") })
		if len(circles) != 8 || len(crosses) != 3 {
			t.Errorf("%d circles and %d crosses, want 8 and 3", len(circles), len(crosses))
		}
	})
	t.Run("points sit at their availability and the target line at the target", func(t *testing.T) {
		y := func(v float64) float64 { return 122 - (v-99.75)/(100-99.75)*(122-10) }
		if math.Abs(lc.Target.Y1-y(99.95)) > 0.01 {
			t.Errorf("target at %v, want %v", lc.Target.Y1, y(99.95))
		}
		last := lc.Markers[len(lc.Markers)-1]
		if math.Abs(last.Y-y(99.7708)) > 0.01 {
			t.Errorf("November at %v, want %v", last.Y, y(99.7708))
		}
	})
	t.Run("a month without data breaks the line", func(t *testing.T) {
		gap := component("x", "X", 99.9, 100, 100, -1, 100, 100, 100, 100, 100, 100, 100, 100, 100)
		if n := len(availabilityChart(testWords(t), gap).Runs); n != 2 {
			t.Errorf("%d runs, want 2", n)
		}
	})
}

func TestAxisFloor(t *testing.T) {
	for _, tc := range []struct {
		name             string
		slo, lowest, out float64
	}{
		{"months above the target keep twice the budget", 99.9, 100, 99.8},
		{"a month just below twice the budget takes five times", 99.9, 99.75, 99.5},
		{"a bad month takes ten times", 99.95, 99.6, 99.5},
		{"the floor never goes below zero", 99, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := axisFloor(tc.slo, tc.lowest); math.Abs(got-tc.out) > 1e-9 {
				t.Errorf("axisFloor(%v, %v) = %v, want %v", tc.slo, tc.lowest, got, tc.out)
			}
		})
	}
}

func TestNiceMax(t *testing.T) {
	for _, tc := range []struct {
		name          string
		in, top, step float64
	}{
		{"nothing gets an axis of one", 0, 1, 1},
		{"seven incidents get steps of two up to eight", 7, 8, 2},
		{"74 minutes get steps of twenty up to eighty", 74, 80, 20},
		{"five fits five steps of one", 5, 5, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			top, step := niceMax(tc.in)
			if top != tc.top || step != tc.step {
				t.Errorf("niceMax(%v) = %v, %v; want %v, %v", tc.in, top, step, tc.top, tc.step)
			}
		})
	}
}
