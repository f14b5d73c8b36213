package author

import (
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// TestUpdateComponentWritesTheHistory replays an incident through Update:
// each --component starts a period at the update's time, the author's own
// lines stay, amending changes the newest period instead of adding one,
// and the file reads back with each status for the period it held.
func TestUpdateComponentWritesTheHistory(t *testing.T) {
	src := "---\ntitle: Slow payments # paged at 09:58\nseverity: P2\ncomponents:\n  api: partial_outage\nnext_update: 2026-11-22 10:30\n---\n\n## Investigating — 2026-11-22 10:00\nSlow.\n"
	s := openSite(t, "2026-11-22 10:20", map[string]string{"content/incidents/2026-11-22-slow-payments.md": src})
	steps := []struct {
		clock string
		req   UpdateRequest
		want  string // the components block after the step
	}{
		{"2026-11-22 10:20", UpdateRequest{Status: "identified", Components: map[string]string{"api": "major_outage"}, Message: "Down."},
			"components:\n  api: [partial_outage, major_outage from 2026-11-22 10:20]\nnext_update"},
		{"2026-11-22 10:50", UpdateRequest{Status: "monitoring", Components: map[string]string{"api": "operational", "database": "degraded_performance"}, Message: "Back."},
			"components:\n  api: [partial_outage, major_outage from 2026-11-22 10:20, operational from 2026-11-22 10:50]\n  database: [degraded_performance from 2026-11-22 10:50]\n---"},
		{"2026-11-22 10:55", UpdateRequest{Amend: true, Components: map[string]string{"api": "degraded_performance"}, Message: "Mostly back."},
			"components:\n  api: [partial_outage, major_outage from 2026-11-22 10:20, degraded_performance from 2026-11-22 10:50]\n  database: [degraded_performance from 2026-11-22 10:50]\n---"},
		{"2026-11-22 10:56", UpdateRequest{Amend: true, Components: map[string]string{"api": "major_outage"}, Message: "Still down."},
			"components:\n  api: [partial_outage, major_outage from 2026-11-22 10:20]\n  database: [degraded_performance from 2026-11-22 10:50]\n---"},
	}
	var got string
	for i, st := range steps {
		s = reopen(t, s, st.clock)
		w, err := s.Update("payments", st.req)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got = read(t, s, w); !strings.Contains(got, st.want) {
			t.Fatalf("step %d: the file lacks %q:\n%s", i, st.want, got)
		}
		if !strings.HasPrefix(got, "---\ntitle: Slow payments # paged at 09:58\nseverity: P0\n") {
			t.Fatalf("step %d: the author's first lines changed:\n%s", i, got)
		}
	}
	in := reopen(t, s, "2026-11-22 11:00").Content.Incident("2026-11-22-slow-payments")
	api := in.Components[0]
	for _, c := range []struct {
		at   string
		want status.ComponentStatus
	}{{"2026-11-22 10:10", status.PartialOutage}, {"2026-11-22 10:20", status.MajorOutage}, {"2026-11-22 10:59", status.MajorOutage}} {
		if got := api.At(at(c.at)); got != c.want {
			t.Errorf("api at %s: %s, want %s", c.at, got, c.want)
		}
	}
	if len(in.Updates) != 3 {
		t.Errorf("%d updates, want 3 (amending adds none)", len(in.Updates))
	}
}

// TestComponentValueWritesTheShortestForm: a plain status when nothing
// changed, no leading operational for a component affected later, and
// seconds only where the time has them.
func TestComponentValueWritesTheShortestForm(t *testing.T) {
	a := status.Affected{ID: "api", Status: status.MajorOutage, Changes: []status.StatusChange{
		{At: at("2026-11-22 10:20"), Status: status.PartialOutage}, {At: at("2026-11-22 10:50").Add(time.Second), Status: status.Operational}}}
	if got, want := ComponentValue(a, seoul), "[major_outage, partial_outage from 2026-11-22 10:20, operational from 2026-11-22 10:50:01]"; got != want {
		t.Errorf("ComponentValue = %s, want %s", got, want)
	}
	a.Status = status.Operational
	if got, want := ComponentValue(a, seoul), "[partial_outage from 2026-11-22 10:20, operational from 2026-11-22 10:50:01]"; got != want {
		t.Errorf("ComponentValue = %s, want %s", got, want)
	}
	if got := ComponentValue(status.Affected{ID: "api", Status: status.PartialOutage}, seoul); got != "partial_outage" {
		t.Errorf("ComponentValue of a plain status = %s", got)
	}
}

// TestPostmortemBudgetCountsEachPeriod: a component recovered before the
// resolution used budget only while it was down, and is listed with the
// worst status it had.
func TestPostmortemBudgetCountsEachPeriod(t *testing.T) {
	src := "---\ntitle: Slow payments\nseverity: P0\ncomponents:\n  api: [major_outage, partial_outage from 2026-11-22 10:20, operational from 2026-11-22 10:30]\n---\n\n## Resolved — 2026-11-22 12:10\nFixed.\n\n## Investigating — 2026-11-22 10:00\nDown.\n"
	s := openSite(t, "2026-11-22 13:00", map[string]string{"content/incidents/2026-11-22-slow-payments.md": src})
	_, draft, err := s.PostmortemDraft("payments")
	if err != nil {
		t.Fatal(err)
	}
	if want := "- API: major outage; 53% of the month's error budget"; !strings.Contains(draft, want) { // (20 + 0.3 × 10) min of 43.2 min
		t.Errorf("the draft lacks %q:\n%s", want, draft)
	}
}
