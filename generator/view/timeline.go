package view

import (
	"slices"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// Span is a stretch of time during which a component held one status.
type Span struct {
	From, To time.Time
	Status   status.ComponentStatus
}

// Duration is the span's length.
func (s Span) Duration() time.Duration { return s.To.Sub(s.From) }

// Spans returns each component's history up to now as non-overlapping
// spans of non-operational status, in time order, keyed by component id.
// Where incidents and maintenance overlap, the worst status holds, so
// overlapping incidents count once. Unresolved incidents last until now;
// nothing before a component's since is included.
func Spans(site *status.Site, now time.Time) map[string][]Span {
	ivs := make(map[string][]Span, len(site.Components))
	for _, in := range site.Incidents {
		from, to := in.Start(), in.End(now)
		for _, a := range in.Components {
			ivs[a.ID] = append(ivs[a.ID], Span{from, to, a.Status})
		}
	}
	for _, m := range site.Maintenances {
		from, until, ok := m.Window()
		if !ok {
			continue
		}
		for _, a := range m.Components {
			ivs[a.ID] = append(ivs[a.ID], Span{from, until, status.UnderMaintenance})
		}
	}
	out := make(map[string][]Span, len(site.Components))
	for _, c := range site.Components {
		out[c.ID] = merge(ivs[c.ID], c.Since, now)
	}
	return out
}

// merge sweeps possibly overlapping intervals into disjoint spans of the
// worst status, clipped to [since, now].
func merge(ivs []Span, since, now time.Time) []Span {
	type edge struct {
		at    time.Time
		st    status.ComponentStatus
		delta int
	}
	edges := make([]edge, 0, 2*len(ivs))
	for _, iv := range ivs {
		from, to := iv.From, iv.To
		if !since.IsZero() && from.Before(since) {
			from = since
		}
		if to.After(now) {
			to = now
		}
		if !from.Before(to) || iv.Status == status.Operational {
			continue
		}
		edges = append(edges, edge{from, iv.Status, +1}, edge{to, iv.Status, -1})
	}
	slices.SortFunc(edges, func(a, b edge) int { return a.at.Compare(b.at) })
	var active [status.MajorOutage + 1]int
	worst := func() status.ComponentStatus {
		for s := status.MajorOutage; s > status.Operational; s-- {
			if active[s] > 0 {
				return s
			}
		}
		return status.Operational
	}
	var out []Span
	for i := 0; i < len(edges); {
		at := edges[i].at
		before := worst()
		for ; i < len(edges) && edges[i].at.Equal(at); i++ {
			active[edges[i].st] += edges[i].delta
		}
		after := worst()
		if after == before {
			continue
		}
		if n := len(out); n > 0 && out[n-1].To.IsZero() {
			out[n-1].To = at
		}
		if after != status.Operational {
			out = append(out, Span{From: at, Status: after})
		}
	}
	return out
}

// Tally is what a stretch of time held for one component.
type Tally struct {
	Observed time.Duration // time the component existed in the stretch
	Downtime time.Duration // weighted: major outage fully, partial outage 30%
	Impacted time.Duration // time in degraded performance or worse
	Worst    status.ComponentStatus
	ByStatus [status.MajorOutage + 1]time.Duration // time in each status other than operational
}

// Uptime is the availability in percent, or -1 when nothing was observed.
func (t Tally) Uptime() float64 {
	if t.Observed <= 0 {
		return -1
	}
	return 100 * (1 - float64(t.Downtime)/float64(t.Observed))
}

// Measure tallies spans (as returned by Spans) over [from, to), counting
// observed time only from since (zero: no limit) and up to now.
func Measure(spans []Span, from, to, since, now time.Time) Tally {
	if !since.IsZero() && from.Before(since) {
		from = since
	}
	if to.After(now) {
		to = now
	}
	var t Tally
	if !from.Before(to) {
		return t
	}
	t.Observed = to.Sub(from)
	// Spans are sorted and disjoint: find the first that ends after from.
	i, _ := slices.BinarySearchFunc(spans, from, func(s Span, at time.Time) int {
		if s.To.After(at) {
			return 1
		}
		return -1
	})
	for ; i < len(spans) && spans[i].From.Before(to); i++ {
		s := spans[i]
		a, b := s.From, s.To
		if a.Before(from) {
			a = from
		}
		if b.After(to) {
			b = to
		}
		if !a.Before(b) {
			continue
		}
		d := b.Sub(a)
		t.ByStatus[s.Status] += d
		t.Worst = status.Worse(t.Worst, s.Status)
		t.Downtime += time.Duration(float64(d) * s.Status.DowntimeWeight())
		if s.Status >= status.DegradedPerformance {
			t.Impacted += d
		}
	}
	return t
}
