// Package view derives everything the renderers show from a site and a
// moment: current statuses, uptime bars, the banner, history pages. It is a
// pure function of (site, now) and does no I/O.
package view

import (
	"cmp"
	"slices"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/status"
)

// Display limits keep every page's size independent of the number of
// incidents (older entries are one click away in history).
const (
	HistoryPerPage   = 50 // incidents and maintenance per history page
	ComponentPerPage = 50 // incidents per component page
	RecentDays       = 14 // days of past incidents on the front page
	RecentPerDay     = 5  // incidents listed per past day on the front page
	MonthsShown      = 12 // months of uptime on a component page
)

// Model is the derived state of a site at one moment.
type Model struct {
	Site *status.Site
	Now  time.Time // in the site's time zone
	Loc  *time.Location

	Overall      Overall
	Groups       []*Group         // in display order; ungrouped components form groups without name
	Components   []*Component     // in display order
	Incidents    []*Incident      // newest first (by start)
	Active       []*Incident      // unresolved, newest first
	Maintenances []*Maintenance   // newest first (by scheduled start)
	InProgress   []*Maintenance   // in progress or verifying
	Upcoming     []*Maintenance   // scheduled, soonest first
	Recent       []PastDay        // the last RecentDays days, today first
	History      [][]HistoryEntry // pages of incidents and maintenance, newest first

	byID map[string]*Component
}

// Overall is the site-wide state shown in the banner and status.json.
type Overall struct {
	Indicator   status.Impact          // worst unresolved incident's impact
	Worst       status.ComponentStatus // worst current component status
	WorstNames  []string               // components in the worst status, display order
	Maintenance bool                   // maintenance in progress
	Description string                 // Statuspage's description, English
	LastUpdated time.Time              // newest update of anything shown as current
	NextUpdate  time.Time              // earliest promised update among active incidents; zero if none
	Overdue     bool                   // some active incident's promise has passed
}

// Group is a named set of components, or a single ungrouped one.
type Group struct {
	Name       string
	Components []*Component
	Status     status.ComponentStatus // worst of its components
}

// Component is a component with its derived state.
type Component struct {
	*status.Component
	Position     int // 1-based position within its group or the top level
	Status       status.ComponentStatus
	UpdatedAt    time.Time      // last change of status: newest related update
	Days         []Day          // uptime bar, oldest first, ending today
	Window       Tally          // the whole uptime bar window
	Months       []Month        // newest first
	Incidents    []*Incident    // affecting it, newest first
	Maintenances []*Maintenance // on it, newest first
	Spans        []Span
	rank         int // index in Model.Components
}

// Uptime is the availability over the uptime bar window in percent, -1 without data.
func (c *Component) Uptime() float64 { return c.Window.Uptime() }

// DaysWithIncidents counts the bar's days with degraded performance or worse.
func (c *Component) DaysWithIncidents() int {
	n := 0
	for _, d := range c.Days {
		if d.Impacted > 0 {
			n++
		}
	}
	return n
}

// IncidentPages splits the component's incidents into pages.
func (c *Component) IncidentPages() [][]*Incident { return Paginate(c.Incidents, ComponentPerPage) }

// Day is one cell of an uptime bar.
type Day struct {
	Date time.Time // midnight, site time zone
	Tally
}

// NoData reports a day before the component existed.
func (d Day) NoData() bool { return d.Observed <= 0 }

// Month is one calendar month of a component's uptime.
type Month struct {
	Start time.Time
	Tally
}

// Affected is an affected component as an incident shows it. Status is
// the one in force now while the incident is open, and the worst it had
// once resolved (the record of what the incident did to it); At gives
// the one in force at any moment of the incident.
type Affected struct {
	Component *Component
	Status    status.ComponentStatus
	Worst     status.ComponentStatus // worst during the incident
	written   *status.Affected       // nil: Status held throughout
}

// At returns the component's status in force at t during the incident.
func (a Affected) At(t time.Time) status.ComponentStatus {
	if a.written == nil {
		return a.Status
	}
	return a.written.At(t)
}

// Incident is an incident with its derived state.
type Incident struct {
	*status.Incident
	Status   status.UpdateKind
	Start    time.Time
	End      time.Time // resolution, or now while open
	Resolved bool
	Updated  time.Time // the newest update or postmortem (status.Incident.LastUpdated)
	Affected []Affected
	Overdue  bool // next-update promise passed
}

// Duration is how long the impact lasted (so far).
func (in *Incident) Duration() time.Duration { return in.End.Sub(in.Start) }

// Maintenance is a maintenance window with its derived state.
type Maintenance struct {
	*status.Maintenance
	Status   status.MaintenanceStatus
	Affected []*Component // in display order
}

