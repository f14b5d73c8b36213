package serve_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/serve"
	"github.com/sitrep/sitrep/generator/watch/watchtest"
)

var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

const api = "content/incidents/2026-11-20-api-errors.md"

// server is a serve.Run on 127.0.0.1 in a test.
type server struct {
	dir, url string
	updates  *watchtest.Recorder[serve.Update]
	client   *http.Client
	stop     func() error
}

func startServer(t testing.TB, dir string, edit func(*serve.Options)) (*server, serve.Update) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{dir: dir, url: "http://" + ln.Addr().String(), updates: watchtest.NewRecorder[serve.Update](),
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	opts := serve.Options{Dir: dir, Now: func() time.Time { return testNow }, Render: watchtest.Render, OnBuild: s.updates.Add,
		OnError: func(err error) { t.Errorf("watch error: %v", err) }}
	if edit != nil {
		edit(&opts)
	}
	t.Cleanup(s.client.CloseIdleConnections) // after the server stops: cleanups run last first
	stop := watchtest.Go(t, func(ctx context.Context) error { return serve.Run(ctx, ln, opts) })
	s.stop = func() error {
		err := stop()
		s.client.CloseIdleConnections()
		return err
	}
	first := s.updates.Next(t, "at start", nil)
	return s, first
}

// fresh is a fresh build of the files now on disk, for the server's address.
func (s *server) fresh(t testing.TB) *publish.Site {
	t.Helper()
	base, err := url.Parse(s.url + "/")
	if err != nil {
		t.Fatal(err)
	}
	return watchtest.FreshAt(t, s.dir, testNow, base)
}

func (s *server) get(t testing.TB, path string) (*http.Response, []byte) {
	t.Helper()
	resp, err := s.client.Get(s.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// version is the site version the pages served now carry.
func (s *server) version(t testing.TB) string {
	t.Helper()
	_, body := s.get(t, "/"+watchtest.PagePath)
	m := regexp.MustCompile(`data-version="([^"]*)"`).FindSubmatch(body)
	if m == nil {
		t.Fatalf("no live reload script in the page:\n%s", body)
	}
	return string(m[1])
}

// event is one Server-Sent Event.
type event struct{ name, data string }

// events connects to the event stream as a page of version v would.
func (s *server) events(t testing.TB, v string) <-chan event {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", s.url+"/_sitrep/events?v="+v, nil)
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("event stream Content-Type %q", ct)
	}
	ch := make(chan event, 100)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(ch)
		r := bufio.NewReader(resp.Body)
		var ev event
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\n")
			switch {
			case line == "" && ev.name != "":
				ch <- ev
				ev = event{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	})
	t.Cleanup(func() {
		cancel()
		resp.Body.Close()
		wg.Wait()
	})
	return ch
}

func next(t testing.TB, ch <-chan event, what string) event {
	t.Helper()
	select {
	case ev, ok := <-ch:
		if !ok {
			t.Fatalf("event stream ended, waiting for %s", what)
		}
		return ev
	case <-time.After(watchtest.Timeout):
		t.Fatalf("no event within %v, waiting for %s", watchtest.Timeout, what)
	}
	return event{}
}

// snippet matches what serve adds to HTML responses.
var snippet = regexp.MustCompile(`<link rel="stylesheet" href="/_sitrep/live.css">(?s:.*?)<script src="/_sitrep/live.js" data-version="[^"]*" defer></script>`)

// checkServed fails unless every file of want is served byte for byte
// (HTML with the live reload snippet taken out) and gone paths are 404.
func (s *server) checkServed(t testing.TB, want *publish.Site, gone []string) {
	t.Helper()
	for _, p := range want.Paths() {
		resp, body := s.get(t, "/"+p)
		w, _ := want.File(p)
		if strings.HasSuffix(p, ".html") {
			if n := len(snippet.FindAll(body, -1)); n != 1 {
				t.Errorf("%s: %d live reload snippets", p, n)
			}
			body = snippet.ReplaceAll(body, nil)
		}
		if resp.StatusCode != http.StatusOK || string(body) != string(w) {
			t.Errorf("%s: status %d, served bytes differ from a fresh build: %v", p, resp.StatusCode, string(body) != string(w))
		}
	}
	for _, p := range gone {
		if _, ok := want.File(p); ok {
			continue
		}
		if resp, _ := s.get(t, "/"+p); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: removed from the site but served with status %d", p, resp.StatusCode)
		}
	}
}

func TestAChangeSendsReloadToOpenPages(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	s, first := startServer(t, dir, nil)
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	v := s.version(t)
	evs := s.events(t, v)
	if ev := next(t, evs, "the first event"); ev.name != "problems" || ev.data != "[]" {
		t.Fatalf("a page of the current version got %+v first, want no problems", ev)
	}
	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors, edited", "api", "2026-11-20 10:00", "Resolved"))
	ev := next(t, evs, "reload")
	if ev.name != "reload" || ev.data == v {
		t.Fatalf("after a change: %+v, want a reload to a new version", ev)
	}
	s.checkServed(t, s.fresh(t), nil)

	// A page that missed the change (an old version) reloads at once.
	if ev := next(t, s.events(t, v), "reload of an old page"); ev.name != "reload" {
		t.Errorf("a page of an old version got %+v, want reload", ev)
	}
}

