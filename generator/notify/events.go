package notify

import (
	"cmp"
	"slices"
	"time"

	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// Kind is what happened.
type Kind int

// Event kinds. An incident's first update opens it and a "Resolved"
// update resolves it: both are IncidentUpdate events, like every other
// update, with the component changes they make.
const (
	IncidentUpdate Kind = iota
	Postmortem
	MaintenanceScheduled
	MaintenanceStarted
	MaintenanceCompleted
	MaintenanceCancelled
	ComponentChanged // only the webhook kind sends these
)

var kindNames = [...]string{"incident update", "postmortem", "maintenance scheduled", "maintenance started", "maintenance completed", "maintenance cancelled", "component status"}

// String names the kind for output.
func (k Kind) String() string { return kindNames[k] }

// Change is a component's status before and after an event.
type Change struct {
	Component *view.Component
	Old, New  status.ComponentStatus
}

// Changed reports whether the event changed the component's status.
func (c Change) Changed() bool { return c.Old != c.New }

// Event is one thing subscribers are told about. Its ID is derived from
// what the content says happened and when — never from the text of an
// update — so that the same event has the same ID in every run, and
// correcting a typo in an old update does not send it again.
type Event struct {
	ID   string
	Kind Kind
	At   time.Time // when it happened; decides whether it is new
	// Components are the ids the event concerns, for channel filters.
	Components []string
	Changes    []Change // the event's components, before and after it

	Incident *view.Incident // IncidentUpdate, Postmortem
	Update   int            // index into Incident.Updates; -1 for the postmortem

	Maintenance *view.Maintenance // Maintenance*
	MUpdate     int               // index of the update that made it, or -1 (the schedule did)
}

// Seen tells when a maintenance window was first seen by notify, which
// stands in for when it was announced: files carry no creation time.
type Seen func(slug string) time.Time

// Events derives the events the model holds after since and up to its
// moment, oldest first (ties by ID); a zero since means all of them.
// seen gives each maintenance's announcement time. A large site has tens
// of thousands of past updates: those that ended before since are passed
// over without a look at their timelines.
func Events(m *view.Model, seen Seen, since time.Time) []Event {
	var out []Event
	for _, in := range m.Incidents {
		if in.Updated.After(since) {
			out = append(out, incidentEvents(in, m.Now)...)
		}
	}
	for _, mt := range m.Maintenances {
		if mt.Until.After(since) || mt.LastUpdated().After(since) || !seen(mt.Slug).Before(since) {
			out = append(out, maintenanceEvents(mt, m.Now, seen(mt.Slug))...)
		}
	}
	for _, c := range m.Components {
		out = append(out, componentEvents(c, m.Now, since)...)
	}
	out = slices.DeleteFunc(out, func(e Event) bool { return !e.At.After(since) })
	slices.SortStableFunc(out, func(a, b Event) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) })
	return out
}

// incidentEvents are an incident's updates up to now and its postmortem.
func incidentEvents(in *view.Incident, now time.Time) []Event {
	var out []Event
	anchors := in.Anchors()
	ids := affectedIDs(in.Affected)
	for i, u := range in.Updates {
		if u.At.After(now) {
			continue
		}
		out = append(out, Event{
			ID:         "incident/" + in.Slug + "/" + anchors[i] + "/" + u.Kind.String(),
			Kind:       IncidentUpdate,
			At:         u.At,
			Components: ids,
			Changes:    incidentChanges(in, i),
			Incident:   in,
			Update:     i,
		})
	}
	if pm := in.Postmortem; pm != nil && !pm.At.After(now) {
		out = append(out, Event{
			ID: "incident/" + in.Slug + "/postmortem", Kind: Postmortem, At: pm.At,
			Components: ids, Changes: incidentChanges(in, len(in.Updates)), Incident: in, Update: -1,
		})
	}
	return out
}

// incidentChanges is what update i (len(Updates): the postmortem) did to
// the incident's components: the first update sets their status, the
// resolution returns them to operational, and an update between moves
// them from the status in force at the update before to the one in force
// at its own time.
func incidentChanges(in *view.Incident, i int) []Change {
	resolvedBefore, resolvedNow := false, false
	for j, u := range in.Updates {
		if u.Kind == status.Resolved {
			if j < i {
				resolvedBefore = true
			} else if j == i {
				resolvedNow = true
			}
		}
	}
	out := make([]Change, 0, len(in.Affected))
	for _, a := range in.Affected {
		c := Change{Component: a.Component, Old: status.Operational, New: status.Operational}
		if !resolvedBefore && i < len(in.Updates) {
			if i > 0 {
				c.Old = a.At(in.Updates[i-1].At)
			}
			if !resolvedNow {
				c.New = a.At(in.Updates[i].At)
			}
		}
		out = append(out, c)
	}
	return out
}

