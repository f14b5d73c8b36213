package notify

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

const dbUpgrade = `---
title: Database upgrade
components: [api]
scheduled_for: 2026-11-21 12:00
scheduled_until: 2026-11-21 13:00
---
The API will be read-only for up to 20 minutes.
`

func TestMaintenanceIsAnnouncedStartedAndCompletedOnce(t *testing.T) {
	rs, env := receivers(t)
	dir := testSite(t, allKinds+"    components: [api]\n", map[string]string{"content/maintenance/old-window.md": dbUpgrade})
	if _, err := runAt(t, dir, at("09:00"), env); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "content/maintenance/db-upgrade.md", dbUpgrade)
	type step struct {
		now        string
		chat, hook []string // statuses expected on Slack and on the webhook
	}
	for _, s := range []step{
		// The window written before the ledger began is not announced;
		// the new one is, when first seen.
		{"10:00", []string{"Scheduled"}, []string{"scheduled"}},
		{"11:00", nil, nil},
		// Both windows start: the old one was known, so its start is news.
		{"12:05", []string{"In progress", "In progress"}, []string{"in_progress", "in_progress", "under_maintenance"}},
		{"13:05", []string{"Completed", "Completed"}, []string{"completed", "completed", "operational"}},
		{"14:00", nil, nil},
	} {
		if _, err := runAt(t, dir, at(s.now), env); err != nil {
			t.Fatal(err)
		}
		var chat, hook []string
		for _, r := range rs["team-slack"].requests(t) {
			var m struct {
				Blocks []struct {
					Elements []struct{ Text string }
				}
			}
			json.Unmarshal(r.Body, &m)
			chat = append(chat, strings.Split(m.Blocks[1].Elements[0].Text, "*")[1]) // "*In progress* · …"
		}
		for _, r := range rs["partners"].requests(t) {
			var p spPayload
			if err := json.Unmarshal(r.Body, &p); err != nil {
				t.Fatal(err)
			}
			switch {
			case p.Incident != nil:
				if p.Incident.Impact != "maintenance" || p.Incident.ScheduledFor == nil || p.Incident.IncidentUpdates[0].Status != p.Incident.Status {
					t.Errorf("%s: maintenance payload %+v", s.now, p.Incident)
				}
				hook = append(hook, p.Incident.Status)
			case p.Component != nil:
				hook = append(hook, p.ComponentUpdate.NewStatus)
			}
		}
		for _, rc := range rs {
			rc.reset()
		}
		slices.Sort(chat)
		slices.Sort(hook)
		slices.Sort(s.hook)
		if !slices.Equal(chat, s.chat) || !slices.Equal(hook, s.hook) {
			t.Errorf("at %s: chat %q, webhook %q; want %q and %q", s.now, chat, hook, s.chat, s.hook)
		}
	}
}

// In a zone that turns its clocks back, a later time can be written as
// a smaller string ("01:10+00:00" after "01:50+01:00"): the webhook's
// updates must still come newest first.
func TestAWindowsUpdatesAreNewestFirstAcrossAClockChange(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Fatal(err)
	}
	utc := func(hhmm string) time.Time { // 2026-10-25: BST ends at 01:00 UTC
		t, _ := time.Parse("2006-01-02 15:04", "2026-10-25 "+hhmm)
		return t
	}
	base, _ := url.Parse("https://status.example.com/")
	site := &status.Site{
		Config:     status.Config{Title: "Test", BaseURL: base, Language: "en", TimeZone: "Europe/London", Location: london, UptimeDays: 30},
		Components: []*status.Component{{ID: "api", Name: "API"}},
		Maintenances: []*status.Maintenance{{
			Slug: "upgrade", Title: "Upgrade", Components: []status.Affected{{ID: "api", Status: status.UnderMaintenance}},
			From: utc("00:30"), Until: utc("02:30"),
			Updates: []status.MaintenanceUpdate{
				{Status: status.InProgress, At: utc("00:50")}, // 01:50+01:00
				{Status: status.Verifying, At: utc("01:10")},  // 01:10+00:00
			},
		}},
	}
	m := view.New(site, utc("03:00"))
	seen := func(string) time.Time { return time.Time{} }
	h := newWebhook(m, paths.New(base), seen)
	var found bool
	for _, ev := range Events(m, seen, time.Time{}) {
		if ev.Kind != MaintenanceCompleted {
			continue
		}
		found = true
		b, err := h.format(&ev, nil, "", utc("03:00"))
		if err != nil {
			t.Fatal(err)
		}
		var p spPayload
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		var got []string
		var prev time.Time
		for i, u := range p.Incident.IncidentUpdates {
			at, err := time.Parse(time.RFC3339, u.CreatedAt)
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 && at.After(prev) {
				t.Errorf("update %d (%s, %s) is newer than the one before it", i, u.Status, u.CreatedAt)
			}
			prev = at
			got = append(got, u.Status)
		}
		if want := []string{"completed", "verifying", "in_progress", "scheduled"}; !slices.Equal(got, want) {
			t.Errorf("updates %q, want %q", got, want)
		}
	}
	if !found {
		t.Fatal("no completion event")
	}
}
