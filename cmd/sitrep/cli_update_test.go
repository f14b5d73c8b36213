package main

import (
	"strings"
	"testing"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// builtIncident returns an incident of a built model.
func builtIncident(t *testing.T, res *generator.Result, slug string) *view.Incident {
	t.Helper()
	for _, in := range res.Model.Incidents {
		if in.Slug == slug {
			return in
		}
	}
	t.Fatalf("the build has no incident %s", slug)
	return nil
}

func TestUpdateKeepsEveryOtherByteOfTheFile(t *testing.T) {
	dir := writeSite(t, smallSite)
	name := "content/incidents/2026-11-22-slow-api.md"
	r := sitrep(t, "", "update", "2026-11-22-slow-api", "--status", "identified", "--next-update", "1h",
		"--source", dir, "--now", "2026-11-22 11:07", "A slow query on the primary database.")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := "---\n# opened by the night shift\ntitle:    Slow API    # keep this comment\nseverity: P2\ncomponents:\n    api:   degraded_performance\nnext_update:   2026-11-22 12:07   # promised in #incident\n---\n\n" +
		"## Identified — 2026-11-22 11:07\nA slow query on the primary database.\n\n" +
		"## Investigating — 2026-11-22 10:00\nResponses are slow.\n\n```\n## not a heading: inside a code block\n```\n"
	if got := readFile(t, dir, name); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	res := build(t, dir, "2026-11-22 11:07")
	in := builtIncident(t, res, "2026-11-22-slow-api")
	if in.Status != status.Identified || len(in.Updates) != 2 || !in.NextUpdate.Equal(mustTime(t, "2026-11-22 12:07")) {
		t.Errorf("built: status %v, %d updates, next update %v", in.Status, len(in.Updates), in.NextUpdate)
	}
	if latest, _ := in.Latest(); latest.Body.Source != "A slow query on the primary database." {
		t.Errorf("latest update = %q", latest.Body.Source)
	}

	// Then resolve: the promise stays, as the record of whether it was
	// kept (resolved 11:40, promised 12:07: kept).
	r = sitrep(t, "", "resolve", "2026-11-22-slow-api", "--source", dir, "--now", "2026-11-22 11:40", "Fixed by adding an index.")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want = "---\n# opened by the night shift\ntitle:    Slow API    # keep this comment\nseverity: P2\ncomponents:\n    api:   degraded_performance\nnext_update:   2026-11-22 12:07   # promised in #incident\n---\n\n" +
		"## Resolved — 2026-11-22 11:40\nFixed by adding an index.\n\n" +
		"## Identified — 2026-11-22 11:07\nA slow query on the primary database.\n\n" +
		"## Investigating — 2026-11-22 10:00\nResponses are slow.\n\n```\n## not a heading: inside a code block\n```\n"
	if got := readFile(t, dir, name); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	res = build(t, dir, "2026-11-22 11:40")
	in = builtIncident(t, res, "2026-11-22-slow-api")
	if !in.Resolved || in.Status != status.Resolved || !in.End.Equal(mustTime(t, "2026-11-22 11:40")) {
		t.Errorf("built: resolved %v, status %v, next update %v, end %v", in.Resolved, in.Status, in.NextUpdate, in.End)
	}
	for _, a := range res.Model.Active {
		if a.Slug == in.Slug {
			t.Error("the resolved incident is still active")
		}
	}
}

func TestUpdateKeepsCRLFLineEnds(t *testing.T) {
	dir := writeSite(t, smallSite)
	name := "content/incidents/2026-11-21-db-crlf.md"
	before := readFile(t, dir, name)
	r := sitrep(t, "", "update", "2026-11-21-db-crlf", "--status", "monitoring", "--next-update", "12:00",
		"--source", dir, "--now", testNow, "Failed over to the replica.\nWatching replication lag.")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	got := readFile(t, dir, name)
	want := "---\r\ntitle: Database failover\r\nseverity: P1\r\ncomponents:\r\n  database: major_outage\r\nnext_update: 2026-11-22 12:00\r\n---\r\n\r\n" +
		"## Monitoring — 2026-11-22 11:00\r\nFailed over to the replica.\r\nWatching replication lag.\r\n\r\n" +
		"## Investigating — 2026-11-21 23:00\r\nThe primary is down.\r\n"
	if got != want {
		t.Errorf("file:\n%q\nwant:\n%q\n(was %q)", got, want, before)
	}
	if strings.Count(got, "\n") != strings.Count(got, "\r\n") {
		t.Error("a line lost its CRLF")
	}
	in := builtIncident(t, build(t, dir, testNow), "2026-11-21-db-crlf")
	if in.Status != status.Monitoring || !in.NextUpdate.Equal(mustTime(t, "2026-11-22 12:00")) {
		t.Errorf("built: status %v, next update %v", in.Status, in.NextUpdate)
	}
}

func TestUpdateOnAnOldestFirstFileClearsAPassedPromise(t *testing.T) {
	dir := writeSite(t, smallSite)
	name := "content/incidents/2026-11-22-hooks-late.md"
	r := sitrep(t, "", "update", "2026-11-22-hooks-late", "--source", dir, "--now", testNow, "Still catching up.")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	want := "---\ntitle: Webhooks late\nseverity: P3\ncomponents: {webhooks: degraded_performance}\n---\n" +
		"## Update - 2026-11-22 11:00\nStill catching up.\n\n" +
		"## Investigating - 2026-11-22 09:00\nA.\n\n## Identified - 2026-11-22 09:30\nB.\n"
	if got := readFile(t, dir, name); got != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
	in := builtIncident(t, build(t, dir, testNow), "2026-11-22-hooks-late")
	latest, _ := in.Latest()
	if latest.Kind != status.Update || in.Status != status.Identified || in.Overdue || !in.NextUpdate.IsZero() {
		t.Errorf("built: latest %v, status %v, overdue %v, next update %v", latest.Kind, in.Status, in.Overdue, in.NextUpdate)
	}
}

func TestUpdateKeepsAPromiseStillAhead(t *testing.T) {
	dir := writeSite(t, smallSite)
	r := sitrep(t, "", "update", "2026-11-22-slow-api", "--source", dir, "--now", testNow, "Still slow.")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got := readFile(t, dir, "content/incidents/2026-11-22-slow-api.md"); !strings.Contains(got, "next_update:   2026-11-22 12:00   # promised in #incident\n") {
		t.Errorf("the promise for 12:00 was changed:\n%s", got)
	}
	r = sitrep(t, "", "update", "2026-11-22-slow-api", "--next-update", "none", "--source", dir, "--now", "2026-11-22 11:05", "No more promises.")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got := readFile(t, dir, "content/incidents/2026-11-22-slow-api.md"); strings.Contains(got, "next_update") {
		t.Errorf("--next-update none left the promise:\n%s", got)
	}
}

func TestUpdateAddsAPromiseToAFileWithoutOne(t *testing.T) {
	dir := writeSite(t, smallSite)
	r := sitrep(t, "", "update", "content/incidents/2026-11-21-db-crlf.md", "--status", "identified", "--next-update", "2026-11-22 13:00",
		"--source", dir, "--now", testNow, "Found it.")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got := readFile(t, dir, "content/incidents/2026-11-21-db-crlf.md"); !strings.Contains(got, "  database: major_outage\r\nnext_update: 2026-11-22 13:00\r\n---\r\n") {
		t.Errorf("next_update was not added after the last key:\n%q", got)
	}
}

func TestUpdateAndResolveRefuseBadInputAndChangeNothing(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown slug gets a did-you-mean", []string{"update", "2026-11-22-slow-apii", "m"}, `no incident "2026-11-22-slow-apii" (did you mean "2026-11-22-slow-api"?)`},
		{"a prefix of several slugs lists them", []string{"update", "2026-11-2", "m"}, `"2026-11-2" matches 3: 2026-11-22-slow-api, 2026-11-22-hooks-late, 2026-11-21-db-crlf; give more of the slug`},
		{"a slug of nothing lists the open incidents", []string{"update", "zzz", "m"}, `no incident matches "zzz"; open: 2026-11-22-slow-api, 2026-11-22-hooks-late, 2026-11-21-db-crlf`},
		{"a maintenance slug is explained", []string{"update", "2026-11-29-db-upgrade", "m"}, "is a maintenance window, not an incident"},
		{"title words that match nothing are refused", []string{"update", "Slow database", "m"}, `no incident matches "Slow database"`},
		{"an unknown status is refused with a suggestion", []string{"update", "2026-11-22-slow-api", "--status", "identifed", "m"}, `unknown status "identifed" (did you mean "Identified"?)`},
		{"a postmortem of an open incident is refused", []string{"update", "2026-11-22-slow-api", "--status", "postmortem", "m"}, "is not resolved; resolve it first"},
		{"a time in the future is refused with the clock's time", []string{"update", "2026-11-22-slow-api", "--now", "2099-01-01 10:00", "m"}, "--now 2099-01-01 10:00 is in the future (it is 2026-"},
		{"a component change on a resolved incident is refused", []string{"update", "2026-11-20-done", "--component", "api=operational", "m"}, "its components and promise are a record now"},
		{"a postmortem is refused twice", []string{"postmortem", "2026-11-20-pm"}, `already has a postmortem (line 11); change it with "sitrep edit 2026-11-20-pm"`},
		{"an update older than the newest is refused", []string{"update", "2026-11-22-slow-api", "--now", "2026-11-22 09:59", "m"}, "content/incidents/2026-11-22-slow-api.md:10: the new update (2026-11-22 09:59) is not newer than the newest one (2026-11-22 10:00, line 10)"},
		{"a next update in the wrong format is refused", []string{"update", "2026-11-22-slow-api", "--next-update", "1 hour", "m"}, "--next-update: bad time \"1 hour\": write a time of day (15:30), a date and time (2026-11-22 11:00) or a duration (30m)"},
		{"a status change on a resolved incident is refused", []string{"update", "2026-11-20-done", "--status", "identified", "m"}, "was resolved at 2026-11-20 10:00"},
		{"resolving a resolved incident is refused", []string{"resolve", "2026-11-20-done", "m"}, "2026-11-20-done is already resolved (at 2026-11-20 10:00)"},
		{"a missing message is refused", []string{"resolve", "2026-11-22-slow-api"}, "the message is missing"},
		{"a missing slug is refused", []string{"resolve"}, "which incident?"},
		{"a message with an update heading is refused", []string{"update", "2026-11-22-slow-api", "x\n## Resolved — 2026-11-22 12:00\ny"}, "level-2 heading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t, smallSite)
			before := snapshot(t, dir)
			args := append(append([]string{}, tt.args...), "--source", dir)
			if !strings.Contains(strings.Join(tt.args, " "), "--now") {
				args = append(args, "--now", testNow)
			}
			r := sitrep(t, "", args...)
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

func TestUpdateAddsANoteToAResolvedIncident(t *testing.T) {
	dir := writeSite(t, smallSite)
	r := sitrep(t, "", "update", "2026-11-20-done", "--source", dir, "--now", testNow, "The postmortem is coming.")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	in := builtIncident(t, build(t, dir, testNow), "2026-11-20-done")
	if latest, _ := in.Latest(); !in.Resolved || latest.Kind != status.Update {
		t.Errorf("built: resolved %v, latest %v", in.Resolved, latest.Kind)
	}
}

func TestAFileWithErrorsIsNeverWritten(t *testing.T) {
	dir := writeSite(t, smallSite)
	before := snapshot(t, dir)
	e, _, _ := testEnv(strings.NewReader(""), func(string) string { return "" })
	s, err := author.Open(dir, e.now())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	bad := []byte("---\ntitle: Broken\ncomponents:\n  apii: major_outage\n---\n\n## Investigating — 2026-11-22 11:00\nA.\n")
	_, err = s.Save(&author.Ref{Slug: "2026-11-22-broken", File: "content/incidents/2026-11-22-broken.md"}, nil, bad)
	ce, ok := err.(*author.ContentError)
	if !ok || !strings.Contains(ce.Error(), `content/incidents/2026-11-22-broken.md:4: unknown component "apii" (did you mean "api"?)`) {
		t.Fatalf("err = %v, want a content error at line 4", err)
	}
	sameFiles(t, before, snapshot(t, dir))
	if code := e.report(err); code != exitContent {
		t.Errorf("exit code %d, want %d", code, exitContent)
	}
}
