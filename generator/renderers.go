package generator

import (
	"github.com/sitrep/sitrep/generator/render"
)

// Renderers lists every output of a build. Each renderer owns its paths.
func Renderers() []render.Renderer {
	return []render.Renderer{
		// renderers: keep one per line
	}
}
