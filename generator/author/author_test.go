package author

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

func TestDatedSlug(t *testing.T) {
	when := at("2026-11-22 09:05")
	tests := []struct{ name, title, want string }{
		{"an English title becomes lowercase words joined by hyphens", "Elevated error rates on the API", "2026-11-22-elevated-error-rates-on-the-api"},
		{"punctuation and spaces collapse into one hyphen", "  API: 5xx -- errors (EU)!  ", "2026-11-22-api-5xx-errors-eu"},
		{"apostrophes vanish instead of splitting words", "Customers can't sign in", "2026-11-22-customers-cant-sign-in"},
		{"a Korean title falls back to the time", "로그인 장애", "2026-11-22-incident-0905"},
		{"a mostly Korean title with a few ASCII letters falls back too", "API 오류율 증가", "2026-11-22-incident-0905"},
		{"a long title is cut at a hyphen", strings.Repeat("database ", 12), "2026-11-22-database-database-database-database-database"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DatedSlug(tt.title, "incident", "", when)
			if got != tt.want {
				t.Errorf("DatedSlug(%q) = %q, want %q", tt.title, got, tt.want)
			}
			if !status.ValidSlug(got) || len(got) > 64-3 {
				t.Errorf("%q is not a valid slug with room for a suffix", got)
			}
		})
	}
}

func TestUnique(t *testing.T) {
	taken := map[string]bool{"a": true, "a-2": true}
	if got := Unique("a", func(s string) bool { return taken[s] }); got != "a-3" {
		t.Errorf("Unique = %q, want a-3", got)
	}
	if got := Unique("b", func(s string) bool { return taken[s] }); got != "b" {
		t.Errorf("Unique = %q, want b", got)
	}
	long := strings.Repeat("x", 64)
	got := Unique(long, func(s string) bool { return s == long })
	if got != strings.Repeat("x", 62)+"-2" || !status.ValidSlug(got) {
		t.Errorf("Unique of a 64-character slug = %q", got)
	}
}

func TestParsePromise(t *testing.T) {
	now := at("2026-11-22 11:00")
	late := at("2026-11-22 23:50")
	tests := []struct {
		name, in string
		now      time.Time
		want     string
		wantErr  string
	}{
		{"a duration counts from now", "30m", now, "2026-11-22 11:30", ""},
		{"hours and minutes work together", "1h30m", now, "2026-11-22 12:30", ""},
		{"a clock time is today", "15:30", now, "2026-11-22 15:30", ""},
		{"a clock time shortly after midnight is tomorrow", "00:30", late, "2026-11-23 00:30", ""},
		{"a full time is read in the site's zone", "2026-11-23 09:00", now, "2026-11-23 09:00", ""},
		{"a time with an offset is converted", "2026-11-22T03:00:00Z", now, "2026-11-22 12:00", ""},
		{"a clock time that has passed today is the next one", "10:00", now, "2026-11-23 10:00", ""},
		{"a full time in the past is refused", "2026-11-22 10:59", now, "", "not in the future"},
		{"a negative duration is refused", "-5m", now, "", "not in the future (it is 2026-11-22 11:00)"},
		{"nonsense is refused with the forms that work", "soon", now, "", "write a time of day (15:30), a date and time (2026-11-22 11:00) or a duration (30m)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePromise(tt.in, tt.now)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s := FormatTime(got, seoul); s != tt.want {
				t.Errorf("ParsePromise(%q) = %s, want %s", tt.in, s, tt.want)
			}
		})
	}
}

func TestParseEnd(t *testing.T) {
	start := at("2026-12-01 02:00")
	if got, err := ParseEnd("2h", start); err != nil || !got.Equal(at("2026-12-01 04:00")) {
		t.Errorf("ParseEnd(2h) = %v, %v", got, err)
	}
	if got, err := ParseEnd("2026-12-01 03:30", start); err != nil || !got.Equal(at("2026-12-01 03:30")) {
		t.Errorf("ParseEnd(time) = %v, %v", got, err)
	}
	if _, err := ParseEnd("tomorrow", start); err == nil {
		t.Error("ParseEnd(tomorrow) did not fail")
	}
}

