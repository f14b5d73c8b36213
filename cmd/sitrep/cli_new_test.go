package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/status"
)

func TestNewIncidentWritesAFileThatBuilds(t *testing.T) {
	dir := writeSite(t, smallSite)
	r := sitrep(t, "", "new", "incident", "Elevated error rates: API & webhooks", "--severity", "P1",
		"--component", "api=partial_outage", "--component", "webhooks=degraded_performance",
		"--next-update", "30m", "--source", dir, "--now", testNow,
		"We are investigating elevated error rates.\n\nRequests may fail with `502`.")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	slug := "2026-11-22-elevated-error-rates-api-webhooks"
	name := "content/incidents/" + slug + ".md"
	if got := strings.TrimSpace(r.stdout); got != filepath.Join(dir, name) {
		t.Errorf("printed %q, want the new file's path", got)
	}
	want := "---\ntitle: \"Elevated error rates: API & webhooks\"\nseverity: P1\ncomponents:\n  api: partial_outage\n  webhooks: degraded_performance\nnext_update: 2026-11-22 11:30\n---\n\n" +
		"## Investigating — 2026-11-22 11:00\nWe are investigating elevated error rates.\n\nRequests may fail with `502`.\n"
	if got := readFile(t, dir, name); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}

	res := build(t, dir, testNow)
	found := false
	for _, a := range res.Model.Active {
		if a.Slug != slug {
			continue
		}
		found = true
		if a.Title != "Elevated error rates: API & webhooks" || a.Severity != status.P1 || a.Status != status.Investigating ||
			!a.NextUpdate.Equal(mustTime(t, "2026-11-22 11:30")) {
			t.Errorf("built incident = %+v, status %v", a.Incident, a.Status)
		}
	}
	if !found {
		t.Fatal("the new incident is not active in the built model")
	}
	if res.Model.Overall.Indicator != status.ImpactMajor {
		t.Errorf("indicator = %v, want major for a P1", res.Model.Overall.Indicator)
	}
	for _, c := range res.Model.Components {
		if c.ID == "api" && c.Status != status.PartialOutage {
			t.Errorf("api is %v, want partial_outage", c.Status)
		}
	}
	if api := builtFile(t, res, paths.APIFile("incidents/unresolved.json")); !strings.Contains(api, "Elevated error rates: API \\u0026 webhooks") && !strings.Contains(api, "Elevated error rates: API & webhooks") {
		t.Errorf("unresolved.json does not list the new incident:\n%s", api)
	}
}

func TestNewIncidentFromATemplate(t *testing.T) {
	dir := writeSite(t, smallSite)
	r := sitrep(t, "", "new", "incident", "--template", "errors", "--source", dir, "--now", testNow)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := "---\ntitle: Elevated errors\nseverity: P1\ncomponents:\n  api: partial_outage\n  webhooks: degraded_performance\n---\n\n" +
		"## Investigating — 2026-11-22 11:00\nWe are investigating errors affecting API and Webhooks since 11:00 KST (P1).\n"
	if got := readFile(t, dir, "content/incidents/2026-11-22-elevated-errors.md"); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}

	// Flags override the template's defaults; the text follows them.
	r = sitrep(t, "", "new", "incident", "Database errors", "--template", "errors", "--severity", "P0",
		"--component", "database=major_outage", "--source", dir, "--now", testNow)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want = "---\ntitle: Database errors\nseverity: P0\ncomponents:\n  database: major_outage\n---\n\n" +
		"## Investigating — 2026-11-22 11:00\nWe are investigating errors affecting Database since 11:00 KST (P0).\n"
	if got := readFile(t, dir, "content/incidents/2026-11-22-database-errors.md"); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	build(t, dir, testNow)
}

func TestNewIncidentNamesFilesWithoutOverwriting(t *testing.T) {
	dir := writeSite(t, smallSite)
	var got []string
	for range 3 {
		r := sitrep(t, "", "new", "incident", "데이터베이스 장애", "--source", dir, "--now", testNow, "조사 중입니다.")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		got = append(got, filepath.Base(strings.TrimSpace(r.stdout)))
	}
	want := []string{"2026-11-22-incident-1100.md", "2026-11-22-incident-1100-2.md", "2026-11-22-incident-1100-3.md"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("files = %v, want %v", got, want)
	}
	res := build(t, dir, testNow)
	n := 0
	for _, in := range res.Model.Active {
		if in.Title == "데이터베이스 장애" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("%d of the 3 Korean incidents are active in the build", n)
	}
}

func TestNewIncidentReadsTheMessageFromStandardInput(t *testing.T) {
	dir := writeSite(t, smallSite)
	r := sitrep(t, "Line one.\r\nLine two.\r\n", "new", "incident", "Piped", "--source", dir, "--now", testNow, "-")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got := readFile(t, dir, "content/incidents/2026-11-22-piped.md"); !strings.HasSuffix(got, "2026-11-22 11:00\nLine one.\nLine two.\n") {
		t.Errorf("file:\n%q", got)
	}
}

