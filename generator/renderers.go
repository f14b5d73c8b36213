package generator

import (
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/api"
	"github.com/sitrep/sitrep/generator/render/badge"
	"github.com/sitrep/sitrep/generator/render/feed"
	"github.com/sitrep/sitrep/generator/render/headers"
	"github.com/sitrep/sitrep/generator/render/html"
	"github.com/sitrep/sitrep/generator/render/ics"
	"github.com/sitrep/sitrep/generator/render/report"
	"github.com/sitrep/sitrep/generator/render/widget"
)

// Renderers lists every output of a build. Each renderer owns its paths.
func Renderers() []render.Renderer {
	return []render.Renderer{
		// renderers: keep one per line
		api.New(),
		badge.New(),
		feed.New(),
		headers.New(),
		html.New(),
		ics.New(),
		report.New(),
		widget.New(),
	}
}
