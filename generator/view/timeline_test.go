package view

import (
	"math"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

var seoul, _ = time.LoadLocation("Asia/Seoul")

func kst(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, seoul) }

// incident is an incident on component "api" from..to (zero to: open).
func incident(st status.ComponentStatus, from, to time.Time) *status.Incident {
	in := &status.Incident{Components: []status.Affected{{ID: "api", Status: st}},
		Updates: []status.IncidentUpdate{{Kind: status.Investigating, At: from}}}
	if !to.IsZero() {
		in.Updates = append(in.Updates, status.IncidentUpdate{Kind: status.Resolved, At: to})
	}
	return in
}

// changed gives api's status in incident in the later changes.
func changed(in *status.Incident, changes ...status.StatusChange) *status.Incident {
	in.Components[0].Changes = changes
	return in
}

func testSite(since time.Time, ins ...*status.Incident) *status.Site {
	return &status.Site{
		Config:     status.Config{Location: seoul, UptimeDays: 90},
		Components: []*status.Component{{ID: "api", Name: "API", Since: since}},
		Incidents:  ins,
	}
}

func TestUptimeArithmetic(t *testing.T) {
	day := func(d int) (time.Time, time.Time) { return kst(d, 0, 0), kst(d+1, 0, 0) }
	now := kst(22, 12, 0)
	tests := []struct {
		name               string
		site               *status.Site
		from, to           time.Time
		downtime, impacted time.Duration
		observed           time.Duration
		worst              status.ComponentStatus
	}{
		{"a major outage counts fully",
			testSite(time.Time{}, incident(status.MajorOutage, kst(20, 10, 0), kst(20, 11, 0))),
			kst(20, 0, 0), kst(21, 0, 0), time.Hour, time.Hour, 24 * time.Hour, status.MajorOutage},
		{"a partial outage counts 30%",
			testSite(time.Time{}, incident(status.PartialOutage, kst(20, 10, 0), kst(20, 11, 0))),
			kst(20, 0, 0), kst(21, 0, 0), 18 * time.Minute, time.Hour, 24 * time.Hour, status.PartialOutage},
		{"degraded performance is no downtime",
			testSite(time.Time{}, incident(status.DegradedPerformance, kst(20, 10, 0), kst(20, 11, 0))),
			kst(20, 0, 0), kst(21, 0, 0), 0, time.Hour, 24 * time.Hour, status.DegradedPerformance},
		{"an incident across midnight is split between the days (first day)",
			testSite(time.Time{}, incident(status.MajorOutage, kst(19, 23, 30), kst(20, 0, 45))),
			kst(19, 0, 0), kst(20, 0, 0), 30 * time.Minute, 30 * time.Minute, 24 * time.Hour, status.MajorOutage},
		{"an incident across midnight is split between the days (second day)",
			testSite(time.Time{}, incident(status.MajorOutage, kst(19, 23, 30), kst(20, 0, 45))),
			kst(20, 0, 0), kst(21, 0, 0), 45 * time.Minute, 45 * time.Minute, 24 * time.Hour, status.MajorOutage},
		{"an incident across the window edge counts only inside",
			testSite(time.Time{}, incident(status.MajorOutage, kst(1, 22, 0), kst(2, 2, 0))),
			kst(2, 0, 0), now, 2 * time.Hour, 2 * time.Hour, now.Sub(kst(2, 0, 0)), status.MajorOutage},
		{"overlapping incidents count once, at the worse status", // 90 min partial, 30 min major
			testSite(time.Time{},
				incident(status.PartialOutage, kst(20, 10, 0), kst(20, 12, 0)),
				incident(status.MajorOutage, kst(20, 11, 0), kst(20, 11, 30))),
			kst(20, 0, 0), kst(21, 0, 0), 30*time.Minute + time.Duration(0.3*float64(90*time.Minute)), 2 * time.Hour, 24 * time.Hour, status.MajorOutage},
		{"two identical overlapping incidents count once",
			testSite(time.Time{},
				incident(status.MajorOutage, kst(20, 10, 0), kst(20, 11, 0)),
				incident(status.MajorOutage, kst(20, 10, 0), kst(20, 11, 0))),
			kst(20, 0, 0), kst(21, 0, 0), time.Hour, time.Hour, 24 * time.Hour, status.MajorOutage},
		{"an unresolved incident counts up to now",
			testSite(time.Time{}, incident(status.MajorOutage, kst(22, 10, 0), time.Time{})),
			kst(22, 0, 0), kst(23, 0, 0), 2 * time.Hour, 2 * time.Hour, 12 * time.Hour, status.MajorOutage},
		{"time before since is not counted",
			testSite(kst(20, 12, 0), incident(status.MajorOutage, kst(20, 10, 0), kst(20, 13, 0))),
			kst(20, 0, 0), kst(21, 0, 0), time.Hour, time.Hour, 12 * time.Hour, status.MajorOutage},
		{"a day before since has no data",
			testSite(kst(21, 0, 0)),
			kst(20, 0, 0), kst(21, 0, 0), 0, 0, 0, status.Operational},
		{"a component marked operational counts only its outage",
			testSite(time.Time{}, changed(incident(status.MajorOutage, kst(20, 10, 0), kst(20, 12, 0)),
				status.StatusChange{At: kst(20, 10, 30), Status: status.Operational})),
			kst(20, 0, 0), kst(21, 0, 0), 30 * time.Minute, 30 * time.Minute, 24 * time.Hour, status.MajorOutage},
		{"an outage that eases counts each status for its period", // 30 min major, 60 min partial
			testSite(time.Time{}, changed(incident(status.MajorOutage, kst(20, 10, 0), kst(20, 11, 30)),
				status.StatusChange{At: kst(20, 10, 30), Status: status.PartialOutage})),
			kst(20, 0, 0), kst(21, 0, 0), 30*time.Minute + 18*time.Minute, 90 * time.Minute, 24 * time.Hour, status.MajorOutage},
		{"a recovery while the incident stays open stops the downtime",
			testSite(time.Time{}, changed(incident(status.MajorOutage, kst(22, 10, 0), time.Time{}),
				status.StatusChange{At: kst(22, 10, 30), Status: status.Operational})),
			kst(22, 0, 0), kst(23, 0, 0), 30 * time.Minute, 30 * time.Minute, 12 * time.Hour, status.MajorOutage},
		{"a component affected later counts from then",
			testSite(time.Time{}, changed(incident(status.Operational, kst(20, 10, 0), kst(20, 12, 0)),
				status.StatusChange{At: kst(20, 11, 0), Status: status.MajorOutage})),
			kst(20, 0, 0), kst(21, 0, 0), time.Hour, time.Hour, 24 * time.Hour, status.MajorOutage},
		{"an informational incident changes nothing",
			testSite(time.Time{}, &status.Incident{Updates: []status.IncidentUpdate{{Kind: status.Investigating, At: kst(20, 10, 0)}}}),
			kst(20, 0, 0), kst(21, 0, 0), 0, 0, 24 * time.Hour, status.Operational},
	}
	_ = day
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := New(tt.site, now).Component("api").Spans
			got := Measure(spans, tt.from, tt.to, tt.site.Components[0].Since, now)
			var byStatus time.Duration
			for st := status.DegradedPerformance; st <= status.MajorOutage; st++ {
				byStatus += got.ByStatus[st]
			}
			if byStatus != got.Impacted {
				t.Errorf("time by status adds up to %v, impacted is %v", byStatus, got.Impacted)
			}
			if got.Downtime != tt.downtime || got.Impacted != tt.impacted || got.Observed != tt.observed || got.Worst != tt.worst {
				t.Errorf("got downtime %v, impacted %v, observed %v, worst %v; want %v, %v, %v, %v",
					got.Downtime, got.Impacted, got.Observed, got.Worst, tt.downtime, tt.impacted, tt.observed, tt.worst)
			}
		})
	}
}

