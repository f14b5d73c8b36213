package metrics

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

var seoul = mustLoc("Asia/Seoul")

func mustLoc(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// at reads "2006-01-02 15:04" in loc.
func at(loc *time.Location, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t
}

// testSite is a small site in loc with the given parts.
func testSite(loc *time.Location, comps []*status.Component, ins []*status.Incident, mts ...*status.Maintenance) *status.Site {
	return &status.Site{
		Config:       status.Config{Title: "T", Language: "en", TimeZone: loc.String(), Location: loc, UptimeDays: 90},
		Components:   comps,
		Incidents:    ins,
		Maintenances: mts,
	}
}

func comp(id string, slo float64, since time.Time) *status.Component {
	return &status.Component{ID: id, Name: strings.ToUpper(id), SLO: slo, Since: since}
}

// incident starts at from with an Investigating update and, unless to is
// zero, a Resolved update at to; it affects each id with st.
func incident(slug string, sev status.Severity, from, to time.Time, st status.ComponentStatus, ids ...string) *status.Incident {
	in := &status.Incident{Slug: slug, Title: slug, Severity: sev, Started: from,
		Updates: []status.IncidentUpdate{{Kind: status.Investigating, At: from}}}
	if !to.IsZero() {
		in.Updates = append(in.Updates, status.IncidentUpdate{Kind: status.Resolved, At: to})
	}
	for _, id := range ids {
		in.Components = append(in.Components, status.Affected{ID: id, Status: st})
	}
	return in
}

// recovered marks the incident's components operational from at.
func recovered(in *status.Incident, at time.Time) *status.Incident {
	for i := range in.Components {
		in.Components[i].Changes = []status.StatusChange{{At: at, Status: status.Operational}}
	}
	return in
}

func monthOf(t *testing.T, r *Report, id, name string) Month {
	t.Helper()
	for _, c := range r.Components {
		if c.ID != id {
			continue
		}
		for _, m := range c.Months {
			if m.Month == name {
				return m
			}
		}
	}
	t.Fatalf("no month %s of %s in %v", name, id, r.Months)
	return Month{}
}

func reliability(t *testing.T, r *Report, id string) Windowed {
	t.Helper()
	for _, c := range r.Components {
		if c.ID == id {
			return c.Reliability
		}
	}
	t.Fatalf("no component %s", id)
	return Windowed{}
}

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func isNil[T any](t *testing.T, what string, p *T) {
	t.Helper()
	if p != nil {
		t.Errorf("%s = %v, want null", what, *p)
	}
}

func val[T any](t *testing.T, what string, p *T) T {
	t.Helper()
	if p == nil {
		t.Fatalf("%s is null", what)
	}
	return *p
}

func TestMonths(t *testing.T) {
	utc := time.UTC
	for _, tc := range []struct {
		name  string
		site  *status.Site
		now   time.Time
		check func(t *testing.T, r *Report)
	}{
		{
			name: "an outage across a month boundary is split between the two months",
			site: testSite(seoul, []*status.Component{comp("api", 99.9, time.Time{})}, []*status.Incident{
				incident("a", status.P0, at(seoul, "2026-10-31 23:00"), at(seoul, "2026-11-01 01:00"), status.MajorOutage, "api"),
			}),
			now: at(seoul, "2026-11-22 11:00"),
			check: func(t *testing.T, r *Report) {
				eq(t, "October downtime", monthOf(t, r, "api", "2026-10").DowntimeMinutes, 60)
				eq(t, "November downtime", monthOf(t, r, "api", "2026-11").DowntimeMinutes, 60)
				eq(t, "October incidents", r.IncidentsPerMonth[10].P0, 1)
				eq(t, "November incidents", r.IncidentsPerMonth[11].Total, 0)
			},
		},
		{
			name: "an outage across a year boundary is split between December and January",
			site: testSite(seoul, []*status.Component{comp("api", 99.9, time.Time{})}, []*status.Incident{
				incident("a", status.P1, at(seoul, "2026-12-31 23:30"), at(seoul, "2027-01-01 00:30"), status.MajorOutage, "api"),
			}),
			now: at(seoul, "2027-01-15 00:00"),
			check: func(t *testing.T, r *Report) {
				eq(t, "months", strings.Join(r.Months[10:], ","), "2026-12,2027-01")
				eq(t, "December downtime", monthOf(t, r, "api", "2026-12").DowntimeMinutes, 30)
				eq(t, "January downtime", monthOf(t, r, "api", "2027-01").DowntimeMinutes, 30)
				eq(t, "December incidents", r.IncidentsPerMonth[10].P1, 1)
				eq(t, "December is complete", monthOf(t, r, "api", "2026-12").Complete, true)
				eq(t, "January is complete", monthOf(t, r, "api", "2027-01").Complete, false)
			},
		},
		{
			name: "overlapping incidents on one component count their overlap once",
			site: testSite(seoul, []*status.Component{comp("api", 99.9, time.Time{})}, []*status.Incident{
				incident("a", status.P1, at(seoul, "2026-11-10 10:00"), at(seoul, "2026-11-10 12:00"), status.MajorOutage, "api"),
				incident("b", status.P2, at(seoul, "2026-11-10 11:00"), at(seoul, "2026-11-10 13:00"), status.MajorOutage, "api"),
			}),
			now: at(seoul, "2026-11-22 11:00"),
			check: func(t *testing.T, r *Report) {
				m := monthOf(t, r, "api", "2026-11")
				eq(t, "downtime", m.DowntimeMinutes, 180)
				s := reliability(t, r, "api").Last90Days
				eq(t, "incident minutes", s.IncidentMinutes, 180)
				eq(t, "incidents", s.Incidents, 2)
				eq(t, "MTTR", val(t, "MTTR", s.MTTRMinutes), 120)
				eq(t, "MTBF", val(t, "MTBF", s.MTBFMinutes), (s.ObservedMinutes-180)/2)
				eq(t, "overall incident minutes", r.Overall.Last90Days.IncidentMinutes, 180)
			},
		},
		{
			name: "an unresolved incident counts up to now and has no repair time yet",
			site: testSite(seoul, []*status.Component{comp("api", 99.9, time.Time{})}, []*status.Incident{
				incident("a", status.P0, at(seoul, "2026-11-22 10:00"), time.Time{}, status.MajorOutage, "api"),
			}),
			now: at(seoul, "2026-11-22 11:30"),
			check: func(t *testing.T, r *Report) {
				eq(t, "downtime", monthOf(t, r, "api", "2026-11").DowntimeMinutes, 90)
				s := reliability(t, r, "api").Last12Months
				eq(t, "incidents", s.Incidents, 1)
				eq(t, "resolved", s.Resolved, 0)
				isNil(t, "MTTR", s.MTTRMinutes)
				eq(t, "incident minutes", s.IncidentMinutes, 90)
			},
		},
		{
			name: "a component created mid-month is measured and budgeted from its since",
			site: testSite(seoul, []*status.Component{comp("new", 99.9, at(seoul, "2026-11-16 00:00"))}, nil),
			now:  at(seoul, "2026-11-22 11:00"),
			check: func(t *testing.T, r *Report) {
				m := monthOf(t, r, "new", "2026-11")
				eq(t, "observed", m.ObservedMinutes, (6*24+11)*60)
				b := val(t, "budget", m.Budget)
				eq(t, "allowed (15 days at 0.1%)", b.AllowedMinutes, 21.6)
				eq(t, "availability", val(t, "availability", m.AvailabilityPercent), 100)
				old := monthOf(t, r, "new", "2026-10")
				eq(t, "October observed", old.ObservedMinutes, 0)
				isNil(t, "October availability", old.AvailabilityPercent)
				isNil(t, "October budget", old.Budget)
				isNil(t, "October SLO met", old.SLOMet)
				eq(t, "90-day observed", reliability(t, r, "new").Last90Days.ObservedMinutes, (6*24+11)*60)
			},
		},
		{
			name: "maintenance overlapping an outage leaves only the outage as downtime",
			site: testSite(seoul, []*status.Component{comp("api", 99.9, time.Time{})}, []*status.Incident{
				incident("a", status.P1, at(seoul, "2026-11-10 11:00"), at(seoul, "2026-11-10 12:00"), status.MajorOutage, "api"),
			}, &status.Maintenance{Slug: "m", Components: []status.Affected{{ID: "api", Status: status.UnderMaintenance}},
				From: at(seoul, "2026-11-10 10:00"), Until: at(seoul, "2026-11-10 14:00")}),
			now: at(seoul, "2026-11-22 11:00"),
			check: func(t *testing.T, r *Report) {
				eq(t, "downtime", monthOf(t, r, "api", "2026-11").DowntimeMinutes, 60)
				eq(t, "incident minutes", reliability(t, r, "api").Last90Days.IncidentMinutes, 60)
			},
		},
		{
			name: "a component marked operational before the resolution counts only its outage",
			site: testSite(seoul, []*status.Component{comp("api", 99.9, time.Time{})}, []*status.Incident{
				recovered(incident("a", status.P0, at(seoul, "2026-11-10 10:00"), at(seoul, "2026-11-10 12:00"), status.MajorOutage, "api"), at(seoul, "2026-11-10 10:30")),
			}),
			now: at(seoul, "2026-11-22 11:00"),
			check: func(t *testing.T, r *Report) {
				eq(t, "downtime", monthOf(t, r, "api", "2026-11").DowntimeMinutes, 30)
				eq(t, "incidents", reliability(t, r, "api").Last90Days.Incidents, 1)
			},
		},
		{
			name: "degraded performance counts as an incident but not as downtime",
			site: testSite(seoul, []*status.Component{comp("api", 99.9, time.Time{})}, []*status.Incident{
				incident("a", status.P2, at(seoul, "2026-11-10 11:00"), at(seoul, "2026-11-10 12:00"), status.DegradedPerformance, "api"),
			}),
			now: at(seoul, "2026-11-22 11:00"),
			check: func(t *testing.T, r *Report) {
				eq(t, "downtime", monthOf(t, r, "api", "2026-11").DowntimeMinutes, 0)
				eq(t, "incidents", reliability(t, r, "api").Last90Days.Incidents, 1)
			},
		},
		{
			name: "a site without incidents reports no MTTR, MTBF or promises rather than NaN",
			site: testSite(seoul, []*status.Component{comp("api", 99.95, time.Time{}), comp("bare", 0, time.Time{})}, nil),
			now:  at(seoul, "2026-11-22 11:00"),
			check: func(t *testing.T, r *Report) {
				for _, s := range []Stats{reliability(t, r, "api").Last90Days, r.Overall.Last12Months, r.Severities[0].Last90Days} {
					isNil(t, "MTTR", s.MTTRMinutes)
					isNil(t, "MTBF", s.MTBFMinutes)
					isNil(t, "time to first update", s.TimeToFirstUpdateMinutes)
					isNil(t, "promises kept", s.PromisesKeptPercent)
					eq(t, "incidents", s.Incidents, 0)
				}
				m := monthOf(t, r, "api", "2026-11")
				b := val(t, "budget", m.Budget)
				eq(t, "remaining", b.RemainingMinutes, b.AllowedMinutes)
				isNil(t, "exhausted", b.ExhaustedAt)
				eq(t, "met", val(t, "met", m.SLOMet), true)
				isNil(t, "budget without SLO", monthOf(t, r, "bare", "2026-11").Budget)
				isNil(t, "met without SLO", monthOf(t, r, "bare", "2026-11").SLOMet)
				out, err := json.Marshal(r)
				if err != nil {
					t.Fatal(err)
				}
				if s := string(out); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
					t.Errorf("NaN or Inf in %s", s)
				}
			},
		},
		{
			name: "a site with no components and no incidents still makes a report",
			site: testSite(seoul, nil, nil),
			now:  at(seoul, "2026-11-22 11:00"),
			check: func(t *testing.T, r *Report) {
				eq(t, "months", len(r.Months), MonthsShown)
				eq(t, "severities", len(r.Severities), 4)
				eq(t, "components", len(r.Components), 0)
			},
		},
		{
			name: "a Seoul month starts nine hours before the UTC month",
			site: testSite(seoul, []*status.Component{comp("api", 99.9, time.Time{})}, []*status.Incident{
				incident("a", status.P2, at(utc, "2026-10-31 20:00"), at(utc, "2026-10-31 21:00"), status.MajorOutage, "api"),
			}),
			now: at(seoul, "2026-11-22 11:00"),
			check: func(t *testing.T, r *Report) {
				eq(t, "November downtime in Seoul", monthOf(t, r, "api", "2026-11").DowntimeMinutes, 60)
				eq(t, "October downtime in Seoul", monthOf(t, r, "api", "2026-10").DowntimeMinutes, 0)
				eq(t, "November incidents in Seoul", r.IncidentsPerMonth[11].P2, 1)
				eq(t, "November starts", monthOf(t, r, "api", "2026-11").Start.Format(time.RFC3339), "2026-11-01T00:00:00+09:00")
			},
		},
		{
			name: "the same outage falls in October for a UTC site",
			site: testSite(utc, []*status.Component{comp("api", 99.9, time.Time{})}, []*status.Incident{
				incident("a", status.P2, at(utc, "2026-10-31 20:00"), at(utc, "2026-10-31 21:00"), status.MajorOutage, "api"),
			}),
			now: at(seoul, "2026-11-22 11:00"),
			check: func(t *testing.T, r *Report) {
				eq(t, "October downtime in UTC", monthOf(t, r, "api", "2026-10").DowntimeMinutes, 60)
				eq(t, "November downtime in UTC", monthOf(t, r, "api", "2026-11").DowntimeMinutes, 0)
				eq(t, "October incidents in UTC", r.IncidentsPerMonth[10].P2, 1)
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, New(tc.site, tc.now)) })
	}
}

