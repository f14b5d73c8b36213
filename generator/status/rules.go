package status

import (
	"slices"
	"time"
)

// SortUpdates puts the timeline in time order, keeping file order for equal
// times (SPEC §2.3). It is a derivation step, run once after loading.
func (in *Incident) SortUpdates() {
	slices.SortStableFunc(in.Updates, func(a, b IncidentUpdate) int { return a.At.Compare(b.At) })
}

// Start is when the impact began: the front matter's started, or the first update.
func (in *Incident) Start() time.Time {
	if !in.Started.IsZero() || len(in.Updates) == 0 {
		return in.Started
	}
	return in.Updates[0].At
}

// Resolved reports when the incident was resolved: the last Resolved update,
// or the front matter's resolved when no such update was written.
func (in *Incident) Resolved() (time.Time, bool) {
	for i := len(in.Updates) - 1; i >= 0; i-- {
		if in.Updates[i].Kind == Resolved {
			return in.Updates[i].At, true
		}
	}
	return in.ResolvedAt, !in.ResolvedAt.IsZero()
}

// End is when the impact ended, or now for an incident still open.
func (in *Incident) End(now time.Time) time.Time {
	if t, ok := in.Resolved(); ok {
		return t
	}
	return Later(now, in.Start())
}

// Latest is the newest timeline update; ok is false for an empty timeline.
func (in *Incident) Latest() (IncidentUpdate, bool) {
	if len(in.Updates) == 0 {
		return IncidentUpdate{}, false
	}
	return in.Updates[len(in.Updates)-1], true
}

// Status is the incident's state in the Statuspage sense: the newest update
// that changes status, resolved once resolved, postmortem once a resolved
// incident has its report.
func (in *Incident) Status() UpdateKind {
	if _, ok := in.Resolved(); ok {
		if in.Postmortem != nil {
			return Postmortem
		}
		return Resolved
	}
	for i := len(in.Updates) - 1; i >= 0; i-- {
		if k := in.Updates[i].Kind; k != Update {
			return k
		}
	}
	return Investigating
}

// FirstAt returns when the timeline first reached kind k, if it did.
func (in *Incident) FirstAt(k UpdateKind) (time.Time, bool) {
	for _, u := range in.Updates {
		if u.Kind == k {
			return u.At, true
		}
	}
	return time.Time{}, false
}

// LastUpdated is the time of the newest timeline entry or postmortem.
func (in *Incident) LastUpdated() time.Time {
	var t time.Time
	if u, ok := in.Latest(); ok {
		t = u.At
	}
	if in.Postmortem != nil && in.Postmortem.At.After(t) {
		t = in.Postmortem.At
	}
	return Later(t, in.Start())
}

// PromiseOverdue reports whether the next-update promise has passed at now
// with the incident still open.
func (in *Incident) PromiseOverdue(now time.Time) bool {
	_, resolved := in.Resolved()
	return !resolved && !in.NextUpdate.IsZero() && now.After(in.NextUpdate)
}

// SortUpdates puts the maintenance timeline in time order, stable.
func (m *Maintenance) SortUpdates() {
	slices.SortStableFunc(m.Updates, func(a, b MaintenanceUpdate) int { return a.At.Compare(b.At) })
}

// StatusAt is the window's status at now. The schedule decides unless an
// update at or before now says otherwise; an "in progress" or "verifying"
// update written before the scheduled end lapses at that end.
func (m *Maintenance) StatusAt(now time.Time) MaintenanceStatus {
	st := Scheduled
	switch {
	case !now.Before(m.Until):
		st = Completed
	case !now.Before(m.From):
		st = InProgress
	}
	for i := len(m.Updates) - 1; i >= 0; i-- {
		u := m.Updates[i]
		if u.At.After(now) {
			continue
		}
		switch u.Status {
		case InProgress, Verifying:
			if now.Before(m.Until) || !u.At.Before(m.Until) {
				st = u.Status
			}
		default:
			st = u.Status
		}
		break
	}
	return st
}

// Window is when the maintenance actually held its components: from the
// first "in progress" update (or the scheduled start) to the completing
// update (or the scheduled end). ok is false for a cancelled window.
func (m *Maintenance) Window() (from, until time.Time, ok bool) {
	from, until = m.From, m.Until
	started := false
	for _, u := range m.Updates {
		switch u.Status {
		case Cancelled:
			if !started {
				return from, until, false
			}
			until = u.At
		case InProgress:
			if !started {
				from, started = u.At, true
			}
		case Completed:
			until = u.At
		}
	}
	if until.Before(from) {
		until = from
	}
	return from, until, true
}

// LastUpdated is the newest time the window's record changed.
func (m *Maintenance) LastUpdated() time.Time {
	if n := len(m.Updates); n > 0 {
		return Later(m.Updates[n-1].At, m.Created())
	}
	return m.Created()
}

// Created is when the maintenance was announced. Files carry no creation
// time, so the earliest of its updates and its scheduled start stands in.
func (m *Maintenance) Created() time.Time {
	t := m.From
	if len(m.Updates) > 0 && m.Updates[0].At.Before(t) {
		t = m.Updates[0].At
	}
	return t
}

// Later returns the later of two times; a when they are the same instant.
func Later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// At returns the component's status in force at t: the last change at or
// before t, else the status it had from the incident's start. An update
// written at a change's time already sees the new status.
func (a *Affected) At(t time.Time) ComponentStatus {
	st := a.Status
	for _, c := range a.Changes {
		if c.At.After(t) {
			break
		}
		st = c.Status
	}
	return st
}

// Latest returns the status of the newest period, the one in force at the
// incident's end.
func (a *Affected) Latest() ComponentStatus {
	if n := len(a.Changes); n > 0 {
		return a.Changes[n-1].Status
	}
	return a.Status
}

// Worst returns the worst status the component had during the incident,
// which is what the incident's severity and impact answer for.
func (a *Affected) Worst() ComponentStatus {
	st := a.Status
	for _, c := range a.Changes {
		st = Worse(st, c.Status)
	}
	return st
}

// Periods calls fn for each period of the component's status within
// [start, end), oldest first; periods outside it, or empty, are left out.
func (a *Affected) Periods(start, end time.Time, fn func(from, to time.Time, s ComponentStatus)) {
	from, st := start, a.Status
	for _, c := range a.Changes {
		if c.At.After(from) {
			if to := earlier(c.At, end); to.After(from) {
				fn(from, to, st)
			}
			from = c.At
		}
		st = c.Status
	}
	if end.After(from) {
		fn(from, end, st)
	}
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