func TestMaintenanceIsNotDowntimeButShowsInTheBar(t *testing.T) {
	site := testSite(time.Time{})
	site.Maintenances = []*status.Maintenance{{From: kst(20, 2, 0), Until: kst(20, 4, 0), Components: []status.Affected{{ID: "api", Status: status.UnderMaintenance}}}}
	m := New(site, kst(22, 12, 0))
	d := m.Components[0].Days[len(m.Components[0].Days)-3]
	if !d.Date.Equal(kst(20, 0, 0)) || d.Worst != status.UnderMaintenance || d.Downtime != 0 {
		t.Fatalf("day %v: worst %v downtime %v", d.Date, d.Worst, d.Downtime)
	}
}

func TestUptimePercentWithoutDataIsAbsent(t *testing.T) {
	if u := (Tally{}).Uptime(); u != -1 {
		t.Fatalf("Uptime of nothing observed = %v, want -1", u)
	}
	u := Tally{Observed: 100 * time.Minute, Downtime: 1 * time.Minute}.Uptime()
	if math.Abs(u-99) > 1e-9 {
		t.Fatalf("uptime = %v, want 99", u)
	}
}

func TestModelCurrentStatusAndBanner(t *testing.T) {
	now := kst(22, 12, 0)
	p1 := incident(status.PartialOutage, kst(22, 10, 0), time.Time{})
	p1.Impact, p1.NextUpdate = status.ImpactMajor, kst(22, 11, 30)
	site := testSite(time.Time{}, p1, incident(status.MajorOutage, kst(20, 10, 0), kst(20, 11, 0)))
	site.Components = append(site.Components, &status.Component{ID: "db", Name: "Database"})
	site.Maintenances = []*status.Maintenance{{From: kst(22, 11, 0), Until: kst(22, 13, 0), Components: []status.Affected{{ID: "db"}}}}
	m := New(site, now)
	if got := m.Component("api").Status; got != status.PartialOutage {
		t.Errorf("api status = %v", got)
	}
	if got := m.Component("db").Status; got != status.UnderMaintenance {
		t.Errorf("db status = %v", got)
	}
	o := m.Overall
	if o.Indicator != status.ImpactMajor || o.Description != "Partial System Outage" || o.Worst != status.PartialOutage || len(o.WorstNames) != 1 || o.WorstNames[0] != "API" {
		t.Errorf("overall = %+v", o)
	}
	if !o.Overdue || !o.NextUpdate.Equal(kst(22, 11, 30)) {
		t.Errorf("promise: overdue %v next %v", o.Overdue, o.NextUpdate)
	}
	if len(m.Active) != 1 || len(m.InProgress) != 1 {
		t.Errorf("active %d, in progress %d", len(m.Active), len(m.InProgress))
	}
}

