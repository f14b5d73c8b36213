// Package render defines what every output renderer gets and does: it reads
// the derived model and emits files. Each kind of output (pages, feeds, the
// API, badges, the widget, the calendar) lives in its own subpackage.
package render

import (
	"context"
	"io/fs"
	"maps"
	"slices"
	"sync"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/view"
)

// Context is the input of a renderer.
type Context struct {
	Model   *view.Model
	URLs    paths.URLs
	Theme   fs.FS   // layouts/, static/, i18n/ — the site's overrides over the embedded theme
	Strings Strings // UI strings in the site's language
	Emit    func(path string, data []byte)
	// Keep, when not nil, adds the file the published tree holds at path
	// with digest d without its bytes (publish.Site.Keep); Output uses it
	// for outputs the memo knows unchanged but holds no bytes of.
	Keep func(path string, d publish.Digest)
	// Expect, when not nil, is told the paths a renderer is about to
	// emit or keep, in about the order it will (publish.Stream.Expect).
	Expect func(paths []string)
	// EmitKeepsNoBytes says Emit is done with data when it returns (it
	// writes the bytes out): see Reusable.
	EmitKeepsNoBytes bool
	// Memo, when not nil, keeps outputs between builds (watch mode, and
	// across processes through package buildcache); renderers look an
	// output up in it by a key of its inputs (Output).
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

// SiteKey sums up, for Memo keys, what most outputs are made from besides
// their own files: site.yaml, the address, the UI strings and the
// components' files in display order. It is computed once per build.
func (c *Context) SiteKey() uint64 {
	return c.Shared("render.SiteKey", func() any {
		k := c.Memo.Key().Uint(c.Model.Site.Config.Digest).Str(c.URLs.Base())
		for _, key := range slices.Sorted(maps.Keys(c.Strings)) {
			k.Str(key).Str(c.Strings[key])
		}
		for _, comp := range c.Model.Components {
			k.Str(comp.ID).Uint(comp.Digest)
		}
		return k.Sum()
	}).(uint64)
}

// Output emits the file at path made by render, unless the memo knows it
// unchanged: key sums up everything it is made from (nil: render it
// always). An unchanged output is emitted with the previous build's bytes
// or, when the memo holds none, kept as the published tree holds it.
func (c *Context) Output(path string, key *Key, render func() ([]byte, error)) error {
	data, dig, kept, err := c.Memo.output(path, key, c.Keep != nil, render)
	switch {
	case err != nil:
		return err
	case kept:
		c.Keep(path, dig)
	default:
		c.Emit(path, data)
	}
	return nil
}

// Announce tells Expect, when set, the paths about to be emitted.
func (c *Context) Announce(paths []string) {
	if c.Expect != nil {
		c.Expect(paths)
	}
}

// Reusable reports whether the bytes handed to Output's render or to
// Emit are free again once the call returns: neither Emit nor the memo
// keeps them, so that a renderer may render the next output into the
// same buffer instead of copying each.
func (c *Context) Reusable() bool {
	return c.EmitKeepsNoBytes && (c.Memo == nil || c.Memo.lean)
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
