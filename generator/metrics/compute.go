package metrics

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// Periods of the report.
const (
	MonthsShown = view.MonthsShown // calendar months of availability, budgets and counts, ending with the current one (as component pages show)
	RecentDays  = 90               // days of the short statistics window, ending today (as the uptime bar)
)

// New computes the report of a validated site at now.
func New(site *status.Site, now time.Time) *Report { return FromModel(view.New(site, now)) }

// FromModel computes the report from a derived model, reusing its spans,
// its time zone and its display order of components.
func FromModel(m *view.Model) *Report {
	now, loc := m.Now, m.Loc
	first := view.MonthStart(now, loc).AddDate(0, -(MonthsShown - 1), 0)
	tz := m.Site.Config.TimeZone
	if tz == "" {
		tz = loc.String()
	}
	r := &Report{
		Version:     Version,
		GeneratedAt: now,
		TimeZone:    tz,
		Months:      make([]string, MonthsShown),
		Windows: Windows{
			Last90Days:   Window{From: view.DayStart(now, loc).AddDate(0, 0, -(RecentDays - 1)), To: now},
			Last12Months: Window{From: first, To: now},
		},
	}
	starts := make([]time.Time, MonthsShown)
	for i := range starts {
		starts[i] = first.AddDate(0, i, 0)
		r.Months[i] = monthName(starts[i])
	}

	all := make([]failure, 0, len(m.Incidents))
	bySev := make([][]failure, status.P3+1)
	byComp := make(map[*view.Component][]failure, len(m.Components))
	for _, in := range m.Incidents {
		f := newFailure(in)
		all = append(all, f)
		if in.Severity >= status.P0 && in.Severity <= status.P3 {
			bySev[in.Severity] = append(bySev[in.Severity], f)
		}
		// An incident is a failure of the components it degrades or worse.
		for _, a := range in.Affected {
			if a.Status >= status.DegradedPerformance {
				byComp[a.Component] = append(byComp[a.Component], f)
			}
		}
	}
	r.Overall = r.Windows.stats(all, time.Time{})
	for s, fs := range bySev {
		w := r.Windows.stats(fs, time.Time{})
		r.Severities = append(r.Severities, Severity{Severity: status.Severity(s).String(), Last90Days: w.Last90Days, Last12Months: w.Last12Months})
	}
	r.IncidentsPerMonth = perMonth(m.Incidents, starts, now)

	for _, c := range m.Components {
		r.Components = append(r.Components, component(c, byComp[c], starts, r.Windows, now))
	}
	return r
}

func component(c *view.Component, fs []failure, starts []time.Time, w Windows, now time.Time) Component {
	out := Component{ID: c.ID, Name: c.Name, Group: c.Group}
	if !c.Since.IsZero() {
		out.Since = ptr(c.Since.In(now.Location()))
	}
	if c.SLO > 0 {
		out.SLOPercent = ptr(c.SLO)
	}
	for _, st := range starts {
		out.Months = append(out.Months, month(c, st, now))
	}
	out.Reliability = w.stats(fs, c.Since)
	return out
}

// month measures one calendar month of a component with the uptime rule.
func month(c *view.Component, start, now time.Time) Month {
	end := start.AddDate(0, 1, 0)
	t := view.Measure(c.Spans, start, end, c.Since, now)
	mo := Month{
		Month:           monthName(start),
		Start:           start,
		End:             end,
		Complete:        !end.After(now),
		ObservedMinutes: minutes(t.Observed),
		DowntimeMinutes: minutes(t.Downtime),
	}
	if t.Observed > 0 {
		a := truncPercent(t.Uptime())
		if t.Downtime > 0 && a >= 100 {
			a = 99.9999 // never show 100% when there was downtime
		}
		mo.AvailabilityPercent = ptr(a)
	}
	if c.SLO <= 0 {
		return mo
	}
	// The budget is a share of the whole calendar month (from since when
	// the component started within it), not of the time observed so far.
	from := start
	if c.Since.After(from) {
		from = c.Since
	}
	if !from.Before(end) {
		return mo
	}
	allowed := time.Duration(float64(end.Sub(from)) * (100 - c.SLO) / 100)
	b := &Budget{
		AllowedMinutes:   minutes(allowed),
		UsedMinutes:      minutes(t.Downtime),
		RemainingMinutes: minutes(allowed - t.Downtime),
	}
	if t.Downtime > 0 && t.Downtime >= allowed {
		if at, ok := exhaustedAt(c.Spans, from, earlier(end, now), allowed); ok {
			b.ExhaustedAt = ptr(at.In(now.Location()))
		}
	}
	mo.Budget = b
	if t.Observed > 0 {
		mo.SLOMet = ptr(t.Downtime <= allowed)
	}
	return mo
}

// exhaustedAt walks the spans in time order, adding weighted downtime as
// Measure does, and returns the moment the total reached allowed.
func exhaustedAt(spans []view.Span, from, to time.Time, allowed time.Duration) (time.Time, bool) {
	var used time.Duration
	// Spans are sorted and disjoint: start at the first that ends after from.
	i, _ := slices.BinarySearchFunc(spans, from, func(s view.Span, at time.Time) int {
		if s.To.After(at) {
			return 1
		}
		return -1
	})
	for _, s := range spans[i:] {
		if !s.From.Before(to) {
			break
		}
		a, b := later(s.From, from), earlier(s.To, to)
		w := s.Status.DowntimeWeight()
		if !a.Before(b) || w == 0 {
			continue
		}
		d := time.Duration(float64(b.Sub(a)) * w)
		if used+d >= allowed {
			at := a.Add(time.Duration(math.Ceil(float64(allowed-used) / w)))
			at = earlier(at, b)
			if t := at.Truncate(time.Second); !t.Equal(at) {
				at = t.Add(time.Second) // the first whole second by which it had run out
			}
			return at, true
		}
		used += d
	}
	return time.Time{}, false
}

