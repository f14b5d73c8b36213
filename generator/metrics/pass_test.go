package metrics

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// The report takes its statistics in one pass over the incidents, oldest
// first, skipping those that ended before its windows. These tests hold it
// to the straightforward count: every failure of a scope gathered, the
// open time the union of the sorted intervals.

func TestOnePassEdges(t *testing.T) {
	now := at(seoul, "2026-11-22 11:00") // 12 months from 2025-12-01 00:00, 90 days from 2026-08-25 00:00
	api := []*status.Component{comp("api", 99.9, time.Time{})}
	for _, tc := range []struct {
		name      string
		incidents []*status.Incident
		check     func(t *testing.T, r *Report)
	}{
		{
			name: "an incident that began years before the twelve months counts its time and resolution in them",
			incidents: []*status.Incident{
				incident("long", status.P1, at(seoul, "2023-05-01 00:00"), at(seoul, "2025-12-01 02:00"), status.PartialOutage, "api"),
				incident("older", status.P1, at(seoul, "2023-04-01 00:00"), at(seoul, "2023-04-01 01:00"), status.PartialOutage, "api"),
			},
			check: func(t *testing.T, r *Report) {
				s := r.Overall.Last12Months
				eq(t, "incidents", s.Incidents, 0)
				eq(t, "resolved", s.Resolved, 1)
				eq(t, "incident minutes", s.IncidentMinutes, 120)
				eq(t, "component incident minutes", reliability(t, r, "api").Last12Months.IncidentMinutes, 120)
			},
		},
		{
			name: "an incident resolved at the very start of the twelve months is resolved in them",
			incidents: []*status.Incident{
				incident("edge", status.P2, at(seoul, "2025-11-30 22:00"), at(seoul, "2025-12-01 00:00"), status.MajorOutage, "api"),
			},
			check: func(t *testing.T, r *Report) {
				s := r.Overall.Last12Months
				eq(t, "resolved", s.Resolved, 1)
				eq(t, "MTTR", val(t, "MTTR", s.MTTRMinutes), 120)
				eq(t, "incident minutes", s.IncidentMinutes, 0)
			},
		},
		{
			name: "incidents that start together count their overlap once, the longest deciding",
			incidents: []*status.Incident{
				incident("a", status.P2, at(seoul, "2026-11-01 10:00"), at(seoul, "2026-11-01 11:00"), status.MajorOutage, "api"),
				incident("b", status.P2, at(seoul, "2026-11-01 10:00"), at(seoul, "2026-11-01 13:00"), status.MajorOutage, "api"),
				incident("c", status.P2, at(seoul, "2026-11-01 10:00"), at(seoul, "2026-11-01 10:30"), status.MajorOutage, "api"),
				incident("d", status.P2, at(seoul, "2026-11-01 13:00"), at(seoul, "2026-11-01 14:00"), status.MajorOutage, "api"),
			},
			check: func(t *testing.T, r *Report) {
				eq(t, "incident minutes", r.Overall.Last90Days.IncidentMinutes, 240)
				eq(t, "incidents", r.Overall.Last90Days.Incidents, 4)
			},
		},
		{
			name: "months without incidents between busy ones count none, and one dated after now is not counted",
			incidents: []*status.Incident{
				incident("future", status.P0, at(seoul, "2026-11-23 10:00"), time.Time{}, status.MajorOutage, "api"),
				incident("nov", status.P1, at(seoul, "2026-11-01 00:00"), at(seoul, "2026-11-01 01:00"), status.MajorOutage, "api"),
				incident("jun", status.P2, at(seoul, "2026-06-30 23:59"), at(seoul, "2026-07-01 01:00"), status.MajorOutage, "api"),
				incident("first", status.P3, at(seoul, "2025-12-01 00:00"), at(seoul, "2025-12-01 01:00"), status.MajorOutage, "api"),
				incident("before", status.P3, at(seoul, "2025-11-30 23:59"), at(seoul, "2025-12-01 01:00"), status.MajorOutage, "api"),
			},
			check: func(t *testing.T, r *Report) {
				want := make([]MonthCount, MonthsShown)
				for i := range want {
					want[i].Month = r.Months[i]
				}
				want[0].P3, want[0].Total = 1, 1
				want[6].P2, want[6].Total = 1, 1
				want[11].P1, want[11].Total = 1, 1
				eq(t, "months", fmt.Sprint(r.IncidentsPerMonth), fmt.Sprint(want))
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, New(testSite(seoul, api, tc.incidents), now)) })
	}
}

