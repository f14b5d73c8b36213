// Package headers writes _headers, the response header rules that Netlify
// and Cloudflare Pages read from the site root: a short cache on status data,
// a long one on content-hashed assets, and CORS on what other sites fetch.
//
// Both hosts apply every rule whose path matches and join the values of a
// header set by two rules with a comma, so a path must never match two
// rules that set the same header: "public, max-age=60, public,
// max-age=31536000, immutable" would be the result. The rules are therefore
// one per top-level file or directory, never a catch-all /* with
// exceptions. Hosts without _headers support (GitHub Pages) ignore the file.
package headers

import (
	"context"
	"path"
	"strings"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
)

// Header values.
const (
	// ShortCache is for status data: pages, feeds, the API, badges. A
	// reader sees a new update within a minute of the deploy.
	ShortCache = "public, max-age=60"
	// LongCache is for files whose name carries a hash of their content.
	LongCache = "public, max-age=31536000, immutable"
)

// Renderer writes _headers.
type Renderer struct{}

// New returns the _headers renderer.
func New() Renderer { return Renderer{} }

// Name says what the renderer writes.
func (Renderer) Name() string { return "headers" }

// rule is a path pattern (relative to the site root, "*" a splat) and its
// headers in order.
type rule struct {
	path    string
	headers [][2]string
}

// rules returns the rules in the file's order, paths relative to the
// site root.
func rules() []rule {
	short := [][2]string{{"Cache-Control", ShortCache}}
	cors := [][2]string{{"Cache-Control", ShortCache}, {"Access-Control-Allow-Origin", "*"}}
	dir := func(p string) string { return path.Dir(strings.TrimSuffix(p, "/")) + "/*" } // "incidents/x/" → "incidents/*"
	return []rule{
		// Sniffing off everywhere; no other rule sets this header.
		{paths.Index + "*", [][2]string{{"X-Content-Type-Options", "nosniff"}}},
		{paths.Index, short},
		{paths.File(paths.Index), short},
		{paths.NotFound, short},
		{dir(paths.Incident("x")), short},
		{dir(paths.Maintenance("x")), short},
		// Component pages, feeds and badges; other sites fetch badge.json.
		{dir(paths.Component("x")), cors},
		{paths.History + "*", short},
		// The reliability report and its numbers, which dashboards fetch.
		{paths.Reports + "*", cors},
		// The iframe embed: no X-Frame-Options, it is meant to be framed.
		{paths.Embed + "*", short},
		// The Statuspage API, fetched cross-origin by widgets and clients.
		{paths.API + "*", cors},
		{paths.RSS, short},
		{paths.Atom, short},
		{paths.Calendar, short},
		{paths.Badge, short},
		{paths.BadgeJSON, cors},
		{paths.Widget, cors},
		{paths.WidgetData, short},
		{paths.Sitemap, short},
		{paths.Robots, short},
		{paths.Static + "*", [][2]string{{"Cache-Control", LongCache}}},
	}
}

// Render writes _headers. Patterns carry the base URL's path, so a site
// served under /status/ gets /status/api/v2/*.
func (Renderer) Render(_ context.Context, c *render.Context) error {
	var b strings.Builder
	b.WriteString("# Response headers for Netlify and Cloudflare Pages, written by sitrep.\n")
	b.WriteString("# No two rules that can match one path set the same header.\n")
	for _, r := range rules() {
		b.WriteString(pattern(c.URLs, r.path))
		b.WriteByte('\n')
		for _, h := range r.headers {
			b.WriteString("  " + h[0] + ": " + h[1] + "\n")
		}
	}
	c.Emit(paths.Headers, []byte(b.String()))
	return nil
}

// pattern is the host-relative pattern of p; a final "*" stays a splat
// rather than being escaped.
func pattern(u paths.URLs, p string) string {
	if rest, ok := strings.CutSuffix(p, "*"); ok {
		return u.Rel(rest) + "*"
	}
	return u.Rel(p)
}
