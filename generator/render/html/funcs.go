package html

import (
	"html/template"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// sitePaths are the site-wide paths the layouts link to.
type sitePaths struct {
	Index, History, RSS, Atom, Calendar, Embed, Reports, Metrics, API, Postmortem string
}

// promise is a next-update promise: when, and whether it has passed.
type promise struct {
	At      time.Time
	Overdue bool
}

// monthRow is one month of a component's uptime table.
type monthRow struct {
	view.Month
	Up       float64 // uptime in percent; -1 without data
	Current  bool    // the month is not over yet
	MeetsSLO bool    // the downtime stays within the error budget, as the report counts it
}

// months returns the component's months, newest first, for its table.
func (s *site) months(c *view.Component) []monthRow {
	out := make([]monthRow, len(c.Months))
	this := view.MonthStart(s.m.Now, s.m.Loc)
	for i, mo := range c.Months {
		up := mo.Uptime()
		out[i] = monthRow{Month: mo, Up: up, Current: mo.Start.Equal(this)}
		if m, ok := s.reportMonth(c, mo.Start); ok && m.SLOMet != nil {
			out[i].MeetsSLO = *m.SLOMet
		}
	}
	return out
}

// activeFor lists the open incidents that affect c.
func (s *site) activeFor(c *view.Component) []*view.Incident {
	var out []*view.Incident
	for _, in := range s.m.Active {
		for _, a := range in.Affected {
			if a.Component == c {
				out = append(out, in)
				break
			}
		}
	}
	return out
}

// maintenanceFor lists the maintenance in progress or upcoming that affects c.
func (s *site) maintenanceFor(c *view.Component) []*view.Maintenance {
	var out []*view.Maintenance
	for _, list := range [][]*view.Maintenance{s.m.InProgress, s.m.Upcoming} {
		for _, mt := range list {
			for _, a := range mt.Affected {
				if a == c {
					out = append(out, mt)
					break
				}
			}
		}
	}
	return out
}

// markdown passes goldmark's safe output through, giving its task-list
// checkboxes (fixed markup, "- [x]" in postmortem action items) an
// accessible name: "Done" or "To do".
func (s *site) markdown(h template.HTML) template.HTML {
	if !strings.Contains(string(h), `type="checkbox">`) {
		return h
	}
	return template.HTML(s.taskLabels.Replace(string(h))) // only adds a fixed, escaped attribute
}

// around splits a UI string at its {name} placeholder, so that a layout
// can put markup (a <time>) where the language wants it.
type around struct{ Before, After string }

// around splits the words of key at the placeholder {name}.
func (s *site) around(key, name string) around {
	before, after, _ := strings.Cut(s.w.T(key), "{"+name+"}")
	return around{before, after}
}

func (s *site) funcs() template.FuncMap {
	w, u := s.w, s.c.URLs
	return template.FuncMap{
		"t":      w.T,
		"f":      w.F,
		"n":      w.N,
		"around": s.around,
		"dt":     w.DateTime,
		"date":   w.Date,
		"time":   w.Time,
		"month":  w.Month,
		"moment": func(t time.Time) string { return w.Moment(t, s.m.Now) },
		"sameDay": func(a, b time.Time) bool {
			return view.DayStart(a, s.m.Loc).Equal(view.DayStart(b, s.m.Loc))
		},
		"iso":     ISO,
		"isoDate": func(t time.Time) string { return t.In(s.m.Loc).Format("2006-01-02") },
		"isoMonth": func(t time.Time) string {
			return t.In(s.m.Loc).Format("2006-01")
		},
		"dur": w.Duration,
		"pct": Percent,
		"rel": u.Rel,
		"abs": u.Abs,
		// webcal is the calendar's address for calendar apps to subscribe
		// to: the site's own URL with the webcal scheme, which html/template
		// would otherwise refuse as an unknown scheme.
		"webcal": func() template.URL {
			return template.URL("webcal" + strings.TrimPrefix(strings.TrimPrefix(u.Abs(paths.Calendar), "https"), "http"))
		},
		"asset": func(name string) string {
			if p, ok := s.assets.url[name]; ok {
				return u.Rel(p)
			}
			return u.Rel(paths.Static + name)
		},
		"paths": func() sitePaths {
			return sitePaths{paths.Index, paths.History, paths.RSS, paths.Atom, paths.Calendar, paths.Embed, paths.Reports, paths.Metrics, paths.APIFile("summary.json"), paths.Postmortem}
		},
		"incidentURL":    func(slug string) string { return u.Rel(paths.Incident(slug)) },
		"maintenanceURL": func(slug string) string { return u.Rel(paths.Maintenance(slug)) },
		"componentURL":   func(id string) string { return u.Rel(paths.Component(id)) },
		"entryID":        entryID,
		"stClass":        render.StatusClass,
		"impClass":       render.ImpactClass,
		"mtClass":        MaintenanceClass,
		"statusWord":     func(st status.ComponentStatus) string { return w.T("status." + st.String()) },
		"impactWord":     func(i status.Impact) string { return w.T("impact." + i.String()) },
		"kindWord":       func(k status.UpdateKind) string { return w.T("kind." + k.String()) },
		"mtWord":         func(st status.MaintenanceStatus) string { return w.T("maintenance." + st.String()) },
		"bar":            w.bar,
		"barTag":         s.barOf, // "bar" rendered once per build and component
		"latest": func(in *view.Incident) *status.IncidentUpdate {
			if u, ok := in.Latest(); ok {
				return &u
			}
			return nil
		},
		"mlatest": func(mt *view.Maintenance) *status.MaintenanceUpdate {
			if n := len(mt.Updates); n > 0 {
				return &mt.Updates[n-1]
			}
			return nil
		},
		"zone":           w.Zone,
		"statusTag":      func(st status.ComponentStatus) template.HTML { return at(s.frags.status[:], st) },
		"impactTag":      func(i status.Impact) template.HTML { return at(s.frags.impact[:], i) },
		"kindTag":        func(k status.UpdateKind) template.HTML { return at(s.frags.kind[:], k) },
		"mstatusTag":     func(st status.MaintenanceStatus) template.HTML { return at(s.frags.mstatus[:], st) },
		"icon":           func(name string) template.HTML { return s.frags.icons[name] },
		"md":             s.markdown,
		"brief":          func(h template.HTML) render.Excerpt { return render.Brief(h, render.BriefBytes, render.BriefRunes) },
		"promise":        func(at time.Time, overdue bool) promise { return promise{at, overdue} },
		"months":         s.months,
		"slo":            s.slo,
		"activeFor":      s.activeFor,
		"maintenanceFor": s.maintenanceFor,
		"host": func(raw string) string {
			raw = strings.TrimPrefix(strings.TrimPrefix(raw, "https://"), "http://")
			host, _, _ := strings.Cut(raw, "/")
			return host
		},
	}
}
