package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render/api"
)

// smallSite is a site with two grouped components and one on its own;
// files add or replace content files (path → text).
func smallSite(siteYAML string, files map[string]string) fstest.MapFS {
	if siteYAML == "" {
		siteYAML = "title: Small Status\nbase_url: https://status.example.com/\ntime_zone: Asia/Seoul\ngroups: [Core]\n"
	}
	fsys := fstest.MapFS{
		"content/site.yaml":         {Data: []byte(siteYAML)},
		"content/components/api.md": {Data: []byte("---\nname: API\ngroup: Core\norder: 1\nsince: 2025-01-01\n---\nThe public API.\n")},
		"content/components/db.md":  {Data: []byte("---\nname: Database\ngroup: Core\norder: 2\n---\n")},
		"content/components/web.md": {Data: []byte("---\nname: Website\n---\n")},
	}
	for p, s := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fsys
}

// renderAPI builds a site at now and returns its API files by name.
func renderAPI(t *testing.T, fsys fstest.MapFS, now time.Time, base string) map[string][]byte {
	t.Helper()
	opts := generator.Options{Source: fsys, Now: now}
	if base != "" {
		u, err := url.Parse(base)
		if err != nil {
			t.Fatal(err)
		}
		opts.BaseURL = u
	}
	res, err := generator.Render(context.Background(), opts)
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	out := map[string][]byte{}
	for _, name := range api.Files() {
		b, ok := res.Site.File(paths.APIFile(name))
		if !ok {
			t.Fatalf("%s missing", name)
		}
		out[name] = b
	}
	return out
}

func decode[T any](t *testing.T, data []byte) T {
	t.Helper()
	var v T
	if err := decodeStrict(data, &v); err != nil {
		t.Fatalf("decoding %s: %v", data, err)
	}
	return v
}

func names[T any](list []T, name func(T) string) []string {
	out := []string{}
	for _, v := range list {
		out = append(out, name(v))
	}
	return out
}

func incidentNames(l []tIncident) []string {
	return names(l, func(i tIncident) string { return i.Name })
}
func maintenanceNames(l []tMaintenance) []string {
	return names(l, func(m tMaintenance) string { return m.Name })
}

var seoul = time.FixedZone("KST", 9*3600)

// A site at 2026-11-22 11:00 KST with incidents and maintenance windows
// in every state.
func stateSite() fstest.MapFS {
	return smallSite("", map[string]string{
		"content/incidents/open.md": "---\ntitle: Open\nseverity: P2\ncomponents:\n  api: degraded_performance\n---\n" +
			"## Identified — 2026-11-22 10:30\nFound it.\n\n## Investigating — 2026-11-22 10:00\nLooking.\n",
		"content/incidents/watching.md": "---\ntitle: Watching\nseverity: P1\ncomponents:\n  db: partial_outage\n---\n" +
			"## Monitoring — 2026-11-22 09:30\nFixed, watching.\n\n## Update — 2026-11-22 09:10\nStill on it.\n\n## Investigating — 2026-11-22 09:00\nLooking.\n",
		"content/incidents/done.md": "---\ntitle: Done\nseverity: P0\ncomponents:\n  web: major_outage\n---\n" +
			"## Resolved — 2026-11-20 10:30\nBack.\n\n## Investigating — 2026-11-20 10:00\nDown.\n\n## Postmortem — 2026-11-21 12:00\n### Summary\nA disk.\n",
		"content/maintenance/upcoming.md": "---\ntitle: Upcoming\ncomponents: [db]\nscheduled_for: 2026-11-29 02:00\nscheduled_until: 2026-11-29 04:00\n---\nAn upgrade.\n",
		"content/maintenance/running.md":  "---\ntitle: Running\ncomponents: [web]\nscheduled_for: 2026-11-22 10:00\nscheduled_until: 2026-11-22 12:00\n---\nA move.\n",
		"content/maintenance/checking.md": "---\ntitle: Checking\ncomponents: [api]\nscheduled_for: 2026-11-22 08:00\nscheduled_until: 2026-11-22 12:00\n---\nA check.\n\n" +
			"## Verifying — 2026-11-22 10:45\nLooks good.\n\n## In progress — 2026-11-22 08:00\nStarted.\n",
		"content/maintenance/finished.md": "---\ntitle: Finished\ncomponents: [api]\nscheduled_for: 2026-11-15 02:00\nscheduled_until: 2026-11-15 04:00\n---\nDone.\n",
		"content/maintenance/called-off.md": "---\ntitle: Called off\ncomponents: [db]\nscheduled_for: 2026-11-25 02:00\nscheduled_until: 2026-11-25 04:00\n---\nMaybe.\n\n" +
			"## Cancelled — 2026-11-21 09:00\nNot needed after all.\n",
	})
}