// Anchors returns the fragment ids of the incident's updates, in the order
// of Updates (paths.UpdateAnchors). They are made on demand: only the
// pages and feed entries being rendered need them.
func (in *Incident) Anchors() []string {
	return anchors(in.Updates, func(u status.IncidentUpdate) time.Time { return u.At })
}

// Anchors returns the fragment ids of the window's updates, in the order
// of Updates.
func (m *Maintenance) Anchors() []string {
	return anchors(m.Updates, func(u status.MaintenanceUpdate) time.Time { return u.At })
}

// anchors returns the fragment ids of a timeline's updates.
func anchors[U any](us []U, at func(U) time.Time) []string {
	times := make([]time.Time, len(us))
	for i, u := range us {
		times[i] = at(u)
	}
	return paths.UpdateAnchors(times)
}

// MaintenanceEntry is a maintenance update as a page shows it.
type MaintenanceEntry struct {
	status.MaintenanceUpdate
	Anchor string // its fragment id (Maintenance.Anchors)
}

// Timeline returns the updates newest first, with their anchors.
func (m *Maintenance) Timeline() []MaintenanceEntry {
	out := make([]MaintenanceEntry, len(m.Updates))
	anchors := m.Anchors()
	for i, u := range m.Updates {
		out[len(out)-1-i] = MaintenanceEntry{u, anchors[i]}
	}
	return out
}

// PastDay lists the incidents that started on one day.
type PastDay struct {
	Date      time.Time
	Incidents []*Incident // at most RecentPerDay
	More      int         // how many more started that day
}

// HistoryEntry is one line of history: an incident or a maintenance window.
type HistoryEntry struct {
	At          time.Time
	Incident    *Incident
	Maintenance *Maintenance
}

// Component returns the component with the id, or nil.
func (m *Model) Component(id string) *Component { return m.byID[id] }

// Paginate splits items into pages of at most per items; no items make one empty page.
func Paginate[T any](items []T, per int) [][]T {
	if len(items) == 0 {
		return [][]T{nil}
	}
	pages := make([][]T, 0, (len(items)+per-1)/per)
	for len(items) > 0 {
		n := min(per, len(items))
		pages = append(pages, items[:n:n])
		items = items[n:]
	}
	return pages
}

// New derives the model of site at now. The site must have passed
// validation; New does not change it.
func New(site *status.Site, now time.Time) *Model {
	loc := site.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	now = now.In(loc)
	m := &Model{Site: site, Now: now, Loc: loc, byID: make(map[string]*Component, len(site.Components))}
	m.components()
	// The intervals of each component's incidents and maintenance windows
	// are gathered on the way, for its uptime.
	ivs := m.incidents(m.maintenances())
	m.statuses()
	m.uptime(ivs)
	m.overall()
	m.recent()
	m.history()
	return m
}

func (m *Model) components() {
	order := map[string]int{}
	for i, g := range m.Site.Config.Groups {
		order[g] = i
	}
	for _, c := range m.Site.Components {
		if _, ok := order[c.Group]; !ok && c.Group != "" {
			order[c.Group] = len(order) // unlisted groups follow, by first appearance after sorting by name
		}
	}
	comps := make([]*Component, len(m.Site.Components))
	for i, c := range m.Site.Components {
		comps[i] = &Component{Component: c}
	}
	// Groups listed in site.yaml come first in that order; other groups and
	// ungrouped components follow, placed by their first component.
	slices.SortStableFunc(comps, func(a, b *Component) int {
		return cmp.Or(cmp.Compare(a.Order, b.Order), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	listed := len(m.Site.Config.Groups)
	var groups []*Group
	byName := map[string]*Group{}
	for _, c := range comps {
		if c.Group == "" {
			groups = append(groups, &Group{Components: []*Component{c}})
			continue
		}
		g := byName[c.Group]
		if g == nil {
			g = &Group{Name: c.Group}
			byName[c.Group] = g
			groups = append(groups, g)
		}
		g.Components = append(g.Components, c)
	}
	slices.SortStableFunc(groups, func(a, b *Group) int {
		ai, aok := order[a.Name]
		bi, bok := order[b.Name]
		aok = aok && ai < listed
		bok = bok && bi < listed
		switch {
		case aok && bok:
			return cmp.Compare(ai, bi)
		case aok:
			return -1
		case bok:
			return 1
		}
		return 0
	})
	top := 0
	for _, g := range groups {
		if g.Name == "" {
			top++
			g.Components[0].Position = top
		} else {
			top++
			for i, c := range g.Components {
				c.Position = i + 1
			}
		}
		for _, c := range g.Components {
			c.rank = len(m.Components)
			m.Components = append(m.Components, c)
			m.byID[c.ID] = c
		}
	}
	m.Groups = groups
}

// statuses sets each component's current status: the worst among open
// incidents that affect it and maintenance in progress.
func (m *Model) statuses() {
	for _, in := range m.Active {
		for _, a := range in.Affected {
			a.Component.Status = status.Worse(a.Component.Status, a.Status)
		}
	}
	for _, mt := range m.InProgress {
		for _, c := range mt.Affected {
			c.Status = status.Worse(c.Status, status.UnderMaintenance)
		}
	}
	for _, c := range m.Components {
		c.UpdatedAt = c.Since
		for _, in := range c.Incidents {
			if t := in.Updated; t.After(c.UpdatedAt) && !t.After(m.Now) {
				c.UpdatedAt = t
			}
		}
		for _, mt := range c.Maintenances {
			if mt.Status != status.Scheduled {
				if t, _, _ := mt.Window(); t.After(c.UpdatedAt) && !t.After(m.Now) {
					c.UpdatedAt = t
				}
			}
		}
		c.UpdatedAt = c.UpdatedAt.In(m.Loc)
	}
	for _, g := range m.Groups {
		for _, c := range g.Components {
			g.Status = status.Worse(g.Status, c.Status)
		}
	}
}

// DayStart returns midnight of t's day in loc.
func DayStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
}

// MonthStart returns the first instant of t's month in loc.
func MonthStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, loc)
}

