package metrics

import (
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

	// Each scope's statistics are taken in one pass over the incidents,
	// oldest first, skipping those that ended before both windows: at
	// 10,000 incidents most are older than the report's twelve months.
	cut := earlier(r.Windows.Last90Days.From, r.Windows.Last12Months.From)
	overall := r.Windows.tally(time.Time{}, cut)
	bySev := make([]windowed, status.P3+1)
	for s := range bySev {
		bySev[s] = r.Windows.tally(time.Time{}, cut)
	}
	byComp := make([]windowed, len(m.Components))
	rank := make(map[*view.Component]int, len(m.Components))
	for i, c := range m.Components {
		byComp[i] = r.Windows.tally(c.Since, cut)
		rank[c] = i
	}
	for i := len(m.Incidents) - 1; i >= 0; i-- {
		in := m.Incidents[i]
		if in.Start.Before(cut) && in.End.Before(cut) {
			continue
		}
		f := newFailure(in, cut, now)
		if in.Severity >= status.P0 && in.Severity <= status.P3 {
			bySev[in.Severity].add(&f)
		}
		// A notice (no impact, no component affected) is not a failure:
		// it stays in its severity's row but out of the overall MTTR and
		// MTBF, which a two-day notice would inflate.
		if isNotice(in) {
			continue
		}
		overall.add(&f)
		// An incident is a failure of the components it degrades or worse.
		for _, a := range in.Affected {
			if a.Worst >= status.DegradedPerformance {
				byComp[rank[a.Component]].add(&f)
			}
		}
	}
	r.Overall = overall.stats()
	for s := range bySev {
		w := bySev[s].stats()
		r.Severities = append(r.Severities, Severity{Severity: status.Severity(s).String(), Last90Days: w.Last90Days, Last12Months: w.Last12Months})
	}
	r.IncidentsPerMonth = perMonth(m.Incidents, starts, now)

	for i, c := range m.Components {
		r.Components = append(r.Components, component(c, byComp[i].stats(), now))
	}
	return r
}

// isNotice reports an incident that has no impact and never degraded a
// component: an announcement, not a failure. It looks at the worst
// status, as the components' figures do: an open incident whose
// component has recovered is still a failure.
func isNotice(in *view.Incident) bool {
	return in.Impact == status.ImpactNone && !slices.ContainsFunc(in.Affected, func(a view.Affected) bool {
		return a.Worst >= status.DegradedPerformance
	})
}

func component(c *view.Component, rel Windowed, now time.Time) Component {
	out := Component{ID: c.ID, Name: c.Name, Group: c.Group}
	if !c.Since.IsZero() {
		out.Since = ptr(c.Since.In(now.Location()))
	}
	if c.SLO > 0 {
		out.SLOPercent = ptr(c.SLO)
	}
	// The model measured the same months for the component's page
	// (MonthsShown is the view's), newest first.
	out.Months = make([]Month, 0, len(c.Months))
	for i := len(c.Months) - 1; i >= 0; i-- {
		out.Months = append(out.Months, month(c, c.Months[i], now))
	}
	out.Reliability = rel
	return out
}

