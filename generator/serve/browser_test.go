package serve_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/sitrep/sitrep/generator/internal/browsertest"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/watch/watchtest"
)

func TestAnOpenPageShowsEverySaveByItself(t *testing.T) {
	ctx := browsertest.New(t, 3*watchtest.Timeout)
	dir := watchtest.WriteSite(t, watchtest.Site())
	s, first := startServer(t, dir, nil)
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	// The incident's own page when the HTML renderer makes one, else the
	// test page that lists the incidents.
	at := paths.Incident("2026-11-20-api-errors")
	if _, ok := first.Result.Site.File(paths.File(at)); !ok {
		at = strings.TrimSuffix(watchtest.PagePath, "index.html")
	}
	t.Logf("watching /%s", at)

	loads := make(chan struct{}, 100)
	chromedp.ListenTarget(ctx, func(ev any) {
		if _, ok := ev.(*page.EventLoadEventFired); ok {
			loads <- struct{}{}
		}
	})
	// text is the page's text; "" while a reload replaces the page.
	text := func() string {
		var s string
		if err := chromedp.Run(ctx, chromedp.Evaluate(`document.body ? document.body.innerText : ""`, &s)); err != nil {
			return ""
		}
		return s
	}
	// waitText waits for page loads until the page shows want.
	waitText := func(want string) {
		t.Helper()
		deadline := time.After(watchtest.Timeout)
		for !strings.Contains(text(), want) {
			select {
			case <-loads:
			case <-deadline:
				t.Fatalf("the page never showed %q; it shows:\n%s", want, text())
			}
		}
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(s.url+"/"+at)); err != nil {
		t.Fatal(err)
	}
	waitText("API errors")

	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors, seen live", "api", "2026-11-20 10:00", "Resolved"))
	waitText("API errors, seen live")

	// A bad save: the overlay appears over the page, which stays.
	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors", "<i>api</i>", "2026-11-20 10:00", "Resolved"))
	var overlay, looks string
	if err := chromedp.Run(ctx,
		chromedp.WaitVisible(`#sitrep-problems`, chromedp.ByQuery),
		chromedp.Text(`#sitrep-problems pre`, &overlay, chromedp.ByQuery),
		// The theme gives every pre a pale background in light mode: the
		// overlay's light text must stay on its own dark background.
		chromedp.Evaluate(`(() => { const s = getComputedStyle(document.querySelector("#sitrep-problems pre"));
			return s.backgroundColor + "|" + s.color; })()`, &looks),
	); err != nil {
		t.Fatal(err)
	}
	if looks != "rgba(0, 0, 0, 0)|rgb(253, 232, 231)" {
		t.Errorf("the overlay's text is drawn as %q, want light text on the overlay's dark background", looks)
	}
	if !strings.Contains(overlay, api+":") || !strings.Contains(overlay, "<i>api</i>") {
		t.Errorf("overlay text %q does not name the file and the component as written", overlay)
	}
	if !strings.Contains(text(), "API errors, seen live") {
		t.Errorf("the last good page is gone:\n%s", text())
	}

	// The next good save clears it.
	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors, repaired", "api", "2026-11-20 10:00", "Resolved"))
	waitText("API errors, repaired")
	var gone bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.getElementById("sitrep-problems") === null`, &gone)); err != nil {
		t.Fatal(err)
	}
	if !gone {
		t.Error("the overlay stayed after a good save")
	}
}
