package api

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// data is every object of the API at one moment, built once and shared by
// the files that list it.
type data struct {
	page         page
	status       rollup
	components   []*component
	incidents    []*incident    // the ListCap newest, any status
	unresolved   []*incident    // investigating, identified or monitoring
	maintenances []*maintenance // the ListCap newest, any status
	upcoming     []*maintenance // scheduled
	active       []*maintenance // in progress or verifying
	current      []*maintenance // upcoming or active, for summary.json
}

// builder turns the view model into API objects.
type builder struct {
	c      *render.Context
	m      *view.Model
	clk    clock
	pageID string
	origin time.Time // the earliest moment the content knows of

	comps   map[string]*component // by sitrep component id
	names   map[string]string     // "Group - Component" by sitrep component id
	created map[string]time.Time  // by sitrep component id
	updated map[string]time.Time  // by sitrep component id
}

func build(c *render.Context) *data {
	m := c.Model
	b := &builder{
		c:       c,
		m:       m,
		clk:     clock{loc: m.Loc},
		pageID:  ID("page", c.URLs.Base()),
		origin:  origin(m),
		comps:   map[string]*component{},
		names:   map[string]string{},
		created: map[string]time.Time{},
		updated: map[string]time.Time{},
	}
	d := &data{
		status:     rollup{Indicator: m.Overall.Indicator.String(), Description: m.Overall.Description},
		components: b.components(),
	}
	latest := b.origin
	for _, t := range b.updated {
		latest = status.Later(latest, t)
	}
	built := map[string]*incident{} // each incident is converted once
	get := func(in *view.Incident) *incident {
		o := built[in.Slug]
		if o == nil {
			o = b.incident(in)
			built[in.Slug] = o
		}
		return o
	}
	for i, in := range m.Incidents {
		if i < ListCap {
			d.incidents = append(d.incidents, get(in))
		}
		if t := in.Updated; !t.After(m.Now) {
			latest = status.Later(latest, t)
		}
	}
	for _, in := range m.Active {
		d.unresolved = appendCapped(d.unresolved, get(in))
	}
	for i, mt := range m.Maintenances {
		o, upd := b.maintenance(mt)
		if !upd.After(m.Now) {
			latest = status.Later(latest, upd)
		}
		if i < ListCap {
			d.maintenances = append(d.maintenances, o)
		}
		switch mt.Status {
		case status.Scheduled:
			d.upcoming = appendCapped(d.upcoming, o)
			d.current = appendCapped(d.current, o)
		case status.InProgress, status.Verifying:
			d.active = appendCapped(d.active, o)
			d.current = appendCapped(d.current, o)
		}
	}
	d.page = page{
		ID:        b.pageID,
		Name:      m.Site.Config.Title,
		URL:       strings.TrimSuffix(c.URLs.Base(), "/"),
		TimeZone:  m.Site.Config.TimeZone,
		UpdatedAt: b.clk.ts(latest),
	}
	d.incidents = nonNil(d.incidents)
	d.unresolved = nonNil(d.unresolved)
	d.maintenances = nonNil(d.maintenances)
	d.upcoming = nonNil(d.upcoming)
	d.active = nonNil(d.active)
	d.current = nonNil(d.current)
	return d
}

