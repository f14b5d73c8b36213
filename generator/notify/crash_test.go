package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/view"
)

// TestCrashChild is the notifier as a separate process, for the crash
// test: it runs only when that test starts it, and kills itself with
// SIGKILL after SITREP_KILL_AFTER deliveries are recorded.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv("SITREP_CHILD_SITE")
	if dir == "" {
		t.Skip("run by TestExactlyOnceAcrossKills")
	}
	now, err := time.Parse(time.RFC3339, os.Getenv("SITREP_CHILD_NOW"))
	if err != nil {
		t.Fatal(err)
	}
	killAfter, recorded := 0, 0
	fmt.Sscan(os.Getenv("SITREP_KILL_AFTER"), &killAfter)
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), Options{
		Source: root.FS(), Now: now, Ledger: filepath.Join(dir, DefaultLedger), Getenv: os.Getenv,
		AfterRecord: func() {
			if recorded++; recorded == killAfter {
				syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// crashWorld is one random history of a site and the notify runs on it.
type crashWorld struct {
	t   *testing.T
	rng *rand.Rand
	dir string
	env []string

	mu      sync.Mutex
	got     map[string]map[string]int // channel -> key -> deliveries
	child   *exec.Cmd
	killAt  int // kill the child when the receivers have taken this many requests in the run; 0: never
	taken   int
	crashes int

	incidents []*crashIncident
	t0, now   time.Time
}

type crashIncident struct {
	slug     string
	comp     string
	updates  []string // "## Word — time\ntext\n"
	resolved bool
	last     time.Time
}

func TestExactlyOnceAcrossKills(t *testing.T) {
	if testing.Short() {
		t.Skip("starts hundreds of processes")
	}
	seeds := 30
	for seed := range seeds {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { crashRun(t, uint64(seed)) })
	}
}

func crashRun(t *testing.T, seed uint64) {
	w := &crashWorld{t: t, rng: rand.New(rand.NewPCG(seed, 7)), got: map[string]map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(w.receive))
	defer srv.Close()
	w.dir = testSite(t, `notify:
  - name: chat
    kind: slack
    url: ${CHAT_URL}
  - name: partners
    kind: webhook
    url: ${HOOK_URL}
    secret: ${HOOK_SECRET}
    components: [api, db]
`, nil)
	w.env = append(os.Environ(), "CHAT_URL="+srv.URL+"/chat", "HOOK_URL="+srv.URL+"/partners", "HOOK_SECRET=x", "SITREP_CHILD_SITE="+w.dir)
	w.t0 = at("08:00")
	w.now = w.t0
	w.step(false) // history from before the ledger
	w.run(0, 0)
	for range 3 + w.rng.IntN(4) {
		w.now = w.now.Add(time.Duration(10+w.rng.IntN(40)) * time.Minute)
		w.step(true)
		killAfter, killAt := 0, 0
		switch w.rng.IntN(3) {
		case 0: // killed right after a delivery is recorded
			killAfter = 1 + w.rng.IntN(4)
		case 1: // killed while a delivery is in flight
			killAt = 1 + w.rng.IntN(4)
		}
		if crashed := w.run(killAfter, killAt); crashed {
			w.crashes++
			w.run(0, 0) // the CI re-run of the same commit
		}
	}
	w.run(0, 0)
	w.check()
	t.Logf("%d crashes; deliveries: chat %d, partners %d", w.crashes, len(w.got["chat"]), len(w.got["partners"]))
}

// step adds a few updates to the site, at times up to now; with late
// false, before the ledger began. It also edits old text now and then.
func (w *crashWorld) step(late bool) {
	for range 1 + w.rng.IntN(3) {
		open := []*crashIncident{}
		for _, in := range w.incidents {
			if !in.resolved {
				open = append(open, in)
			}
		}
		at := w.now.Add(-time.Duration(w.rng.IntN(8)) * time.Minute)
		if !late {
			at = w.t0.Add(-time.Duration(30+w.rng.IntN(60)) * time.Minute)
		}
		if len(open) == 0 || w.rng.IntN(3) == 0 {
			in := &crashIncident{slug: fmt.Sprintf("incident-%d", len(w.incidents)), comp: []string{"api", "db"}[w.rng.IntN(2)]}
			w.incidents = append(w.incidents, in)
			in.add("Investigating", at, "Something is wrong.")
			continue
		}
		in := open[w.rng.IntN(len(open))]
		if !at.After(in.last) {
			at = in.last.Add(time.Minute)
		}
		if at.After(w.now) {
			continue
		}
		word := []string{"Identified", "Monitoring", "Update", "Resolved"}[w.rng.IntN(4)]
		in.add(word, at, word+" at "+at.Format("15:04")+".")
		in.resolved = word == "Resolved"
	}
	if len(w.incidents) > 0 && w.rng.IntN(3) == 0 { // a typo fixed in an old update
		in := w.incidents[w.rng.IntN(len(w.incidents))]
		in.updates[0] = strings.Replace(in.updates[0], "wrong.", "wrong (edited).", 1)
	}
	for _, in := range w.incidents {
		write(w.t, w.dir, "content/incidents/"+in.slug+".md", "---\ntitle: Trouble "+in.slug+"\nseverity: P1\ncomponents:\n  "+in.comp+": major_outage\n---\n"+strings.Join(in.updates, "\n"))
	}
}

func (in *crashIncident) add(word string, at time.Time, text string) {
	in.updates = append(in.updates, "## "+word+" — "+at.In(kst).Format("2006-01-02 15:04")+"\n"+text+"\n")
	in.last = at
}

// run starts the notifier as a process and waits for it; it reports
// whether the process was killed.
func (w *crashWorld) run(killAfter, killAt int) bool {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
	cmd.Env = append(w.env, "SITREP_CHILD_NOW="+w.now.Format(time.RFC3339), fmt.Sprint("SITREP_KILL_AFTER=", killAfter))
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	w.mu.Lock()
	w.child, w.killAt, w.taken = cmd, killAt, 0
	if err := cmd.Start(); err != nil {
		w.mu.Unlock()
		w.t.Fatal(err)
	}
	w.mu.Unlock()
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok && ee.Sys().(syscall.WaitStatus).Signaled() {
		return true
	}
	if err != nil {
		w.t.Fatalf("notify at %v: %v\n%s", w.now, err, out.String())
	}
	return false
}

// receive takes a delivery; at the chosen request it kills the notifier
// before answering, so the delivery happened but was never recorded.
func (w *crashWorld) receive(rw http.ResponseWriter, r *http.Request) {
	io.Copy(io.Discard, r.Body)
	ch := strings.TrimPrefix(r.URL.Path, "/")
	w.mu.Lock()
	if w.got[ch] == nil {
		w.got[ch] = map[string]int{}
	}
	w.got[ch][r.Header.Get("Idempotency-Key")]++
	w.taken++
	if w.taken == w.killAt {
		w.child.Process.Kill()
		w.mu.Unlock()
		<-r.Context().Done() // no answer: the connection dies with the process
		return
	}
	w.mu.Unlock()
	rw.WriteHeader(http.StatusOK)
}

// check compares what arrived with what should have: every event after
// the ledger began, for every channel that takes it, with at most one
// repeat per channel for each crash.
func (w *crashWorld) check() {
	root, err := os.OpenRoot(w.dir)
	if err != nil {
		w.t.Fatal(err)
	}
	defer root.Close()
	site, _, err := generator.Load(generator.Options{Source: root.FS(), Now: w.now})
	if err != nil {
		w.t.Fatal(err)
	}
	want := map[string]map[string]bool{"chat": {}, "partners": {}}
	for _, ev := range Events(view.New(site, w.now), func(string) time.Time { return time.Time{} }, time.Time{}) {
		if !ev.At.After(w.t0) {
			continue
		}
		if ev.Kind != ComponentChanged {
			want["chat"][Key("https://status.example.com/", "chat", ev.ID)] = true
		}
		want["partners"][Key("https://status.example.com/", "partners", ev.ID)] = true
	}
	// The chat channel's count does not depend on the derivation: one
	// message for each update written after the ledger began.
	updates := 0
	for _, in := range w.incidents {
		for _, u := range in.updates {
			if tm, _ := time.ParseInLocation("2006-01-02 15:04", strings.SplitN(strings.SplitN(u, " — ", 2)[1], "\n", 2)[0], kst); tm.After(w.t0) {
				updates++
			}
		}
	}
	if len(want["chat"]) != updates {
		w.t.Errorf("%d chat events derived, %d updates written after the ledger began", len(want["chat"]), updates)
	}
	for ch, keys := range want {
		repeats := 0
		for k, n := range w.got[ch] {
			if !keys[k] {
				w.t.Errorf("%s got a delivery it should not have (history or unknown): %s", ch, k)
			}
			repeats += n - 1
		}
		for k := range keys {
			if w.got[ch][k] == 0 {
				w.t.Errorf("%s never got %s", ch, k)
			}
		}
		if repeats > w.crashes {
			w.t.Errorf("%s: %d repeats after %d crashes; at most one each", ch, repeats, w.crashes)
		}
	}
	var led Ledger
	b, _ := os.ReadFile(filepath.Join(w.dir, DefaultLedger))
	if err := json.Unmarshal(b, &led); err != nil || !led.Started.Equal(w.t0) {
		w.t.Errorf("ledger: %v, started %v", err, led.Started)
	}
}
