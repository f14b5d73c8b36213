package notify

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

const allKinds = `notify:
  - name: team-slack
    kind: slack
    url: ${SLACK_URL}
  - name: team-discord
    kind: discord
    url: ${DISCORD_URL}
  - name: team-teams
    kind: teams
    url: ${TEAMS_URL}
  - name: partners
    kind: webhook
    url: ${HOOK_URL}
    secret: ${HOOK_SECRET}
`

const hookSecret = "s3cret-for-tests"

// receivers starts one receiver per HTTP kind and returns them with the
// environment that points the channels at them.
// noneSent fails the test for each receiver that got a message; why
// says which run should have sent nothing.
func noneSent(t *testing.T, rs map[string]*receiver, why string) {
	t.Helper()
	for name, rc := range rs {
		if n := len(rc.requests(t)); n != 0 {
			t.Errorf("%s got %d messages %s", name, n, why)
		}
	}
}

func receivers(t *testing.T) (map[string]*receiver, map[string]string) {
	rs := map[string]*receiver{
		"team-slack":   newReceiver(t, checkSlack),
		"team-discord": newReceiver(t, checkDiscord),
		"team-teams":   newReceiver(t, checkTeams),
		"partners":     newReceiver(t, checkWebhook(fixtureKeys(t))),
	}
	env := map[string]string{
		"SLACK_URL": rs["team-slack"].URL + "/services/T0/B0/XXXX", "DISCORD_URL": rs["team-discord"].URL + "/api/webhooks/1/tok",
		"TEAMS_URL": rs["team-teams"].URL + "/workflows/x", "HOOK_URL": rs["partners"].URL + "/hook", "HOOK_SECRET": hookSecret,
	}
	return rs, env
}

const openIncident = `---
title: Elevated error rates on the API
severity: P1
components:
  api: partial_outage
---

## Investigating — 2026-11-21 10:00
We are looking into 5xx responses.
`

