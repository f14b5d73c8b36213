package html

import (
	"maps"
	"slices"

	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/view"
)

// Keys for watch mode's memo (render.Memo). A page's key must cover
// everything it shows: layoutKeys covers what the pages of a layout share,
// and each job's key function the rest. The front page and the report,
// which show the whole site's state, have no key and are always rendered;
// the parts they include (uptime bars, list lines, charts) have keys.
// What shows the moment is keyed on the moment as it is shown (a bar's
// words, a month's percentage), so that the clock, which moves on every
// build, invalidates only what it changes.
// The randomized edit tests of generator/watch and generator/serve and
// TestRebuildsWithAMemoEqualFreshBuilds compare rebuilds with fresh builds
// and catch a key that misses an input.

// baseKey sums up what every page and part shares: the site
// (render.Context.SiteKey), the theme and its asset names.
func (s *site) baseKey() uint64 {
	k := s.c.Memo.Key().Uint(s.c.SiteKey()).Uint(s.themeKey)
	for _, name := range slices.Sorted(maps.Keys(s.assets.url)) {
		k.Str(name).Str(s.assets.url[name])
	}
	return k.Sum()
}

// layoutKeys sums up, per layout, the inputs its pages share: the base
// key and the chrome (head, header, footer) rendered for this build with
// that layout, which carries the time zone's name and, on the front page,
// the banner's state. A layout's pages are not invalidated by another
// layout's chrome.
func (s *site) layoutKeys(shared uint64) map[string]uint64 {
	out := make(map[string]uint64, len(layouts))
	for _, layout := range layouts {
		ch := s.chrome[layout]
		out[layout] = s.c.Memo.Key().Uint(shared).Str(string(ch.Head)).Str(string(ch.Top)).Str(string(ch.Foot)).Sum()
	}
	return out
}

// incidentKey covers an incident's page: its file and, while it is open,
// the moment (its duration so far and its promise run with the clock);
// once resolved, the time it says it last changed (fresh.go).
func (s *site) incidentKey(k *render.Key, in *view.Incident) {
	k.Uint(s.lineCache[in].key)
	if !in.Resolved {
		k.Time(s.m.Now)
	} else {
		k.Time(s.incidentChanged(in))
	}
}

// lineKey covers an incident's list line (partials.html "incident-line"):
// its file. An open incident's line shows its start, not its duration.
// Page keys use the line's key made once per build (parts).
func lineKey(k *render.Key, in *view.Incident) {
	k.Str(in.Slug).Uint(in.Digest)
}

// linesKey covers a list of incident lines.
func (s *site) linesKey(k *render.Key, ins []*view.Incident) {
	k.Int(int64(len(ins)))
	for _, in := range ins {
		k.Uint(s.lineCache[in].key)
	}
}

// barKey covers a component's uptime bar (partials.html "bar"): its
// name and the bar as words (w.bar), which the template only places. It
// is keyed on what it shows, not on the tallies, because today's tally
// grows with the clock while the bar shows the same.
func (s *site) barKey(k *render.Key, c *view.Component) {
	b := s.w.bar(c)
	k.Str(c.ID).Str(c.Name).Int(int64(b.Days)).Int(int64(b.Near)).Str(b.Summary).Int(int64(len(b.Cells)))
	for _, cell := range b.Cells {
		k.Str(cell.Class).Str(cell.Title)
	}
}

// maintenanceKey covers a maintenance window's page or history row: its
// file and its status at this build (the times it shows are fixed).
func maintenanceKey(k *render.Key, mt *view.Maintenance) {
	k.Str(mt.Slug).Uint(mt.Digest).Int(int64(mt.Status))
}

// maintenancePageKey covers a window's page: maintenanceKey and, until
// the window is over, the moment it says its status is as of; then the
// time it says it last changed (fresh.go).
func (s *site) maintenancePageKey(k *render.Key, mt *view.Maintenance) {
	maintenanceKey(k, mt)
	if maintenanceLive(mt) {
		k.Time(s.m.Now)
	} else {
		k.Time(s.maintenanceChanged(mt))
	}
}

// componentKey covers a component page: the component, its status, the
// pager and the incidents listed and, on the first page, what it shows
// besides (componentFirstKey) and the moment it is true as of; on later
// pages, the time it says it last changed (fresh.go).
func (s *site) componentKey(k *render.Key, c *view.Component, n, of int, ins []*view.Incident) {
	k.Str(c.ID).Uint(c.Digest).Int(int64(c.Status)).Int(int64(n)).Int(int64(of))
	s.linesKey(k, ins)
	if n == 1 {
		s.componentFirstKey(k, c)
		k.Time(s.m.Now) // it says as of when (partials.html "asof", "built")
	} else {
		k.Time(s.componentChanged(c, ins))
	}
}

// componentFirstKey covers the rest of a component's first page
// (component.html): its open incidents and maintenance, its uptime bar,
// its months and its objective, as they are formatted.
func (s *site) componentFirstKey(k *render.Key, c *view.Component) {
	active := s.activeFor(c)
	k.Int(int64(len(active)))
	for _, in := range active {
		s.incidentKey(k, in) // the cards: open incidents, so the moment too
	}
	mts := s.maintenanceFor(c)
	k.Int(int64(len(mts)))
	for _, mt := range mts {
		maintenanceKey(k, mt)
	}
	k.Uint(s.barCache[c].key)
	rows := s.months(c)
	k.Int(int64(len(rows)))
	for _, r := range rows { // as the table shows them
		k.Time(r.Start).Bool(r.Up < 0).Str(Percent(r.Up)).Bool(r.Impacted > 0).Str(s.w.Duration(r.Impacted)).Bool(r.Current).Bool(r.MeetsSLO)
	}
	if v := s.slo(c); v != nil {
		k.Str(v.Target).Str(v.Up).Bool(v.Met).Bool(v.Budget).Str(v.Used).Str(v.Allowed).Time(v.Out).Str(v.Anchor)
	}
}

// historyKey covers one history page: the pager, its entries and the
// time it says it last changed (fresh.go).
func (s *site) historyKey(k *render.Key, n int) {
	k.Int(int64(n)).Int(int64(len(s.m.History))).Time(s.historyChanged(n))
	for _, e := range s.m.History[n-1] {
		switch {
		case e.Incident != nil:
			k.Str("i").Uint(s.lineCache[e.Incident].key)
		case e.Maintenance != nil:
			maintenanceKey(k.Str("m"), e.Maintenance)
		}
	}
}
