// Package report renders the reliability report: reports/index.html, with
// static SVG charts and their data tables, and reports/metrics.json, the
// same numbers as documented JSON (docs/metrics.md). The arithmetic is
// package metrics'; this package only draws and writes it.
package report

import (
	"bytes"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"time"

	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
)

// Layout is the theme file with the report's content (the "main" template).
const Layout = "layouts/report.html"

//go:embed charts.tmpl
var chartsSource string

//go:embed page.tmpl
var pageSource string

// Renderer writes the reliability report.
type Renderer struct{}

// New returns the report renderer.
func New() Renderer { return Renderer{} }

// Name says what the renderer writes.
func (Renderer) Name() string { return "report" }

// Render writes reports/index.html and reports/metrics.json.
func (Renderer) Render(ctx context.Context, c *render.Context) error {
	r := metrics.FromModel(c.Model)
	js, err := JSON(r)
	if err != nil {
		return err
	}
	t, err := parse(c.Theme, c.URLs)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	p := newPage(c, r)
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "page", p); err != nil {
		return fmt.Errorf("%s: %w", Layout, err)
	}
	c.Emit(paths.File(paths.Reports), buf.Bytes())
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

// parse reads the page: the package's page and chart templates, then the
// theme's report layout.
func parse(theme fs.FS, u paths.URLs) (*template.Template, error) {
	t := template.New("page").Funcs(funcs(u))
	if _, err := t.Parse(pageSource); err != nil {
		return nil, err
	}
	if _, err := t.New("charts").Parse(chartsSource); err != nil {
		return nil, err
	}
	src, err := fs.ReadFile(theme, Layout)
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	if _, err := t.New(Layout).Parse(string(src)); err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	return t, nil
}

// chartTemplates parses the chart templates alone, for rendering one
// chart as a standalone SVG.
func chartTemplates() (*template.Template, error) {
	return template.New("charts").Funcs(funcs(paths.URLs{})).Parse(chartsSource)
}

// SVG renders one chart (BarChart, SmallBars or LineChart) as a
// standalone SVG document.
func SVG(chart any) ([]byte, error) {
	t, err := chartTemplates()
	if err != nil {
		return nil, err
	}
	var name string
	switch chart.(type) {
	case BarChart, *BarChart:
		name = "chart-bars"
	case SmallBars, *SmallBars:
		name = "chart-small-bars"
	case LineChart, *LineChart:
		name = "chart-line"
	default:
		return nil, fmt.Errorf("report: no chart template for %T", chart)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, name, chart); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Light colours of the chart classes, from the design palette; the page's
// stylesheet repeats them and switches to the dark ones.
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

func funcs(u paths.URLs) template.FuncMap {
	return template.FuncMap{
		"num":       Num,
		"add":       func(a, b float64) float64 { return a + b },
		"fill":      lightFill,
		"stroke":    lightStroke,
		"component": func(id string) string { return u.Rel(paths.Component(id)) },
		"iso":       func(t time.Time) string { return t.Format(time.RFC3339) },
	}
}

// stylesheet is the site's hashed style.css, named as the HTML renderer
// names it (static/<name>.<first 4 bytes of SHA-256, hex>.<ext>), or ""
// when the theme has none.
func stylesheet(theme fs.FS) string {
	b, err := fs.ReadFile(theme, "static/style.css")
	if err != nil {
		return ""
	}
	sum := sha256.Sum256(b)
	return paths.Static + "style." + hex.EncodeToString(sum[:4]) + ".css"
}
