// Package feed writes the RSS 2.0 and Atom 1.0 feeds: one pair for the
// whole site and one per component. Every incident update, postmortem,
// maintenance announcement and maintenance update is its own entry with a
// stable id (its permalink), so a feed reader notifies on each new update.
package feed

import (
	"context"
	"strings"
	"time"

	"github.com/gorilla/feeds"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
)

// Renderer writes feed.rss, feed.atom and each component's pair.
type Renderer struct{}

// New returns the feed renderer.
func New() Renderer { return Renderer{} }

// Name says what the renderer writes.
func (Renderer) Name() string { return "feeds" }

// Render emits every feed.
func (Renderer) Render(ctx context.Context, c *render.Context) error {
	m := c.Model
	b := newBuilder(c)
	shared := c.SiteKey()
	cfg := m.Site.Config
	desc := cfg.Description
	if desc == "" {
		desc = c.Strings.T("feeds.description")
	}
	site := &spec{
		title:       cfg.Title,
		description: desc,
		alternate:   c.URLs.Base(),
		rssSelf:     c.URLs.Abs(paths.RSS),
		atomSelf:    c.URLs.Abs(paths.Atom),
		entries:     b.collect(m.Incidents, m.Maintenances),
	}
	if err := b.emit(shared, site, paths.RSS, paths.Atom, time.Unix(0, 0)); err != nil {
		return err
	}
	for _, comp := range m.Components {
		if err := ctx.Err(); err != nil {
			return err
		}
		s := &spec{
			title:       cfg.Title + " — " + comp.Name,
			description: strings.ReplaceAll(c.Strings.T("feeds.component_description"), "{name}", comp.Name),
			alternate:   c.URLs.Abs(paths.Component(comp.ID)),
			rssSelf:     c.URLs.Abs(paths.ComponentRSS(comp.ID)),
			atomSelf:    c.URLs.Abs(paths.ComponentAtom(comp.ID)),
			updated:     comp.Since, // used only while the component has no entries
			entries:     b.collect(comp.Incidents, comp.Maintenances),
		}
		if err := b.emit(shared, s, paths.ComponentRSS(comp.ID), paths.ComponentAtom(comp.ID), site.updated); err != nil {
			return err
		}
	}
	return nil
}

// emit finishes a feed's fields and writes it in both formats.
func (b *builder) emit(shared uint64, s *spec, rssPath, atomPath string, fallback time.Time) error {
	c := b.c
	cfg := c.Model.Site.Config
	s.lang = cfg.Language
	s.author = cfg.Title
	// The feed changed when its newest entry was written; the build clock
	// would make every build differ. A feed without entries keeps the time
	// it was given (a component's start) or falls back: a component's feed
	// to the site feed's time, the site feed to the Unix epoch.
	if len(s.entries) > 0 {
		s.updated = s.entries[0].at
	} else if s.updated.IsZero() {
		s.updated = fallback
	}
	// In watch mode a feed whose entries come from unchanged files is
	// not encoded again, and their words are not even made: an entry's
	// words are a function of its source's file and of what shared sums
	// up (the address, the strings, the time zone).
	k := c.Memo.Key().Uint(shared).Str(s.title).Str(s.description).Str(s.rssSelf).Str(s.alternate).Time(s.updated)
	for _, e := range s.entries {
		k.Int(int64(e.kind)).Str(e.slug).Int(int64(e.seq)).Uint(e.rev).Time(e.at)
	}
	made := false
	encode := func(format func(*spec, *feeds.Feed) ([]byte, error)) func() ([]byte, error) {
		return func() ([]byte, error) {
			if !made {
				for i := range s.entries {
					s.entries[i].text = b.text(&s.entries[i])
				}
				s.clean()
				made = true
			}
			return format(s, s.generic())
		}
	}
	if err := c.Output(rssPath, k, encode((*spec).rss)); err != nil {
		return err
	}
	return c.Output(atomPath, k, encode((*spec).atom))
}

// clean strips what XML forbids from the feed's own strings; the
// entries' are clean when made.
func (s *spec) clean() {
	s.title, s.description, s.author = clean(s.title), clean(s.description), clean(s.author)
}