// site is a minimal site for loading what the writers produce.
func site(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{
		"content/site.yaml":           {Data: []byte("title: T\nbase_url: https://s.example/\ntime_zone: Asia/Seoul\n")},
		"content/components/api.md":   {Data: []byte("---\nname: API\n---\n")},
		"content/components/hooks.md": {Data: []byte("---\nname: Webhooks\n---\n")},
	}
	for name, src := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

func TestIncidentBytesReadBackAsWritten(t *testing.T) {
	titles := []string{
		"Elevated error rates on the API",
		"API: 5xx errors",
		"# not a comment",
		"- not a list",
		`Quotes "inside" and \ backslash`,
		"null",
		"12.5",
		"yes",
		"로그인 장애 — 일부 사용자",
		"trailing colon:",
		"tab\there",
		"'single' start",
		"50% of requests fail",
		"a #hash inside",
	}
	for _, title := range titles {
		t.Run(title, func(t *testing.T) {
			in := Incident{
				Title:      title,
				Severity:   status.P1,
				Components: []status.Affected{{ID: "api", Status: status.PartialOutage}, {ID: "hooks", Status: status.DegradedPerformance}},
				NextUpdate: at("2026-11-22 12:00"),
				At:         at("2026-11-22 11:00"),
				Message:    "We are investigating.\n\n- one\n- two\n",
			}
			src, err := in.Bytes(seoul)
			if err != nil {
				t.Fatal(err)
			}
			st, probs := content.Load(site(map[string]string{"content/incidents/x.md": string(src)}))
			if len(probs) > 0 {
				t.Fatalf("problems: %v\n%s", probs, src)
			}
			got := st.Incidents[0]
			if got.Title != title || got.Severity != status.P1 || len(got.Components) != 2 ||
				!got.NextUpdate.Equal(in.NextUpdate) || len(got.Updates) != 1 || !got.Updates[0].At.Equal(in.At) ||
				got.Updates[0].Kind != status.Investigating {
				t.Errorf("read back %+v from\n%s", got, src)
			}
		})
	}
}

func TestMaintenanceBytes(t *testing.T) {
	m := Maintenance{Title: "Database upgrade", Components: []string{"api", "hooks"}, From: at("2026-12-01 02:00"), Until: at("2026-12-01 04:00"), Description: "Read-only for 20 minutes."}
	src, err := m.Bytes(seoul)
	if err != nil {
		t.Fatal(err)
	}
	want := "---\ntitle: Database upgrade\ncomponents: [api, hooks]\nscheduled_for: 2026-12-01 02:00\nscheduled_until: 2026-12-01 04:00\n---\nRead-only for 20 minutes.\n"
	if string(src) != want {
		t.Errorf("got:\n%s\nwant:\n%s", src, want)
	}
	st, probs := content.Load(site(map[string]string{"content/maintenance/db.md": string(src)}))
	if len(probs) > 0 || len(st.Maintenances) != 1 || !st.Maintenances[0].Until.Equal(m.Until) {
		t.Errorf("read back %v, problems %v", st.Maintenances, probs)
	}
	m.Until = m.From
	if _, err := m.Bytes(seoul); err == nil {
		t.Error("a window that ends when it starts was accepted")
	}
}

func TestComponentList(t *testing.T) {
	tests := []struct {
		names []string
		lang  string
		want  string
	}{
		{[]string{"API"}, "en", "API"},
		{[]string{"API", "Webhooks"}, "en", "API and Webhooks"},
		{[]string{"API", "Webhooks", "Search"}, "en", "API, Webhooks and Search"},
		{[]string{"API", "웹훅"}, "ko", "API 및 웹훅"},
		{nil, "en", ""},
	}
	for _, tt := range tests {
		if got := ComponentList(tt.names, tt.lang); got != tt.want {
			t.Errorf("ComponentList(%q, %s) = %q, want %q", tt.names, tt.lang, got, tt.want)
		}
	}
}

func TestRenderTemplate(t *testing.T) {
	tpl := &status.Template{Name: "t", Body: "{{ .Components }} ({{ .Severity }}) since {{ .Time }}: {{ .Title }}. {{ .Time.Format \"Jan 2\" }}", Pos: status.Pos{File: "content/templates/t.md"}}
	got, err := RenderTemplate(tpl, TemplateData{Title: "Errors", Components: "API and Webhooks", Severity: status.P1, Time: Clock{at("2026-11-22 11:00")}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "API and Webhooks (P1) since 11:00 KST: Errors. Nov 22"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	tpl.Body = "{{ .Component }}"
	if _, err := RenderTemplate(tpl, TemplateData{}); err == nil || !strings.Contains(err.Error(), "content/templates/t.md") {
		t.Errorf("a misspelt placeholder gave %v, want an error naming the file", err)
	}
}
