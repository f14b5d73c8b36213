package author

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// Listing is what needs the on-call engineer's attention: open incidents
// (overdue promises first) and maintenance in progress or to come.
type Listing struct {
	Incidents   []ListedIncident    `json:"incidents"`
	Maintenance []ListedMaintenance `json:"maintenance"`
}

// ListedIncident is an open incident.
type ListedIncident struct {
	Slug       string            `json:"slug"`
	Title      string            `json:"title"`
	Status     string            `json:"status"` // investigating, identified, monitoring
	Severity   string            `json:"severity"`
	Components []ListedComponent `json:"components"`
	Started    time.Time         `json:"started"`
	Updated    time.Time         `json:"updated"`     // the newest update
	NextUpdate *time.Time        `json:"next_update"` // nil: no promise
	Overdue    bool              `json:"overdue"`
	File       string            `json:"file"`
}

// ListedComponent is a component an incident affects, and how.
type ListedComponent struct {
	ID     string `json:"id"`
	Status string `json:"status"`
}

// ListedMaintenance is a window in progress or scheduled.
type ListedMaintenance struct {
	Slug       string    `json:"slug"`
	Title      string    `json:"title"`
	Status     string    `json:"status"` // scheduled, in_progress, verifying
	Components []string  `json:"components"`
	From       time.Time `json:"scheduled_for"`
	Until      time.Time `json:"scheduled_until"`
	File       string    `json:"file"`
}

// List returns what is open at the site's moment. Incidents with an
// overdue promise come first, then the newest; maintenance by start.
func (s *Site) List() Listing {
	l := Listing{Incidents: []ListedIncident{}, Maintenance: []ListedMaintenance{}}
	for _, in := range s.Content.Incidents {
		if _, resolved := in.Resolved(); resolved {
			continue
		}
		li := ListedIncident{Slug: in.Slug, Title: in.Title, Status: in.Status().String(), Severity: in.Severity.String(),
			Components: []ListedComponent{}, Started: in.Start().In(s.Loc), Updated: in.LastUpdated().In(s.Loc),
			Overdue: in.PromiseOverdue(s.Now), File: in.Pos.File}
		for _, c := range in.Components {
			li.Components = append(li.Components, ListedComponent{c.ID, c.At(s.Now).String()})
		}
		if !in.NextUpdate.IsZero() {
			t := in.NextUpdate.In(s.Loc)
			li.NextUpdate = &t
		}
		l.Incidents = append(l.Incidents, li)
	}
	slices.SortFunc(l.Incidents, func(a, b ListedIncident) int {
		if a.Overdue != b.Overdue {
			if a.Overdue {
				return -1
			}
			return 1
		}
		if c := b.Started.Compare(a.Started); c != 0 {
			return c
		}
		return strings.Compare(a.Slug, b.Slug)
	})
	for _, m := range s.Content.Maintenances {
		st := m.StatusAt(s.Now)
		if st == status.Completed || st == status.Cancelled {
			continue
		}
		lm := ListedMaintenance{Slug: m.Slug, Title: m.Title, Status: st.String(), Components: []string{},
			From: m.From.In(s.Loc), Until: m.Until.In(s.Loc), File: m.Pos.File}
		for _, c := range m.Components {
			lm.Components = append(lm.Components, c.ID)
		}
		l.Maintenance = append(l.Maintenance, lm)
	}
	slices.SortFunc(l.Maintenance, func(a, b ListedMaintenance) int {
		if c := a.From.Compare(b.From); c != 0 {
			return c
		}
		return strings.Compare(a.Slug, b.Slug)
	})
	return l
}

// Age writes how long ago t was, or how far ahead, roughly: "35m",
// "2h 10m", "3d".
func Age(t, now time.Time) string {
	d := now.Sub(t)
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Minute)
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh %dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}

// Save replaces the file of ref (as Lookup found it) with data, which was
// edited from old: the site is checked as it would be, and an invalid
// result is refused with its problems, the file kept as it was.
func (s *Site) Save(ref *Ref, old, data []byte) (*Written, error) {
	return s.commit(ref.File, ref.Slug, data, old, func(st *status.Site) error {
		if ref.Incident != nil && st.Incident(ref.Slug) == nil {
			return fmt.Errorf("the incident does not read back")
		}
		return nil
	})
}