func TestNewIncidentRefusesBadInputAndWritesNothing(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  string
	}{
		{"an unknown component is refused with a suggestion and the list", []string{"T", "--component", "apii=major_outage", "m"}, "", `unknown component "apii" (did you mean "api"?); components: api, database, webhooks`},
		{"an unknown status is refused with the list", []string{"T", "--component", "api=down", "m"}, "", `component api: unknown status "down" (known: operational, under_maintenance, degraded_performance, partial_outage, major_outage)`},
		{"a component without a status is refused", []string{"T", "--component", "api", "m"}, "", "component api: give its status too, e.g. api=partial_outage"},
		{"a component given twice is refused", []string{"T", "--component", "api=major_outage", "--component", "api=partial_outage", "m"}, "", "given twice"},
		{"an unknown template is refused with the templates there are", []string{"T", "--template", "eror", "m"}, "", `no such template (did you mean "errors"?)`},
		{"an unknown severity is refused", []string{"T", "--severity", "P5", "m"}, "", "one of P0, P1, P2, P3"},
		{"a next update in the wrong format is refused", []string{"T", "--next-update", "in a bit", "m"}, "", "next update: bad time \"in a bit\": write a time of day (15:30)"},
		{"a next update in the past is refused", []string{"T", "--next-update", "2026-11-22 10:00", "m"}, "", "not in the future"},
		{"a missing message is a usage error when standard input is no terminal", []string{"T"}, "", "the message is missing"},
		{"an empty message from standard input is refused", []string{"T", "-"}, "\n\n", "the message is empty"},
		{"a message with an update heading of its own is refused", []string{"T", "A\n## Resolved — 2026-11-22 12:00\nB"}, "", "level-2 heading"},
		{"a missing title is refused", []string{}, "", "the title is missing"},
		{"resolved is no status to open with", []string{"T", "--status", "resolved", "m"}, "", "an incident opens as investigating"},
		{"a --now in the wrong format is refused", []string{"T", "--now", "22.11.2026", "m"}, "", "--now: bad time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, smallSite)
			before := snapshot(t, dir)
			args := append([]string{"new", "incident", "--source", dir, "--now", testNow}, tt.args...)
			r := sitrep(t, tt.stdin, args...)
			if r.code != exitUsage {
				t.Errorf("exit %d, want %d; stderr: %s", r.code, exitUsage, r.stderr)
			}
			if !strings.Contains(r.stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", r.stderr, tt.want)
			}
			sameFiles(t, before, snapshot(t, dir))
		})
	}
}

func TestNewMaintenance(t *testing.T) {
	dir := writeSite(t, smallSite)
	r := sitrep(t, "", "new", "maintenance", "Webhook queue migration", "--component", "webhooks", "--component", "api",
		"--start", "2026-11-23 02:00", "--end", "90m", "--source", dir, "--now", testNow, "Deliveries pause for up to 10 minutes.")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	name := "content/maintenance/2026-11-23-webhook-queue-migration.md"
	want := "---\ntitle: Webhook queue migration\ncomponents: [webhooks, api]\nscheduled_for: 2026-11-23 02:00\nscheduled_until: 2026-11-23 03:30\n---\nDeliveries pause for up to 10 minutes.\n"
	if got := readFile(t, dir, name); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	if strings.TrimSpace(r.stdout) != filepath.Join(dir, name) {
		t.Errorf("printed %q", r.stdout)
	}
	res := build(t, dir, testNow)
	found := false
	for _, m := range res.Model.Upcoming {
		found = found || m.Slug == "2026-11-23-webhook-queue-migration"
	}
	if !found {
		t.Error("the new window is not upcoming in the built model")
	}
	res = build(t, dir, "2026-11-23 02:30")
	if len(res.Model.InProgress) != 1 || res.Model.InProgress[0].Slug != "2026-11-23-webhook-queue-migration" {
		t.Errorf("the new window is not in progress inside its window")
	}
}

func TestNewMaintenanceRefusesBadInput(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown component is refused", []string{"M", "--component", "databse", "--start", "2026-11-23 02:00", "--end", "1h"}, `unknown component "databse" (did you mean "database"?)`},
		{"a status on a maintenance component is refused", []string{"M", "--component", "api=major_outage", "--start", "2026-11-23 02:00", "--end", "1h"}, "component ids only"},
		{"no component is refused", []string{"M", "--start", "2026-11-23 02:00", "--end", "1h"}, "--component ID"},
		{"an end before the start is refused", []string{"M", "--component", "api", "--start", "2026-11-23 02:00", "--end", "2026-11-23 01:00"}, "the end 2026-11-23 01:00 is not after the start 2026-11-23 02:00"},
		{"a start in the wrong format is refused", []string{"M", "--component", "api", "--start", "tomorrow 2am", "--end", "1h"}, "start: bad time \"tomorrow 2am\""},
		{"a missing window is refused", []string{"M", "--component", "api"}, "--start TIME and --end TIME"},
		{"an unknown kind is refused with a suggestion", nil, `unknown kind (did you mean "maintenance"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, smallSite)
			before := snapshot(t, dir)
			args := append([]string{"new", "maintenance", "--source", dir, "--now", testNow}, tt.args...)
			if tt.args == nil {
				args = []string{"new", "maintenanse", "M"}
			}
			r := sitrep(t, "", args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want %d and %q", r.code, r.stderr, exitUsage, tt.want)
			}
			sameFiles(t, before, snapshot(t, dir))
		})
	}
}
