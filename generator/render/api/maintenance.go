package api

import (
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// maintenanceStatus is the Statuspage name of a maintenance status.
// Statuspage has no "cancelled": a cancelled window is reported as
// "completed", the only final status its clients know.
func maintenanceStatus(s status.MaintenanceStatus) string {
	if s == status.Cancelled {
		return status.Completed.String()
	}
	return s.String()
}

// maintenance converts one maintenance window and returns it with the time
// it last changed. Its timeline starts with the announcement (status
// "scheduled", the window's description as body) unless the author wrote a
// "Scheduled" update first; written updates later than now are left out,
// as they are when deciding the window's status.
func (b *builder) maintenance(v *view.Maintenance) (*maintenance, time.Time) {
	now := b.m.Now
	id := ID("maintenance", v.Slug)
	anchors := v.Anchors()
	created := v.Created()
	affected := make([]view.Affected, 0, len(v.Affected))
	for _, c := range v.Affected {
		affected = append(affected, view.Affected{Component: c, Status: status.UnderMaintenance})
	}

	var entries []entry
	var closed time.Time // the update that completed or cancelled the window
	started := false     // an update said it is in progress (or further)
	for i, u := range v.Updates {
		if u.At.After(now) {
			continue
		}
		if len(entries) == 0 && u.Status != status.Scheduled {
			entries = append(entries, announcement(created, b.body(v.Body)))
		}
		entries = append(entries, entry{
			at: u.At, body: b.body(u.Body), key: anchors[i], status: maintenanceStatus(u.Status),
			new: newStatus(u.Status),
		})
		switch u.Status {
		case status.InProgress, status.Verifying:
			started = true
		case status.Completed, status.Cancelled:
			started, closed = true, u.At
		}
	}
	if len(entries) == 0 {
		entries = append(entries, announcement(created, b.body(v.Body)))
	}

	// The window changed last at its newest update, or when the schedule
	// itself moved it on: its start or end passing without an update.
	updated := created
	for _, e := range entries {
		updated = status.Later(updated, e.at)
	}
	switch {
	case v.Status == status.InProgress && !started:
		updated = status.Later(updated, v.From)
	case v.Status == status.Completed && closed.IsZero():
		updated = status.Later(updated, v.Until)
	}
	var resolved *string
	if v.Status == status.Completed || v.Status == status.Cancelled {
		at := closed
		if at.IsZero() {
			at = v.Until
		}
		resolved = b.clk.opt(at, true)
	}
	return &maintenance{
		incident: incident{
			ID:              id,
			Name:            v.Title,
			Status:          maintenanceStatus(v.Status),
			CreatedAt:       b.clk.ts(created),
			UpdatedAt:       b.clk.ts(updated),
			MonitoringAt:    nil,
			ResolvedAt:      resolved,
			Impact:          "maintenance",
			Shortlink:       b.c.URLs.Abs(paths.Maintenance(v.Slug)),
			StartedAt:       b.clk.ts(created), // Statuspage: when the maintenance was posted
			PageID:          b.pageID,
			IncidentUpdates: b.updates("maintenance", v.Slug, id, affected, entries),
			Components:      b.affectedObjects(affected),
		},
		ScheduledFor:   b.clk.ts(v.From),
		ScheduledUntil: b.clk.ts(v.Until),
	}, updated
}

// announcement is the update that posted a window: Statuspage creates one
// with status "scheduled" and the description as its body.
func announcement(at time.Time, body string) entry {
	return entry{at: at, body: body, key: "scheduled", status: status.Scheduled.String(), new: newStatus(status.Scheduled)}
}

// newStatus says what a maintenance update does to its components: under
// maintenance while in progress or verifying, operational otherwise.
func newStatus(s status.MaintenanceStatus) func(status.ComponentStatus) status.ComponentStatus {
	return func(during status.ComponentStatus) status.ComponentStatus {
		if s == status.InProgress || s == status.Verifying {
			return during
		}
		return status.Operational
	}
}