func appendCapped[T any](s []T, v T) []T {
	if len(s) >= ListCap {
		return s
	}
	return append(s, v)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// origin is the earliest time the content mentions: it stands in for the
// creation time of components that give no since. Without any, now.
func origin(m *view.Model) time.Time {
	var t time.Time
	earlier := func(u time.Time) {
		if !u.IsZero() && (t.IsZero() || u.Before(t)) {
			t = u
		}
	}
	for _, c := range m.Components {
		earlier(c.Since)
	}
	for _, in := range m.Incidents {
		earlier(in.Start)
	}
	for _, mt := range m.Maintenances {
		earlier(mt.Created())
	}
	if t.IsZero() {
		return m.Now
	}
	return t
}

// components returns every component and group, sorted by position across
// both levels as Statuspage lists them; equal positions keep display order,
// a group before its members.
func (b *builder) components() []*component {
	var out []*component
	for i, g := range b.m.Groups {
		if g.Name == "" {
			out = append(out, b.component(g.Components[0], nil))
			continue
		}
		gid := ID("group", g.Name)
		ge := &component{
			ID:       gid,
			Name:     g.Name,
			Status:   g.Status.String(),
			Position: i + 1,
			PageID:   b.pageID,
			Group:    true,
		}
		out = append(out, ge)
		var created, updated time.Time
		for _, c := range g.Components {
			b.names[c.ID] = g.Name + " - " + c.Name
			out = append(out, b.component(c, &gid))
			ge.Components = append(ge.Components, ID("component", c.ID))
			if t := b.created[c.ID]; created.IsZero() || t.Before(created) {
				created = t
			}
			updated = status.Later(updated, b.updated[c.ID])
		}
		ge.CreatedAt, ge.UpdatedAt = b.clk.ts(created), b.clk.ts(updated)
	}
	slices.SortStableFunc(out, func(a, b *component) int { return cmp.Compare(a.Position, b.Position) })
	return out
}

// component converts one component. Every component shows an uptime bar on
// the page, hence showcase.
func (b *builder) component(c *view.Component, group *string) *component {
	created := c.Since
	if created.IsZero() {
		created = b.origin
	}
	updated := c.UpdatedAt
	if updated.Before(created) {
		updated = created
	}
	if _, ok := b.names[c.ID]; !ok {
		b.names[c.ID] = c.Name
	}
	b.created[c.ID], b.updated[c.ID] = created, updated
	o := &component{
		ID:          ID("component", c.ID),
		Name:        c.Name,
		Status:      c.Status.String(),
		CreatedAt:   b.clk.ts(created),
		UpdatedAt:   b.clk.ts(updated),
		Position:    c.Position,
		Description: text(b.body(c.Description)),
		Showcase:    true,
		StartDate:   b.clk.date(c.Since),
		GroupID:     group,
		PageID:      b.pageID,
	}
	b.comps[c.ID] = o
	return o
}

// entry is one timeline entry before conversion.
type entry struct {
	at     time.Time
	body   string
	key    string // stable within its incident or maintenance
	status string // Statuspage's update status
	new    func(status.ComponentStatus) status.ComponentStatus
}

// updates converts a timeline (oldest first) to incident updates, newest
// first. Each names the affected components with the status they had
// before it (operational before the first) and after it: the one in force
// at its time, so an update that marked a component recovered shows the
// change.
func (b *builder) updates(kind, slug, parent string, affected []view.Affected, entries []entry) []incidentUpdate {
	prev := make([]status.ComponentStatus, len(affected)) // all Operational
	out := make([]incidentUpdate, 0, len(entries))
	for _, e := range entries {
		aff := make([]affectedComponent, 0, len(affected))
		for i, a := range affected {
			next := e.new(a.At(e.at))
			aff = append(aff, affectedComponent{
				Code:      b.comps[a.Component.ID].ID,
				Name:      b.names[a.Component.ID],
				OldStatus: prev[i].String(),
				NewStatus: next.String(),
			})
			prev[i] = next
		}
		ts := b.clk.ts(e.at)
		out = append(out, incidentUpdate{
			ID:                   ID(kind+"-update", slug+"#"+e.key),
			Status:               e.status,
			Body:                 strings.TrimSpace(e.body),
			IncidentID:           parent,
			CreatedAt:            ts,
			UpdatedAt:            ts,
			DisplayAt:            ts,
			AffectedComponents:   aff,
			DeliverNotifications: true,
		})
	}
	slices.Reverse(out)
	return out
}

func (b *builder) affectedObjects(affected []view.Affected) []*component {
	out := make([]*component, 0, len(affected))
	for _, a := range affected {
		out = append(out, b.comps[a.Component.ID])
	}
	return out
}

// incident converts one incident. The postmortem, when written, is the
// newest update with status "postmortem", so clients get its text.
func (b *builder) incident(in *view.Incident) *incident {
	id := ID("incident", in.Slug)
	anchors := in.Anchors()
	type raw struct {
		kind status.UpdateKind
		at   time.Time
		body string
		key  string
	}
	raws := make([]raw, 0, len(in.Updates)+1)
	for i, u := range in.Updates {
		raws = append(raws, raw{u.Kind, u.At, b.body(u.Body), anchors[i]})
	}
	if pm := in.Postmortem; pm != nil {
		raws = append(raws, raw{status.Postmortem, pm.At, b.body(pm.Body), paths.Postmortem})
	}
	slices.SortStableFunc(raws, func(a, b raw) int { return a.at.Compare(b.at) })
	entries := make([]entry, 0, len(raws))
	cur := status.Investigating
	for _, r := range raws {
		if r.kind != status.Update { // an "update" keeps the status it follows
			cur = r.kind
		}
		over := cur == status.Resolved || cur == status.Postmortem
		entries = append(entries, entry{
			at: r.at, body: r.body, key: r.key, status: cur.String(),
			new: func(s status.ComponentStatus) status.ComponentStatus {
				if over {
					return status.Operational
				}
				return s
			},
		})
	}
	created := in.Start
	if len(in.Updates) > 0 {
		created = in.Updates[0].At
	}
	mon, monOK := in.FirstAt(status.Monitoring)
	res, resOK := in.Incident.Resolved()
	return &incident{
		ID:              id,
		Name:            in.Title,
		Status:          in.Status.String(),
		CreatedAt:       b.clk.ts(created),
		UpdatedAt:       b.clk.ts(in.LastUpdated()),
		MonitoringAt:    b.clk.opt(mon, monOK),
		ResolvedAt:      b.clk.opt(res, resOK),
		Impact:          in.Impact.String(),
		Shortlink:       b.c.URLs.Abs(paths.Incident(in.Slug)),
		StartedAt:       b.clk.ts(in.Start),
		PageID:          b.pageID,
		IncidentUpdates: b.updates("incident", in.Slug, id, in.Affected, entries),
		Components:      b.affectedObjects(in.Affected),
	}
}