func TestOnePassMatchesAStraightforwardCount(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for run := range 200 {
		loc := []*time.Location{seoul, time.UTC, mustLoc("America/New_York")}[run%3]
		now := time.Date(2026, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, 0, loc)
		site := randomSite(r, loc, now)
		m := view.New(site, now)
		got := FromModel(m)
		want := straightforward(m, got.Windows)
		if !reflect.DeepEqual(got.Overall, want.overall) {
			t.Fatalf("run %d: overall\n got %+v\nwant %+v", run, got.Overall, want.overall)
		}
		for s, sev := range got.Severities {
			if w := (Windowed{Last90Days: sev.Last90Days, Last12Months: sev.Last12Months}); !reflect.DeepEqual(w, want.severities[s]) {
				t.Fatalf("run %d: severity %d\n got %+v\nwant %+v", run, s, w, want.severities[s])
			}
		}
		for i, c := range got.Components {
			if !reflect.DeepEqual(c.Reliability, want.components[i]) {
				t.Fatalf("run %d: component %s\n got %+v\nwant %+v", run, c.ID, c.Reliability, want.components[i])
			}
			for j, mo := range c.Months {
				end := mo.Start.AddDate(0, 1, 0)
				if tl := view.Measure(m.Components[i].Spans, mo.Start, end, m.Components[i].Since, now); mo.DowntimeMinutes != minutes(tl.Downtime) || mo.ObservedMinutes != minutes(tl.Observed) || mo.Month != got.Months[j] {
					t.Fatalf("run %d: component %s month %s measured %+v", run, c.ID, mo.Month, tl)
				}
			}
		}
		if w := straightforwardPerMonth(m, got.Windows.Last12Months.From); !reflect.DeepEqual(got.IncidentsPerMonth, w) {
			t.Fatalf("run %d: per month\n got %+v\nwant %+v", run, got.IncidentsPerMonth, w)
		}
	}
}

// randomSite has incidents over three years around now: short and long,
// open and resolved, some sharing a start, some with promises and given
// starts, some after now, and a few centuries away.
func randomSite(r *rand.Rand, loc *time.Location, now time.Time) *status.Site {
	var comps []*status.Component
	for i := range 1 + r.IntN(4) {
		since := time.Time{}
		if r.IntN(2) == 0 {
			since = now.AddDate(0, -r.IntN(16), -r.IntN(28))
		}
		comps = append(comps, comp(fmt.Sprintf("c%d", i), 99.9, since))
	}
	var ins []*status.Incident
	var last time.Time
	for i := range r.IntN(300) {
		from := now.Add(-time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour)))).Add(time.Duration(r.IntN(48)) * time.Hour).Truncate(time.Minute)
		if i > 0 && r.IntN(10) == 0 {
			from = last // the same start as another
		}
		last = from
		var to time.Time
		switch r.IntN(10) {
		case 0: // still open
		case 1:
			to = from.Add(time.Duration(r.IntN(400*24)) * time.Hour) // long
		case 2: // centuries away, beyond what a Duration holds; 584½ years is 2⁶⁴ ns
			from = []time.Time{time.Date(1200+r.IntN(2), 1, 1, 0, 0, 0, 0, loc), now.AddDate(-584, -7, 0), now.AddDate(584, 6, 0)}[r.IntN(3)]
			to = []time.Time{{}, now.Add(-time.Hour), time.Date(2900, 1, 1, 0, 0, 0, 0, loc), now.AddDate(584, 6, 0)}[r.IntN(4)]
		default:
			to = from.Add(time.Duration(1+r.IntN(600)) * time.Minute)
		}
		var ids []string
		for _, c := range comps {
			if r.IntN(3) == 0 {
				ids = append(ids, c.ID)
			}
		}
		st := []status.ComponentStatus{status.DegradedPerformance, status.PartialOutage, status.MajorOutage, status.Operational}[r.IntN(4)]
		in := incident(fmt.Sprintf("i%03d", i), status.Severity(r.IntN(5)), from, to, st, ids...)
		if r.IntN(3) == 0 {
			in.Started = time.Time{} // the start is the first update
		} else if r.IntN(2) == 0 {
			in.Updates[0].At = from.Add(time.Duration(r.IntN(90)-10) * time.Minute)
		}
		switch r.IntN(6) {
		case 0, 1:
			in.NextUpdate = from.Add(time.Duration(r.IntN(300)) * time.Minute)
		case 2:
			in.NextUpdate = time.Date(2800, 1, 1, 0, 0, 0, 0, loc)
		}
		ins = append(ins, in)
	}
	return testSite(loc, comps, ins)
}

