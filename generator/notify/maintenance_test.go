package notify

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
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