func affectedIDs(as []view.Affected) []string {
	ids := make([]string, len(as))
	for i, a := range as {
		ids[i] = a.Component.ID
	}
	return ids
}

// maintenanceEvents are a window's announcement, start and end, as far as
// now has reached them. The announcement is new when the window is first
// seen, and only while it has not started: a window written down after
// the fact is not announced as upcoming.
func maintenanceEvents(mt *view.Maintenance, now, seen time.Time) []Event {
	ids := make([]string, len(mt.Affected))
	for i, c := range mt.Affected {
		ids[i] = c.ID
	}
	ev := func(k Kind, suffix string, at time.Time, upd int, before, after status.ComponentStatus) Event {
		return Event{ID: "maintenance/" + mt.Slug + "/" + suffix, Kind: k, At: at, Components: ids, Changes: windowChanges(mt, before, after), Maintenance: mt, MUpdate: upd}
	}
	var out []Event
	if !seen.IsZero() && seen.Before(mt.From) && !seen.After(now) && !startedBy(mt, seen) {
		out = append(out, ev(MaintenanceScheduled, "scheduled", seen, -1, status.Operational, status.Operational))
	}
	from, until, held := mt.Window()
	if !held {
		for i, u := range mt.Updates {
			if u.Status == status.Cancelled && !u.At.After(now) {
				out = append(out, ev(MaintenanceCancelled, "cancelled", u.At, i, status.Operational, status.Operational))
				break
			}
		}
		return out
	}
	if !from.After(now) {
		out = append(out, ev(MaintenanceStarted, "in_progress", from, updateAt(mt, from, status.InProgress), status.Operational, status.UnderMaintenance))
	}
	if !until.After(now) {
		k, word := MaintenanceCompleted, "completed"
		i := updateAt(mt, until, status.Completed)
		if j := updateAt(mt, until, status.Cancelled); j >= 0 {
			k, word, i = MaintenanceCancelled, "cancelled", j
		}
		out = append(out, ev(k, word, until, i, status.UnderMaintenance, status.Operational))
	}
	return out
}

// windowChanges are the window's components, each going from before to
// after.
func windowChanges(mt *view.Maintenance, before, after status.ComponentStatus) []Change {
	out := make([]Change, len(mt.Affected))
	for i, c := range mt.Affected {
		out[i] = Change{Component: c, Old: before, New: after}
	}
	return out
}

// startedBy reports whether the window had started at t.
func startedBy(mt *view.Maintenance, t time.Time) bool {
	return mt.StatusAt(t) != status.Scheduled
}

// updateAt returns the index of the window's update of status st at t, or -1.
func updateAt(mt *view.Maintenance, t time.Time, st status.MaintenanceStatus) int {
	for i, u := range mt.Updates {
		if u.Status == st && u.At.Equal(t) {
			return i
		}
	}
	return -1
}

// componentEvents are a component's changes of status up to now, read
// off its status spans. A span still running at now has not ended.
func componentEvents(c *view.Component, now, since time.Time) []Event {
	// Spans are sorted: start at the last that ended before since.
	spans := c.Spans
	if i, _ := slices.BinarySearchFunc(spans, since, func(s view.Span, t time.Time) int {
		if !s.To.IsZero() && s.To.Before(t) {
			return -1
		}
		return 1
	}); i > 0 {
		spans = spans[i-1:]
	}
	var out []Event
	add := func(at time.Time, old, new status.ComponentStatus) {
		if old == new {
			return
		}
		if n := len(out); n > 0 && out[n-1].At.Equal(at) {
			out[n-1].Changes[0].New = new // one change per instant
			out[n-1].ID = componentID(c.ID, at, new)
			return
		}
		out = append(out, Event{
			ID: componentID(c.ID, at, new), Kind: ComponentChanged, At: at,
			Components: []string{c.ID}, Changes: []Change{{Component: c, Old: old, New: new}},
		})
	}
	prev := status.Operational
	for i, s := range spans {
		if i > 0 && !spans[i-1].To.Equal(s.From) {
			prev = status.Operational
		}
		add(s.From, prev, s.Status)
		prev = s.Status
		if s.To.IsZero() || !s.To.Before(now) {
			break
		}
		if i+1 == len(spans) || !spans[i+1].From.Equal(s.To) {
			add(s.To, s.Status, status.Operational)
			prev = status.Operational
		}
	}
	// Drop events whose change cancelled out at one instant.
	return slices.DeleteFunc(out, func(e Event) bool { return !e.Changes[0].Changed() })
}

func componentID(id string, at time.Time, new status.ComponentStatus) string {
	return "component/" + id + "/" + at.UTC().Format("20060102T150405Z") + "/" + new.String()
}
