// Package badge writes status badges: badge.svg for the whole site and one
// per component, in the two-part flat style of shields.io, and the same
// text as shields.io endpoint JSON (badge.json) for sites that style their
// badges through shields.io.
package badge

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/view"
)

// Badge colours, from DESIGN.md's light palette (text colours on white).
// White text on each has at least 4.5:1 contrast: operational 5.1,
// degraded 4.9, partial 5.0, major 5.4, maintenance 5.2, label 6.1.
const (
	LabelColor       = "#59636e" // muted text
	OperationalColor = "#1a7f37"
	DegradedColor    = "#9a6700"
	PartialColor     = "#bc4c00"
	MajorColor       = "#cf222e"
	MaintenanceColor = "#0969da"
)

// Renderer writes the badges.
type Renderer struct{}

// New returns the badge renderer.
func New() Renderer { return Renderer{} }

// Name says what the renderer writes.
func (Renderer) Name() string { return "badges" }

// Badge is what one badge says.
type Badge struct {
	Label, Message string
	Color          string // "#rrggbb"
	AsOf           string // when it was built, in words; the tooltip says it
}

// Render emits the site's badge and each component's, as SVG and JSON.
func (Renderer) Render(_ context.Context, c *render.Context) error {
	m := c.Model
	asOf := c.Strings.F("badge.as_of", "time", render.Zoned(m.Loc, m.Now, c.Strings.T("layout.datetime")))
	site := Overall(c.Strings, render.StateOf(m, c.Strings))
	site.AsOf = asOf
	if err := emit(c, paths.Badge, paths.BadgeJSON, site); err != nil {
		return err
	}
	for _, comp := range m.Components {
		b := Component(c.Strings, comp)
		b.AsOf = asOf
		if err := emit(c, paths.ComponentBadge(comp.ID), paths.ComponentBadgeJSON(comp.ID), b); err != nil {
			return err
		}
	}
	return nil
}

// color is the badge colour of a state class (render.StatusClass).
func color(class string) string {
	switch class {
	case "degraded":
		return DegradedColor
	case "partial":
		return PartialColor
	case "major":
		return MajorColor
	case "maint":
		return MaintenanceColor
	}
	return OperationalColor
}

// Overall is the site's badge: the state in the words the banner uses.
func Overall(s render.Strings, st render.State) Badge {
	return Badge{Label: s.T("badge.label"), Message: st.Short, Color: color(st.Class)}
}

// Component is a component's badge: its name and current status, in the
// words the page uses.
func Component(s render.Strings, c *view.Component) Badge {
	return Badge{Label: c.Name, Message: s.T("status." + c.Status.String()), Color: color(render.StatusClass(c.Status))}
}

func emit(c *render.Context, svgPath, jsonPath string, b Badge) error {
	b.Label, b.Message, b.AsOf = clean(b.Label), clean(b.Message), clean(b.AsOf)
	js, err := b.JSON()
	if err != nil {
		return err
	}
	c.Emit(svgPath, b.SVG())
	c.Emit(jsonPath, js)
	return nil
}

// endpoint is the shields.io endpoint schema, version 1.
type endpoint struct {
	SchemaVersion int    `json:"schemaVersion"`
	Label         string `json:"label"`
	Message       string `json:"message"`
	Color         string `json:"color"`
	LabelColor    string `json:"labelColor"`
}

// JSON is the badge as shields.io endpoint JSON. Colours are given as hex
// digits without "#", which shields.io reads as hex.
func (b Badge) JSON() ([]byte, error) {
	out, err := json.Marshal(endpoint{
		SchemaVersion: 1,
		Label:         b.Label,
		Message:       b.Message,
		Color:         strings.TrimPrefix(b.Color, "#"),
		LabelColor:    strings.TrimPrefix(LabelColor, "#"),
	})
	return append(out, '\n'), err
}

// SVG draws the badge: label on grey, message on the status colour, white
// text with a faint shadow. Text is sized with textLength to the width
// measured for Verdana, so a fallback font cannot overflow its half.
// The image is named by role="img", aria-label and <title>.
func (b Badge) SVG() []byte {
	const pad = 5 // horizontal padding on each side of a text, px
	lw, mw := preferred(b.Label), preferred(b.Message)
	left, right := lw+2*pad, mw+2*pad
	total := left + right
	name := esc(b.Label + ": " + b.Message)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" viewBox="0 0 %d 20" role="img" aria-label="%s">`, total, total, name)
	title := name
	if b.AsOf != "" {
		title += " (" + esc(b.AsOf) + ")"
	}
	fmt.Fprintf(&buf, `<title>%s</title>`, title)
	fmt.Fprintf(&buf, `<clipPath id="r"><rect width="%d" height="20" rx="3" fill="#fff"/></clipPath>`, total)
	fmt.Fprintf(&buf, `<g clip-path="url(#r)"><rect width="%d" height="20" fill="%s"/><rect x="%d" width="%d" height="20" fill="%s"/></g>`,
		left, LabelColor, left, right, esc(b.Color))
	buf.WriteString(`<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110" aria-hidden="true">`)
	// Coordinates are in tenths of a pixel (scale(.1)), as shields.io does,
	// so that half pixels stay exact.
	for _, t := range []struct {
		text      string
		x, text10 int
	}{{b.Label, left * 5, lw * 10}, {b.Message, left*10 + right*5, mw * 10}} {
		fmt.Fprintf(&buf, `<text x="%d" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="%d">%s</text>`, t.x, t.text10, esc(t.text))
		fmt.Fprintf(&buf, `<text x="%d" y="140" transform="scale(.1)" textLength="%d">%s</text>`, t.x, t.text10, esc(t.text))
	}
	buf.WriteString("</g></svg>\n")
	return buf.Bytes()
}

// esc escapes s for XML text and attribute values.
func esc(s string) string {
	var sb strings.Builder
	_ = xml.EscapeText(&sb, []byte(s)) // a strings.Builder does not fail
	return sb.String()
}

// clean removes what XML 1.0 cannot carry (control characters, invalid
// UTF-8, U+FFFE/U+FFFF) and turns line breaks into spaces: a badge has one line.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20, r == 0x7f, r == utf8.RuneError, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}
