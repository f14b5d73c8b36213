package widget_test

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/sitrep/sitrep/generator/internal/browsertest"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render/widget"
)

// browser starts a fresh headless Chromium for the test, with the
// browser log enabled.
func browser(t *testing.T) context.Context {
	t.Helper()
	ctx := browsertest.New(t, 90*time.Second)
	if err := chromedp.Run(ctx, cdplog.Enable()); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// console records what a page reports: exceptions, console calls, browser
// log entries and dialogs (an alert() would mean injected script ran).
type console struct {
	mu      sync.Mutex
	entries []string
	network chan string // failed loads, for the offline case
}

func listen(ctx context.Context) *console {
	c := &console{network: make(chan string, 16)}
	chromedp.ListenTarget(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			msg = "exception: " + ev.ExceptionDetails.Error()
		case *runtime.EventConsoleAPICalled:
			msg = "console." + string(ev.Type) + "()"
		case *cdplog.EventEntryAdded:
			if ev.Entry.Source == cdplog.SourceNetwork {
				select {
				case c.network <- ev.Entry.Text:
				default:
				}
			}
			if ev.Entry.Level == cdplog.LevelError || ev.Entry.Level == cdplog.LevelWarning {
				msg = fmt.Sprintf("log %s/%s: %s", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text)
			}
		case *page.EventJavascriptDialogOpening:
			msg = "dialog: " + ev.Message
			go chromedp.Run(ctx, page.HandleJavaScriptDialog(false)) //nolint:errcheck // unblock the page; the entry fails the test
		}
		if msg != "" {
			c.mu.Lock()
			c.entries = append(c.entries, msg)
			c.mu.Unlock()
		}
	})
	return c
}

// take returns and clears what was recorded.
func (c *console) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.entries
	c.entries = nil
	return out
}

// serveSite serves a rendered site under prefix, with CORS open as the
// site's _headers asks of the host, or without, as many hosts do.
func serveSite(site *atomic.Pointer[publish.Site], prefix string, cors bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if cors {
			w.Header().Set("Access-Control-Allow-Origin", "*")
		}
		rel, ok := strings.CutPrefix(r.URL.Path, prefix)
		s := site.Load()
		if !ok || s == nil {
			http.NotFound(w, r)
			return
		}
		file := paths.File(rel)
		b, ok := s.File(file)
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(file)))
		w.Write(b)
	})
}

