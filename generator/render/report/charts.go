package report

import (
	"math"
	"strconv"
	"strings"

	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/status"
)

// The charts are static SVG drawn by templates (charts.tmpl) from the
// geometry computed here. Coordinates are in the SVG's user units and
// rounded to hundredths so that the bytes are stable.

// Label is a piece of text placed in a chart.
type Label struct {
	X, Y   float64
	Anchor string // text-anchor: start, middle or end
	Class  string
	Text   string
}

// Rect is a filled rectangle with a tooltip.
type Rect struct {
	X, Y, W, H float64
	Class      string // colour class: sev-p0 … sev-p3, down
	Pattern    string // id of the pattern laid over it; "" for none
	Title      string // tooltip
	Value      float64
}

// Line is a straight line.
type Line struct {
	X1, Y1, X2, Y2 float64
	Class          string
}

// LegendItem is a swatch and its words.
type LegendItem struct {
	Swatch Rect
	Label  Label
}

// BarChart is the incidents-per-month chart: a bar per month, stacked by
// severity from P0 at the bottom, with the total above each bar.
type BarChart struct {
	ID          string // prefix of every id inside the SVG
	Title, Desc string
	W, H        float64
	Legend      []LegendItem
	Grid        []Line
	Ticks       []Label // y axis
	Segments    []Rect
	Totals      []Label
	Months      []Label // x axis
	Axis        Line
}

// SmallBars is one small multiple of downtime per month.
type SmallBars struct {
	ID          string
	Title, Desc string
	W, H        float64
	Scale       Label // the shared maximum, top left
	Top, Axis   Line
	Bars        []Rect
	NoData      []Rect // months before the component's since
	Months      []Label
}

// Marker is a month's point on an availability chart.
type Marker struct {
	X, Y  float64
	Met   bool   // circle when met, cross when missed
	Title string // tooltip
}

// LineChart is one small multiple of availability against its target.
type LineChart struct {
	ID          string
	Title, Desc string
	W, H        float64
	Grid        []Line
	Ticks       []Label
	Target      Line
	Runs        []string // polyline points of consecutive months with data
	Markers     []Marker
	Months      []Label
}

// severityClass is the colour class and pattern id suffix of a severity.
func severityClass(s status.Severity) string { return "sev-p" + strconv.Itoa(int(s)) }

// r2 rounds a coordinate to hundredths.
func r2(v float64) float64 { return math.Round(v*100) / 100 }

// niceMax returns a round upper bound at or above v with at most five
// steps of 1, 2 or 5 times a power of ten, and that step.
func niceMax(v float64) (top, step float64) {
	if v <= 0 {
		return 1, 1
	}
	for p := 1.0; ; p *= 10 {
		for _, m := range []float64{1, 2, 5} {
			step = m * p
			if n := math.Ceil(v / step); n <= 5 {
				return n * step, step
			}
		}
	}
}

