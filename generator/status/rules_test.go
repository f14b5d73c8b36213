package status

import (
	"testing"
	"time"
)

func at(h, m int) time.Time { return time.Date(2026, 11, 21, h, m, 0, 0, time.UTC) }

func upd(k UpdateKind, h, m int) IncidentUpdate { return IncidentUpdate{Kind: k, At: at(h, m)} }

func TestIncidentStatus(t *testing.T) {
	tests := []struct {
		name       string
		in         Incident
		want       UpdateKind
		resolved   bool
		start, end time.Time
	}{
		{"the newest update decides", Incident{Updates: []IncidentUpdate{upd(Investigating, 10, 0), upd(Identified, 10, 30)}}, Identified, false, at(10, 0), at(12, 0)},
		{"an Update keeps the status before it", Incident{Updates: []IncidentUpdate{upd(Investigating, 10, 0), upd(Monitoring, 10, 30), upd(Update, 11, 0)}}, Monitoring, false, at(10, 0), at(12, 0)},
		{"a Resolved update resolves it", Incident{Updates: []IncidentUpdate{upd(Investigating, 10, 0), upd(Resolved, 11, 0)}}, Resolved, true, at(10, 0), at(11, 0)},
		{"a later note after Resolved keeps it resolved", Incident{Updates: []IncidentUpdate{upd(Investigating, 10, 0), upd(Resolved, 11, 0), upd(Update, 11, 30)}}, Resolved, true, at(10, 0), at(11, 0)},
		{"a postmortem on a resolved incident makes it postmortem", Incident{Updates: []IncidentUpdate{upd(Investigating, 10, 0), upd(Resolved, 11, 0)}, Postmortem: &IncidentUpdate{Kind: Postmortem, At: at(20, 0)}}, Postmortem, true, at(10, 0), at(11, 0)},
		{"front matter resolved stands in for a Resolved update", Incident{Updates: []IncidentUpdate{upd(Investigating, 10, 0)}, ResolvedAt: at(10, 45)}, Resolved, true, at(10, 0), at(10, 45)},
		{"started before the first update moves the start", Incident{Started: at(9, 40), Updates: []IncidentUpdate{upd(Investigating, 10, 0)}}, Investigating, false, at(9, 40), at(12, 0)},
	}
	now := at(12, 0)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Status(); got != tt.want {
				t.Errorf("Status() = %v, want %v", got, tt.want)
			}
			if _, ok := tt.in.Resolved(); ok != tt.resolved {
				t.Errorf("resolved = %v, want %v", ok, tt.resolved)
			}
			if got := tt.in.Start(); !got.Equal(tt.start) {
				t.Errorf("Start() = %v, want %v", got, tt.start)
			}
			if got := tt.in.End(now); !got.Equal(tt.end) {
				t.Errorf("End(now) = %v, want %v", got, tt.end)
			}
		})
	}
}

func TestUpdatesAtTheSameTimeKeepFileOrder(t *testing.T) {
	in := Incident{Updates: []IncidentUpdate{upd(Monitoring, 11, 0), upd(Investigating, 10, 0), upd(Identified, 10, 0)}}
	in.SortUpdates()
	if in.Updates[0].Kind != Investigating || in.Updates[1].Kind != Identified || in.Updates[2].Kind != Monitoring {
		t.Fatalf("order = %v %v %v", in.Updates[0].Kind, in.Updates[1].Kind, in.Updates[2].Kind)
	}
}

func TestPromiseOverdue(t *testing.T) {
	in := Incident{NextUpdate: at(11, 0), Updates: []IncidentUpdate{upd(Investigating, 10, 0)}}
	if in.PromiseOverdue(at(10, 59)) {
		t.Error("overdue before the promised time")
	}
	if !in.PromiseOverdue(at(11, 1)) {
		t.Error("not overdue after the promised time")
	}
	in.Updates = append(in.Updates, upd(Resolved, 10, 50))
	if in.PromiseOverdue(at(11, 1)) {
		t.Error("a resolved incident's promise counted as overdue")
	}
}

func TestMaintenanceStatusAt(t *testing.T) {
	sched := Maintenance{From: at(2, 0), Until: at(4, 0)}
	withUpdates := func(us ...MaintenanceUpdate) Maintenance { m := sched; m.Updates = us; return m }
	mu := func(s MaintenanceStatus, h, m int) MaintenanceUpdate {
		return MaintenanceUpdate{Status: s, At: at(h, m)}
	}
	tests := []struct {
		name string
		m    Maintenance
		now  time.Time
		want MaintenanceStatus
	}{
		{"before the window it is scheduled", sched, at(1, 0), Scheduled},
		{"inside the window it is in progress", sched, at(2, 0), InProgress},
		{"after the window it is completed", sched, at(4, 0), Completed},
		{"an early Completed update ends it", withUpdates(mu(InProgress, 2, 0), mu(Completed, 3, 10)), at(3, 30), Completed},
		{"Verifying is shown while it lasts", withUpdates(mu(InProgress, 2, 0), mu(Verifying, 3, 0)), at(3, 30), Verifying},
		{"a Cancelled update cancels it", withUpdates(mu(Cancelled, 1, 0)), at(3, 0), Cancelled},
		{"an in-progress update lapses at the scheduled end", withUpdates(mu(InProgress, 2, 0)), at(5, 0), Completed},
		{"an overrun announced after the end holds", withUpdates(mu(InProgress, 2, 0), mu(InProgress, 4, 5)), at(5, 0), InProgress},
		{"updates in the future are not seen yet", withUpdates(mu(Completed, 3, 0)), at(2, 30), InProgress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.m.StatusAt(tt.now); got != tt.want {
				t.Errorf("StatusAt = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestClosest(t *testing.T) {
	known := []string{"api", "database", "dashboard", "webhooks"}
	for in, want := range map[string]string{"apii": "api", "databse": "database", "Webhook": "webhooks", "payments": ""} {
		if got := Closest(in, known); got != want {
			t.Errorf("Closest(%q) = %q, want %q", in, got, want)
		}
	}
}