// hostPage is a page of another site that embeds the widget and whose own
// CSS would hide every link, span and paragraph it could reach.
func hostPage(body string) string {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Host</title><style>a, span, p { display: none !important; color: red !important; }</style></head>
<body><h1>Another site</h1>` + body + `</body></html>`
}

// widgetState is what the test reads back from a rendered widget.
type widgetState struct {
	Badge, Banner string
	Images        int
	LinkDisplay   string
	Pulse         string
	TitleHref     string
	Hosts         int
}

// headline is what the widget says of the example site with the hostile
// incident: the banner's words (render.StateOf).
const headline = "Partial outage: API · Degraded performance: Search, Webhooks"

func TestTheWidgetRendersTheStatusOnAnotherSite(t *testing.T) {
	for _, cors := range []bool{true, false} {
		t.Run(fmt.Sprintf("CORS headers %v", cors), func(t *testing.T) { testWidget(t, cors) })
	}
}

// setClock makes Date.now() in every page loaded from now on say at:
// the tests read the example site at the moment it was built for.
func setClock(at time.Time) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		_, err := page.AddScriptToEvaluateOnNewDocument(fmt.Sprintf("Date.now = () => %d;", at.UnixMilli())).Do(ctx)
		return err
	})
}

func testWidget(t *testing.T, cors bool) {
	ctx := browser(t)
	log := listen(ctx)
	if err := chromedp.Run(ctx, setClock(example.Now.Add(5*time.Minute))); err != nil {
		t.Fatal(err)
	}

	// Server A: the status site, built for its own address under /status/.
	var site atomic.Pointer[publish.Site]
	a := httptest.NewServer(serveSite(&site, "/status/", cors))
	defer a.Close()
	base := a.URL + "/status/"
	site.Store(build(t, exampleWith(t, map[string]string{"content/incidents/2026-11-22-hostile.md": hostileIncident}), base))
	widgetURL := base + paths.Widget

	// A dead status site, for the offline case.
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL, _ := url.Parse(dead.URL + "/status/")
	dead.Close()
	deadJS, err := widget.Script(paths.New(deadURL), "Dead", "Open")
	if err != nil {
		t.Fatal(err)
	}

	// Server B: another site that embeds the widget.
	pages := map[string]string{
		"/widgets": hostPage(`<div id="badge" data-sitrep-widget></div>
<div id="banner" data-sitrep-widget data-appearance="banner"></div>
<script src="` + widgetURL + `" async></script>`),
		"/inline":  hostPage(`<p>before</p><script src="` + widgetURL + `" async></script><p>after</p>`),
		"/offline": hostPage(`<div id="w" data-sitrep-widget>See our status page</div><script src="/dead-widget.js" async></script>`),
	}
	b := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/dead-widget.js" {
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(deadJS)
			return
		}
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(body))
	}))
	defer b.Close()

	poll := func(expr string, res any) chromedp.Action {
		return chromedp.Poll(expr, res, chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second))
	}

	t.Run("a badge and a banner render in their shadow roots, the hostile title as text", func(t *testing.T) {
		var st widgetState
		err := chromedp.Run(ctx,
			chromedp.Navigate(b.URL+"/widgets"),
			poll(`(() => {
				const badge = document.getElementById("badge").shadowRoot;
				const banner = document.getElementById("banner").shadowRoot;
				if (!badge || !banner || !banner.querySelector(".item")) return false;
				return {
					badge: badge.querySelector(".w").textContent,
					banner: banner.querySelector(".w").textContent,
					images: document.querySelectorAll("img").length + badge.querySelectorAll("img").length + banner.querySelectorAll("img").length,
					linkDisplay: getComputedStyle(banner.querySelector("a")).display,
					pulse: getComputedStyle(banner.querySelector(".dot")).animationName,
					titleHref: banner.querySelector("a.title").href,
					hosts: document.querySelectorAll("[data-sitrep-widget]").length,
				};
			})()`, &st),
		)
		if err != nil {
			t.Fatalf("the widget did not render: %v (console: %v)", err, log.take())
		}
		if st.Badge != headline {
			t.Errorf("badge reads %q", st.Badge)
		}
		for _, want := range []string{headline, hostileTitle, "Search is slow.", // raw HTML in a body is dropped, as on the pages
			"Elevated error rates on the API", "We have moved about 70% of API traffic", "Reports storage upgrade"} {
			if !strings.Contains(st.Banner, want) {
				t.Errorf("banner lacks %q:\n%s", want, st.Banner)
			}
		}
		for _, markup := range []string{"onerror=alert(2)", "<script", " - ", "**"} {
			if strings.Contains(st.Banner, markup) {
				t.Errorf("banner shows %q, markup or Markdown syntax:\n%s", markup, st.Banner)
			}
		}
		if st.Images != 0 {
			t.Errorf("%d img elements exist: markup from the data was parsed", st.Images)
		}
		if st.Pulse != "pulse" {
			t.Errorf("the dot's animation is %q, want it to pulse while an incident is open", st.Pulse)
		}
		if st.LinkDisplay == "none" {
			t.Error("the host page's CSS reached into the widget")
		}
		if want := base + "incidents/2026-11-22-hostile/"; st.TitleHref != want {
			t.Errorf("the incident links to %q, want %q", st.TitleHref, want)
		}
		if st.Hosts != 2 {
			t.Errorf("%d widget hosts on the page, want the 2 it had", st.Hosts)
		}
		if got := log.take(); len(got) > 0 {
			t.Errorf("the page reported: %q", got)
		}
	})

	t.Run("dark mode and reduced motion are respected", func(t *testing.T) {
		var looks string
		err := chromedp.Run(ctx,
			emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{
				{Name: "prefers-color-scheme", Value: "dark"},
				{Name: "prefers-reduced-motion", Value: "reduce"},
			}),
			chromedp.Navigate(b.URL+"/widgets"),
			poll(`(() => {
				const r = document.getElementById("badge").shadowRoot;
				const w = r && r.querySelector(".w");
				if (!w) return false;
				return getComputedStyle(w).backgroundColor + "|" + getComputedStyle(r.querySelector(".dot")).animationName;
			})()`, &looks),
			emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{
				{Name: "prefers-color-scheme", Value: "light"},
				{Name: "prefers-reduced-motion", Value: "no-preference"},
			}),
		)
		if err != nil {
			t.Fatalf("the widget did not render: %v (console: %v)", err, log.take())
		}
		if looks != "rgb(13, 17, 23)|none" {
			t.Errorf("background and animation %q, want the dark background and no pulse", looks)
		}
		log.take()
	})

	t.Run("without a host element the badge goes where the script is", func(t *testing.T) {
		var text string
		err := chromedp.Run(ctx,
			chromedp.Navigate(b.URL+"/inline"),
			poll(`(() => {
				const h = document.querySelector("[data-sitrep-widget]");
				const w = h && h.shadowRoot && h.shadowRoot.querySelector(".w");
				if (!w) return false;
				const prev = h.previousElementSibling, next = h.nextElementSibling;
				return prev.textContent + "|" + w.textContent + "|" + next.tagName;
			})()`, &text),
		)
		if err != nil {
			t.Fatalf("the widget did not render: %v (console: %v)", err, log.take())
		}
		if text != "before|"+headline+"|SCRIPT" {
			t.Errorf("page reads %q, want the badge between the paragraph and the script", text)
		}
		if got := log.take(); len(got) > 0 {
			t.Errorf("the page reported: %q", got)
		}
	})

	t.Run("an unreachable status site leaves a link to the status page", func(t *testing.T) {
		for len(log.network) > 0 {
			<-log.network // notes from earlier pages
		}
		var state string
		err := chromedp.Run(ctx,
			chromedp.Navigate(b.URL+"/offline"),
			poll(`(() => {
				const r = document.getElementById("w").shadowRoot;
				const a = r && r.querySelector("a");
				return a ? a.textContent + "|" + a.href + "|" + r.querySelector(".w").className : false;
			})()`, &state),
		)
		if err != nil {
			t.Fatalf("no link: %v (console: %v)", err, log.take())
		}
		select {
		case <-log.network: // the data failed to load
		case <-ctx.Done():
			t.Fatal("the widget never tried to load the status")
		}
		if want := "Open|" + deadURL.String() + "|w unknown"; state != want {
			t.Errorf("widget is %q, want %q", state, want)
		}
		for _, e := range log.take() {
			if !strings.HasPrefix(e, "log network/") { // the browser's own note of the failed request
				t.Errorf("the page reported: %q", e)
			}
		}
	})

	t.Run("a reader's clock past stale_after sees status unknown, not a stale status", func(t *testing.T) {
		var got string
		err := chromedp.Run(ctx,
			setClock(example.Now.Add(46*time.Minute)), // stale_after is 45m by default
			chromedp.Navigate(b.URL+"/widgets"),
			poll(`(() => {
				const r = document.getElementById("banner").shadowRoot;
				const w = r && r.querySelector(".w.unknown");
				return w ? w.textContent + "|" + r.querySelectorAll(".item").length + "|" + r.querySelector("a").href : false;
			})()`, &got),
		)
		if err != nil {
			t.Fatalf("the widget did not turn unknown: %v (console: %v)", err, log.take())
		}
		if !strings.HasPrefix(got, "Status unknown — last confirmed ") || !strings.HasSuffix(got, "|0|"+base) || strings.Contains(got, "outage") {
			t.Errorf("a stale widget reads %q", got)
		}
		log.take()
	})
}

// EmbedSizes are the iframe sizes docs/embedding.md gives; the embed must
// fit them without scrolling in every language.
var embedSizes = []struct{ width, height int64 }{{320, 180}, {600, 180}}

func TestTheEmbedFitsItsDocumentedSizesInEveryLanguage(t *testing.T) {
	ctx := browser(t)
	for _, lang := range []string{"en", "ko"} {
		src := exampleWith(t, nil)
		src["content/site.yaml"].Data = []byte(strings.Replace(string(src["content/site.yaml"].Data), "language: en", "language: "+lang, 1))
		var site atomic.Pointer[publish.Site]
		srv := httptest.NewServer(serveSite(&site, "/", false))
		defer srv.Close()
		site.Store(build(t, src, srv.URL+"/"))
		for _, size := range embedSizes {
			for _, state := range []struct{ name, script string }{
				{"as built", ``},
				// The longest it gets: every clamped line full (the headline 2
				// lines, the notes 1 each), the as-of note shown, and the
				// items at their cap (EmbedItems and "more").
				{"at its longest", `(() => {
					const long = (document.getElementById("headline").textContent + " ").repeat(12);
					document.getElementById("headline").textContent = long;
					let also = document.getElementById("also");
					if (!also) { also = document.createElement("p"); also.id = "also"; also.className = "note clamp"; document.querySelector("main").insertBefore(also, document.getElementById("items")); }
					also.textContent = long;
					const f = document.getElementById("fresh");
					f.textContent = long; f.hidden = false;
					const ul = document.getElementById("items");
					while (ul.children.length < 3) ul.append(ul.children[0].cloneNode(true));
				})()`},
			} {
				var height int64
				err := chromedp.Run(ctx,
					setClock(example.Now.Add(time.Minute)),
					chromedp.EmulateViewport(size.width, size.height),
					chromedp.Navigate(srv.URL+"/"+paths.Embed),
					chromedp.WaitVisible("main", chromedp.ByQuery),
					chromedp.ActionFunc(func(ctx context.Context) error {
						if state.script == "" {
							return nil
						}
						return chromedp.Evaluate(state.script, nil).Do(ctx)
					}),
					// The frame scrolls when the content is taller than it.
					chromedp.Evaluate(`Math.max(document.documentElement.scrollHeight, Math.ceil(document.querySelector("main").getBoundingClientRect().bottom))`, &height),
				)
				if err != nil {
					t.Fatal(err)
				}
				t.Logf("%s, %d×%d, %s: content %d px", lang, size.width, size.height, state.name, height)
				if height > size.height {
					t.Errorf("%s at %d×%d, %s: the content is %d px tall and would be cut", lang, size.width, size.height, state.name, height)
				}
			}
		}
	}
}

func TestTheEmbedSaysAsOfAndThenUnknownByTheReadersClock(t *testing.T) {
	ctx := browser(t)
	var site atomic.Pointer[publish.Site]
	srv := httptest.NewServer(serveSite(&site, "/", false))
	defer srv.Close()
	src := exampleWith(t, nil)
	// A longer stale_after than the example's next change (the promise
	// due at 12:00), so that both states can be seen.
	src["content/site.yaml"].Data = append(src["content/site.yaml"].Data, []byte("stale_after: 2h\n")...)
	site.Store(build(t, src, srv.URL+"/"))
	read := func(at time.Time) string {
		t.Helper()
		tab, cancel := chromedp.NewContext(ctx)
		defer cancel()
		var got string
		err := chromedp.Run(tab,
			setClock(at),
			chromedp.Navigate(srv.URL+"/"+paths.Embed),
			chromedp.WaitVisible("main", chromedp.ByQuery),
			// What a reader sees: the visible elements' text.
			chromedp.Evaluate(`document.querySelector("main").className + "|" + [...document.querySelectorAll("main > *")].filter(e => e.offsetParent !== null).map(e => e.innerText.trim()).join(" / ")`, &got),
		)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	built := read(example.Now.Add(time.Minute))
	if !strings.HasPrefix(built, "partial|Partial outage: API") || strings.Contains(built, "As of") {
		t.Errorf("a minute after the build the embed reads %q", built)
	}
	if got := read(time.Date(2026, 11, 22, 12, 1, 0, 0, example.Now.Location())); got != built+" / As of "+strings.TrimPrefix(got, built+" / As of ") || !strings.Contains(got, "it may have changed since.") {
		t.Errorf("past the promise the embed reads %q, want what it read as built and an as-of note", got)
	}
	got := read(example.Now.Add(2*time.Hour + time.Minute))
	if !strings.HasPrefix(got, "unknown|Status unknown — last confirmed ") || strings.Contains(got, "outage") || strings.Contains(got, "Maintenance") || strings.Contains(got, " / ") {
		t.Errorf("past stale_after the embed reads %q, want only that the status is unknown", got)
	}
}
