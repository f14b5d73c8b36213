package notify

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// kst is the test sites' zone.
var kst = time.FixedZone("KST", 9*3600)

func at(hhmm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-21 "+hhmm, kst)
	if err != nil {
		panic(err)
	}
	return t
}

// testSite writes a site into a temporary folder: site.yaml with the
// notify block, components api and db, and the files given.
func testSite(t testing.TB, notifyBlock string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	write(t, dir, "content/site.yaml", "title: Test Status\nbase_url: https://status.example.com/\ntime_zone: Asia/Seoul\n"+notifyBlock)
	write(t, dir, "content/components/api.md", "---\nname: API\ngroup: Core\n---\nThe public API.\n")
	write(t, dir, "content/components/db.md", "---\nname: Database\n---\n")
	for p, s := range files {
		write(t, dir, p, s)
	}
	return dir
}

func write(t testing.TB, dir, name, s string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// received is one request a receiver took.
type received struct {
	Key, Delivery, Event string
	Timestamp, Signature string
	Body                 []byte
}

// receiver is a real HTTP server on 127.0.0.1 that checks every payload
// with check and answers with answer (200 when nil).
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []received
	errs   []string
	answer func(n int, w http.ResponseWriter, r *http.Request) bool // true: answered
}

func newReceiver(t testing.TB, check func(body []byte) []string) *receiver {
	rc := &receiver{}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := len(rc.got)
		rc.got = append(rc.got, received{
			Key: r.Header.Get("Idempotency-Key"), Delivery: r.Header.Get("X-Sitrep-Delivery"), Event: r.Header.Get("X-Sitrep-Event"),
			Timestamp: r.Header.Get("X-Sitrep-Timestamp"), Signature: r.Header.Get("X-Sitrep-Signature"), Body: body,
		})
		switch {
		case r.Method != http.MethodPost:
			rc.errs = append(rc.errs, "method "+r.Method)
		case r.Header.Get("Content-Type") != "application/json; charset=utf-8":
			rc.errs = append(rc.errs, "content type "+r.Header.Get("Content-Type"))
		case r.Header.Get("Idempotency-Key") == "" || r.Header.Get("Idempotency-Key") != r.Header.Get("X-Sitrep-Delivery"):
			rc.errs = append(rc.errs, "idempotency headers missing or different")
		case !json.Valid(body):
			rc.errs = append(rc.errs, "body is not JSON: "+string(body))
		default:
			rc.errs = append(rc.errs, check(body)...)
		}
		answer := rc.answer
		rc.mu.Unlock()
		if answer != nil && answer(n, w, r) {
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(rc.Close)
	return rc
}

// requests returns what the receiver took, and fails the test for every
// payload that broke the receiver's rules.
func (rc *receiver) requests(t testing.TB) []received {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, e := range rc.errs {
		t.Errorf("%s", e)
	}
	rc.errs = nil
	return append([]received(nil), rc.got...)
}

func (rc *receiver) reset() {
	rc.mu.Lock()
	rc.got = nil
	rc.mu.Unlock()
}

// noSleep records the waits between attempts instead of waiting.
type noSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (n *noSleep) sleep(ctx context.Context, d time.Duration) error {
	n.mu.Lock()
	n.waits = append(n.waits, d)
	n.mu.Unlock()
	return ctx.Err()
}

// runAt runs notify on dir at now with env.
func runAt(t testing.TB, dir string, now time.Time, env map[string]string, opt ...func(*Options)) (*Report, error) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	o := Options{
		Source: root.FS(), Now: now, Ledger: filepath.Join(dir, DefaultLedger),
		Getenv: func(k string) string { return env[k] },
		Sleep:  (&noSleep{}).sleep,
	}
	for _, f := range opt {
		f(&o)
	}
	return Run(context.Background(), o)
}
