package html

import (
	"time"

	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// Every page says when what it shows was true (partials.html "fresh").
// A page that shows the live state — what the clock changes without a
// change of content — says "Status as of" the build moment, and is
// rendered on every build anyway (memo.go keys it on the moment): the
// front page, the report, an open incident's page, a component's first
// page and the page of a window not yet over. Every other page says
// when its content last changed, a time that stays the same from build
// to build, so an unchanged page keeps its bytes and is not rewritten.

// fresh is what a page says about when it was true. The zero value says
// nothing: the layout says it itself (the front page's banner, an open
// incident's or a component's heading) or the page states nothing that
// can go out of date (404).
type fresh struct {
	Built   bool      // "Status as of <build time>"
	Updated time.Time // "Page updated <time>": the newest change of what it shows

	// Updated as the layout shows it, formatted once (setUpdated): At is
	// zero when Updated is.
	At    when
	Words around // the words around At
}

// setUpdated says that what the page shows last changed at t.
func (s *site) setUpdated(f *fresh, t time.Time) {
	f.Updated = t
	if !t.IsZero() {
		f.At, f.Words = s.when(t), s.updatedWords
	}
}

// maintenanceLive reports whether a window's page shows what the clock
// will change: its status, until the window is over.
func maintenanceLive(mt *view.Maintenance) bool {
	return mt.Status != status.Completed && mt.Status != status.Cancelled
}

// until is a newest-time accumulator that ignores times after now: a
// page built at now cannot have changed later.
type until struct{ now, t time.Time }

func (u *until) add(t time.Time) {
	if !t.After(u.now) && t.After(u.t) {
		u.t = t
	}
}

// incidentChanged is when an incident, as a page or a list line shows
// it, last changed: its newest update, postmortem or resolution.
func (s *site) incidentChanged(in *view.Incident) time.Time {
	if !in.Updated.After(s.m.Now) {
		return in.Updated // the usual case: nothing written ahead of the build
	}
	u := until{now: s.m.Now}
	u.add(in.Start)
	for _, up := range in.Updates {
		u.add(up.At)
	}
	if pm := in.Postmortem; pm != nil {
		u.add(pm.At)
	}
	if in.Resolved {
		u.add(in.End)
	}
	return u.t
}

// maintenanceChanged is when a window, as a page or a history row shows
// it, last changed: its newest update, or its start or end when the
// schedule moved it on without an update.
func (s *site) maintenanceChanged(mt *view.Maintenance) time.Time {
	u := until{now: s.m.Now}
	started, closed := false, false
	for _, up := range mt.Updates {
		if up.At.After(s.m.Now) {
			continue
		}
		u.add(up.At)
		switch up.Status {
		case status.InProgress, status.Verifying:
			started = true
		case status.Completed, status.Cancelled:
			started, closed = true, true
		}
	}
	if !started {
		u.add(mt.From)
	}
	if !closed {
		u.add(mt.Until)
	}
	return u.t
}

// componentChanged is when page n > 1 of a component last changed: its
// status or one of the incidents it lists.
func (s *site) componentChanged(c *view.Component, ins []*view.Incident) time.Time {
	u := until{now: s.m.Now}
	u.add(c.UpdatedAt)
	for _, in := range ins {
		u.add(s.incidentChanged(in))
	}
	return u.t
}

// historyChanged is when history page n (1-based) last changed.
func (s *site) historyChanged(n int) time.Time {
	u := until{now: s.m.Now}
	for _, e := range s.m.History[n-1] {
		switch {
		case e.Incident != nil:
			u.add(s.incidentChanged(e.Incident))
		case e.Maintenance != nil:
			u.add(s.maintenanceChanged(e.Maintenance))
		}
	}
	return u.t
}