func TestTheFilesListWhatStatuspageListsInThem(t *testing.T) {
	files := renderAPI(t, stateSite(), time.Date(2026, 11, 22, 11, 0, 0, 0, seoul), "")
	summary := decode[tSummary](t, files["summary.json"])
	tests := []struct {
		name      string
		got, want []string
	}{
		{"the summary lists the unresolved incidents, newest first",
			incidentNames(summary.Incidents), []string{"Open", "Watching"}},
		{"the summary lists upcoming and active maintenance, never completed or cancelled",
			maintenanceNames(summary.ScheduledMaintenances), []string{"Upcoming", "Running", "Checking"}},
		{"incidents.json lists every incident, newest first",
			incidentNames(decode[tIncidents](t, files["incidents.json"]).Incidents), []string{"Open", "Watching", "Done"}},
		{"unresolved.json lists investigating, identified and monitoring ones",
			incidentNames(decode[tIncidents](t, files["incidents/unresolved.json"]).Incidents), []string{"Open", "Watching"}},
		{"scheduled-maintenances.json lists every window, newest first",
			maintenanceNames(decode[tMaintenances](t, files["scheduled-maintenances.json"]).ScheduledMaintenances),
			[]string{"Upcoming", "Called off", "Running", "Checking", "Finished"}},
		{"upcoming.json lists only scheduled windows",
			maintenanceNames(decode[tMaintenances](t, files["scheduled-maintenances/upcoming.json"]).ScheduledMaintenances), []string{"Upcoming"}},
		{"active.json lists windows in progress or verifying",
			maintenanceNames(decode[tMaintenances](t, files["scheduled-maintenances/active.json"]).ScheduledMaintenances), []string{"Running", "Checking"}},
		{"components.json lists groups and components by position, a group before its members",
			names(decode[tComponents](t, files["components.json"]).Components, func(c tComponent) string { return fmt.Sprint(c.Position, " ", c.Name) }),
			[]string{"1 Core", "1 API", "2 Database", "2 Website"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.got, tt.want) {
				t.Fatalf("got %q, want %q", tt.got, tt.want)
			}
		})
	}

	if summary.Status.Indicator != "major" || summary.Status.Description != "Partial System Outage" {
		t.Errorf("status = %+v, want the worst open impact (major)", summary.Status)
	}
	status := decode[tStatusFile](t, files["status.json"])
	if status.Status != summary.Status || !reflect.DeepEqual(status.Page, summary.Page) {
		t.Errorf("status.json %+v differs from the summary's %+v", status, summary.Status)
	}
	all := decode[tMaintenances](t, files["scheduled-maintenances.json"]).ScheduledMaintenances
	byName := map[string]tMaintenance{}
	for _, m := range all {
		byName[m.Name] = m
		if m.Impact != "maintenance" {
			t.Errorf("%s: impact %q, want maintenance", m.Name, m.Impact)
		}
	}
	if m := byName["Called off"]; m.Status != "completed" || m.ResolvedAt == nil || m.IncidentUpdates[0].Status != "completed" {
		t.Errorf("a cancelled window is %q (resolved %v, latest update %q); Statuspage knows only completed", m.Status, m.ResolvedAt, m.IncidentUpdates[0].Status)
	}
	if m := byName["Finished"]; m.Status != "completed" || m.ResolvedAt == nil || !m.ResolvedAt.Equal(time.Date(2026, 11, 15, 4, 0, 0, 0, seoul)) {
		t.Errorf("a window past its end is %q, resolved at %v; want completed at its scheduled end", m.Status, m.ResolvedAt)
	}
	if m := byName["Running"]; m.Status != "in_progress" || m.Components[0].Status != "under_maintenance" {
		t.Errorf("a window in its hours is %q with %s %q", m.Status, m.Components[0].Name, m.Components[0].Status)
	}
}

