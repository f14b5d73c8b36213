package api

import (
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
)

// body is an update's text as the JSON API carries it: Statuspage's body
// is plain text, which clients show as they like, often as HTML. It
// follows the pages' rule: only a site with markdown.unsafe_html gets what
// the author wrote; any other gets the text of the safe rendering, so raw
// HTML and javascript: links, which the pages drop, never reach a client.
// Either is cut at render.APIRunes characters: the page has the rest.
func (b *builder) body(t status.Text) string {
	s := t.Source
	if !b.m.Site.Config.UnsafeHTML {
		s = render.PlainText(string(t.HTML))
	}
	s, _ = render.CutText(s, render.APIRunes)
	return s
}
