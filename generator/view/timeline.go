package view

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
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

// merge sweeps possibly overlapping intervals into disjoint spans of the
// worst status, clipped to [since, now].
func merge(ivs []Span, since, now time.Time) []Span {
	clip := func(t time.Time) time.Time {
		if !since.IsZero() && t.Before(since) {
			t = since
		}
		if t.After(now) {
			t = now
		}
		return t
	}
	// An edge is where interval i/2 starts (i even) or ends (i odd),
	// clipped; its instant is kept split for cheap comparisons.
	type edge struct {
		sec     int64
		nsec, i int32
	}
	edges := make([]edge, 0, 2*len(ivs))
	for i, iv := range ivs {
		from, to := clip(iv.From), clip(iv.To)
		if !from.Before(to) || iv.Status == status.Operational {
			continue
		}
		edges = append(edges, edge{from.Unix(), int32(from.Nanosecond()), int32(2 * i)}, edge{to.Unix(), int32(to.Nanosecond()), int32(2*i + 1)})
	}
	// Intervals come about in time order: a stable sort, unlike
	// pdqsort, does well on nearly sorted edges.
	slices.SortStableFunc(edges, func(a, b edge) int { return cmp.Or(cmp.Compare(a.sec, b.sec), cmp.Compare(a.nsec, b.nsec)) })
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
	if len(edges) > 0 {
		out = make([]Span, 0, len(edges)/2) // about one span per interval
	}
	for i := 0; i < len(edges); {
		first := edges[i]
		before := worst()
		for ; i < len(edges) && edges[i].sec == first.sec && edges[i].nsec == first.nsec; i++ {
			if st := ivs[edges[i].i/2].Status; edges[i].i%2 == 0 {
				active[st]++
			} else {
				active[st]--
			}
		}
		after := worst()
		if after == before {
			continue
		}
		at := ivs[first.i/2].From
		if first.i%2 == 1 {
			at = ivs[first.i/2].To
		}
		at = clip(at)
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

// Measure tallies spans (such as Component.Spans) over [from, to), counting
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

// uptime sets each component's spans and uptime from its intervals,
// indexed by rank. Components are independent: they are measured on all
// processors.
func (m *Model) uptime(ivs [][]Span) {
	days := make([]Day, m.Site.Config.UptimeDays)
	today := DayStart(m.Now, m.Loc)
	first := today.AddDate(0, 0, -(len(days) - 1))
	dayEnds := make([]time.Time, len(days))
	for i := range days {
		days[i].Date = first.AddDate(0, 0, i)
		dayEnds[i] = days[i].Date.AddDate(0, 0, 1)
	}
	thisMonth := MonthStart(m.Now, m.Loc)
	var months [MonthsShown]Month
	var monthEnds [MonthsShown]time.Time
	for i := range months {
		months[i].Start = thisMonth.AddDate(0, -i, 0)
		monthEnds[i] = months[i].Start.AddDate(0, 1, 0)
	}
	measure := func(c *Component) {
		c.Spans = merge(ivs[c.rank], c.Since, m.Now)
		c.Days = slices.Clone(days)
		for i := range c.Days {
			c.Days[i].Tally = Measure(c.Spans, c.Days[i].Date, dayEnds[i], c.Since, m.Now)
		}
		c.Window = Measure(c.Spans, first, m.Now, c.Since, m.Now)
		c.Months = slices.Clone(months[:])
		for i := range c.Months {
			c.Months[i].Tally = Measure(c.Spans, c.Months[i].Start, monthEnds[i], c.Since, m.Now)
		}
	}
	var next atomic.Int64
	inParallel(parts(len(m.Components)), func(int) {
		for i := next.Add(1) - 1; i < int64(len(m.Components)); i = next.Add(1) - 1 {
			measure(m.Components[i])
		}
	})
}

// parts is how many parts to split n independent items into: one per
// processor, at most one per item.
func parts(n int) int { return max(1, min(runtime.GOMAXPROCS(0), n)) }

// inParallel calls f with each part number below n, concurrently, and
// returns when all calls have.
func inParallel(n int, f func(part int)) {
	var wg sync.WaitGroup
	for p := range n {
		wg.Go(func() { f(p) })
	}
	wg.Wait()
}