// failure is what the statistics need of one incident.
type failure struct {
	start, end  time.Time // end: resolution, or now while open
	resolvedAt  time.Time // zero while open
	given       bool      // start written in front matter, not taken from the first update
	firstUpdate time.Time // zero without updates
	promise     time.Time // next_update; zero for none
}

func newFailure(in *view.Incident) failure {
	f := failure{start: in.Start, end: in.End, given: !in.Started.IsZero(), promise: in.NextUpdate}
	if t, ok := in.Incident.Resolved(); ok {
		f.resolvedAt = t
	}
	if len(in.Updates) > 0 {
		f.firstUpdate = in.Updates[0].At
	}
	return f
}

// promiseKept decides the incident's next-update promise at now. Files keep
// only the current promise, so it is taken as made with the last update
// before the resolution: a resolved incident kept it when it was resolved
// by the promised time; an open one broke it once the time has passed (the
// page calls it overdue); otherwise it is not decided yet.
func (f failure) promiseKept(now time.Time) (kept, decided bool) {
	switch {
	case f.promise.IsZero():
		return false, false
	case !f.resolvedAt.IsZero() && !f.resolvedAt.After(now):
		return !f.resolvedAt.After(f.promise), true
	case now.After(f.promise):
		return false, true
	}
	return false, false
}

// stats takes the statistics of failures over both windows, counting from
// since (zero: no limit).
func (w Windows) stats(fs []failure, since time.Time) Windowed {
	return Windowed{Last90Days: stats(fs, w.Last90Days, since), Last12Months: stats(fs, w.Last12Months, since)}
}

func stats(fs []failure, w Window, since time.Time) Stats {
	from, now := later(w.From, since), w.To
	var s Stats
	if !from.Before(now) {
		return s
	}
	within := func(t time.Time) bool { return !t.IsZero() && !t.Before(from) && !t.After(now) }
	var open []interval
	var repair, ack time.Duration
	for _, f := range fs {
		if a, b := later(f.start, from), earlier(f.end, now); a.Before(b) {
			open = append(open, interval{a, b})
		}
		if within(f.resolvedAt) {
			s.Resolved++
			repair += f.resolvedAt.Sub(f.start)
		}
		if !within(f.start) {
			continue
		}
		s.Incidents++
		if f.given && !f.firstUpdate.IsZero() {
			s.Acknowledged++
			ack += max(0, f.firstUpdate.Sub(f.start))
		}
		if kept, ok := f.promiseKept(now); ok {
			s.Promises++
			if kept {
				s.PromisesKept++
			}
		}
	}
	observed, down := now.Sub(from), union(open)
	s.ObservedMinutes, s.IncidentMinutes = minutes(observed), minutes(down)
	if s.Resolved > 0 {
		s.MTTRMinutes = ptr(minutes(repair / time.Duration(s.Resolved)))
	}
	if s.Incidents > 0 {
		s.MTBFMinutes = ptr(minutes((observed - down) / time.Duration(s.Incidents)))
	}
	if s.Acknowledged > 0 {
		s.TimeToFirstUpdateMinutes = ptr(minutes(ack / time.Duration(s.Acknowledged)))
	}
	if s.Promises > 0 {
		s.PromisesKeptPercent = ptr(math.Round(10000*float64(s.PromisesKept)/float64(s.Promises)) / 100)
	}
	return s
}

type interval struct{ from, to time.Time }

// union is the total length of intervals, overlaps counted once.
func union(ivs []interval) time.Duration {
	slices.SortFunc(ivs, func(a, b interval) int { return cmp.Or(a.from.Compare(b.from), a.to.Compare(b.to)) })
	var total time.Duration
	var cur interval
	for i, iv := range ivs {
		switch {
		case i == 0:
			cur = iv
		case iv.from.After(cur.to):
			total += cur.to.Sub(cur.from)
			cur = iv
		case iv.to.After(cur.to):
			cur.to = iv.to
		}
	}
	if len(ivs) > 0 {
		total += cur.to.Sub(cur.from)
	}
	return total
}

// perMonth counts the incidents that started in each month, by severity.
func perMonth(incidents []*view.Incident, starts []time.Time, now time.Time) []MonthCount {
	out := make([]MonthCount, len(starts))
	for i, st := range starts {
		out[i].Month = monthName(st)
	}
	first := starts[0]
	for _, in := range incidents {
		if in.Start.Before(first) || in.Start.After(now) {
			continue
		}
		t := in.Start.In(first.Location())
		i := (t.Year()-first.Year())*12 + int(t.Month()) - int(first.Month())
		if i < 0 || i >= len(out) {
			continue
		}
		c := &out[i]
		switch in.Severity {
		case status.P0:
			c.P0++
		case status.P1:
			c.P1++
		case status.P2:
			c.P2++
		default:
			c.P3++
		}
		c.Total++
	}
	return out
}

func monthName(t time.Time) string { return t.Format("2006-01") }

// minutes rounds a duration to hundredths of a minute.
func minutes(d time.Duration) float64 { return math.Round(d.Minutes()*100) / 100 }

// truncPercent cuts a percentage to four decimals, never rounding up, so
// that an availability just under a target does not appear to meet it.
func truncPercent(p float64) float64 { return math.Floor(p*1e4+1e-6) / 1e4 }

func ptr[T any](v T) *T { return &v }

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