func (m *Model) overall() {
	o := &m.Overall
	for _, in := range m.Active {
		o.Indicator = max(o.Indicator, in.Impact)
		o.LastUpdated = status.Later(o.LastUpdated, in.Updated)
		if !in.NextUpdate.IsZero() && (o.NextUpdate.IsZero() || in.NextUpdate.Before(o.NextUpdate)) {
			o.NextUpdate = in.NextUpdate.In(m.Loc)
		}
		o.Overdue = o.Overdue || in.Overdue
	}
	for _, c := range m.Components {
		switch {
		case c.Status > o.Worst:
			o.Worst, o.WorstNames = c.Status, []string{c.Name}
		case c.Status == o.Worst && c.Status != status.Operational:
			o.WorstNames = append(o.WorstNames, c.Name)
		}
	}
	o.Maintenance = len(m.InProgress) > 0
	for _, mt := range m.InProgress {
		o.LastUpdated = status.Later(o.LastUpdated, mt.LastUpdated())
	}
	o.Description = Description(o.Indicator, o.Maintenance)
}

// Description is Statuspage's wording of the page indicator.
func Description(ind status.Impact, maintenance bool) string {
	switch ind {
	case status.ImpactCritical:
		return "Major System Outage"
	case status.ImpactMajor:
		return "Partial System Outage"
	case status.ImpactMinor:
		return "Minor Service Outage"
	}
	if maintenance {
		return "Service Under Maintenance"
	}
	return "All Systems Operational"
}

func (m *Model) recent() {
	today := DayStart(m.Now, m.Loc)
	m.Recent = make([]PastDay, RecentDays)
	for i := range m.Recent {
		m.Recent[i].Date = today.AddDate(0, 0, -i)
	}
	oldest := m.Recent[len(m.Recent)-1].Date
	for _, in := range m.Incidents { // newest first: stop at the window's edge
		if in.Start.Before(oldest) {
			break
		}
		if in.Start.After(m.Now) {
			continue
		}
		i := int(today.Sub(DayStart(in.Start, m.Loc)).Hours()+12) / 24
		if i < 0 || i >= len(m.Recent) {
			continue
		}
		d := &m.Recent[i]
		if len(d.Incidents) < RecentPerDay {
			d.Incidents = append(d.Incidents, in)
		} else {
			d.More++
		}
	}
}

func (m *Model) history() {
	entries := make([]HistoryEntry, 0, len(m.Incidents)+len(m.Maintenances))
	// Both lists are newest first: merge them, incidents first at equal
	// times.
	ins := m.Incidents
	for _, mt := range m.Maintenances {
		if mt.Status == status.Scheduled {
			continue // not history yet
		}
		at := mt.From.In(m.Loc)
		for ; len(ins) > 0 && !ins[0].Start.Before(at); ins = ins[1:] {
			entries = append(entries, HistoryEntry{At: ins[0].Start, Incident: ins[0]})
		}
		entries = append(entries, HistoryEntry{At: at, Maintenance: mt})
	}
	for _, in := range ins {
		entries = append(entries, HistoryEntry{At: in.Start, Incident: in})
	}
	m.History = Paginate(entries, HistoryPerPage)
}