func TestEachNewEventReachesEachChannelOnce(t *testing.T) {
	rs, env := receivers(t)
	dir := testSite(t, allKinds, map[string]string{"content/incidents/api-errors.md": openIncident})
	inc := filepath.Join(dir, "content/incidents/api-errors.md")
	count := func() map[string]int {
		out := map[string]int{}
		for name, rc := range rs {
			out[name] = len(rc.requests(t))
			rc.reset()
		}
		return out
	}

	// The first run starts the ledger and sends nothing of the past.
	rep, err := runAt(t, dir, at("10:05"), env)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.First || rep.Channels[0].History != 1 {
		t.Errorf("first run: First %v, history %d; want true and 1", rep.First, rep.Channels[0].History)
	}
	if c := count(); c["team-slack"]+c["partners"] != 0 {
		t.Fatalf("the first run sent %v", c)
	}

	// A new update goes to every channel, once.
	appendFile(t, inc, "\n## Identified — 2026-11-21 10:10\nA database pool is exhausted.\n")
	if _, err := runAt(t, dir, at("10:15"), env); err != nil {
		t.Fatal(err)
	}
	if c := count(); c["team-slack"] != 1 || c["team-discord"] != 1 || c["team-teams"] != 1 || c["partners"] != 1 {
		t.Fatalf("after one update: %v, want 1 each", c)
	}
	// Running again, as a CI re-run of the same commit does, sends nothing.
	if _, err := runAt(t, dir, at("10:16"), env); err != nil {
		t.Fatal(err)
	}
	if c := count(); c["team-slack"]+c["team-discord"]+c["team-teams"]+c["partners"] != 0 {
		t.Fatalf("a re-run sent %v", c)
	}

	// Resolving sends the resolution; the webhook also gets the
	// component's return to operational.
	appendFile(t, inc, "\n## Resolved — 2026-11-21 10:20\nError rates are back to normal.\n")
	if _, err := runAt(t, dir, at("10:25"), env); err != nil {
		t.Fatal(err)
	}
	hooks := rs["partners"].requests(t)
	if c := count(); c["team-slack"] != 1 || c["partners"] != 2 {
		t.Fatalf("after resolving: %v, want 1 each and 2 for the webhook", c)
	}
	var inc2, comp spPayload
	for _, h := range hooks {
		var p spPayload
		if err := json.Unmarshal(h.Body, &p); err != nil {
			t.Fatal(err)
		}
		if h.Event == "component" {
			comp = p
		} else {
			inc2 = p
		}
		// The receiver's check of the signature, as docs/notify.md tells it.
		if h.Signature != Sign(hookSecret, h.Timestamp, h.Body) {
			t.Errorf("signature %q does not verify", h.Signature)
		}
		if ts, err := strconv.ParseInt(h.Timestamp, 10, 64); err != nil || time.Unix(ts, 0).Sub(at("10:25")).Abs() > 5*time.Minute {
			t.Errorf("timestamp %q is not the sending time", h.Timestamp)
		}
	}
	if inc2.Incident == nil || inc2.Incident.Status != "resolved" || len(inc2.Incident.IncidentUpdates) != 3 ||
		inc2.Incident.IncidentUpdates[0].Status != "resolved" || inc2.Incident.IncidentUpdates[2].Status != "investigating" {
		t.Errorf("incident payload: %+v", inc2.Incident)
	} else if a := inc2.Incident.IncidentUpdates[0].AffectedComponents; len(a) != 1 || a[0].OldStatus != "partial_outage" || a[0].NewStatus != "operational" {
		t.Errorf("the resolution's affected components: %+v", a)
	}
	if comp.Component == nil || comp.Component.Name != "API" || comp.ComponentUpdate.OldStatus != "partial_outage" || comp.ComponentUpdate.NewStatus != "operational" {
		t.Errorf("component payload: %+v %+v", comp.Component, comp.ComponentUpdate)
	}

	// Correcting the text of an old update sends nothing again.
	b, _ := os.ReadFile(inc)
	write(t, dir, "content/incidents/api-errors.md", strings.Replace(string(b), "A database pool is exhausted.", "The primary database's connection pool is exhausted.", 1))
	if _, err := runAt(t, dir, at("10:30"), env); err != nil {
		t.Fatal(err)
	}
	if c := count(); c["team-slack"]+c["team-discord"]+c["team-teams"]+c["partners"] != 0 {
		t.Fatalf("an edit of an old update was sent again: %v", c)
	}

	// A channel added later starts empty: no history.
	b, _ = os.ReadFile(filepath.Join(dir, "content/site.yaml"))
	late := newReceiver(t, checkSlack)
	env["LATE_URL"] = late.URL
	write(t, dir, "content/site.yaml", string(b)+"  - name: late\n    kind: slack\n    url: ${LATE_URL}\n")
	rep, err = runAt(t, dir, at("10:35"), env)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(late.requests(t)); n != 0 || !rep.Channels[4].New || rep.Channels[4].History == 0 {
		t.Errorf("a new channel got %d messages (report %+v); want none, told as history", n, rep.Channels[4])
	}
}

func appendFile(t *testing.T, name, s string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

func TestAMissingVariableStopsTheRunBeforeAnythingIsSent(t *testing.T) {
	rs, env := receivers(t)
	dir := testSite(t, allKinds, map[string]string{"content/incidents/api-errors.md": openIncident})
	if _, err := runAt(t, dir, at("09:00"), env); err != nil {
		t.Fatal(err)
	}
	appendFile(t, filepath.Join(dir, "content/incidents/api-errors.md"), "\n## Identified — 2026-11-21 10:10\nFound.\n")
	delete(env, "HOOK_SECRET")
	_, err := runAt(t, dir, at("10:15"), env)
	var me *MissingError
	if !errors.As(err, &me) || !slices.Equal(me.Vars, []string{"HOOK_SECRET"}) || !strings.Contains(err.Error(), "partners secret") {
		t.Fatalf("err = %v, want HOOK_SECRET named as missing", err)
	}
	noneSent(t, rs, "from a run that could not start")
	for _, v := range env {
		if strings.Contains(err.Error(), v) {
			t.Errorf("the error shows a value from the environment: %v", err)
		}
	}
}

func TestADryRunSendsAndWritesNothing(t *testing.T) {
	rs, env := receivers(t)
	dir := testSite(t, allKinds, map[string]string{"content/incidents/api-errors.md": openIncident})
	if _, err := runAt(t, dir, at("09:00"), env); err != nil {
		t.Fatal(err)
	}
	ledger := filepath.Join(dir, DefaultLedger)
	before, _ := os.ReadFile(ledger)
	rep, err := runAt(t, dir, at("10:05"), nil, func(o *Options) { o.DryRun = true })
	if err != nil {
		t.Fatal(err)
	}
	if p := rep.Channels[0].Pending; len(p) != 1 || p[0] != "[Partial outage] Elevated error rates on the API — Investigating" {
		t.Errorf("dry run would send %q", p)
	}
	if len(rep.Warnings) == 0 {
		t.Error("a dry run without the variables does not say they are missing")
	}
	after, _ := os.ReadFile(ledger)
	if string(before) != string(after) {
		t.Error("a dry run changed the ledger")
	}
	noneSent(t, rs, "from a dry run")
}

func TestALedgerIsNeverWrittenOverSomethingElse(t *testing.T) {
	_, env := receivers(t)
	dir := testSite(t, allKinds, nil)
	write(t, dir, DefaultLedger, "my notes\n")
	if _, err := runAt(t, dir, at("09:00"), env); err == nil || !strings.Contains(err.Error(), "not a sitrep notify ledger") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, DefaultLedger)); string(b) != "my notes\n" {
		t.Errorf("the file was changed: %q", b)
	}
}