func TestABadSaveShowsItsErrorsOverTheLastGoodSite(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	s, _ := startServer(t, dir, nil)
	good := s.fresh(t)
	evs := s.events(t, s.version(t))
	next(t, evs, "the first event")

	// A component id with markup in it must reach the overlay as text.
	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors", "<b>api</b>", "2026-11-20 10:00", "Resolved"))
	ev := next(t, evs, "problems")
	if ev.name != "problems" || !strings.Contains(ev.data, api+":") {
		t.Fatalf("after a bad save: %+v, want problems naming %s:line", ev, api)
	}
	s.checkServed(t, good, nil)
	_, page := s.get(t, "/"+watchtest.PagePath)
	overlay := regexp.MustCompile(`(?s)<div id="sitrep-problems" role="alert">.*?</div>`).Find(page)
	if overlay == nil {
		t.Fatalf("no overlay in the page:\n%s", page)
	}
	if !strings.Contains(string(overlay), api+":") || strings.Contains(string(overlay), "<b>") || !strings.Contains(string(overlay), "&lt;b&gt;") {
		t.Errorf("overlay does not show the escaped problem:\n%s", overlay)
	}
	if resp, body := s.get(t, "/"+watchtest.SummaryPath); strings.Contains(string(body), "sitrep-problems") || resp.StatusCode != 200 {
		t.Errorf("a text file got the overlay or status %d", resp.StatusCode)
	}

	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors, fixed", "api", "2026-11-20 10:00", "Resolved"))
	if ev := next(t, evs, "reload after the fix"); ev.name != "reload" {
		t.Fatalf("after the fix: %+v, want reload", ev)
	}
	_, page = s.get(t, "/"+watchtest.PagePath)
	if strings.Contains(string(page), "sitrep-problems") || !strings.Contains(string(page), "API errors, fixed") {
		t.Errorf("after the fix the page is not the new good one:\n%s", page)
	}
}

func TestRevertingABadSaveClearsTheOverlayWithoutReload(t *testing.T) {
	files := watchtest.Site()
	dir := watchtest.WriteSite(t, files)
	s, _ := startServer(t, dir, nil)
	evs := s.events(t, s.version(t))
	next(t, evs, "the first event")
	watchtest.WriteFile(t, dir, api, "---\ntitle: [unclosed\n---\n")
	if ev := next(t, evs, "problems"); ev.name != "problems" || ev.data == "[]" {
		t.Fatalf("after a bad save: %+v", ev)
	}
	watchtest.WriteFile(t, dir, api, files[api])
	if ev := next(t, evs, "cleared problems"); ev.name != "problems" || ev.data != "[]" {
		t.Fatalf("after reverting: %+v, want the problems cleared", ev)
	}
}

func TestRandomEditsNeverLeaveAStaleServedSite(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	s, _ := startServer(t, dir, func(o *serve.Options) { o.Debounce = 10 * time.Millisecond })
	lastGood := s.fresh(t)
	ed := watchtest.NewEditor(dir, 7)
	var seen []string
	for i := range 30 {
		what, broken := ed.Step(t)
		if broken {
			s.updates.Next(t, "failing after "+what, func(u serve.Update) bool { return u.Err != nil })
			s.checkServed(t, lastGood, nil)
			continue
		}
		want := s.fresh(t)
		s.updates.Next(t, fmt.Sprintf("serving a fresh build after step %d (%s)", i, what), func(u serve.Update) bool {
			return u.Err == nil && len(watchtest.DiffSites(u.Result.Site, want)) == 0
		})
		s.checkServed(t, want, seen)
		seen = append(seen, want.Paths()...)
		lastGood = want
	}
}

func TestStoppingEndsOpenStreamsAndLeaksNothing(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := watchtest.WriteSite(t, watchtest.Site())
	s, _ := startServer(t, dir, nil)
	evs := s.events(t, s.version(t))
	next(t, evs, "the first event")
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	for range evs {
		// The stream ends with the server.
	}
	s.client.CloseIdleConnections()
	watchtest.NoGoroutineLeak(t, before)
}

func TestBaseURLNamesTheListener(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"127.0.0.1:1313", "http://127.0.0.1:1313/"},
		{"[::1]:8080", "http://[::1]:8080/"},
		{"0.0.0.0:1313", "http://localhost:1313/"},
		{"[::]:1313", "http://localhost:1313/"},
	} {
		addr, err := net.ResolveTCPAddr("tcp", tc.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := serve.BaseURL(addr).String(); got != tc.want {
			t.Errorf("BaseURL(%s) = %s, want %s", tc.addr, got, tc.want)
		}
	}
}

func TestServedPagesUseTheLocalAddressAsBaseURL(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	s, first := startServer(t, dir, nil)
	for _, p := range first.Result.Site.Paths() {
		b, _ := first.Result.Site.File(p)
		if strings.Contains(string(b), "status.example.com") {
			t.Errorf("%s still links to site.yaml's base_url", p)
		}
	}
	if !strings.Contains(s.url, "127.0.0.1:") {
		t.Fatalf("server at %s", s.url)
	}
	if b, ok := first.Result.Site.File("sitemap.xml"); ok && !strings.Contains(string(b), s.url+"/") {
		t.Errorf("sitemap.xml does not name %s:\n%s", s.url, b)
	}
}
