// Package report writes reports/metrics.json, the reliability report's
// numbers as documented JSON (docs/metrics.md), and provides what the
// HTML renderer needs to show the same report as reports/index.html, a
// page of the site: its content in the site's words (PageData) with
// static SVG charts and their data tables. The arithmetic is package
// metrics'; this package only draws and writes it.
package report

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"sync"

	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
)

//go:embed charts.tmpl
var chartsSource string

// Renderer writes the reliability report's numbers.
type Renderer struct{}

// New returns the report renderer.
func New() Renderer { return Renderer{} }

// Name says what the renderer writes.
func (Renderer) Name() string { return "report" }

// Render writes reports/metrics.json. The page, reports/index.html, is
// the HTML renderer's.
func (Renderer) Render(ctx context.Context, c *render.Context) error {
	js, err := JSON(c.Shared("metrics", func() any { return metrics.FromModel(c.Model) }).(*metrics.Report))
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Emit(paths.Metrics, js)
	return nil
}

// JSON encodes the report as metrics.json: indented, keys in the order of
// the documented types, ending in a newline. The same report always gives
// the same bytes.
func JSON(r *metrics.Report) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("metrics.json: %w", err)
	}
	return buf.Bytes(), nil
}

// Chart renders one chart (BarChart, SmallBars or LineChart) as an SVG
// element, escaped by html/template: it stands alone as an SVG document
// and may be placed in an HTML page as it is.
func Chart(chart any) (template.HTML, error) {
	d, err := theDrawer()
	if err != nil {
		return "", err
	}
	return d.draw(chart)
}

// drawer renders charts with the parsed chart templates. With a memo (watch
// mode), a chart drawn from the same data as in the previous build is
// reused: most months of the report do not change from save to save.
type drawer struct {
	t    *template.Template
	memo *render.Memo
}

// theDrawer parses the chart templates once per process: the report is
// drawn on every rebuild in watch mode.
var theDrawer = sync.OnceValues(newDrawer)

func newDrawer() (drawer, error) {
	t, err := template.New("charts").Funcs(template.FuncMap{
		"num":    Num,
		"add":    func(a, b float64) float64 { return a + b },
		"fill":   lightFill,
		"stroke": lightStroke,
	}).Parse(chartsSource)
	return drawer{t: t}, err
}

func (d drawer) draw(chart any) (template.HTML, error) {
	var name, id string
	switch c := chart.(type) {
	case BarChart:
		name, id = "chart-bars", c.ID
	case SmallBars:
		name, id = "chart-small-bars", c.ID
	case LineChart:
		name, id = "chart-line", c.ID
	default:
		return "", fmt.Errorf("report: no chart template for %T", chart)
	}
	// The chart's data, all of it values, is its key: the templates and
	// their functions are fixed.
	key := d.memo.Key()
	if d.memo != nil {
		key.Str(fmt.Sprintf("%#v", chart))
	}
	svg, err := d.memo.Value("report:chart:"+id, key, func() (any, error) {
		var buf bytes.Buffer
		if err := d.t.ExecuteTemplate(&buf, name, chart); err != nil {
			return nil, fmt.Errorf("report: %s: %w", name, err)
		}
		return template.HTML(buf.String()), nil // html/template output
	})
	if err != nil {
		return "", err
	}
	return svg.(template.HTML), nil
}

// Light colours of the chart classes, from the design palette, for a chart
// shown alone; in a page, the site's stylesheet colours the classes from
// its palette, light or dark.
func lightFill(class string) string {
	switch class {
	case "sev-p0", "down":
		return "#cf222e"
	case "sev-p1":
		return "#e16f24"
	case "sev-p2":
		return "#bf8700"
	case "sev-p3", "nodata":
		return "#818b98"
	case "met":
		return "#1a7f37"
	case "txt":
		return "#1f2328"
	}
	return "#59636e" // muted text
}

func lightStroke(class string) string {
	switch class {
	case "grid":
		return "#d1d9e0"
	case "target":
		return "#0969da"
	case "line":
		return "#1f2328"
	case "missed":
		return "#cf222e"
	}
	return "#59636e" // axis
}
