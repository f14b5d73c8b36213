package view

import (
	"cmp"
	"slices"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// incidents derives the incidents. It returns each component's
// intervals, by rank: its incidents' in site order, then the maintenance
// windows' given by rank in mivs.
func (m *Model) incidents(mivs [][]Span) [][]Span {
	site := m.Site.Incidents
	// One array for all incidents: a large site has tens of thousands.
	all := make([]Incident, len(site))
	keys := make([]startKey, len(site))
	raw := make([]Span, len(site)) // each one's interval, in its own zone
	// Deriving reads every incident's timeline, scattered in memory: it
	// is done on all processors, in contiguous parts, each counting the
	// intervals it has for each component.
	n := parts(len(site))
	counts := make([][]int, n)
	inParallel(n, func(p int) {
		counts[p] = make([]int, len(m.Components))
		lo, hi := p*len(site)/n, (p+1)*len(site)/n
		listed := 0
		for _, in := range site[lo:hi] {
			listed += len(in.Components)
		}
		affected := make([]Affected, 0, listed) // shared by the part's incidents
		for i := lo; i < hi; i++ {
			in := site[i]
			from, to := in.Start(), in.End(m.Now)
			_, resolved := in.Resolved()
			v := &all[i]
			*v = Incident{
				Incident: in,
				Status:   in.Status(),
				Start:    from.In(m.Loc),
				End:      to.In(m.Loc),
				Resolved: resolved,
				Updated:  in.LastUpdated(),
				Overdue:  in.PromiseOverdue(m.Now),
			}
			first := len(affected)
			for j := range in.Components {
				a := &in.Components[j]
				if c := m.byID[a.ID]; c != nil {
					cur := a.Worst()
					if !resolved {
						cur = a.At(m.Now)
					}
					affected = append(affected, Affected{c, cur, a.Worst(), a})
					a.Periods(from, to, func(time.Time, time.Time, status.ComponentStatus) { counts[p][c.rank]++ })
				}
			}
			if k := len(affected); k > first {
				v.Affected = affected[first:k:k]
				slices.SortStableFunc(v.Affected, func(a, b Affected) int { return cmp.Compare(a.Component.rank, b.Component.rank) })
			}
			raw[i] = Span{From: from, To: to}
			keys[len(site)-1-i] = startKey{from.Unix(), int32(from.Nanosecond()), int32(i)}
		}
	})
	// Each component's intervals go to one array, each part's after the
	// part before: counts become where each part starts. Sorting an
	// incident's affected components by rank kept the order of a
	// component listed twice.
	ivs := make([][]Span, len(m.Components))
	for _, c := range m.Components {
		k := 0
		for _, cs := range counts {
			k, cs[c.rank] = k+cs[c.rank], k
		}
		ivs[c.rank] = make([]Span, k+len(mivs[c.rank]))
		copy(ivs[c.rank][k:], mivs[c.rank])
		if k > 0 {
			c.Incidents = make([]*Incident, 0, k)
		}
	}
	inParallel(n, func(p int) {
		next := counts[p]
		for i := p * len(site) / n; i < (p+1)*len(site)/n; i++ {
			// Each status counts for the period it held, not for the
			// whole incident.
			for _, a := range all[i].Affected {
				r := a.Component.rank
				a.written.Periods(raw[i].From, raw[i].To, func(from, to time.Time, s status.ComponentStatus) {
					ivs[r][next[r]] = Span{from, to, s}
					next[r]++
				})
			}
		}
	})
	// Newest first, then by slug; the site's order breaks what ties
	// remain. The keys are in reverse site order: file names mostly
	// start with the date, so they come nearly sorted, which a stable
	// sort does fast.
	slices.SortStableFunc(keys, func(a, b startKey) int {
		if c := cmp.Or(cmp.Compare(b.sec, a.sec), cmp.Compare(b.nsec, a.nsec)); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(site[a.i].Slug, site[b.i].Slug), cmp.Compare(a.i, b.i))
	})
	m.Incidents = make([]*Incident, len(keys))
	for j, k := range keys {
		m.Incidents[j] = &all[k.i]
	}
	for _, in := range m.Incidents {
		if !in.Resolved {
			m.Active = append(m.Active, in)
		}
		for _, a := range in.Affected {
			a.Component.Incidents = append(a.Component.Incidents, in)
		}
	}
	return ivs
}

// startKey is an incident's start, split for cheap comparisons, and its
// index in the site.
type startKey struct {
	sec     int64
	nsec, i int32
}

// maintenances derives the maintenance windows. It returns the intervals
// of those held, by component rank, in site order.
func (m *Model) maintenances() [][]Span {
	ivs := make([][]Span, len(m.Components))
	for _, mt := range m.Site.Maintenances {
		v := &Maintenance{Maintenance: mt, Status: mt.StatusAt(m.Now)}
		from, until, held := mt.Window()
		for _, a := range mt.Components {
			if c := m.byID[a.ID]; c != nil {
				v.Affected = append(v.Affected, c)
				if held {
					ivs[c.rank] = append(ivs[c.rank], Span{from, until, status.UnderMaintenance})
				}
			}
		}
		slices.SortStableFunc(v.Affected, func(a, b *Component) int { return cmp.Compare(a.rank, b.rank) })
		m.Maintenances = append(m.Maintenances, v)
	}
	slices.SortStableFunc(m.Maintenances, func(a, b *Maintenance) int {
		return cmp.Or(b.From.Compare(a.From), cmp.Compare(a.Slug, b.Slug))
	})
	for _, v := range m.Maintenances {
		for _, c := range v.Affected {
			c.Maintenances = append(c.Maintenances, v)
		}
		switch v.Status {
		case status.InProgress, status.Verifying:
			m.InProgress = append(m.InProgress, v)
		case status.Scheduled:
			m.Upcoming = append(m.Upcoming, v)
		}
	}
	slices.Reverse(m.Upcoming)
	return ivs
}