// incidentChart draws the incidents per month, stacked by severity.
func incidentChart(w *words, counts []metrics.MonthCount) BarChart {
	const (
		width, height = 400.0, 252.0
		left, right   = 30.0, 394.0
		top, base     = 66.0, 214.0
	)
	c := BarChart{ID: "rc-inc", Title: w.T("report.incidents.title"), W: width, H: height}
	for s := status.P0; s <= status.P3; s++ {
		// Two rows of two, so that long words fit a phone's width.
		x, legendY := float64(s%2)*180, 2+float64(s/2)*22
		cls := severityClass(s)
		c.Legend = append(c.Legend, LegendItem{
			Swatch: Rect{X: x, Y: legendY, W: 14, H: 14, Class: cls, Pattern: patternFor(c.ID, s)},
			Label:  Label{X: x + 19, Y: legendY + 11.5, Anchor: "start", Class: "txt", Text: w.T("report.severity." + s.String())},
		})
	}
	most, total, mostAt := 0, 0, ""
	for _, m := range counts {
		total += m.Total
		if m.Total > most {
			most, mostAt = m.Total, m.Month
		}
	}
	yMax, yStep := niceMax(float64(most))
	scale := (base - top) / yMax
	for v := 0.0; v <= yMax+1e-9; v += yStep {
		y := r2(base - v*scale)
		c.Grid = append(c.Grid, Line{X1: left, Y1: y, X2: right, Y2: y, Class: "grid"})
		c.Ticks = append(c.Ticks, Label{X: left - 6, Y: r2(y + 4), Anchor: "end", Class: "muted", Text: Num(v)})
	}
	c.Axis = Line{X1: left, Y1: base, X2: right, Y2: base, Class: "axis"}
	step := (right - left) / float64(max(len(counts), 1))
	bw := r2(step * 0.62)
	for i, m := range counts {
		x := r2(left + float64(i)*step + (step-bw)/2)
		mid := r2(x + bw/2)
		y := base
		for s := status.P0; s <= status.P3; s++ {
			n := m.Count(s)
			if n == 0 {
				continue
			}
			h := float64(n) * scale
			y -= h
			c.Segments = append(c.Segments, Rect{
				X: x, Y: r2(y), W: bw, H: r2(h), Class: severityClass(s), Pattern: patternFor(c.ID, s), Value: float64(n),
				Title: w.Month(m.Month) + ": " + w.T("report.severity."+s.String()) + ", " + strconv.Itoa(n),
			})
		}
		cls := "txt"
		if m.Total == 0 {
			cls = "muted"
		}
		c.Totals = append(c.Totals, Label{X: mid, Y: r2(y - 5), Anchor: "middle", Class: cls, Text: strconv.Itoa(m.Total)})
		// The first month carries its year unless a January right after it does.
		first := i == 0 && !strings.HasSuffix(m.Month, "-11") && !strings.HasSuffix(m.Month, "-12")
		c.Months = append(c.Months, monthLabels(w, m.Month, mid, base+16, first)...)
	}
	first, last := "", ""
	if len(counts) > 0 {
		first, last = w.Month(counts[0].Month), w.Month(counts[len(counts)-1].Month)
	}
	if total == 0 {
		c.Desc = w.F("report.incidents.desc_empty", "first", first, "last", last)
	} else {
		c.Desc = w.F("report.incidents.desc", "total", strconv.Itoa(total), "first", first, "last", last, "month", w.Month(mostAt), "n", strconv.Itoa(most))
	}
	return c
}

// patternFor is the id of a severity's pattern: P0 is solid, the others
// carry stripes, dots or cross-hatching so that severity is told apart
// without colour.
func patternFor(id string, s status.Severity) string {
	if s == status.P0 {
		return ""
	}
	return id + "-" + severityClass(s)
}

// monthLabels labels a month on the x axis; January, and the first month
// when asked, also get their year below.
func monthLabels(w *words, month string, x, y float64, first bool) []Label {
	out := []Label{{X: x, Y: y, Anchor: "middle", Class: "muted", Text: w.MonthShort(month)}}
	if first || strings.HasSuffix(month, "-01") {
		out = append(out, Label{X: x, Y: y + 13, Anchor: "middle", Class: "muted", Text: month[:4]})
	}
	return out
}

// sparse reports whether the small multiples label month i of n: every
// other month, ending with the current one.
func sparse(i, n int) bool { return (n-1-i)%2 == 0 }

// downtimeCharts draws one small multiple per component, all on the scale
// of the largest month of any component.
func downtimeCharts(w *words, comps []metrics.Component) (charts []SmallBars, maxLabel string) {
	const (
		width, height = 320.0, 120.0
		left, right   = 4.0, 316.0
		top, base     = 22.0, 96.0
	)
	most := 0.0
	for _, c := range comps {
		for _, m := range c.Months {
			most = max(most, m.DowntimeMinutes)
		}
	}
	yMax, _ := niceMax(most)
	maxLabel = w.Minutes(yMax)
	for _, c := range comps {
		sc := SmallBars{
			ID: "rc-dt-" + c.ID, Title: w.F("report.downtime.title", "name", c.Name), W: width, H: height,
			Scale: Label{X: left, Y: top - 6, Anchor: "start", Class: "muted", Text: w.F("report.downtime.axis", "max", maxLabel)},
			Top:   Line{X1: left, Y1: top, X2: right, Y2: top, Class: "grid"},
			Axis:  Line{X1: left, Y1: base, X2: right, Y2: base, Class: "axis"},
		}
		step := (right - left) / float64(max(len(c.Months), 1))
		bw := r2(step * 0.62)
		total, worst, worstAt := 0.0, 0.0, ""
		for i, m := range c.Months {
			x := r2(left + float64(i)*step + (step-bw)/2)
			if sparse(i, len(c.Months)) {
				sc.Months = append(sc.Months, monthLabels(w, m.Month, r2(x+bw/2), base+15, false)[0])
			}
			if m.ObservedMinutes == 0 {
				sc.NoData = append(sc.NoData, Rect{X: r2(left + float64(i)*step), Y: base - 3, W: r2(step), H: 3, Class: "nodata",
					Title: w.Month(m.Month) + ": " + w.T("report.no_data")})
			}
			total += m.DowntimeMinutes
			if m.DowntimeMinutes > worst {
				worst, worstAt = m.DowntimeMinutes, m.Month
			}
			if m.DowntimeMinutes <= 0 {
				continue
			}
			h := max(r2(m.DowntimeMinutes/yMax*(base-top)), 1) // a minute of downtime stays visible
			sc.Bars = append(sc.Bars, Rect{X: x, Y: r2(base - h), W: bw, H: h, Class: "down", Value: m.DowntimeMinutes,
				Title: w.Month(m.Month) + ": " + w.Minutes(m.DowntimeMinutes)})
		}
		if total == 0 {
			sc.Desc = w.T("report.downtime.desc_empty")
		} else {
			sc.Desc = w.F("report.downtime.desc", "total", w.Minutes(math.Round(total*100)/100), "month", w.Month(worstAt), "most", w.Minutes(worst))
		}
		charts = append(charts, sc)
	}
	return charts, maxLabel
}

