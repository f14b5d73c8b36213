package html_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/internal/browsertest"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/publish"
)

// serve builds the example site in full and serves it on 127.0.0.1 as a
// static host would: directories get index.html, misses get 404.html.
func serve(t *testing.T) *httptest.Server {
	t.Helper()
	res, err := generator.Render(context.Background(), generator.Options{Source: example.FS(t), Now: example.Now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(siteHandler(res.Site))
	t.Cleanup(srv.Close)
	return srv
}

func siteHandler(s *publish.Site) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := strings.TrimPrefix(r.URL.Path, "/")
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		b, ok := s.File(p)
		if !ok {
			b, _ = s.File("404.html")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(b)
			return
		}
		switch {
		case strings.HasSuffix(p, ".html"):
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
		case strings.HasSuffix(p, ".css"):
			w.Header().Set("Content-Type", "text/css")
		case strings.HasSuffix(p, ".js"):
			w.Header().Set("Content-Type", "text/javascript")
		case strings.HasSuffix(p, ".svg"):
			w.Header().Set("Content-Type", "image/svg+xml")
		}
		w.Write(b)
	})
}

// browser starts a headless Chromium with a fresh profile and records
// console errors, exceptions and failed requests.
type browser struct {
	ctx context.Context
	mu  sync.Mutex
	bad []string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	ctx := browsertest.New(t, 2*time.Minute)
	b := &browser{ctx: ctx}
	chromedp.ListenTarget(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.APITypeError {
				b.bad = append(b.bad, fmt.Sprintf("console error: %v", ev.Args))
			}
		case *runtime.EventExceptionThrown:
			b.bad = append(b.bad, "exception: "+ev.ExceptionDetails.Error())
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.LevelError {
				b.bad = append(b.bad, "log error: "+ev.Entry.Text+" "+ev.Entry.URL)
			}
		case *network.EventLoadingFailed:
			b.bad = append(b.bad, "request failed: "+ev.ErrorText)
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 {
				b.bad = append(b.bad, fmt.Sprintf("HTTP %d for %s", ev.Response.Status, ev.Response.URL))
			}
		}
	})
	return b
}

// problems returns and forgets what went wrong so far.
func (b *browser) problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := b.bad
	b.bad = nil
	return out
}

// clockAt makes the page's script see the reader's clock at t (pages
// check promises against it), before any script of the page runs.
func clockAt(t time.Time) chromedp.Action {
	ms := t.UnixMilli()
	return chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := cdppage.AddScriptToEvaluateOnNewDocument(fmt.Sprintf(
			`(function(){var f=%d,D=Date;Date=function(...a){return a.length?new D(...a):new D(f)};Date.now=function(){return f};Date.prototype=D.prototype;Date.UTC=D.UTC;Date.parse=D.parse})();`, ms)).Do(ctx)
		return err
	})
}

