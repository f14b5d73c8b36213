package notify

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

const twoChannels = `notify:
  - name: team-slack
    kind: slack
    url: ${SLACK_URL}
  - name: team-discord
    kind: discord
    url: ${DISCORD_URL}
`

// twoUpdates is a site whose ledger started at 09:00 and which then got
// an incident with two updates: two events per channel to send.
func twoUpdates(t *testing.T) (dir string, slack, disc *receiver, env map[string]string) {
	slack, disc = newReceiver(t, checkSlack), newReceiver(t, checkDiscord)
	env = map[string]string{"SLACK_URL": slack.URL + "/services/T0/B0/SECRETPATH", "DISCORD_URL": disc.URL + "/api/webhooks/1/tok"}
	dir = testSite(t, twoChannels, nil)
	if _, err := runAt(t, dir, at("09:00"), env); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "content/incidents/api-errors.md", openIncident+"\n## Identified — 2026-11-21 10:10\nFound it.\n")
	return dir, slack, disc, env
}

func answers(codes ...int) func(n int, w http.ResponseWriter, r *http.Request) bool {
	return func(n int, w http.ResponseWriter, r *http.Request) bool {
		if n < len(codes) {
			if codes[n] == 429 {
				w.Header().Set("Retry-After", "5")
			}
			w.WriteHeader(codes[n])
			w.Write([]byte("error at " + r.URL.Path))
			return true
		}
		return false
	}
}

func TestFailedAttemptsAreRetriedWithBackoffAndRetryAfter(t *testing.T) {
	dir, slack, disc, env := twoUpdates(t)
	slack.answer = answers(503, 429, 200)
	disc.answer = answers(500, 500, 500) // down: its second event waits for the next run
	sleeps := &noSleep{}
	rep, err := runAt(t, dir, at("10:15"), env, func(o *Options) { o.Sleep = sleeps.sleep })
	if err != nil {
		t.Fatal(err)
	}
	s, d := rep.Channels[0], rep.Channels[1]
	if s.Sent != 2 || s.Retried != 2 || s.Failed != 0 {
		t.Errorf("slack: %+v, want 2 sent after 2 retries", s)
	}
	if d.Sent != 0 || d.Failed != 1 || d.Retried != 2 || d.Deferred != 1 {
		t.Errorf("discord: %+v, want 1 failed after 2 retries and 1 left for later", d)
	}
	if len(slack.requests(t)) != 4 || len(disc.requests(t)) != 3 {
		t.Errorf("requests: slack %d, discord %d; want 4 and 3", len(slack.requests(t)), len(disc.requests(t)))
	}
	if !slices.Contains(sleeps.waits, 5*time.Second) || !slices.Contains(sleeps.waits, time.Second) {
		t.Errorf("waits %v: want the 1 s backoff and the 5 s Retry-After", sleeps.waits)
	}
	for _, e := range d.Errors {
		if strings.Contains(e, "tok") || strings.Contains(e, "webhooks") {
			t.Errorf("an error shows the secret URL: %s", e)
		}
	}
	// The next run sends both to the receiver that is back, and nothing
	// twice to the other.
	disc.answer, slack.answer = nil, nil
	slack.reset()
	disc.reset()
	rep, err = runAt(t, dir, at("10:30"), env)
	if err != nil {
		t.Fatal(err)
	}
	if n, m := len(slack.requests(t)), len(disc.requests(t)); n != 0 || m != 2 || rep.Failed() != 0 {
		t.Errorf("second run: slack %d, discord %d, failed %d; want 0, 2, 0", n, m, rep.Failed())
	}
}

func TestAClientErrorIsNotRetriedAndTheNextEventStillGoes(t *testing.T) {
	dir, slack, _, env := twoUpdates(t)
	slack.answer = answers(400)
	rep, err := runAt(t, dir, at("10:15"), env)
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Channels[0]; s.Failed != 1 || s.Sent != 1 || s.Retried != 0 || len(slack.requests(t)) != 2 {
		t.Errorf("slack: %+v after %d requests; want one failed at once and one sent", s, len(slack.requests(t)))
	}
}

func TestALongRetryAfterWaitsForTheNextRun(t *testing.T) {
	dir, slack, _, env := twoUpdates(t)
	slack.answer = func(n int, w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(429)
		return true
	}
	sleeps := &noSleep{}
	rep, err := runAt(t, dir, at("10:15"), env, func(o *Options) { o.Sleep = sleeps.sleep })
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Channels[0]; s.Failed != 1 || s.Deferred != 1 || len(sleeps.waits) != 0 || len(slack.requests(t)) != 1 {
		t.Errorf("slack: %+v, waits %v; want one failed attempt, nothing waited", s, sleeps.waits)
	}
}

func TestAFailureIsRetriedForADayThenDropped(t *testing.T) {
	dir, slack, _, env := twoUpdates(t)
	slack.answer = answers(400, 400, 400, 400, 400, 400)
	for _, now := range []time.Time{at("10:15"), at("20:00")} {
		rep, err := runAt(t, dir, now, env)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Channels[0].Failed != 2 {
			t.Fatalf("at %v: %+v, want both failed again", now, rep.Channels[0])
		}
	}
	rep, err := runAt(t, dir, at("10:16").Add(RetryFor), env)
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Channels[0]; s.Dropped != 2 || s.Failed != 0 || len(rep.Warnings) != 2 {
		t.Errorf("a day later: %+v, warnings %q; want both dropped with a warning", s, rep.Warnings)
	}
	if n := len(slack.requests(t)); n != 4 {
		t.Errorf("%d requests, want 4 (none after the day)", n)
	}
}

func TestAHungReceiverCostsAtMostTheChannelBudget(t *testing.T) {
	dir, slack, disc, env := twoUpdates(t)
	slack.answer = func(n int, w http.ResponseWriter, r *http.Request) bool {
		<-r.Context().Done() // never answers
		return true
	}
	rep, err := runAt(t, dir, at("10:15"), env, func(o *Options) { o.Budget = 200 * time.Millisecond })
	if err != nil {
		t.Fatal(err)
	}
	if s := rep.Channels[0]; s.Sent != 0 || s.Failed != 1 || s.Deferred != 1 || !strings.Contains(s.Errors[0], "no answer") {
		t.Errorf("hung slack: %+v", s)
	}
	if d := rep.Channels[1]; d.Sent != 2 || len(disc.requests(t)) != 2 {
		t.Errorf("the other channel: %+v; one channel failing must not stop the others", d)
	}
}
