// Package render defines what every output renderer gets and does: it reads
// the derived model and emits files. Each kind of output (pages, feeds, the
// API, badges, the widget, the calendar) lives in its own subpackage.
package render

import (
	"context"
	"io/fs"
	"sync"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/view"
)

// Context is the input of a renderer.
type Context struct {
	Model   *view.Model
	URLs    paths.URLs
	Theme   fs.FS   // layouts/, static/, i18n/ — the site's overrides over the embedded theme
	Strings Strings // UI strings in the site's language
	Emit    func(path string, data []byte)
	// Memo, when not nil, keeps outputs between the builds of watch mode;
	// renderers look an output up in it by a key of its inputs.
	Memo *Memo

	shared sync.Map // name -> *sharedValue, see Shared
}

type sharedValue struct {
	once sync.Once
	v    any
}

// Shared returns the value named name, made once per build by make and
// shared by every renderer that asks: derived figures that several
// outputs show (such as the reliability metrics) are computed once.
func (c *Context) Shared(name string, make func() any) any {
	sv, _ := c.shared.LoadOrStore(name, &sharedValue{})
	s := sv.(*sharedValue)
	s.once.Do(func() { s.v = make() })
	return s.v
}

// Renderer writes one kind of output.
type Renderer interface {
	// Name says what the renderer writes, for error messages.
	Name() string
	Render(ctx context.Context, c *Context) error
}

// Strings are the UI strings of one language, by key.
type Strings map[string]string

// T returns the string for key, or the key itself when it is missing so
// that a missing translation is visible rather than blank.
func (s Strings) T(key string) string {
	if v, ok := s[key]; ok {
		return v
	}
	return key
}