// availabilityChart draws a component's monthly availability against its
// target. The axis runs from 100% down to 100 − k × (100 − target) for the
// smallest k of 2, 5, 10, 20, … that holds every month, so that the target
// sits at the same height whenever the months allow.
func availabilityChart(w *words, c metrics.Component) LineChart {
	const (
		width, height = 320.0, 150.0
		left, right   = 54.0, 316.0
		top, base     = 10.0, 122.0
	)
	slo := *c.SLOPercent
	target := w.Percent(slo)
	lc := LineChart{ID: "rc-av-" + c.ID, Title: w.F("report.availability.title", "name", c.Name, "target", target), W: width, H: height}
	lowest, lowestAt, met, months := 101.0, "", 0, 0
	for _, m := range c.Months {
		if m.AvailabilityPercent == nil {
			continue
		}
		months++
		if a := *m.AvailabilityPercent; a < lowest {
			lowest, lowestAt = a, m.Month
		}
		if m.SLOMet != nil && *m.SLOMet {
			met++
		}
	}
	lo := axisFloor(slo, lowest)
	y := func(v float64) float64 { return r2(base - (v-lo)/(100-lo)*(base-top)) }
	for _, v := range []float64{100, slo, lo} {
		cls := "grid"
		if v == lo {
			cls = "axis"
		}
		lc.Grid = append(lc.Grid, Line{X1: left, Y1: y(v), X2: right, Y2: y(v), Class: cls})
		lc.Ticks = append(lc.Ticks, Label{X: left - 5, Y: r2(y(v) + 3.5), Anchor: "end", Class: "muted", Text: w.Percent(r4(v))})
	}
	lc.Target = Line{X1: left, Y1: y(slo), X2: right, Y2: y(slo), Class: "target"}
	step := (right - left) / float64(max(len(c.Months), 1))
	var run []string
	for i, m := range c.Months {
		x := r2(left + float64(i)*step + step/2)
		if sparse(i, len(c.Months)) {
			lc.Months = append(lc.Months, monthLabels(w, m.Month, x, base+15, false)[0])
		}
		if m.AvailabilityPercent == nil {
			if len(run) > 0 {
				lc.Runs = append(lc.Runs, strings.Join(run, " "))
			}
			run = nil
			continue
		}
		a := *m.AvailabilityPercent
		pt := Marker{X: x, Y: y(a), Met: m.SLOMet != nil && *m.SLOMet, Title: w.Month(m.Month) + ": " + w.Percent(a)}
		run = append(run, Num(pt.X)+","+Num(pt.Y))
		lc.Markers = append(lc.Markers, pt)
	}
	if len(run) > 0 {
		lc.Runs = append(lc.Runs, strings.Join(run, " "))
	}
	if months == 0 {
		lc.Desc = w.T("report.availability.desc_empty")
	} else {
		lc.Desc = w.F("report.availability.desc", "met", strconv.Itoa(met), "months", strconv.Itoa(months), "lowest", w.Percent(lowest), "month", w.Month(lowestAt))
	}
	return lc
}

// axisFloor is the bottom of an availability axis: 100 − k × (100 − slo)
// for the smallest k of 2, 5, 10, 20, 50, … at or below lowest, never
// below 0.
func axisFloor(slo, lowest float64) float64 {
	gap := max(100-slo, 1e-3) // a target of 100% still gets an axis
	for p := 1.0; ; p *= 10 {
		for _, m := range []float64{2, 5, 10} {
			if lo := 100 - m*p*gap; lo <= lowest || lo <= 0 {
				return max(lo, 0)
			}
		}
	}
}

// r4 rounds a percentage for an axis label.
func r4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
