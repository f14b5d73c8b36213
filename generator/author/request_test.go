package author

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// site writes files into a new site root and opens it at clock.
func openSite(t *testing.T, clock string, files map[string]string) *Site {
	t.Helper()
	dir := t.TempDir()
	base := map[string]string{
		"content/site.yaml":              "title: T\nbase_url: https://status.test/\ntime_zone: Asia/Seoul\n",
		"content/components/api.md":      "---\nname: API\nslo: 99.9\n---\n",
		"content/components/database.md": "---\nname: Database\n---\n",
	}
	for k, v := range files {
		base[k] = v
	}
	for name, src := range base {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(dir, at(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// reopen loads the site again, as the next command would.
func reopen(t *testing.T, s *Site, clock string) *Site {
	t.Helper()
	n, err := Open(s.Dir, at(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Close() })
	return n
}

func read(t *testing.T, s *Site, w *Written) string {
	t.Helper()
	b, err := os.ReadFile(w.Path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const open1 = "---\ntitle: Slow payments\nseverity: P2\ncomponents:\n  api: partial_outage\nnext_update: 2026-11-22 10:30\n---\n\n## Investigating — 2026-11-22 10:00\nSlow.\n"

func TestLookupFindsBySlugPrefixAndTitleWords(t *testing.T) {
	s := openSite(t, "2026-11-22 11:00", map[string]string{
		"content/incidents/2026-11-22-slow-payments.md": open1,
		"content/incidents/2026-11-20-slow-search.md":   "---\ntitle: Slow search\n---\n\n## Resolved — 2026-11-20 10:00\nOK.\n",
		"content/incidents/2026-11-21-결제.md":            "",
	})
	tests := []struct{ query, want, wantErr string }{
		{"2026-11-22-slow-payments", "2026-11-22-slow-payments", ""},
		{"content/incidents/2026-11-22-slow-payments.md", "2026-11-22-slow-payments", ""},
		{"2026-11-22", "2026-11-22-slow-payments", ""},
		{"payments", "2026-11-22-slow-payments", ""},
		{"Slow Payments", "2026-11-22-slow-payments", ""},
		{"slow", "2026-11-22-slow-payments", ""}, // two match; the open one wins
		{"search", "2026-11-20-slow-search", ""},
		{"2026-11-2", "2026-11-22-slow-payments", ""}, // the open one of two
		{"2026-11-22-slow-paymnets", "", `no incident "2026-11-22-slow-paymnets" (did you mean "2026-11-22-slow-payments"?)`},
		{"outage", "", `no incident matches "outage"; open: 2026-11-22-slow-payments`},
		{"", "", "which incident?"},
	}
	for _, tt := range tests {
		r, err := s.Lookup(tt.query, false)
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Lookup(%q): err = %v, want %q", tt.query, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("Lookup(%q): %v", tt.query, err)
		case r.Slug != tt.want:
			t.Errorf("Lookup(%q) = %s, want %s", tt.query, r.Slug, tt.want)
		}
	}
}

func TestUpdateRequests(t *testing.T) {
	tests := []struct {
		name     string
		clock    string
		req      UpdateRequest
		want     []string // in the file
		wantNot  []string
		wantErr  string
		severity status.Severity
	}{
		{name: "a component recovers while the incident stays open", clock: "2026-11-22 10:20",
			req:  UpdateRequest{Status: "monitoring", Components: map[string]string{"api": "operational"}, Message: "Recovered."},
			want: []string{"components:\n  api: [partial_outage, operational from 2026-11-22 10:20]\n", "## Monitoring — 2026-11-22 10:20\nRecovered.\n\n## Investigating"}, severity: status.P2},
		{name: "a worse component raises the severity", clock: "2026-11-22 10:20",
			req:  UpdateRequest{Components: map[string]string{"database": "major_outage"}, Message: "Worse."},
			want: []string{"severity: P0\n", "  api: partial_outage\n  database: [major_outage from 2026-11-22 10:20]\n"}, severity: status.P0},
		{name: "a component set to the status it has gets no change", clock: "2026-11-22 10:20",
			req:  UpdateRequest{Components: map[string]string{"api": "partial_outage"}, Message: "Same."},
			want: []string{"components:\n  api: partial_outage\n"}, severity: status.P2},
		{name: "amending the opening update sets the status from the start", clock: "2026-11-22 10:20",
			req:  UpdateRequest{Amend: true, Components: map[string]string{"api": "major_outage"}, Message: "Down."},
			want: []string{"components:\n  api: major_outage\n", "## Investigating — 2026-11-22 10:00\nDown.\n"}, severity: status.P0},
		{name: "Korean words in any spacing", clock: "2026-11-22 10:20",
			req:  UpdateRequest{Status: "원인파악", Message: "찾았습니다."},
			want: []string{"## Identified — 2026-11-22 10:20\n찾았습니다."}, severity: status.P2},
		{name: "an update in the newest update's minute goes a second after it", clock: "2026-11-22 10:00",
			req:  UpdateRequest{Status: "identified", Message: "Found."},
			want: []string{"## Identified — 2026-11-22 10:00:01\nFound.\n\n## Investigating — 2026-11-22 10:00\n"}, severity: status.P2},
		{name: "amend replaces the newest text and keeps its time", clock: "2026-11-22 10:20",
			req:     UpdateRequest{Amend: true, Message: "Slow checkout."},
			want:    []string{"## Investigating — 2026-11-22 10:00\nSlow checkout.\n"},
			wantNot: []string{"Slow.\n"}, severity: status.P2},
		{name: "a passed promise goes with the update that keeps it", clock: "2026-11-22 10:40",
			req: UpdateRequest{Message: "Still slow."}, wantNot: []string{"next_update"}, severity: status.P2},
		{name: "resolving keeps the last promise as its record", clock: "2026-11-22 10:20",
			req: UpdateRequest{Status: "resolved", Message: "Fixed."}, want: []string{"next_update: 2026-11-22 10:30\n", "## Resolved — 2026-11-22 10:20"}, severity: status.P2},
		{name: "a time in the future is refused with the clock's time", clock: "2026-11-22 10:20",
			req: UpdateRequest{Time: "2026-11-24 10:00", Message: "x"}, wantErr: "the update's time 2026-11-24 10:00 is in the future (it is 2026-11-22 10:20 in Asia/Seoul)"},
		{name: "forced, a future time is written", clock: "2026-11-22 10:20",
			req: UpdateRequest{Time: "10:50", Force: true, Message: "x"}, want: []string{"## Update — 2026-11-22 10:50"}, severity: status.P2},
		{name: "a time of day is today", clock: "2026-11-22 10:20",
			req: UpdateRequest{Time: "10:15", Message: "x"}, want: []string{"## Update — 2026-11-22 10:15"}, severity: status.P2},
		{name: "an unknown status gets a suggestion", clock: "2026-11-22 10:20",
			req: UpdateRequest{Status: "monitorng", Message: "x"}, wantErr: `unknown status "monitorng" (did you mean "Monitoring"?)`},
		{name: "an unknown component gets a suggestion", clock: "2026-11-22 10:20",
			req: UpdateRequest{Components: map[string]string{"apii": "operational"}, Message: "x"}, wantErr: `unknown component "apii" (did you mean "api"?)`},
		{name: "a postmortem needs the resolution first", clock: "2026-11-22 10:20",
			req: UpdateRequest{Status: "postmortem", Message: "x"}, wantErr: "is not resolved; resolve it first"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openSite(t, tt.clock, map[string]string{"content/incidents/2026-11-22-slow-payments.md": open1})
			w, err := s.Update("payments", tt.req)
			if tt.wantErr != "" {
				var re *RequestError
				if !errors.As(err, &re) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want a RequestError with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := read(t, s, w)
			for _, x := range tt.want {
				if !strings.Contains(got, x) {
					t.Errorf("the file lacks %q:\n%s", x, got)
				}
			}
			for _, x := range tt.wantNot {
				if strings.Contains(got, x) {
					t.Errorf("the file still has %q:\n%s", x, got)
				}
			}
			in := reopen(t, s, tt.clock).Content.Incident("2026-11-22-slow-payments")
			if in.Severity != tt.severity {
				t.Errorf("severity %v, want %v", in.Severity, tt.severity)
			}
		})
	}
}

func TestANoteAfterTheResolutionKeepsThePromiseOnRecord(t *testing.T) {
	src := "---\ntitle: X\nnext_update: 2026-11-22 10:30\n---\n\n## Resolved — 2026-11-22 10:20\nFixed.\n\n## Investigating — 2026-11-22 10:00\nSlow.\n"
	s := openSite(t, "2026-11-22 12:00", map[string]string{"content/incidents/2026-11-22-x.md": src})
	w, err := s.Update("x", UpdateRequest{Message: "The postmortem follows."})
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, s, w); !strings.Contains(got, "next_update: 2026-11-22 10:30\n") {
		t.Errorf("the promise went:\n%s", got)
	}
}

func TestNewIncidentSeverityFollowsTheWorstComponent(t *testing.T) {
	tests := []struct {
		comps map[string]string
		want  status.Severity
	}{
		{map[string]string{"api": "major_outage", "database": "degraded_performance"}, status.P0},
		{map[string]string{"api": "partial_outage"}, status.P1},
		{map[string]string{"api": "degraded_performance"}, status.P2},
		{nil, status.P3},
	}
	for _, tt := range tests {
		s := openSite(t, "2026-11-22 11:00", nil)
		w, err := s.NewIncident(IncidentRequest{Title: "Errors", Components: tt.comps, Message: "m"})
		if err != nil {
			t.Fatal(err)
		}
		if got := read(t, s, w); !strings.Contains(got, "severity: "+tt.want.String()+"\n") {
			t.Errorf("%v: file:\n%s", tt.comps, got)
		}
		if in := w.Content.Incident(w.Slug); in == nil || in.Severity != tt.want {
			t.Errorf("%v: Written.Content holds %+v, want the incident written at %s", tt.comps, in, tt.want)
		}
	}
}

func TestNewIncidentStartedAndKoreanSlugs(t *testing.T) {
	s := openSite(t, "2026-11-22 11:00", map[string]string{"content/site.yaml": "title: T\nbase_url: https://status.test/\nlanguage: ko\ntime_zone: Asia/Seoul\n"})
	w, err := s.NewIncident(IncidentRequest{Title: "결제 지연", Components: map[string]string{"api": "major_outage"}, Started: "20m ago", Message: "지연"})
	if err != nil {
		t.Fatal(err)
	}
	if w.Slug != "2026-11-22-api" {
		t.Errorf("slug %s, want 2026-11-22-api", w.Slug)
	}
	if got := read(t, s, w); !strings.Contains(got, "started: 2026-11-22 10:40\n") || !strings.Contains(got, "## 조사 중 — 2026-11-22 11:00\n") {
		t.Errorf("file:\n%s", got)
	}
	if _, err := s.NewIncident(IncidentRequest{Title: "x", Started: "12:00", Message: "m"}); err == nil || !strings.Contains(err.Error(), "started 2026-11-22 12:00 is in the future") {
		t.Errorf("a start in the future: err = %v", err)
	}
}

func TestNewNoticeIsP3WithoutComponentsAndNotActive(t *testing.T) {
	s := openSite(t, "2026-11-22 11:00", nil)
	w, err := s.NewNotice(NoticeRequest{Title: "New support hours", Message: "From Monday."})
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntitle: New support hours\nseverity: P3\nresolved: 2026-11-22 11:00\n---\n\n## Update — 2026-11-22 11:00\nFrom Monday.\n"
	if got := read(t, s, w); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	if l := reopen(t, s, "2026-11-22 11:00").List(); len(l.Incidents) != 0 {
		t.Errorf("the notice is listed as open: %+v", l.Incidents)
	}
}

func TestNewMaintenanceTimesAndWarnings(t *testing.T) {
	s := openSite(t, "2026-11-22 11:00", nil)
	w, err := s.NewMaintenance(MaintenanceRequest{Title: "DB upgrade", Components: []string{"database"}, Start: "02:00", End: "04:00"})
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, s, w); !strings.Contains(got, "scheduled_for: 2026-11-23 02:00\nscheduled_until: 2026-11-23 04:00\n") || len(w.Warnings) != 0 {
		t.Errorf("02:00 at 11:00 is tomorrow's; file:\n%s\nwarnings %v", got, w.Warnings)
	}
	w, err = s.NewMaintenance(MaintenanceRequest{Title: "Late record", Components: []string{"api"}, Start: "2026-11-21 02:00", End: "1h"})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Warnings) != 1 || !strings.Contains(w.Warnings[0].Report(), "the window starts in the past (2026-11-21 02:00; it is 2026-11-22 11:00) (warning)") {
		t.Errorf("warnings = %v", w.Warnings)
	}
}

func TestPostmortemDraftFillsInWhatTheIncidentKnows(t *testing.T) {
	src := "---\ntitle: Slow payments\nseverity: P2\ncomponents:\n  api: partial_outage\n---\n\n## Resolved — 2026-11-22 12:10\nFixed.\n\n## Identified — 2026-11-22 10:30\nA bad index.\n\n## Investigating — 2026-11-22 10:00\nSlow.\n"
	s := openSite(t, "2026-11-22 13:00", map[string]string{"content/incidents/2026-11-22-slow-payments.md": src})
	_, draft, err := s.PostmortemDraft("payments")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"### Summary\nSlow payments: from 2026-11-22 10:00 KST to 2026-11-22 12:10 KST (2h 10m), API was affected.",
		"- API: partial outage; 90% of the month's error budget", // 0.3 × 130 min of 43.2 min
		"### Timeline\n- 10:00 Investigating: Slow.\n- 10:30 Identified: A bad index.\n- 12:10 Resolved: Fixed.\n",
		"### Detection", "### Root cause", "5. Why?", "### What went well", "### What went badly", "| Action | Owner | Due |",
	} {
		if !strings.Contains(draft, want) {
			t.Errorf("the draft lacks %q:\n%s", want, draft)
		}
	}
	w, err := s.Postmortem("payments", UpdateRequest{Message: draft})
	if err != nil {
		t.Fatal(err)
	}
	if in := reopen(t, s, "2026-11-22 13:00").Content.Incident(w.Slug); in.Postmortem == nil || in.Status() != status.Postmortem {
		t.Errorf("no postmortem after writing it")
	}
}

func TestThePostmortemTemplateOfTheSiteIsUsed(t *testing.T) {
	src := "---\ntitle: X\n---\n\n## Resolved — 2026-11-22 12:10\nFixed.\n\n## Investigating — 2026-11-22 10:00\nSlow.\n"
	s := openSite(t, "2026-11-22 13:00", map[string]string{
		"content/incidents/2026-11-22-x.md": src,
		"content/templates/postmortem.md":   "---\ntitle: Postmortem\n---\n### Report of {{ .Title }} ({{ .Duration }})\n",
		"content/templates/nothing-else.md": "---\ntitle: T\n---\nx\n",
	})
	_, draft, err := s.PostmortemDraft("2026-11-22-x")
	if err != nil {
		t.Fatal(err)
	}
	if draft != "### Report of X (2h 10m)" {
		t.Errorf("draft = %q", draft)
	}
}

func TestTemplatesRunWithinLimits(t *testing.T) {
	tests := []struct{ name, body, wantErr string }{
		{"a loop of a billion is refused before it runs", "{{ range 1000000000 }}{{ end }}", "range loops run"},
		{"nested loops multiply", "{{ range 1000 }}{{ range 1000 }}{{ end }}{{ end }}", "range loops run"},
		{"output past the limit stops the template", "{{ range 100000 }}{{ $.Title }}{{ $.Title }}{{ $.Title }}{{ $.Title }}{{ $.Title }}{{ end }}", "output is over"},
		{"an unknown placeholder names the placeholders", "{{ .Nope }}", "placeholders: .Title"},
		{"a small loop is fine", "{{ range 3 }}x{{ end }}", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := &status.Template{Name: "t", Body: tt.body, Pos: status.Pos{File: "content/templates/t.md", Line: 1}}
			_, err := RenderTemplate(tpl, TemplateData{Title: strings.Repeat("x", 10)})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

func TestCheckTemplatesReportsATemplateThatFails(t *testing.T) {
	s := openSite(t, "2026-11-22 11:00", map[string]string{
		"content/templates/good.md":       "---\ntitle: T\n---\n{{ .Components }} at {{ .Time }}\n",
		"content/templates/bad.md":        "---\ntitle: T\n---\n{{ .Component }}\n",
		"content/templates/postmortem.md": "---\ntitle: P\n---\n{{ range .Timeline }}{{ .Time }}{{ end }} {{ .Nope }}\n",
	})
	probs := CheckTemplates(s.Content)
	if len(probs) != 2 || probs[0].Pos.File != "content/templates/bad.md" || probs[1].Pos.File != "content/templates/postmortem.md" {
		t.Fatalf("problems = %v", probs)
	}
}

func TestParseWhen(t *testing.T) {
	now := at("2026-11-22 11:00")
	tests := []struct {
		in   string
		dir  Direction
		want string
	}{
		{"10:15", Past, "2026-11-22 10:15"},
		{"12:15", Past, "2026-11-22 12:15"}, // today; NotFuture refuses it
		{"10:15", Future, "2026-11-23 10:15"},
		{"12:15", Future, "2026-11-22 12:15"},
		{"10:15:30", Past, "2026-11-22 10:15:30"},
		{"10:15:30", Future, "2026-11-23 10:15:30"},
		{"20m", Past, "2026-11-22 10:40"},
		{"20m ago", Future, "2026-11-22 10:40"},
		{"2h", Future, "2026-11-22 13:00"},
		{"2026-11-20 09:00", Past, "2026-11-20 09:00"},
		{"2026-11-20T00:00:00Z", Past, "2026-11-20 09:00"},
	}
	for _, tt := range tests {
		got, err := ParseWhen(tt.in, now, tt.dir)
		if err != nil || FormatTime(got, seoul) != tt.want {
			t.Errorf("ParseWhen(%q, %v) = %s, %v; want %s", tt.in, tt.dir, FormatTime(got, seoul), err, tt.want)
		}
	}
	if err := NotFuture("x", at("2026-11-22 11:00").Add(59*time.Second), now); err != nil {
		t.Errorf("a time within the current minute is now: %v", err)
	}
}

func TestListShowsOpenIncidentsOverdueFirstAndMaintenance(t *testing.T) {
	s := openSite(t, "2026-11-22 11:00", map[string]string{
		"content/incidents/2026-11-22-slow-payments.md": open1,
		"content/incidents/2026-11-22-later.md":         "---\ntitle: Later\n---\n\n## Investigating — 2026-11-22 10:50\nx\n",
		"content/incidents/2026-11-20-done.md":          "---\ntitle: Done\n---\n\n## Resolved — 2026-11-20 10:00\nOK.\n",
		"content/maintenance/2026-11-22-now.md":         "---\ntitle: Now\ncomponents: [database]\nscheduled_for: 2026-11-22 10:00\nscheduled_until: 2026-11-22 12:00\n---\n",
		"content/maintenance/2026-11-21-past.md":        "---\ntitle: Past\ncomponents: [database]\nscheduled_for: 2026-11-21 10:00\nscheduled_until: 2026-11-21 12:00\n---\n",
	})
	l := s.List()
	if len(l.Incidents) != 2 || l.Incidents[0].Slug != "2026-11-22-slow-payments" || !l.Incidents[0].Overdue || l.Incidents[1].Overdue {
		t.Errorf("incidents = %+v", l.Incidents)
	}
	if len(l.Maintenance) != 1 || l.Maintenance[0].Status != "in_progress" {
		t.Errorf("maintenance = %+v", l.Maintenance)
	}
}

// TestAQuickUpdateIsWrittenAtTheClocksSecondWithoutWarnings: "new" then
// "update" within one minute must keep the file's order and must not be
// told that the update it just wrote is news from the future.
func TestAQuickUpdateIsWrittenAtTheClocksSecondWithoutWarnings(t *testing.T) {
	s := openSite(t, "2026-11-22 10:00", map[string]string{"content/incidents/2026-11-22-slow-payments.md": open1})
	s, err := Open(s.Dir, at("2026-11-22 10:00").Add(35*time.Second+400*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	w, err := s.Update("payments", UpdateRequest{Status: "identified", Message: "Found."})
	if err != nil {
		t.Fatal(err)
	}
	if got := read(t, s, w); !strings.Contains(got, "## Identified — 2026-11-22 10:00:35\nFound.\n\n## Investigating — 2026-11-22 10:00\n") {
		t.Errorf("the update should be written at the clock's second, above the newest:\n%s", got)
	}
	if len(w.Warnings) > 0 {
		t.Errorf("warnings about the update just written: %v", w.Warnings)
	}
}