func TestBudgetsFollowMonthLengths(t *testing.T) {
	for _, tc := range []struct {
		name  string
		month string
		now   time.Time
		want  float64
	}{
		{"a 31-day month allows 44.64 minutes at 99.9%", "2026-01", at(seoul, "2026-02-10 00:00"), 44.64},
		{"a 30-day month allows 43.2 minutes at 99.9%", "2026-04", at(seoul, "2026-05-10 00:00"), 43.2},
		{"a 28-day February allows 40.32 minutes at 99.9%", "2026-02", at(seoul, "2026-03-10 00:00"), 40.32},
		{"a 29-day February allows 41.76 minutes at 99.9%", "2028-02", at(seoul, "2028-03-10 00:00"), 41.76},
		{"the current month is budgeted in full, not up to now", "2026-04", at(seoul, "2026-04-02 00:00"), 43.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := New(testSite(seoul, []*status.Component{comp("api", 99.9, time.Time{})}, nil), tc.now)
			b := val(t, "budget", monthOf(t, r, "api", tc.month).Budget)
			eq(t, "allowed", b.AllowedMinutes, tc.want)
		})
	}
}

func TestBudgetRunsOut(t *testing.T) {
	for _, tc := range []struct {
		name      string
		incidents []*status.Incident
		used      float64
		exhausted string // "" for none
		met       bool
	}{
		{
			name: "a partial outage spends 30% of its time and runs the budget out mid-incident",
			incidents: []*status.Incident{
				incident("a", status.P1, at(seoul, "2026-11-05 10:00"), at(seoul, "2026-11-05 13:00"), status.PartialOutage, "api"),
			},
			used: 54, exhausted: "2026-11-05T12:24:00+09:00",
		},
		{
			name: "earlier downtime is spent first, then the walk continues in time order",
			incidents: []*status.Incident{
				incident("b", status.P1, at(seoul, "2026-11-05 10:00"), at(seoul, "2026-11-05 13:00"), status.PartialOutage, "api"),
				incident("a", status.P0, at(seoul, "2026-11-02 10:00"), at(seoul, "2026-11-02 10:20"), status.MajorOutage, "api"),
			},
			used: 74, exhausted: "2026-11-05T11:17:20+09:00",
		},
		{
			name: "downtime within the budget leaves it unexhausted",
			incidents: []*status.Incident{
				incident("a", status.P0, at(seoul, "2026-11-02 10:00"), at(seoul, "2026-11-02 10:20"), status.MajorOutage, "api"),
			},
			used: 20, met: true,
		},
		{
			name: "an open outage keeps spending the budget until now",
			incidents: []*status.Incident{
				incident("a", status.P0, at(seoul, "2026-11-22 10:00"), time.Time{}, status.MajorOutage, "api"),
			},
			used: 60, exhausted: "2026-11-22T10:43:12+09:00",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := New(testSite(seoul, []*status.Component{comp("api", 99.9, time.Time{})}, tc.incidents), at(seoul, "2026-11-22 11:00"))
			m := monthOf(t, r, "api", "2026-11")
			b := val(t, "budget", m.Budget)
			eq(t, "allowed", b.AllowedMinutes, 43.2)
			eq(t, "used", b.UsedMinutes, tc.used)
			eq(t, "remaining", b.RemainingMinutes, minutes(time.Duration((43.2-tc.used)*float64(time.Minute))))
			got := ""
			if b.ExhaustedAt != nil {
				got = b.ExhaustedAt.Format(time.RFC3339)
			}
			eq(t, "exhausted at", got, tc.exhausted)
			eq(t, "met", val(t, "met", m.SLOMet), tc.met)
		})
	}
}
