package content

import (
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// TestComponentHistoryIsRead reads the statuses a component went through,
// in both YAML list shapes, beside the plain form.
func TestComponentHistoryIsRead(t *testing.T) {
	loc := time.FixedZone("KST", 9*3600)
	at := func(h, m int) time.Time { return time.Date(2026, 11, 21, h, m, 0, 0, loc) }
	tests := []struct {
		name  string
		value string // after "components:\n"
		want  []status.Affected
	}{
		{"a plain status holds for the whole incident",
			"  api: partial_outage\n",
			[]status.Affected{{ID: "api", Status: status.PartialOutage, Line: 4}}},
		{"a flow list gives each status from its time",
			"  api: [major_outage, partial_outage from 2026-11-21 15:10, operational from 2026-11-21 16:05]\n",
			[]status.Affected{{ID: "api", Status: status.MajorOutage, Line: 4, Changes: []status.StatusChange{
				{At: at(15, 10), Status: status.PartialOutage, Line: 4}, {At: at(16, 5), Status: status.Operational, Line: 4}}}}},
		{"a block list is read the same, each change at its own line",
			"  db: degraded_performance\n  api:\n    - major_outage\n    - operational from 2026-11-21 15:10\n",
			[]status.Affected{{ID: "db", Status: status.DegradedPerformance, Line: 4},
				{ID: "api", Status: status.MajorOutage, Line: 5, Changes: []status.StatusChange{{At: at(15, 10), Status: status.Operational, Line: 7}}}}},
		{"a first status with a time means operational until then",
			"  api: [partial_outage from 2026-11-21 15:10]\n",
			[]status.Affected{{ID: "api", Status: status.Operational, Line: 4, Changes: []status.StatusChange{{At: at(15, 10), Status: status.PartialOutage, Line: 4}}}}},
		{"a time with an offset is read in its own zone",
			"  api: [major_outage, operational from 2026-11-21 06:10Z]\n",
			[]status.Affected{{ID: "api", Status: status.MajorOutage, Line: 4, Changes: []status.StatusChange{{At: at(15, 10), Status: status.Operational, Line: 4}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "---\ntitle: X\ncomponents:\n" + tt.value + "---\n\n## Resolved — 2026-11-21 17:00\nB.\n\n## Investigating — 2026-11-21 14:00\nA.\n"
			st, probs := Load(site(map[string]string{"content/incidents/x.md": src}))
			if st == nil || len(probs) > 0 {
				t.Fatalf("problems:\n%s", reports(probs))
			}
			if ps := st.Validate(at(23, 0)); len(ps) > 0 {
				t.Fatalf("Validate:\n%s", reports(ps))
			}
			got := st.Incidents[0].Components
			if len(got) != len(tt.want) {
				t.Fatalf("got %d components, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.ID != w.ID || g.Status != w.Status || g.Line != w.Line || len(g.Changes) != len(w.Changes) {
					t.Fatalf("component %d = %+v, want %+v", i, g, w)
				}
				for j, c := range w.Changes {
					if gc := g.Changes[j]; !gc.At.Equal(c.At) || gc.Status != c.Status || gc.Line != c.Line {
						t.Errorf("%s change %d = %+v, want %+v", w.ID, j, gc, c)
					}
				}
			}
		})
	}
}

// TestComponentHistoryMessages pins the message of every mistake in a
// component's history, at the line of the status that is wrong.
func TestComponentHistoryMessages(t *testing.T) {
	const body = "---\n\n## Resolved — 2026-11-21 17:00\nB.\n\n## Investigating — 2026-11-21 14:00\nA.\n"
	tests := []struct {
		name  string
		front string // after "title: X\n"
		want  string
	}{
		{"a misspelt status gets a suggestion",
			"components:\n  api: [major_outage, partial_outge from 2026-11-21 15:10]\n",
			`content/incidents/x.md:4: unknown status "partial_outge" for component "api" (did you mean "partial_outage"?)`},
		{"an unreadable time says how to write one",
			"components:\n  api:\n    - major_outage\n    - operational from 2026-11-21 3pm\n",
			`content/incidents/x.md:6: component "api": bad time "2026-11-21 3pm" (write YYYY-MM-DD HH:MM, optionally with :SS and an offset such as +09:00)`},
		{"a time without its date says so",
			"components:\n  api: [major_outage, operational from 15:10]\n",
			`content/incidents/x.md:4: component "api": "15:10" has a time but no date (write e.g. 2026-11-21 15:10)`},
		{"a later status without a time asks for it",
			"components:\n  api:\n    - major_outage\n    - operational\n",
			`content/incidents/x.md:6: component "api": operational needs the time it began, e.g. "operational from 2026-11-21 15:10"`},
		{"a time without from asks for from",
			"components:\n  api: [major_outage, operational 2026-11-21 15:10]\n",
			`content/incidents/x.md:4: component "api": write "operational from 2026-11-21 15:10" (a status, "from" and the time it began)`},
		{"an empty list asks for a status",
			"components:\n  api: []\n",
			`content/incidents/x.md:4: component "api": give its status, e.g. "api: partial_outage"`},
		{"times out of order are reported at the later line",
			"components:\n  api:\n    - major_outage\n    - partial_outage from 2026-11-21 15:10\n    - operational from 2026-11-21 15:00\n",
			`content/incidents/x.md:7: api: the change to operational at 2026-11-21 15:00:00 is not after the change before it (2026-11-21 15:10:00); list changes oldest first`},
		{"a change before the start is reported",
			"started: 2026-11-21 13:50\ncomponents:\n  api: [major_outage, operational from 2026-11-21 13:40]\n",
			`content/incidents/x.md:5: api: the change to operational at 2026-11-21 13:40:00 is before the incident started (2026-11-21 13:50:00)`},
		{"a change after the resolution is reported",
			"components:\n  api: [major_outage, operational from 2026-11-21 17:30]\n",
			`content/incidents/x.md:4: api: the change to operational at 2026-11-21 17:30:00 is after the incident was resolved (2026-11-21 17:00:00)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, probs := Load(site(map[string]string{"content/incidents/x.md": "---\ntitle: X\n" + tt.front + body}))
			if st != nil {
				probs = append(probs, st.Validate(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))...)
			}
			probs.Sort()
			if got := strings.TrimSpace(reports(probs)); got != tt.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// TestTemplateComponentsTakeNoHistory: a template's statuses are where a
// new incident starts; a history there has no incident to be in.
func TestTemplateComponentsTakeNoHistory(t *testing.T) {
	_, probs := Load(site(map[string]string{"content/templates/x.md": "---\ntitle: X\ncomponents:\n  api: [major_outage]\n---\nText.\n"}))
	want := `content/templates/x.md:4: api must be a single value, not a list`
	if got := strings.TrimSpace(reports(probs)); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
}
