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

// Renderer writes widget.js and embed/index.html.
type Renderer struct{}

// New returns the widget renderer.
func New() Renderer { return Renderer{} }

// Name says what the renderer writes.
func (Renderer) Name() string { return "widget" }

// Render writes both files.
func (Renderer) Render(_ context.Context, c *render.Context) error {
	js, err := Script(c.URLs, c.Model.Site.Config.Title)
	if err != nil {
		return err
	}
	c.Emit(paths.Widget, js)
	page, err := embedPage(c)
	if err != nil {
		return err
	}
	c.Emit(paths.File(paths.Embed), page)
	return nil
}

// config is what widget.js is told at build time.
type config struct {
	Name    string `json:"name"`    // the site's title, for the link's accessible name
	Page    string `json:"page"`    // the status page, absolute
	Summary string `json:"summary"` // api/v2/summary.json, absolute
}

// Script returns widget.js for a site: the embedded source with the site's
// absolute addresses filled in, comment lines and indentation removed.
// The addresses are JSON-encoded with HTML escaping, so no value can end
// the string or a surrounding <script> element.
func Script(u paths.URLs, title string) ([]byte, error) {
	cfg, err := json.Marshal(config{Name: title, Page: u.Base(), Summary: u.Abs(paths.APIFile("summary.json"))})
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