type expected struct {
	overall    Windowed
	severities []Windowed
	components []Windowed
}

// straightforward takes the statistics as they were taken before the
// pass: each scope's failures gathered, each window counted over all of
// them.
func straightforward(m *view.Model, w Windows) expected {
	var all []*view.Incident
	sev := make([][]*view.Incident, status.P3+1)
	comps := make([][]*view.Incident, len(m.Components))
	for _, in := range m.Incidents {
		notice := in.Impact == status.ImpactNone
		for _, a := range in.Affected {
			if a.Worst >= status.DegradedPerformance {
				notice = false
			}
		}
		if !notice { // notices are announcements: not in the overall MTTR and MTBF
			all = append(all, in)
		}
		if in.Severity >= status.P0 && in.Severity <= status.P3 {
			sev[in.Severity] = append(sev[in.Severity], in)
		}
		for _, a := range in.Affected {
			for i, c := range m.Components {
				if c == a.Component && a.Worst >= status.DegradedPerformance {
					comps[i] = append(comps[i], in)
				}
			}
		}
	}
	both := func(ins []*view.Incident, since time.Time) Windowed {
		return Windowed{Last90Days: countStats(ins, w.Last90Days, since), Last12Months: countStats(ins, w.Last12Months, since)}
	}
	e := expected{overall: both(all, time.Time{})}
	for _, ins := range sev {
		e.severities = append(e.severities, both(ins, time.Time{}))
	}
	for i, ins := range comps {
		e.components = append(e.components, both(ins, m.Components[i].Since))
	}
	return e
}

func countStats(ins []*view.Incident, w Window, since time.Time) Stats {
	from, now := status.Later(w.From, since), w.To
	var s Stats
	if !from.Before(now) {
		return s
	}
	within := func(t time.Time) bool { return !t.IsZero() && !t.Before(from) && !t.After(now) }
	type period struct{ from, to time.Time }
	var open []period
	var repair, ack time.Duration
	for _, in := range ins {
		resolvedAt, _ := in.Incident.Resolved()
		if a, b := status.Later(in.Start, from), earlier(in.End, now); a.Before(b) {
			open = append(open, period{a, b})
		}
		if within(resolvedAt) {
			s.Resolved++
			repair += resolvedAt.Sub(in.Start)
		}
		if !within(in.Start) {
			continue
		}
		s.Incidents++
		if !in.Started.IsZero() && len(in.Updates) > 0 && !in.Updates[0].At.IsZero() {
			s.Acknowledged++
			ack += max(0, in.Updates[0].At.Sub(in.Start))
		}
		if kept, ok := promiseKept(in.NextUpdate, resolvedAt, now); ok {
			s.Promises++
			if kept {
				s.PromisesKept++
			}
		}
	}
	slices.SortFunc(open, func(a, b period) int { return cmp.Or(a.from.Compare(b.from), a.to.Compare(b.to)) })
	var down time.Duration
	var cur period
	for i, iv := range open {
		switch {
		case i == 0:
			cur = iv
		case iv.from.After(cur.to):
			down += cur.to.Sub(cur.from)
			cur = iv
		case iv.to.After(cur.to):
			cur.to = iv.to
		}
	}
	down += cur.to.Sub(cur.from)
	observed := now.Sub(from)
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

// straightforwardPerMonth places each incident by its calendar month.
func straightforwardPerMonth(m *view.Model, first time.Time) []MonthCount {
	out := make([]MonthCount, MonthsShown)
	for i := range out {
		out[i].Month = monthName(first.AddDate(0, i, 0))
	}
	for _, in := range m.Incidents {
		if in.Start.Before(first) || in.Start.After(m.Now) {
			continue
		}
		t := in.Start.In(first.Location())
		out[(t.Year()-first.Year())*12+int(t.Month())-int(first.Month())].count(in.Severity)
	}
	return out
}
