package html

import (
	"cmp"
	"html/template"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/report"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// page is what a layout is executed with: the parts every page has, and
// the item of its kind.
type page struct {
	Layout  string // layouts/<Layout>.html
	Path    string // the page's paths.* path
	Title   string // for <title>, before the site title; "" on the front page
	Desc    string // meta description
	Icon    string // favicon, a static asset name
	Feeds   []feed // the page's own feeds, besides the site's
	NoIndex bool   // ask search engines not to index it (404)

	M    *view.Model
	Site *status.Config

	Chrome             *chrome // the layout's shared parts; nil while they are rendered
	FullTitle, OGTitle string
	Canonical          string // absolute URL

	Banner      *banner
	Past        []pastDay
	Incident    *view.Incident
	Component   *view.Component
	Maintenance *view.Maintenance
	Report      *report.Page     // the reliability report
	Incidents   []*view.Incident // a component's page of incidents
	Lines       []template.HTML  // the same, as list lines
	View        *incidentView    // an incident's page, formatted
	Months      []monthGroup     // a history page
	Pager       pager
	Fresh       fresh // when what it shows was true (fresh.go)

	// A component's page: whether it is the first, which shows the live
	// state, and the parts all its pages share, rendered once (views.go).
	First      bool
	CompHead   template.HTML
	CompFollow template.HTML
}

// feed is an alternate link in a page's head.
type feed struct {
	Kind        string // "rss", "atom" or "json"; base.html gives the media type
	Title, Path string
}

// pager links the pages of a listing.
type pager struct {
	N, Of      int
	Prev, Next string // paths; "" at the ends

	// As partials.html "pager" shows them: addresses, "pager.position",
	// and the words every pager has, looked up once per build.
	PrevURL, NextURL, Position string
	W                          *pagerWords
}

// pagerWords are what every pager says alike.
type pagerWords struct{ Label, Newer, Older string }

func (s *site) newPager(n, of int, at func(int) string) pager {
	p := pager{N: n, Of: of, W: &s.pagerWords}
	if of > 1 {
		p.Position = s.w.F("pager.position", "n", n, "of", of)
	}
	if n > 1 {
		p.Prev = at(n - 1)
		p.PrevURL = s.c.URLs.Rel(p.Prev)
	}
	if n < of {
		p.Next = at(n + 1)
		p.NextURL = s.c.URLs.Rel(p.Next)
	}
	return p
}

// monthGroup is a month heading of the history and its entries.
type monthGroup struct {
	Month   time.Time
	Entries []historyRow
}

// historyRow is an incident or a maintenance window in the history.
type historyRow struct {
	ID          string
	Line        template.HTML // an incident's list line
	Maintenance *view.Maintenance
}

// jobs lists every page of the site, in a fixed order.
func (s *site) jobs() []job {
	m := s.m
	n := 3 + len(m.History) + len(m.Incidents) + len(m.Maintenances)
	for _, c := range m.Components {
		n += len(c.IncidentPages())
	}
	jobs := make([]job, 0, n)
	// The front page and the report show the whole site's live state and
	// are always rendered (their parts have keys); the others have keys
	// (memo.go). Jobs of a kind share their functions, called with the
	// job's arg.
	jobs = append(jobs, job{path: paths.Index, layout: "index", page: func(int) *page { return s.pageIndex() }},
		job{path: paths.Reports, layout: "report", page: func(int) *page { return s.pageReport() }},
		job{path: paths.NotFound, layout: "404", page: func(int) *page { return s.pageNotFound() },
			key: func(*render.Key, int) {}}) // 404 shows only strings and chrome
	for i := range m.History {
		jobs = append(jobs, job{paths.HistoryPage(i + 1), "history", s.pageHistory, s.historyKey, i + 1})
	}
	incident := func(i int) *page { return s.pageIncident(m.Incidents[i]) }
	incidentKey := func(k *render.Key, i int) { s.incidentKey(k, m.Incidents[i]) }
	for i, in := range m.Incidents {
		jobs = append(jobs, job{paths.Incident(in.Slug), "incident", incident, incidentKey, i})
	}
	maintenance := func(i int) *page { return s.pageMaintenance(m.Maintenances[i]) }
	maintenanceKey := func(k *render.Key, i int) { s.maintenancePageKey(k, m.Maintenances[i]) }
	for i, mt := range m.Maintenances {
		jobs = append(jobs, job{paths.Maintenance(mt.Slug), "maintenance", maintenance, maintenanceKey, i})
	}
	for _, c := range m.Components {
		pages := c.IncidentPages()
		page := func(n int) *page { return s.pageComponent(c, n) }
		key := func(k *render.Key, n int) { s.componentKey(k, c, n, len(pages), pages[n-1]) }
		for i := range pages {
			jobs = append(jobs, job{paths.ComponentPage(c.ID, i+1), "component", page, key, i + 1})
		}
	}
	return jobs
}

func (s *site) newPage(layout, p, title, desc string) *page {
	cfg := &s.m.Site.Config
	pg := &page{
		Layout: layout, Path: p, Title: title, Desc: cmp.Or(desc, cfg.Description), Icon: "icon.svg",
		M: s.m, Site: cfg, Chrome: s.chrome[layout],
		FullTitle: cfg.Title, OGTitle: cfg.Title, Canonical: s.c.URLs.Abs(p),
	}
	if title != "" {
		pg.FullTitle, pg.OGTitle = title+" · "+cfg.Title, title
	}
	return pg
}

// pageIndex is the front page.
func (s *site) pageIndex() *page {
	p := s.newPage("index", paths.Index, "", "")
	p.Banner = s.top
	p.Icon = "icon-" + p.Banner.Class + ".svg"
	p.Desc = p.Banner.Headline + ". " + p.Desc
	p.FullTitle = p.Banner.Short + " · " + p.FullTitle
	p.Past = s.past()
	return p
}

// pageNotFound is 404.html, served for any missing path, so its links are
// host-relative like every other page's.
func (s *site) pageNotFound() *page {
	p := s.newPage("404", paths.NotFound, s.w.T("notfound.title"), "")
	p.NoIndex = true
	return p
}

// pageIncident is one incident's page.
func (s *site) pageIncident(in *view.Incident) *page {
	desc := s.w.T("impact."+in.Impact.String()) + " · " + s.w.T("kind."+in.Status.String()) + " · " + s.w.DateTime(in.Start)
	p := s.newPage("incident", paths.Incident(in.Slug), in.Title, desc)
	p.Incident = in
	p.View = s.incidentView(in)
	// A resolved incident's page says when it last changed only when that
	// is not the resolved time its facts already show (a postmortem or an
	// update came later): the line would repeat it on most pages.
	if in.Resolved {
		if t := s.incidentChanged(in); !t.Equal(in.End) {
			s.setUpdated(&p.Fresh, t)
		}
	}
	return p
}

// pageMaintenance is one maintenance window's page.
func (s *site) pageMaintenance(mt *view.Maintenance) *page {
	desc := s.w.T("maintenance."+mt.Status.String()) + " · " + s.w.DateTime(mt.From)
	p := s.newPage("maintenance", paths.Maintenance(mt.Slug), mt.Title, desc)
	p.Maintenance = mt
	if maintenanceLive(mt) {
		p.Fresh.Built = true
	} else {
		s.setUpdated(&p.Fresh, s.maintenanceChanged(mt))
	}
	return p
}

// pageComponent is page n (1-based) of a component: its status and uptime,
// and the nth page of its incidents.
func (s *site) pageComponent(c *view.Component, n int) *page {
	pages := c.IncidentPages()
	title := c.Name
	if n > 1 {
		title = s.w.F("pager.title", "title", c.Name, "n", n)
	}
	p := s.newPage("component", paths.ComponentPage(c.ID, n), title, s.w.T("status."+c.Status.String())+" · "+c.Name)
	p.Component = c
	p.First = n == 1
	p.Incidents = pages[n-1]
	p.Lines = s.lines(p.Incidents)
	p.Pager = s.newPager(n, len(pages), func(i int) string { return paths.ComponentPage(c.ID, i) })
	if n > 1 { // the first page shows the live state and says as of when itself
		s.setUpdated(&p.Fresh, s.componentChanged(c, p.Incidents))
	}
	p.Feeds = s.componentFeeds(c)
	p.CompHead, p.CompFollow = s.componentParts(p)
	return p
}

// pageReport is the reliability report, with its numbers as JSON for an
// alternate.
func (s *site) pageReport() *page {
	r, err := s.report()
	if err != nil {
		s.fail(err)
		r = &report.Page{}
	}
	p := s.newPage("report", paths.Reports, r.Title, r.Intro)
	p.Report = r
	p.Fresh.Built = true // this month's and the running numbers move with the clock
	p.Feeds = []feed{{"json", s.w.T("report.json"), paths.Metrics}}
	return p
}

// pageHistory is page n (1-based) of the history, grouped by month.
func (s *site) pageHistory(n int) *page {
	title := s.w.T("history.title")
	if n > 1 {
		title = s.w.F("pager.title", "title", title, "n", n)
	}
	p := s.newPage("history", paths.HistoryPage(n), title, "")
	p.Pager = s.newPager(n, len(s.m.History), paths.HistoryPage)
	s.setUpdated(&p.Fresh, s.historyChanged(n))
	for _, e := range s.m.History[n-1] {
		month := view.MonthStart(e.At, s.m.Loc)
		if k := len(p.Months); k == 0 || !p.Months[k-1].Month.Equal(month) {
			p.Months = append(p.Months, monthGroup{Month: month})
		}
		g := &p.Months[len(p.Months)-1]
		row := historyRow{ID: entryID(e), Maintenance: e.Maintenance}
		if e.Incident != nil {
			row.Line = s.lineFor(e.Incident)
		}
		g.Entries = append(g.Entries, row)
	}
	return p
}