func TestAFilteredChannelGetsOnlyItsComponents(t *testing.T) {
	all, db := newReceiver(t, checkSlack), newReceiver(t, checkSlack)
	env := map[string]string{"ALL_URL": all.URL, "DB_URL": db.URL}
	dir := testSite(t, "notify:\n  - name: all\n    kind: slack\n    url: ${ALL_URL}\n  - name: db-team\n    kind: slack\n    url: ${DB_URL}\n    components: [db]\n", nil)
	if _, err := runAt(t, dir, at("09:00"), env); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "content/incidents/api-errors.md", openIncident)
	write(t, dir, "content/incidents/notice.md", "---\ntitle: A notice\nseverity: P3\n---\n## Update — 2026-11-21 10:01\nFYI.\n")
	write(t, dir, "content/incidents/db-slow.md", "---\ntitle: Slow queries\nseverity: P2\ncomponents:\n  db: degraded_performance\n---\n## Investigating — 2026-11-21 10:02\nSlow.\n")
	if _, err := runAt(t, dir, at("10:05"), env); err != nil {
		t.Fatal(err)
	}
	if a, d := len(all.requests(t)), len(db.requests(t)); a != 3 || d != 1 {
		t.Errorf("unfiltered got %d, db-team got %d; want 3 and 1", a, d)
	}
}

func TestABackDatedUpdateIsHistoryAndSaidOnce(t *testing.T) {
	rs, env := receivers(t)
	dir := testSite(t, allKinds, nil)
	if _, err := runAt(t, dir, at("10:00"), env); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "content/incidents/late.md", strings.Replace(openIncident, "10:00", "09:30", 1))
	for i, now := range []string{"10:05", "10:10"} {
		rep, err := runAt(t, dir, at(now), env)
		if err != nil {
			t.Fatal(err)
		}
		if want := 1 - i; rep.Channels[0].History != want {
			t.Errorf("at %s: history %d, want %d", now, rep.Channels[0].History, want)
		}
	}
	noneSent(t, rs, "for an update back-dated before the ledger began")
}

func TestOnlyTheLedgerAndItsOwnTemporaryFilesAreTouched(t *testing.T) {
	_, env := receivers(t)
	dir := testSite(t, allKinds, nil)
	sitrepDir := filepath.Join(dir, ".sitrep")
	write(t, dir, ".sitrep/notes.txt", "mine\n")
	write(t, dir, ".sitrep/.notify-ledger-123.tmp", "left by a killed save")
	if err := os.Mkdir(filepath.Join(sitrepDir, ".notify-ledger-dir.tmp"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "content/site.yaml"), filepath.Join(sitrepDir, ".notify-ledger-link.tmp")); err != nil {
		t.Fatal(err)
	}
	if _, err := runAt(t, dir, at("09:00"), env); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(sitrepDir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{".notify-ledger-dir.tmp", ".notify-ledger-link.tmp", "notes.txt", "notify-ledger.json", "notify-ledger.json.lock"}
	if !slices.Equal(names, want) {
		t.Errorf(".sitrep holds %q, want %q", names, want)
	}
	// A ledger path that is a link is refused, not followed.
	ledger := filepath.Join(dir, "elsewhere.json")
	if err := os.Symlink(filepath.Join(dir, "content/site.yaml"), ledger); err != nil {
		t.Fatal(err)
	}
	if _, err := runAt(t, dir, at("09:05"), env, func(o *Options) { o.Ledger = ledger }); err == nil {
		t.Error("a ledger that is a link to another file was accepted")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "content/site.yaml")); !strings.Contains(string(b), "notify:") {
		t.Error("the file behind the link was changed")
	}
}
