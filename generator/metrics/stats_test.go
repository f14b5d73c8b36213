package metrics

import (
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

func withPromise(in *status.Incident, next time.Time) *status.Incident {
	in.NextUpdate = next
	return in
}

func withFirstUpdate(in *status.Incident, first time.Time) *status.Incident {
	in.Updates[0].At = first
	return in
}

func withoutStart(in *status.Incident) *status.Incident {
	in.Started = time.Time{}
	return in
}

func TestIncidentStatistics(t *testing.T) {
	now := at(seoul, "2026-11-22 11:00")
	api := []*status.Component{comp("api", 99.9, time.Time{})}
	for _, tc := range []struct {
		name      string
		incidents []*status.Incident
		check     func(t *testing.T, r *Report)
	}{
		{
			name: "a promise is kept when the incident was resolved by the promised time",
			incidents: []*status.Incident{
				withPromise(incident("a", status.P2, at(seoul, "2026-11-10 10:00"), at(seoul, "2026-11-10 11:00"), status.PartialOutage, "api"), at(seoul, "2026-11-10 11:30")),
			},
			check: func(t *testing.T, r *Report) {
				s := reliability(t, r, "api").Last90Days
				eq(t, "promises", s.Promises, 1)
				eq(t, "kept", s.PromisesKept, 1)
				eq(t, "kept percent", val(t, "kept percent", s.PromisesKeptPercent), 100)
			},
		},
		{
			name: "a promise is broken when the resolution came after the promised time",
			incidents: []*status.Incident{
				withPromise(incident("a", status.P2, at(seoul, "2026-11-10 10:00"), at(seoul, "2026-11-10 12:00"), status.PartialOutage, "api"), at(seoul, "2026-11-10 11:30")),
				withPromise(incident("b", status.P2, at(seoul, "2026-11-12 10:00"), at(seoul, "2026-11-12 11:00"), status.PartialOutage, "api"), at(seoul, "2026-11-12 11:00")),
				withPromise(incident("c", status.P2, at(seoul, "2026-11-14 10:00"), at(seoul, "2026-11-14 11:00"), status.PartialOutage, "api"), at(seoul, "2026-11-14 12:00")),
			},
			check: func(t *testing.T, r *Report) {
				s := reliability(t, r, "api").Last90Days
				eq(t, "promises", s.Promises, 3)
				eq(t, "kept", s.PromisesKept, 2)
				eq(t, "kept percent", val(t, "kept percent", s.PromisesKeptPercent), 66.67)
			},
		},
		{
			name: "an open incident's promise is broken once overdue and undecided before",
			incidents: []*status.Incident{
				withPromise(incident("overdue", status.P1, at(seoul, "2026-11-22 09:00"), time.Time{}, status.PartialOutage, "api"), at(seoul, "2026-11-22 10:00")),
				withPromise(incident("pending", status.P1, at(seoul, "2026-11-22 10:00"), time.Time{}, status.PartialOutage, "api"), at(seoul, "2026-11-22 12:00")),
			},
			check: func(t *testing.T, r *Report) {
				s := reliability(t, r, "api").Last90Days
				eq(t, "promises", s.Promises, 1)
				eq(t, "kept", s.PromisesKept, 0)
				eq(t, "kept percent", val(t, "kept percent", s.PromisesKeptPercent), 0)
			},
		},
		{
			name: "time to first update is measured only where the start was written",
			incidents: []*status.Incident{
				withFirstUpdate(incident("a", status.P1, at(seoul, "2026-11-10 10:00"), at(seoul, "2026-11-10 11:00"), status.MajorOutage, "api"), at(seoul, "2026-11-10 10:12")),
				withFirstUpdate(incident("b", status.P1, at(seoul, "2026-11-12 10:00"), at(seoul, "2026-11-12 11:00"), status.MajorOutage, "api"), at(seoul, "2026-11-12 10:30")),
				withoutStart(incident("c", status.P1, at(seoul, "2026-11-14 10:00"), at(seoul, "2026-11-14 11:00"), status.MajorOutage, "api")),
			},
			check: func(t *testing.T, r *Report) {
				s := reliability(t, r, "api").Last90Days
				eq(t, "incidents", s.Incidents, 3)
				eq(t, "acknowledged", s.Acknowledged, 2)
				eq(t, "time to first update", val(t, "time to first update", s.TimeToFirstUpdateMinutes), 21)
			},
		},
		{
			name: "MTTR counts incidents resolved in the window, MTBF those started in it",
			incidents: []*status.Incident{
				// Started before the 90-day window (2026-08-25), resolved inside it.
				incident("old", status.P2, at(seoul, "2026-08-24 23:00"), at(seoul, "2026-08-25 01:00"), status.MajorOutage, "api"),
				incident("new", status.P2, at(seoul, "2026-11-01 00:00"), at(seoul, "2026-11-01 01:00"), status.MajorOutage, "api"),
			},
			check: func(t *testing.T, r *Report) {
				s := reliability(t, r, "api").Last90Days
				eq(t, "window starts", r.Windows.Last90Days.From.Format(time.RFC3339), "2026-08-25T00:00:00+09:00")
				eq(t, "incidents", s.Incidents, 1)
				eq(t, "resolved", s.Resolved, 2)
				eq(t, "MTTR", val(t, "MTTR", s.MTTRMinutes), 90)
				eq(t, "incident minutes", s.IncidentMinutes, 120)
				eq(t, "MTBF", val(t, "MTBF", s.MTBFMinutes), s.ObservedMinutes-120)
				y := reliability(t, r, "api").Last12Months
				eq(t, "incidents in 12 months", y.Incidents, 2)
				eq(t, "MTBF in 12 months", val(t, "MTBF", y.MTBFMinutes), (y.ObservedMinutes-180)/2)
			},
		},
		{
			name: "severities and months count every incident, informational ones included; the overall figures leave notices out",
			incidents: []*status.Incident{
				incident("p0", status.P0, at(seoul, "2026-11-01 00:00"), at(seoul, "2026-11-01 01:00"), status.MajorOutage, "api"),
				incident("p1", status.P1, at(seoul, "2026-10-01 00:00"), at(seoul, "2026-10-01 01:00"), status.MajorOutage, "api"),
				incident("p3", status.P3, at(seoul, "2026-11-05 00:00"), at(seoul, "2026-11-05 02:00"), status.MajorOutage),
				incident("early", status.P2, at(seoul, "2025-11-30 23:00"), at(seoul, "2025-11-30 23:30"), status.MajorOutage, "api"),
			},
			check: func(t *testing.T, r *Report) {
				eq(t, "November", r.IncidentsPerMonth[11], MonthCount{Month: "2026-11", P0: 1, P3: 1, Total: 2})
				eq(t, "October", r.IncidentsPerMonth[10], MonthCount{Month: "2026-10", P1: 1, Total: 1})
				eq(t, "December 2025", r.IncidentsPerMonth[0], MonthCount{Month: "2025-12"})
				eq(t, "P3 incidents", r.Severities[3].Last12Months.Incidents, 1)
				eq(t, "P3 MTTR", val(t, "P3 MTTR", r.Severities[3].Last12Months.MTTRMinutes), 120)
				eq(t, "component incidents exclude the informational one", reliability(t, r, "api").Last12Months.Incidents, 2)
				eq(t, "overall incidents, the notice left out", r.Overall.Last12Months.Incidents, 2)
				eq(t, "overall MTTR, the notice left out", val(t, "MTTR", r.Overall.Last12Months.MTTRMinutes), 60)
				eq(t, "severity names", r.Severities[0].Severity+r.Severities[3].Severity, "P0P3")
			},
		},
		{
			name: "an open incident whose component has recovered is a failure overall as it is of the component",
			incidents: []*status.Incident{
				recovered(incident("open", status.P2, at(seoul, "2026-11-22 09:00"), time.Time{}, status.MajorOutage, "api"), at(seoul, "2026-11-22 10:00")),
			},
			check: func(t *testing.T, r *Report) {
				eq(t, "component incidents", reliability(t, r, "api").Last12Months.Incidents, 1)
				eq(t, "overall incidents", r.Overall.Last12Months.Incidents, 1)
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, New(testSite(seoul, api, tc.incidents), now)) })
	}
}