func TestAnIncidentsTimelineReadsLikeStatuspages(t *testing.T) {
	files := renderAPI(t, stateSite(), time.Date(2026, 11, 22, 11, 0, 0, 0, seoul), "https://example.github.io/status/")
	incidents := decode[tIncidents](t, files["incidents.json"]).Incidents
	byName := map[string]tIncident{}
	for _, in := range incidents {
		byName[in.Name] = in
	}
	watching, done := byName["Watching"], byName["Done"]

	statuses := names(watching.IncidentUpdates, func(u tUpdate[incidentStatuses]) string { return string(u.Status) })
	if want := []string{"monitoring", "investigating", "investigating"}; !slices.Equal(statuses, want) {
		t.Errorf("updates newest first have statuses %q, want %q (an update keeps the status before it)", statuses, want)
	}
	first := watching.IncidentUpdates[len(watching.IncidentUpdates)-1].AffectedComponents[0]
	later := watching.IncidentUpdates[0].AffectedComponents[0]
	if first.OldStatus != "operational" || first.NewStatus != "partial_outage" || later.OldStatus != "partial_outage" || later.NewStatus != "partial_outage" {
		t.Errorf("affected component: first update %s→%s, latest %s→%s", first.OldStatus, first.NewStatus, later.OldStatus, later.NewStatus)
	}
	if first.Name != "Core - Database" {
		t.Errorf("affected component name %q, want \"Group - Component\"", first.Name)
	}
	if watching.MonitoringAt == nil || !watching.MonitoringAt.Equal(time.Date(2026, 11, 22, 9, 30, 0, 0, seoul)) || watching.ResolvedAt != nil {
		t.Errorf("monitoring_at %v, resolved_at %v", watching.MonitoringAt, watching.ResolvedAt)
	}
	if !watching.CreatedAt.Equal(time.Date(2026, 11, 22, 9, 0, 0, 0, seoul)) || !watching.UpdatedAt.Equal(time.Date(2026, 11, 22, 9, 30, 0, 0, seoul)) {
		t.Errorf("created_at %v, updated_at %v", watching.CreatedAt, watching.UpdatedAt)
	}

	if done.Status != "postmortem" || done.Impact != "critical" || done.ResolvedAt == nil {
		t.Errorf("resolved incident with postmortem: status %q, impact %q, resolved_at %v", done.Status, done.Impact, done.ResolvedAt)
	}
	pm, resolved := done.IncidentUpdates[0], done.IncidentUpdates[1]
	if pm.Status != "postmortem" || pm.Body != "Summary\nA disk." {
		t.Errorf("the newest update is %q with body %q, want the postmortem", pm.Status, pm.Body)
	}
	if a := resolved.AffectedComponents[0]; a.OldStatus != "major_outage" || a.NewStatus != "operational" {
		t.Errorf("resolving moves %s from %s to %s, want major_outage to operational", a.Name, a.OldStatus, a.NewStatus)
	}
	if want := "https://example.github.io/status/incidents/done/"; string(done.Shortlink) != want {
		t.Errorf("shortlink %q, want %q", done.Shortlink, want)
	}
	if got, want := decode[tIncidents](t, files["incidents.json"]).Page.URL, "https://example.github.io/status"; string(got) != want {
		t.Errorf("page url %q, want %q (the base URL without its final slash)", got, want)
	}
	maint := decode[tMaintenances](t, files["scheduled-maintenances.json"]).ScheduledMaintenances
	if want := "https://example.github.io/status/maintenance/upcoming/"; string(maint[0].Shortlink) != want {
		t.Errorf("maintenance shortlink %q, want %q", maint[0].Shortlink, want)
	}
	if u := maint[0].IncidentUpdates; len(u) != 1 || u[0].Status != "scheduled" || u[0].Body != "An upgrade." {
		t.Errorf("an announced window has updates %+v, want one scheduled update with its description", u)
	}
}

