package content

import (
	"strings"
	"testing"
	"time"
)

// TestMessages pins every message an author meets for a common mistake:
// it names what is wrong, at the line of the key or heading, with a
// suggestion where there is one — and nothing else is reported.
func TestMessages(t *testing.T) {
	const head = "---\ntitle: X\n---\n\n"
	tests := []struct {
		name  string
		files map[string]string
		want  string // every problem, after Load and Validate
	}{
		{"a heading with a time but no date says so",
			map[string]string{"content/incidents/x.md": head + "## Investigating — 14:32\nA.\n"},
			`content/incidents/x.md:5: update heading "Investigating — 14:32" has a time but no date (write e.g. "## Investigating — 2026-11-21 14:32")`},
		{"a heading with a date but no time says so",
			map[string]string{"content/incidents/x.md": head + "## Investigating — 2026-11-21\nA.\n"},
			`content/incidents/x.md:5: "2026-11-21" has a date but no time (write e.g. 2026-11-21 14:30)`},
		{"a key with a time but no date says so",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\nnext_update: 15:30\n---\n\n## Investigating — 2026-11-21 14:00\nA.\n"},
			`content/incidents/x.md:3: next_update: "15:30" has a time but no date (write e.g. 2026-11-21 15:30)`},
		{"a tab in the indentation of YAML is named",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\ncomponents:\n\tapi: partial_outage\n---\n\n## Investigating — 2026-11-21 14:00\nA.\n"},
			`content/incidents/x.md:4: this line is indented with a tab; YAML indents with spaces only`},
		{"a check across keys points at the key's line",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\ncomponents:\n  api: partial_outage\nstarted: 2026-11-21 15:00\n---\n\n## Investigating — 2026-11-21 14:00\nA.\n"},
			`content/incidents/x.md:5: started (2026-11-21 15:00:00) is after the first update (2026-11-21 14:00:00)`},
		{"a window that ends before it starts is reported at scheduled_until",
			map[string]string{"content/maintenance/m.md": "---\ntitle: M\ncomponents: [api]\nscheduled_for: 2026-11-21 03:00\nscheduled_until: 2026-11-21 02:00\n---\n"},
			`content/maintenance/m.md:5: scheduled_until (2026-11-21 02:00:00) is not after scheduled_for (2026-11-21 03:00:00)`},
		{"a misspelt Korean word gets a Korean suggestion",
			map[string]string{"content/incidents/x.md": head + "## 모니터닝 — 2026-11-21 14:00\nA.\n"},
			`content/incidents/x.md:5: unknown update status "모니터닝" (did you mean "모니터링"?)`},
		{"Korean words without their space are read",
			map[string]string{"content/incidents/x.md": head + "## 원인파악 — 2026-11-21 14:30\nB.\n\n## 조사중 — 2026-11-21 14:00\nA.\n\n## 사후분석 — 2026-11-21 15:00\nC.\n"},
			`content/incidents/x.md:11: postmortem on an incident that is not resolved (warning)`},
		{"a misspelt Korean maintenance word gets a Korean suggestion",
			map[string]string{"content/maintenance/m.md": "---\ntitle: M\ncomponents: [api]\nscheduled_for: 2026-11-21 02:00\nscheduled_until: 2026-11-21 03:00\n---\n## 진행즁 — 2026-11-21 02:00\n"},
			`content/maintenance/m.md:7: unknown maintenance status "진행즁" (did you mean "진행 중"?)`},
		{"a misspelt time zone is reported once, with a suggestion, and no error follows from it",
			map[string]string{
				"content/site.yaml":      "title: T\nbase_url: https://status.example.com/\ntime_zone: Asia/Seol\n",
				"content/incidents/x.md": "---\ntitle: X\nstarted: 2026-11-21 14:00+09:00\n---\n\n## Investigating — 2026-11-21 14:05\nA.\n",
			},
			`content/site.yaml:3: unknown time_zone "Asia/Seol" (did you mean "Asia/Seoul"?)`},
		{"an update after the build's moment is reported",
			map[string]string{"content/incidents/x.md": head + "## Update — 2026-11-23 14:00\nB.\n\n## Investigating — 2026-11-21 14:00\nA.\n"},
			`content/incidents/x.md:5: the update at 2026-11-23 14:00:00 is after the time the site is built at (2026-11-21 23:00:00): it is shown as the latest news before it happened (warning)`},
		{"a heading without its space is reported, not shown as text silently",
			map[string]string{"content/incidents/x.md": head + "## Investigating — 2026-11-21 14:00\nA.\n\n##Identified — 2026-11-21 14:30\nB.\n"},
			`content/incidents/x.md:8: "##Identified — 2026-11-21 14:30" is not a heading but text: write a space after ## ("## Identified — 2026-11-21 14:30") (warning)`},
		{"raw HTML is reported once a line as dropped",
			map[string]string{"content/incidents/x.md": head + "## Investigating — 2026-11-21 14:00\nSome <b>bold</b> text.\n"},
			`content/incidents/x.md:6: raw HTML is dropped from the page (write Markdown, or set markdown.unsafe_html in site.yaml) (warning)`},
		{"an unsafe link is reported as dropped",
			map[string]string{"content/incidents/x.md": head + "## Investigating — 2026-11-21 14:00\nA.\n\nSee [this](javascript:alert(1)).\n"},
			`content/incidents/x.md:8: the link to "javascript:alert(1)" is dropped: links with this scheme are unsafe (warning)`},
		{"a link to a page that does not exist is reported; others are not",
			map[string]string{"content/incidents/x.md": head + "## Investigating — 2026-11-21 14:00\nSee [y](/incidents/nope/), [x](/incidents/x/#u-1), [api](/components/api/), [db](/maintenance/m/) and [h](/history/).\n"},
			"content/incidents/x.md:6: the link to /incidents/nope/ goes nowhere: there is no incident \"nope\" (warning)\n" +
				"content/incidents/x.md:6: the link to /maintenance/m/ goes nowhere: there is no maintenance \"m\" (warning)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, probs := Load(site(tt.files))
			if st != nil {
				probs = append(probs, st.Validate(time.Date(2026, 11, 21, 14, 0, 0, 0, time.UTC))...)
			}
			probs.Sort()
			if got := strings.TrimSpace(reports(probs)); got != tt.want {
				t.Errorf("problems:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}
