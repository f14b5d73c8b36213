package html

import (
	"maps"
	"slices"

	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/view"
)

// Keys for watch mode's memo (render.Memo). A page's key must cover
// everything it shows: layoutKeys covers what the pages of a layout share,
// and each job's key function the rest. Pages that show the whole site's
// live state (the front page, the report, the first page of a component)
// have no key and are always rendered.
// The randomized edit tests of generator/watch and generator/serve compare
// every rebuild with a fresh build and catch a key that misses an input.

// layoutKeys sums up, per layout, the inputs its pages share: the site
// (render.Context.SiteKey), the theme and its asset names, and the chrome
// (head, header, footer) rendered for this build with that layout, which
// carries the time zone's name and, on the front page, the banner's
// state. A layout's pages are not invalidated by another layout's chrome.
func (s *site) layoutKeys() map[string]uint64 {
	k := s.c.Memo.Key().Uint(s.c.SiteKey()).Uint(s.themeKey)
	for _, name := range slices.Sorted(maps.Keys(s.assets.url)) {
		k.Str(name).Str(s.assets.url[name])
	}
	shared := k.Sum()
	out := make(map[string]uint64, len(layouts))
	for _, layout := range layouts {
		ch := s.chrome[layout]
		out[layout] = s.c.Memo.Key().Uint(shared).Str(string(ch.Head)).Str(string(ch.Top)).Str(string(ch.Foot)).Sum()
	}
	return out
}

// incidentKey covers an incident's page: its file and, while it is open,
// the moment (its duration so far and its promise run with the clock).
func (s *site) incidentKey(k *render.Key, in *view.Incident) {
	lineKey(k, in)
	if !in.Resolved {
		k.Time(s.m.Now)
	}
}

// lineKey covers an incident's list line (partials.html "incident-line"):
// its file. An open incident's line shows its start, not its duration.
func lineKey(k *render.Key, in *view.Incident) {
	k.Str(in.Slug).Uint(in.Digest)
}

// maintenanceKey covers a maintenance window's page or history row: its
// file and its status at this build (the times it shows are fixed).
func maintenanceKey(k *render.Key, mt *view.Maintenance) {
	k.Str(mt.Slug).Uint(mt.Digest).Int(int64(mt.Status))
}

// componentKey covers a component page after the first (the first shows
// live uptime and is always rendered): the component, its status, the
// pager and the incidents listed.
func (s *site) componentKey(k *render.Key, c *view.Component, n int, ins []*view.Incident) {
	k.Str(c.ID).Uint(c.Digest).Int(int64(c.Status)).Int(int64(n)).Int(int64(len(c.IncidentPages())))
	for _, in := range ins {
		lineKey(k, in)
	}
}

// historyKey covers one history page: the pager and its entries.
func (s *site) historyKey(k *render.Key, n int) {
	k.Int(int64(n)).Int(int64(len(s.m.History)))
	for _, e := range s.m.History[n-1] {
		switch {
		case e.Incident != nil:
			lineKey(k.Str("i"), e.Incident)
		case e.Maintenance != nil:
			maintenanceKey(k.Str("m"), e.Maintenance)
		}
	}
}