// TestRecoveredComponentIsOperationalWhileTheIncidentStaysOpen: the
// status in force now shows; the worst stays the incident's record.
func TestRecoveredComponentIsOperationalWhileTheIncidentStaysOpen(t *testing.T) {
	in := changed(incident(status.MajorOutage, kst(22, 10, 0), time.Time{}),
		status.StatusChange{At: kst(22, 10, 30), Status: status.PartialOutage},
		status.StatusChange{At: kst(22, 11, 0), Status: status.Operational})
	m := New(testSite(time.Time{}, in), kst(22, 12, 0))
	if got := m.Component("api").Status; got != status.Operational {
		t.Errorf("api status = %v, want operational", got)
	}
	if o := m.Overall; o.Worst != status.Operational || len(o.WorstNames) != 0 {
		t.Errorf("overall = %+v, want nothing worse than operational", o)
	}
	a := m.Incidents[0].Affected[0]
	if a.Status != status.Operational || a.Worst != status.MajorOutage || a.At(kst(22, 10, 45)) != status.PartialOutage {
		t.Errorf("affected = %v now, worst %v, %v at 10:45; want operational, major_outage, partial_outage", a.Status, a.Worst, a.At(kst(22, 10, 45)))
	}
	m = New(testSite(time.Time{}, in), kst(22, 10, 15))
	if got := m.Component("api").Status; got != status.MajorOutage {
		t.Errorf("api status at 10:15 = %v, want major_outage", got)
	}
}

func TestMaintenanceAloneKeepsTheIndicatorAtNone(t *testing.T) {
	site := testSite(time.Time{})
	site.Maintenances = []*status.Maintenance{{From: kst(22, 11, 0), Until: kst(22, 13, 0), Components: []status.Affected{{ID: "api"}}}}
	o := New(site, kst(22, 12, 0)).Overall
	if o.Indicator != status.ImpactNone || o.Description != "Service Under Maintenance" || !o.Maintenance {
		t.Fatalf("overall = %+v", o)
	}
}

func TestPaginate(t *testing.T) {
	for n, want := range map[int]int{0: 1, 1: 1, 25: 1, 26: 2, 100: 4} {
		if got := len(Paginate(make([]int, n), 25)); got != want {
			t.Errorf("Paginate(%d) gives %d pages, want %d", n, got, want)
		}
	}
}