func TestMaintenanceAloneKeepsTheIndicatorAtNone(t *testing.T) {
	fsys := smallSite("", map[string]string{
		"content/maintenance/running.md": "---\ntitle: Running\ncomponents: [web]\nscheduled_for: 2026-11-22 10:00\nscheduled_until: 2026-11-22 12:00\n---\nA move.\n",
	})
	st := decode[tStatusFile](t, renderAPI(t, fsys, time.Date(2026, 11, 22, 11, 0, 0, 0, seoul), "")["status.json"])
	if st.Status.Indicator != "none" || st.Status.Description != "Service Under Maintenance" {
		t.Errorf("status %+v, want none / Service Under Maintenance", st.Status)
	}
}

func TestListsStopAtFiftyNewestFirst(t *testing.T) {
	files := map[string]string{}
	for i := range 55 {
		files[fmt.Sprintf("content/incidents/i%02d.md", i)] = fmt.Sprintf("---\ntitle: I%02d\nseverity: P3\n---\n## Investigating — 2026-10-%02d 10:00\nx\n", i, 1+i%28) +
			fmt.Sprintf("\n## Resolved — 2026-10-%02d 11:%02d\ny\n", 1+i%28, i)
	}
	got := decode[tIncidents](t, renderAPI(t, smallSite("", files), time.Date(2026, 11, 22, 11, 0, 0, 0, seoul), "")["incidents.json"]).Incidents
	if len(got) != api.ListCap {
		t.Fatalf("incidents.json has %d incidents, want %d", len(got), api.ListCap)
	}
	for i := 1; i < len(got); i++ {
		if got[i].StartedAt.After(got[i-1].StartedAt.Time) {
			t.Fatalf("incident %d (%v) is newer than the one before it (%v)", i, got[i].StartedAt, got[i-1].StartedAt)
		}
	}
}

func TestTimesAreInThePagesZoneWithMilliseconds(t *testing.T) {
	inc := map[string]string{"content/incidents/x.md": "---\ntitle: X\nseverity: P2\n---\n## Investigating — 2026-01-10 10:00:30 +00:00\nx\n"}
	tests := []struct{ name, zone, want string }{
		{"a UTC page writes Z like Statuspage's Etc/UTC pages", "Etc/UTC", "2026-01-10T10:00:30.000Z"},
		{"London in winter writes +00:00, not Z", "Europe/London", "2026-01-10T10:00:30.000+00:00"},
		{"Seoul writes +09:00", "Asia/Seoul", "2026-01-10T19:00:30.000+09:00"},
		{"Denver writes -07:00", "America/Denver", "2026-01-10T03:00:30.000-07:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			yaml := "title: T\nbase_url: https://status.example.com/\ntime_zone: " + tt.zone + "\n"
			data := renderAPI(t, smallSite(yaml, inc), time.Date(2026, 1, 10, 11, 0, 0, 0, time.UTC), "")["incidents.json"]
			var raw struct {
				Page struct {
					TimeZone string `json:"time_zone"`
				} `json:"page"`
				Incidents []struct {
					CreatedAt string `json:"created_at"`
				} `json:"incidents"`
			}
			if err := json.Unmarshal(data, &raw); err != nil {
				t.Fatal(err)
			}
			if raw.Incidents[0].CreatedAt != tt.want || raw.Page.TimeZone != tt.zone {
				t.Fatalf("created_at %q in %q, want %q", raw.Incidents[0].CreatedAt, raw.Page.TimeZone, tt.want)
			}
		})
	}
}

