// Package widget writes what other sites embed: widget.js, a script that
// renders the current status as a badge or banner on any page, and
// embed/index.html, the same status as a page for an iframe.
package widget

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
)

//go:embed widget.js
var script string

// configMarker is where the site's addresses go in widget.js: the whole
// line holding it is replaced.
const configMarker = "/*sitrep:config*/"

// Renderer writes widget.js, widget-data.js and embed/index.html.
type Renderer struct{}

// New returns the widget renderer.
func New() Renderer { return Renderer{} }

// Name says what the renderer writes.
func (Renderer) Name() string { return "widget" }

// Render writes the three files.
func (Renderer) Render(_ context.Context, c *render.Context) error {
	js, err := Script(c.URLs, c.Model.Site.Config.Title, c.Strings.T("embed.open"))
	if err != nil {
		return err
	}
	c.Emit(paths.Widget, js)
	snap := snapshotOf(c)
	data, err := Data(snap)
	if err != nil {
		return err
	}
	c.Emit(paths.WidgetData, data)
	page, err := embedPage(snap, c.Strings)
	if err != nil {
		return err
	}
	c.Emit(paths.File(paths.Embed), page)
	return nil
}

// dataGlobal is the object widget-data.js files add their status to,
// keyed by their site's address: one host page may show several sites.
const dataGlobal = "sitrepStatus"

// Data returns widget-data.js: a script that stores the snapshot under
// its site's address. A script loads from any origin without CORS
// headers; json.Marshal escapes <, > and &, so nothing in the data can end
// a string or a <script> element, and the widget reads it as data only.
func Data(snap snapshot) ([]byte, error) {
	key, err := json.Marshal(snap.Page)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(snap)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "(window.%s=window.%s||{})[%s]=%s;\n", dataGlobal, dataGlobal, key, body)
	return out.Bytes(), nil
}

// config is what widget.js is told at build time.
type config struct {
	Name string `json:"name"` // the site's title, for the link's accessible name
	Page string `json:"page"` // the status page, absolute
	Data string `json:"data"` // widget-data.js, absolute
	Open string `json:"open"` // the link's words when no status can be loaded
}

// Script returns widget.js for a site: the embedded source with the site's
// absolute addresses filled in, comment lines and indentation removed.
// The addresses are JSON-encoded with HTML escaping, so no value can end
// the string or a surrounding <script> element.
func Script(u paths.URLs, title, open string) ([]byte, error) {
	cfg, err := json.Marshal(config{Name: title, Page: u.Base(), Data: u.Abs(paths.WidgetData), Open: open})
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	found := 0
	for line := range strings.Lines(script) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "//"):
			continue
		case strings.Contains(line, configMarker):
			found++
			line = "var cfg = " + string(cfg) + ";"
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	if found != 1 {
		return nil, fmt.Errorf("widget.js: want one %s line, found %d", configMarker, found)
	}
	return out.Bytes(), nil
}