func TestAReaderSeesTheStatusInChromium(t *testing.T) {
	srv := serve(t)
	b := newBrowser(t)
	for _, width := range []int64{1280, 360} {
		t.Run(fmt.Sprintf("at %d px", width), func(t *testing.T) {
			var banner, apiStatus, active, overflow string
			err := chromedp.Run(b.ctx,
				chromedp.EmulateViewport(width, 800),
				emulation.SetTimezoneOverride("Asia/Seoul"),
				chromedp.Navigate(srv.URL+"/"),
				chromedp.WaitVisible("#banner-h", chromedp.ByQuery),
				chromedp.Text("#banner-h", &banner, chromedp.ByQuery),
				chromedp.Evaluate(`document.querySelector('.comp-head a[href="/components/api/"]').parentElement.querySelector('.st').innerText`, &apiStatus),
				chromedp.Text("#active-h + article h3", &active, chromedp.ByQuery),
				chromedp.Evaluate(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`, &overflow),
			)
			if err != nil {
				t.Fatal(err)
			}
			if banner != "Partial outage: API · Degraded performance: Webhooks" {
				t.Errorf("banner reads %q", banner)
			}
			if strings.TrimSpace(apiStatus) != "Partial outage" {
				t.Errorf("API's status reads %q", apiStatus)
			}
			if active != "Elevated error rates on the API" {
				t.Errorf("active incident reads %q", active)
			}
			if overflow != "0" {
				t.Errorf("the front page scrolls sideways by %s px", overflow)
			}
			var title, updates string
			err = chromedp.Run(b.ctx,
				chromedp.Navigate(srv.URL+"/incidents/2026-10-21-api-dashboard-sign-in-unavailable/"),
				chromedp.WaitVisible("h1", chromedp.ByQuery),
				chromedp.Text("h1", &title, chromedp.ByQuery),
				chromedp.Evaluate(`String(document.querySelectorAll('.timeline > li').length)+" "+document.querySelector('#postmortem h2').innerText`, &updates),
				chromedp.Evaluate(`String(document.documentElement.scrollWidth - document.documentElement.clientWidth)`, &overflow),
			)
			if err != nil {
				t.Fatal(err)
			}
			if title != "API, dashboard and sign-in unavailable" || updates != "4 Postmortem" {
				t.Errorf("incident page reads %q with %q", title, updates)
			}
			if overflow != "0" {
				t.Errorf("the incident page scrolls sideways by %s px", overflow)
			}
			for _, p := range b.problems() {
				t.Error(p)
			}
		})
	}
}

// stateText is everything on the front page that depends on the moment:
// the banner, the sections and their cards' badges, the components'
// statuses, today's uptime cells and the promises.
const stateText = `[...document.querySelectorAll('.banner h1, .banner .also, .promise, main h2, .card .meta .badge, .comp .st, .group h3 .st, .bar li:last-child')]
	.map(e => e.innerText.trim() + (e.title ? "=" + e.title : "")).join("\n")`

func TestPastEachBoundaryThePageSaysAsOfAndChangesNothingElse(t *testing.T) {
	srv := serve(t)
	b := newBrowser(t)
	read := func(at time.Time) (state string, notice bool) {
		t.Helper()
		ctx, cancel := chromedp.NewContext(b.ctx) // a new tab: the clock script applies to it alone
		defer cancel()
		err := chromedp.Run(ctx,
			clockAt(at),
			chromedp.Navigate(srv.URL+"/"),
			chromedp.WaitVisible("#banner-h", chromedp.ByQuery),
			chromedp.Evaluate(stateText, &state),
			chromedp.Evaluate(`!document.getElementById("asof").hidden`, &notice),
		)
		if err != nil {
			t.Fatal(err)
		}
		return state, notice
	}
	built, notice := read(time.Date(2026, 11, 22, 11, 5, 0, 0, seoul))
	if notice {
		t.Error("five minutes after the build, before any boundary, the page says it may be out of date")
	}
	for _, c := range []struct {
		name string
		at   time.Time
	}{
		{"the promise falls due", time.Date(2026, 11, 22, 12, 0, 1, 0, seoul)},
		{"the window in progress ends", time.Date(2026, 11, 22, 13, 0, 1, 0, seoul)},
		{"a new day starts", time.Date(2026, 11, 23, 0, 0, 1, 0, seoul)},
		{"the upcoming window starts", time.Date(2026, 11, 29, 2, 0, 1, 0, seoul)},
	} {
		t.Run(c.name, func(t *testing.T) {
			state, notice := read(c.at)
			if !notice {
				t.Error("the page does not say as of when it was built")
			}
			if state != built {
				t.Errorf("the page changed what it shows, which could contradict the rest:\n%s\nwant as built:\n%s", state, built)
			}
		})
	}
	for _, p := range b.problems() {
		t.Error(p)
	}
}

func TestTheScriptSwitchesTimeZones(t *testing.T) {
	srv := serve(t)
	b := newBrowser(t)
	var zoneNote, button, latest string
	err := chromedp.Run(b.ctx,
		clockAt(time.Date(2026, 11, 22, 12, 30, 0, 0, seoul)),
		emulation.SetTimezoneOverride("Europe/Berlin"),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#tz button", chromedp.ByQuery),
		chromedp.Click("#tz button", chromedp.ByQuery),
		// The note is #tz's own text, in front of the button.
		chromedp.Evaluate(`document.getElementById("tz").firstChild.textContent`, &zoneNote),
		chromedp.Text("#tz button", &button, chromedp.ByQuery),
		chromedp.Text(".banner .when time", &latest, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(zoneNote, "Europe/Berlin") {
		t.Errorf("after switching, the note reads %q", zoneNote)
	}
	if !strings.Contains(button, "KST") {
		t.Errorf("after switching, the button reads %q, want the way back to the site's zone", button)
	}
	if !strings.Contains(latest, "02:40") {
		t.Errorf("10:40 KST should read 02:40 in Berlin, got %q", latest)
	}
	for _, p := range b.problems() {
		t.Error(p)
	}
}

func TestPagesReadWithoutJavaScript(t *testing.T) {
	srv := serve(t)
	b := newBrowser(t)
	var banner, promise string
	err := chromedp.Run(b.ctx,
		emulation.SetScriptExecutionDisabled(true),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible("#banner-h", chromedp.ByQuery),
		chromedp.Text("#banner-h", &banner, chromedp.ByQuery),
		chromedp.Text(".banner .p-due", &promise, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if banner != "Partial outage: API · Degraded performance: Webhooks" || promise != "Next update by 12:00 KST" {
		t.Errorf("without JavaScript the banner reads %q / %q", banner, promise)
	}
}