func TestIDsAreStableAndShapedLikeStatuspages(t *testing.T) {
	shape := regexp.MustCompile(`^[a-z0-9]{12}$`)
	seen := map[string]string{}
	for _, k := range [][2]string{{"component", "api"}, {"incident", "api"}, {"group", "Core"}, {"page", "https://x/"}, {"incident-update", "api#u-20261121T1432Z"}} {
		id := api.ID(k[0], k[1])
		if !shape.MatchString(id) {
			t.Errorf("ID(%q, %q) = %q, want 12 characters of [a-z0-9]", k[0], k[1], id)
		}
		if prev, dup := seen[id]; dup {
			t.Errorf("%s and %v share id %q", prev, k, id)
		}
		seen[id] = fmt.Sprint(k)
	}
	// Pinned: an id that changes between builds or releases breaks every
	// client that stored it.
	if got, want := api.ID("component", "api"), "i1cuq8p92vri"; got != want {
		t.Errorf(`ID("component", "api") = %q, want %q as in every earlier build`, got, want)
	}
}

func TestTheSameInputAndMomentGiveTheSameBytes(t *testing.T) {
	now := time.Date(2026, 11, 22, 11, 0, 0, 0, seoul)
	a := renderAPI(t, stateSite(), now, "")
	b := renderAPI(t, stateSite(), now, "")
	for name := range a {
		if string(a[name]) != string(b[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestNoStringCanCloseAScriptElementTheJSONIsPastedInto(t *testing.T) {
	fsys := smallSite("", map[string]string{
		"content/incidents/x.md": "---\ntitle: \"</script><img src=x onerror=alert(1)> & more\"\nseverity: P2\n---\n" +
			"## Investigating — 2026-11-22 10:00\n<script>alert(2)</script> and `a < b`\n",
	})
	for name, data := range renderAPI(t, fsys, time.Date(2026, 11, 22, 11, 0, 0, 0, seoul), "") {
		if i := slices.IndexFunc(data, func(b byte) bool { return b == '<' || b == '>' || b == '&' }); i >= 0 {
			t.Errorf("%s holds a raw %q; encoding/json's HTML escaping was turned off", name, data[i])
		}
	}
	got := decode[tIncidents](t, renderAPI(t, fsys, time.Date(2026, 11, 22, 11, 0, 0, 0, seoul), "")["incidents.json"])
	if got.Incidents[0].Name != "</script><img src=x onerror=alert(1)> & more" {
		t.Errorf("the title decodes to %q", got.Incidents[0].Name)
	}
}

func TestOnlyTheLiveFilesSayWhenTheyWereBuilt(t *testing.T) {
	now := time.Date(2026, 11, 22, 11, 0, 0, 0, seoul)
	later := now.Add(10 * time.Minute) // before any boundary of stateSite
	files := renderAPI(t, stateSite(), now, "")
	again := renderAPI(t, stateSite(), later, "")
	for _, name := range api.Files() {
		t.Run(name, func(t *testing.T) {
			var f struct{ Page tPage }
			if err := json.Unmarshal(files[name], &f); err != nil {
				t.Fatal(err)
			}
			live := name == "summary.json" || name == "status.json"
			switch {
			case live && (f.Page.BuiltAt == nil || !f.Page.BuiltAt.Equal(now)):
				t.Fatalf("page.built_at = %v, want the build moment %v", f.Page.BuiltAt, now)
			case live && !f.Page.UpdatedAt.Before(now):
				t.Fatalf("page.updated_at = %v, want the newest change of content, before the build", f.Page.UpdatedAt)
			case !live && f.Page.BuiltAt != nil:
				t.Fatalf("page.built_at = %v in a file without live status: it would change on every build", f.Page.BuiltAt)
			case !live && string(files[name]) != string(again[name]):
				t.Fatalf("a build 10 minutes later changed %s", name)
			}
		})
	}
	if strings.Contains(string(files["status.json"]), `"built_at":"2026-11-22T11:00:00.000+09:00"}`) == false {
		t.Errorf("status.json: built_at is not the last key of page in the page's time zone:\n%s", files["status.json"])
	}
}
