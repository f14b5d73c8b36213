package api_test

import (
	"fmt"
	"testing"
	"time"
)

// TestAnUpdateThatRecoversAComponentShowsTheChange: the update that marked
// the API operational moves it from major_outage to operational, updates
// before it keep the outage, and the component's status is the one now.
func TestAnUpdateThatRecoversAComponentShowsTheChange(t *testing.T) {
	fsys := smallSite("", map[string]string{"content/incidents/x.md": `---
title: Errors
severity: P0
components:
  api: [major_outage, operational from 2026-11-22 10:30]
  db: partial_outage
---

## Update — 2026-11-22 10:30
The API is back; the database is still slow.

## Identified — 2026-11-22 10:10
A bad deploy.

## Investigating — 2026-11-22 10:00
Errors.
`})
	files := renderAPI(t, fsys, time.Date(2026, 11, 22, 11, 0, 0, 0, seoul), "")
	in := decode[tIncidents](t, files["incidents.json"]).Incidents[0]
	var got []string
	for _, u := range in.IncidentUpdates { // newest first
		for _, a := range u.AffectedComponents {
			got = append(got, fmt.Sprintf("%s %s %s→%s", u.Status, a.Name, a.OldStatus, a.NewStatus))
		}
	}
	want := []string{
		"identified Core - API major_outage→operational", // an "update" keeps the status before it
		"identified Core - Database partial_outage→partial_outage",
		"identified Core - API major_outage→major_outage",
		"identified Core - Database partial_outage→partial_outage",
		"investigating Core - API operational→major_outage",
		"investigating Core - Database operational→partial_outage",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("affected components, newest update first:\n%q\nwant:\n%q", got, want)
	}
	status := map[string]string{}
	for _, c := range in.Components {
		status[c.Name] = string(c.Status)
	}
	for _, c := range decode[tComponents](t, files["components.json"]).Components {
		status["components.json "+c.Name] = string(c.Status)
	}
	for name, want := range map[string]string{"API": "operational", "Database": "partial_outage", "components.json API": "operational"} {
		if status[name] != want {
			t.Errorf("%s status %q, want %q", name, status[name], want)
		}
	}
	if in.Impact != "critical" {
		t.Errorf("impact %q, want critical: the incident was that bad", in.Impact)
	}
}
