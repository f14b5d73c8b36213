package html

import (
	"bytes"
	"fmt"
	"html/template"
	"sync"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// The views below are what the most numerous pages (incidents, history and
// component lists) show, with every value already formatted: their layouts
// only place fields, which keeps a page's rendering cheap. Fragments
// (template.HTML) are html/template output (prerender) or goldmark's.

// when is a moment as a <time> shows it.
type when struct {
	ISO  string // datetime attribute
	Text string // in the site's zone and language
}

func (s *site) when(t time.Time) when { return when{ISO(t), s.w.DateTime(t)} }

// line is an incident in a list.
type line struct {
	ID, URL, Title string
	Impact, Kind   template.HTML
	Meta           template.HTML // Impact and Kind, as one part
	Resolved       bool
	Start          when
	Duration       string
	Started        around // the words around Start: "line.started" or, while open, "incident.started_at"
	Lasted         string // "line.lasted" with Duration; "" while open
}

func (s *site) line(in *view.Incident) line {
	l := line{
		ID:       "incident-" + in.Slug,
		URL:      s.c.URLs.Rel(paths.Incident(in.Slug)),
		Title:    in.Title,
		Impact:   at(s.frags.impact[:], in.Impact),
		Kind:     at(s.frags.kind[:], in.Status),
		Meta:     s.frags.meta(in.Impact, in.Status),
		Resolved: in.Resolved,
		Start:    s.when(in.Start),
		Duration: s.w.Duration(in.Duration()),
	}
	if l.Resolved {
		l.Started = s.lineWords.resolved
		l.Lasted = s.w.F("line.lasted", "duration", l.Duration)
	} else {
		l.Started = s.lineWords.open
	}
	return l
}

// lineWords are the words around a list line's start time, looked up
// once per build.
type lineWords struct{ open, resolved around }

// lines returns the incidents' list lines, rendered once per build (run).
func (s *site) lines(ins []*view.Incident) []template.HTML {
	out := make([]template.HTML, len(ins))
	for i, in := range ins {
		out[i] = s.lineFor(in)
	}
	return out
}

// lineFor is lineOf for page builders, which cannot fail: the error is
// kept and fails the build once the pages are done.
func (s *site) lineFor(in *view.Incident) template.HTML {
	h, err := s.lineOf(in)
	s.fail(err)
	return h
}

// affectedRow is a component an incident affects, with its status then,
// as incident.html showed it before Items.
type affectedRow struct {
	URL, Name string
	Status    template.HTML
}

// incidentView is an incident's page.
type incidentView struct {
	W            *incidentWords
	Title, Class string // Class: the impact's colour
	Impact, Kind template.HTML
	Resolved     bool
	Open         bool // not Resolved; a field, as the layout's "not" would be a call per page
	Promise      promise
	Start, End   when
	Duration     string          // while open, "incident.so_far" with the duration
	Items        []template.HTML // the affected components as incident.html "affected-item" shows them
	Affected     []affectedRow   // the same as values, for themes' layouts from before Items
	Updates      []updateView    // newest first
	Postmortem   *updateView
}

// updateView is one entry of a timeline.
type updateView struct {
	Anchor, Class string        // Class: the kind, for the timeline's dot and its heading's colour
	Kind          string        // the kind's word, which the default incident.html shows
	Tag           template.HTML // the kind as partials.html's "kind" shows it, for themes' incident.html
	At            when
	Body          template.HTML
}

// incidentWords are what every incident page says alike, looked up once
// per build: in the layout they are fields, not a call of "t" per page.
type incidentWords struct {
	Home                                 string // the front page's address
	Back, Started, Resolved, NotResolved string
	Duration, Affected, Informational    string
	Updates                              string

	kinds         [status.Postmortem + 1]string // each update kind's word
	componentURLs []string                      // by the components' index (affectedItems)
}

func (s *site) newIncidentWords() *incidentWords {
	t := s.w.T
	w := &incidentWords{
		Home: s.c.URLs.Rel(paths.Index),
		Back: t("nav.back"), Started: t("incident.started"), Resolved: t("incident.resolved"),
		NotResolved: t("incident.not_resolved"), Duration: t("incident.duration"),
		Affected: t("incident.affected"), Informational: t("incident.informational"),
		Updates: t("incident.updates"),
	}
	for k := range w.kinds {
		w.kinds[k] = t("kind." + status.UpdateKind(k).String())
	}
	w.componentURLs = make([]string, len(s.m.Components))
	for c, i := range s.affected.index {
		w.componentURLs[i] = s.c.URLs.Rel(paths.Component(c.ID))
	}
	return w
}

// kind is the word for an update's kind.
func (w *incidentWords) kind(k status.UpdateKind) string {
	if int(k) < 0 || int(k) >= len(w.kinds) {
		return ""
	}
	return w.kinds[k]
}

func (s *site) incidentView(in *view.Incident) *incidentView {
	v := &incidentView{
		W:        s.incidentWords,
		Title:    in.Title,
		Class:    render.ImpactClass(in.Impact),
		Impact:   at(s.frags.impact[:], in.Impact),
		Kind:     at(s.frags.kind[:], in.Status),
		Resolved: in.Resolved,
		Open:     !in.Resolved,
		Promise:  promise{in.NextUpdate, in.Overdue},
		Start:    s.when(in.Start),
		End:      s.when(in.End),
		Duration: s.w.Duration(in.Duration()),
		Items:    make([]template.HTML, len(in.Affected)),
		Affected: make([]affectedRow, len(in.Affected)),
		Updates:  make([]updateView, len(in.Updates)),
	}
	if v.Open {
		v.Duration = s.w.F("incident.so_far", "duration", v.Duration)
	}
	for i, a := range in.Affected {
		v.Items[i] = s.affectedItem(a)
		var url string
		if c, ok := s.affected.index[a.Component]; ok {
			url = s.incidentWords.componentURLs[c]
		} else {
			url = s.c.URLs.Rel(paths.Component(a.Component.ID))
		}
		v.Affected[i] = affectedRow{url, a.Component.Name, at(s.frags.status[:], a.Status)}
	}
	anchors := in.Anchors()
	for i, u := range in.Updates { // shown newest first
		v.Updates[len(in.Updates)-1-i] = updateView{
			Anchor: anchors[i],
			Class:  u.Kind.String(),
			Kind:   s.incidentWords.kind(u.Kind),
			Tag:    at(s.frags.kind[:], u.Kind),
			At:     s.when(u.At),
			Body:   s.markdown(u.Body.HTML),
		}
	}
	if pm := in.Postmortem; pm != nil {
		v.Postmortem = &updateView{Anchor: paths.Postmortem, At: s.when(pm.At), Body: s.markdown(pm.Body.HTML)}
	}
	return v
}

// affectedItems are the "affected-item" parts of a build, by component
// and status, each rendered once, when first shown.
type affectedItems struct {
	index map[*view.Component]int
	parts [][status.MajorOutage + 1]onceHTML
}

func newAffectedItems(cs []*view.Component) *affectedItems {
	a := &affectedItems{index: make(map[*view.Component]int, len(cs))}
	for i, c := range cs {
		a.index[c] = i
	}
	a.parts = make([][status.MajorOutage + 1]onceHTML, len(cs))
	return a
}

// affectedItem is a component an incident affects, with its status, as
// incident.html "affected-item" shows it.
func (s *site) affectedItem(a view.Affected) template.HTML {
	i, ok := s.affected.index[a.Component]
	if !ok || a.Status < 0 || a.Status > status.MajorOutage {
		return ""
	}
	return s.affected.parts[i][a.Status].get(s, "incident", "affected-item", a)
}

// componentParts are the parts of a component's pages that are the same
// on all of them (component.html "component-head", which differs on the
// first page, and "component-follow"), each rendered once per build.
type componentParts struct {
	head   [2]onceHTML // [0] later pages, [1] the first
	follow onceHTML
}

// onceHTML is html/template output made once, when first needed.
type onceHTML struct {
	once sync.Once
	html template.HTML
}

// get renders the template name of the layout with data once.
func (o *onceHTML) get(s *site, layout, name string, data any) template.HTML {
	o.once.Do(func() {
		t := s.tmpl[layout]
		if t.Lookup(name) == nil { // a theme's layout from before it had the part
			return
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, name, data); err != nil {
			s.fail(fmt.Errorf("theme: %w", err))
		}
		o.html = template.HTML(buf.String()) // html/template output
	})
	return o.html
}

// componentParts returns the shared parts of a component's page p.
func (s *site) componentParts(p *page) (head, follow template.HTML) {
	parts := &s.compParts[s.affected.index[p.Component]]
	first := 0
	if p.First {
		first = 1
	}
	return parts.head[first].get(s, p.Layout, "component-head", p), parts.follow.get(s, p.Layout, "component-follow", p)
}

// componentFeeds are a component's own feeds.
func (s *site) componentFeeds(c *view.Component) []feed {
	return []feed{
		{"rss", s.w.F("feed.component_rss", "name", c.Name), paths.ComponentRSS(c.ID)},
		{"atom", s.w.F("feed.component_atom", "name", c.Name), paths.ComponentAtom(c.ID)},
	}
}