// month reports one calendar month of a component, measured with the
// uptime rule.
func month(c *view.Component, vm view.Month, now time.Time) Month {
	start, t := vm.Start, vm.Tally
	end := start.AddDate(0, 1, 0)
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
		a, b := status.Later(s.From, from), earlier(s.To, to)
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

// failure is what the statistics need of one incident. It is added to
// several scopes and windows, so what does not depend on the window is
// decided once, and its times are offsets from a base instant (the
// earliest window's start), compared as integers. An instant more than
// 292 years from the base saturates (time.Time.Sub) on its side of it,
// which keeps every comparison with a window's bounds.
type failure struct {
	start, end time.Duration // end: resolution, or now while open
	resolved   bool
	resolvedAt time.Duration
	repair     time.Duration // resolution − start
	acked      bool          // the start was written in front matter and the first update measured
	ack        time.Duration // first update − start, at least 0, when acked
	promised   bool          // the next-update promise was decided at now (promiseKept)
	kept       bool          // and kept
}

func newFailure(in *view.Incident, base, now time.Time) failure {
	f := failure{start: in.Start.Sub(base), end: in.End.Sub(base), resolved: in.Resolved}
	var resolvedAt time.Time
	if in.Resolved {
		resolvedAt = in.End // the model's end of a resolved incident is its resolution
		f.resolvedAt, f.repair = resolvedAt.Sub(base), resolvedAt.Sub(in.Start)
	}
	// Only a start given in front matter is compared with the first
	// update; taken from it, it would measure nothing.
	if !in.Started.IsZero() && len(in.Updates) > 0 && !in.Updates[0].At.IsZero() {
		f.acked, f.ack = true, max(0, in.Updates[0].At.Sub(in.Start))
	}
	f.kept, f.promised = promiseKept(in.NextUpdate, resolvedAt, now)
	return f
}

// promiseKept decides a next-update promise (zero: none) of an incident
// resolved at resolvedAt (zero while open) at now. Files keep only the
// current promise, so it is taken as made with the last update before the
// resolution: a resolved incident kept it when it was resolved by the
// promised time; an open one broke it once the time has passed (the page
// calls it overdue); otherwise it is not decided yet.
func promiseKept(promise, resolvedAt, now time.Time) (kept, decided bool) {
	switch {
	case promise.IsZero():
		return false, false
	case !resolvedAt.IsZero() && !resolvedAt.After(now):
		return !resolvedAt.After(promise), true
	case now.After(promise):
		return false, true
	}
	return false, false
}

// windowed takes a scope's statistics over both windows.
type windowed struct{ last90, last12 tally }

// tally starts the statistics of a scope over both windows, counting from
// since (zero: no limit), with failures' times offset from base.
func (w Windows) tally(since, base time.Time) windowed {
	return windowed{newTally(w.Last90Days, since, base), newTally(w.Last12Months, since, base)}
}

func (w *windowed) add(f *failure) {
	w.last90.add(f)
	w.last12.add(f)
}

func (w *windowed) stats() Windowed {
	return Windowed{Last90Days: w.last90.stats(), Last12Months: w.last12.stats()}
}

// tally sums up the failures of one scope over one window, [from, now]
// as offsets from the failures' base. Both windows end at the report's
// now. Failures are added oldest first (by start), as the model's
// incidents are listed newest first, so that the time during which one of
// them was open is a running union of intervals: overlaps count once, and
// nothing is sorted or kept.
type tally struct {
	from, now time.Duration
	s         Stats
	repair    time.Duration // sum of resolved − start over Resolved
	ack       time.Duration // sum of first update − start over Acknowledged
	down      time.Duration // the union's length before cur
	cur       interval      // the union's last interval, when any
	any       bool
}

type interval struct{ from, to time.Duration }

func newTally(w Window, since, base time.Time) tally {
	return tally{from: status.Later(w.From, since).Sub(base), now: w.To.Sub(base)}
}

func (t *tally) add(f *failure) {
	from, now := t.from, t.now
	if from >= now {
		return
	}
	if a, b := max(f.start, from), min(f.end, now); a < b {
		switch {
		case !t.any:
			t.cur, t.any = interval{a, b}, true
		case a > t.cur.to:
			t.down += t.cur.to - t.cur.from
			t.cur = interval{a, b}
		case b > t.cur.to:
			t.cur.to = b
		}
	}
	s := &t.s
	if f.resolved && from <= f.resolvedAt && f.resolvedAt <= now {
		s.Resolved++
		t.repair += f.repair
	}
	if f.start < from || f.start > now {
		return
	}
	s.Incidents++
	if f.acked {
		s.Acknowledged++
		t.ack += f.ack
	}
	if f.promised {
		s.Promises++
		if f.kept {
			s.PromisesKept++
		}
	}
}

func (t *tally) stats() Stats {
	s := t.s
	if t.from >= t.now {
		return s
	}
	observed, down := t.now-t.from, t.down+t.cur.to-t.cur.from
	s.ObservedMinutes, s.IncidentMinutes = minutes(observed), minutes(down)
	if s.Resolved > 0 {
		s.MTTRMinutes = ptr(minutes(t.repair / time.Duration(s.Resolved)))
	}
	if s.Incidents > 0 {
		s.MTBFMinutes = ptr(minutes((observed - down) / time.Duration(s.Incidents)))
	}
	if s.Acknowledged > 0 {
		s.TimeToFirstUpdateMinutes = ptr(minutes(t.ack / time.Duration(s.Acknowledged)))
	}
	if s.Promises > 0 {
		s.PromisesKeptPercent = ptr(math.Round(10000*float64(s.PromisesKept)/float64(s.Promises)) / 100)
	}
	return s
}

// perMonth counts the incidents that started in each month, by severity.
// Incidents are newest first: the count walks the months back from the
// current one and stops before the first.
func perMonth(incidents []*view.Incident, starts []time.Time, now time.Time) []MonthCount {
	out := make([]MonthCount, len(starts))
	for i, st := range starts {
		out[i].Month = monthName(st)
	}
	i := len(starts) - 1
	for _, in := range incidents {
		if in.Start.After(now) {
			continue
		}
		for i >= 0 && in.Start.Before(starts[i]) {
			i--
		}
		if i < 0 {
			break
		}
		out[i].count(in.Severity)
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

func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
