package html

import (
	"maps"
	"slices"

	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// Keys for watch mode's memo (render.Memo). A page's key must cover
// everything it shows: buildKey covers what all pages share, and each
// job's key function the rest. Pages that show the whole site's state
// (the front page, the report, 404) have no key and are always rendered.
// The randomized edit tests of generator/watch and generator/serve compare
// every rebuild with a fresh build and catch a key that misses an input.

// buildKey sums up the inputs every page shares: the theme, the strings,
// site.yaml, the base URL, the components' files and order, and the
// chrome (head, header, footer) rendered for this build, which carries
// the banner state and the time zone's name.
func (s *site) buildKey() uint64 {
	k := s.c.Memo.Key()
	k.Uint(s.themeKey).Uint(s.m.Site.Config.Digest).Str(s.c.URLs.Base())
	for _, key := range slices.Sorted(maps.Keys(s.c.Strings)) {
		k.Str(key).Str(s.c.Strings[key])
	}
	for _, name := range slices.Sorted(maps.Keys(s.assets.url)) {
		k.Str(name).Str(s.assets.url[name])
	}
	for _, c := range s.m.Components {
		k.Str(c.ID).Uint(c.Digest)
	}
	for _, layout := range layouts {
		ch := s.chrome[layout]
		k.Str(string(ch.Head)).Str(string(ch.Top)).Str(string(ch.Foot))
	}
	return k.Sum()
}

// incidentKey covers an incident's page or list line: its file and, while
// it is open, the moment (durations and promises run with the clock).
func (s *site) incidentKey(k *render.Key, in *view.Incident) {
	k.Str(in.Slug).Uint(in.Digest)
	if !in.Resolved {
		k.Time(s.m.Now)
	}
}

// maintenanceKey covers a maintenance window: its file and its status
// at this build.
func (s *site) maintenanceKey(k *render.Key, mt *view.Maintenance) {
	k.Str(mt.Slug).Uint(mt.Digest).Int(int64(mt.Status))
	if mt.Status != status.Completed && mt.Status != status.Cancelled {
		k.Time(s.m.Now)
	}
}

// componentKey covers a component page after the first (the first shows
// live uptime and is always rendered): the component, its status, the
// pager and the incidents listed.
func (s *site) componentKey(k *render.Key, c *view.Component, n int, ins []*view.Incident) {
	k.Str(c.ID).Uint(c.Digest).Int(int64(c.Status)).Int(int64(n)).Int(int64(len(c.IncidentPages())))
	for _, in := range ins {
		s.incidentKey(k, in)
	}
}

// historyKey covers one history page: the pager and its entries.
func (s *site) historyKey(k *render.Key, n int) {
	k.Int(int64(n)).Int(int64(len(s.m.History)))
	for _, e := range s.m.History[n-1] {
		switch {
		case e.Incident != nil:
			s.incidentKey(k.Str("i"), e.Incident)
		case e.Maintenance != nil:
			s.maintenanceKey(k.Str("m"), e.Maintenance)
		}
	}
}
