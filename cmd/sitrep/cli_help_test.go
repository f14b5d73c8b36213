package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHelpShowsEveryFlagOfACommand(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"help", "update"}, []string{"usage: sitrep update SLUG", "-component ID=STATUS", "-amend", "-next-update", "-now TIME", "the TIME of the update", "-force"}},
		{[]string{"update", "-h"}, []string{"usage: sitrep update SLUG", "-component ID=STATUS"}},
		{[]string{"help", "new"}, []string{"usage: sitrep new incident", "-severity P0", "-started TIME", "-template NAME", "usage: sitrep new notice", "usage: sitrep new maintenance", "-start TIME", "the next 02:00"}},
		{[]string{"new", "-h"}, []string{"usage: sitrep new incident", "usage: sitrep new maintenance"}},
		{[]string{"new", "incident", "-h"}, []string{"-component ID=STATUS", "the TIME of the first update"}},
		{[]string{"help", "serve"}, []string{"-now TIME", "build as of TIME", "SOURCE_DATE_EPOCH"}},
		{[]string{"help", "watch"}, []string{"-now TIME"}},
		{[]string{"help", "init"}, []string{"-language LANGUAGE"}},
		{[]string{"help", "list"}, []string{"-format text"}},
		{[]string{"help", "postmortem"}, []string{"-print"}},
	}
	for _, tt := range tests {
		r := sitrep(t, "", tt.args...)
		out := r.stdout + r.stderr
		if r.code != exitOK {
			t.Errorf("sitrep %s: exit %d", strings.Join(tt.args, " "), r.code)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("sitrep %s lacks %q:\n%s", strings.Join(tt.args, " "), w, out)
			}
		}
	}
	if r := sitrep(t, "", "help", "update"); r.stdout == "" {
		t.Error("help CMD printed nothing on standard output")
	}
	if r := sitrep(t, "", "help", "updat"); r.code != exitUsage || !strings.Contains(r.stderr, `did you mean "update"?`) {
		t.Errorf("help of a misspelt command: exit %d: %s", r.code, r.stderr)
	}
}

func TestVersionOfABuildWithoutAReleaseSaysDevel(t *testing.T) {
	r := sitrep(t, "", "--version")
	// Tests are built without -ldflags and without a module version.
	if r.code != 0 || !strings.HasPrefix(r.stdout, "sitrep v") || !strings.Contains(r.stdout, "-devel (commit ") {
		t.Errorf("exit %d: %q", r.code, r.stdout)
	}
}

func TestEditKeepsTheFileWhenTheEditIsInvalid(t *testing.T) {
	dir := writeSite(t, smallSite)
	name := "content/incidents/2026-11-22-slow-api.md"
	before := readFile(t, dir, name)
	t.Setenv("VISUAL", "")
	t.Setenv("EDITOR", "sed -i s/degraded_performance/degraded/")
	r := sitrep(t, "", "edit", "slow-api", "--source", dir)
	if r.code != exitContent || !strings.Contains(r.stderr, `content/incidents/2026-11-22-slow-api.md:6: unknown status "degraded" for component "api"`) || !strings.Contains(r.stderr, "was kept as it was; your edit is in ") {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
	if readFile(t, dir, name) != before {
		t.Error("the invalid edit was written")
	}
	kept := strings.TrimSpace(r.stderr[strings.Index(r.stderr, "your edit is in ")+len("your edit is in "):])
	kept, _, _ = strings.Cut(kept, "\n")
	if b, err := os.ReadFile(kept); err != nil || !strings.Contains(string(b), "api:   degraded\n") {
		t.Errorf("the edit was not kept in %s: %v", kept, err)
	}
	os.Remove(kept)

	t.Setenv("EDITOR", "sed -i s/Slow.API/Slow_API_responses/")
	if r := sitrep(t, "", "edit", "2026-11-22-slow", "--source", dir); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if got := readFile(t, dir, name); !strings.Contains(got, "title:    Slow_API_responses    # keep this comment") {
		t.Errorf("the edit was not written:\n%s", got)
	}
}

func TestListFormatJSON(t *testing.T) {
	dir := writeSite(t, smallSite)
	r := sitrep(t, "", "list", "--format", "json", "--source", dir, "--now", testNow)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var l struct {
		Incidents []struct {
			Slug    string
			Overdue bool
		}
		Maintenance []struct{ Slug, Status string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Incidents) != 3 || l.Incidents[0].Slug != "2026-11-22-hooks-late" || !l.Incidents[0].Overdue {
		t.Errorf("incidents: %+v", l.Incidents)
	}
	if len(l.Maintenance) != 1 || l.Maintenance[0].Status != "scheduled" {
		t.Errorf("maintenance: %+v", l.Maintenance)
	}
	text := sitrep(t, "", "list", "--source", dir, "--now", testNow).stdout
	if !strings.Contains(text, "2026-11-22-hooks-late  P3 identified, open 2h 0m, last update 1h 30m ago; OVERDUE: next update was due 10:30 (30m ago)") {
		t.Errorf("list:\n%s", text)
	}
}

func TestTheSiteIsFoundFromASubfolder(t *testing.T) {
	dir := writeSite(t, smallSite)
	t.Chdir(filepath.Join(dir, "content", "incidents"))
	if r := sitrep(t, "", "update", "hooks", "--now", testNow, "Still late."); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	t.Chdir(t.TempDir())
	if r := sitrep(t, "", "list"); r.code != exitUsage || !strings.Contains(r.stderr, "no content/site.yaml in . or any folder above it") {
		t.Errorf("outside a site: exit %d: %s", r.code, r.stderr)
	}
}

func TestServeAndWatchBuildAtNowOrSourceDateEpoch(t *testing.T) {
	dir := writeSite(t, smallSite)
	e, _, _ := testEnv(strings.NewReader(""), func(k string) string {
		if k == "SOURCE_DATE_EPOCH" {
			return "1795312800" // 2026-11-22 11:00 KST
		}
		return ""
	})
	sf := siteFlags{}
	clock, err := sf.clock(e, dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := clock(); !got.Equal(mustTime(t, "2026-11-22 11:00")) {
		t.Errorf("SOURCE_DATE_EPOCH: clock says %v", got)
	}
	sf.now = "2026-11-21 09:00"
	if clock, err = sf.clock(e, dir); err != nil || !clock().Equal(mustTime(t, "2026-11-21 09:00")) {
		t.Errorf("--now: clock says %v (%v)", clock(), err)
	}
}

func TestListPrintsNoControlCharacters(t *testing.T) {
	files := map[string]string{}
	for k, v := range smallSite {
		files[k] = v
	}
	files["content/incidents/2026-11-22-esc.md"] = "---\ntitle: \"Evil \\e[2J title\"\n---\n\n## Investigating — 2026-11-22 10:00\nA.\n"
	dir := writeSite(t, files)
	r := sitrep(t, "", "list", "--source", dir, "--now", testNow)
	if strings.ContainsRune(r.stdout+r.stderr, 0x1b) {
		t.Errorf("exit %d:\n%q", r.code, r.stdout+r.stderr)
	}
	// Content refuses control characters (issue 10), and check says where.
	r = sitrep(t, "", "check", "--source", dir, "--now", testNow)
	if want := "content/incidents/2026-11-22-esc.md:2: control character U+001B"; !strings.Contains(r.stdout+r.stderr, want) {
		t.Errorf("check should report %q:\n%s", want, r.stdout+r.stderr)
	}
}
