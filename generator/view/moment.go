package view

import (
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// Changes is the first moment after Now at which the model of the same
// content would differ: a maintenance window starts or ends, an update
// dated in the future takes effect, a next-update promise falls due, or
// a new day starts (today's uptime cell, the past days). Until then
// everything shown is true; a page read later says as of when it was
// built (a static page is only as fresh as its last build).
func (m *Model) Changes() time.Time {
	next := DayStart(m.Now, m.Loc).AddDate(0, 0, 1)
	consider := func(t time.Time) {
		if t.After(m.Now) && t.Before(next) {
			next = t
		}
	}
	for _, mt := range m.Maintenances {
		if mt.Status == status.Completed || mt.Status == status.Cancelled {
			if !mt.Until.After(m.Now) {
				continue // over: later updates can only be what was written
			}
		}
		consider(mt.From)
		consider(mt.Until)
		for _, u := range mt.Updates {
			consider(u.At)
		}
	}
	for _, in := range m.Incidents {
		if in.Start.After(m.Now) {
			consider(in.Start)
		}
		if in.Resolved {
			continue
		}
		// PromiseOverdue is "after NextUpdate": the state flips just past it.
		if !in.NextUpdate.IsZero() {
			consider(in.NextUpdate.Add(time.Nanosecond))
		}
		for _, u := range in.Updates {
			consider(u.At)
		}
	}
	return next.In(m.Loc)
}

// StaleAt is when what was built at Now can no longer be taken as the
// current status: site.yaml's stale_after past Now. Readers' clocks past
// it see "status unknown" in the widget and embed.
func (m *Model) StaleAt() time.Time {
	d := m.Site.Config.StaleAfter
	if d <= 0 {
		d = status.DefaultStaleAfter
	}
	return m.Now.Add(d)
}
