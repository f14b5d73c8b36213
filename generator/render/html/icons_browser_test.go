package html_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// iconCount reports, for every status and badge on the page, how many icons
// Chromium draws for it: the stylesheet's ::before, when it has a shape, and
// icon elements a theme writes inside it.
const iconCount = `[...document.querySelectorAll('.st, .badge')].map(e => {
	const b = getComputedStyle(e, '::before');
	const drawn = b.content !== 'none' && b.display !== 'none' && /data:image\/svg/.test(b.maskImage || b.webkitMaskImage) ? 1 : 0;
	return drawn + e.querySelectorAll(':scope > .ic').length + ' ' + e.className + ' ' + e.innerText.trim();
}).join('\n')`

// TestEveryStatusShowsOneIconInChromium checks that a status or badge shows
// exactly one icon: the default theme's, drawn by the stylesheet from its
// class, and a theme's own when its partials.html still writes one inside
// (as the default theme did before, or with an inline SVG sprite).
func TestEveryStatusShowsOneIconInChromium(t *testing.T) {
	partials := readTheme(t, "layouts/partials.html")
	withIcons := partials
	for _, r := range [][2]string{
		{`<span class="st st-{{stClass .}}">{{statusWord .}}`, `<span class="st st-{{stClass .}}">{{template "icon" (stClass .)}}{{statusWord .}}`},
		{`<span class="badge b-{{impClass .}}">{{impactWord .}}`, `<span class="badge b-{{impClass .}}">{{template "icon" (impClass .)}}{{impactWord .}}`},
		{`<span class="badge b-{{mtClass .}}"><span>`, `<span class="badge b-{{mtClass .}}">{{template "icon" (mtClass .)}}<span>`},
	} {
		if !strings.Contains(withIcons, r[0]) {
			t.Fatalf("the default theme's partials.html no longer has %q", r[0])
		}
		withIcons = strings.Replace(withIcons, r[0], r[1], 1)
	}
	sprite := strings.Replace(withIcons, `{{define "icon"}}<i class="ic i-{{.}}"></i>{{end}}`,
		`{{define "icon"}}<svg class="ic"><use href="#i-{{.}}"></use></svg>{{end}}`, 1)
	b := newBrowser(t)
	for _, tt := range []struct {
		name  string
		files map[string]string
	}{
		{"the default theme", nil},
		{"a partials.html that writes <i class=ic> in statuses", map[string]string{"themes/default/layouts/partials.html": withIcons}},
		{"a partials.html that writes <svg class=ic> in statuses", map[string]string{"themes/default/layouts/partials.html": sprite}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := renderHTML(t, smallSite(tt.files), smallNow)
			srv := httptest.NewServer(http.StripPrefix("/status", siteHandler(site)))
			defer srv.Close()
			for _, p := range []string{"/status/", "/status/incidents/2026-11-22-api-down/", "/status/history/"} {
				var got string
				if err := chromedp.Run(b.ctx,
					chromedp.Navigate(srv.URL+p),
					chromedp.WaitVisible("h1", chromedp.ByQuery),
					chromedp.Evaluate(iconCount, &got),
				); err != nil {
					t.Fatal(err)
				}
				lines := strings.Split(got, "\n")
				if got == "" || len(lines) < 2 {
					t.Fatalf("%s: too few statuses to test: %q", p, got)
				}
				for _, l := range lines {
					if !strings.HasPrefix(l, "1 ") {
						t.Errorf("%s: want one icon, got %s", p, l)
					}
				}
			}
			for _, p := range b.problems() {
				t.Error(fmt.Sprint(p))
			}
		})
	}
}

// TestAFooterWithItsOwnNoteSwitchesTimeZones checks that app.js still
// switches a theme's footer that wraps the time-zone sentence in a .note,
// as the default theme's did before.
func TestAFooterWithItsOwnNoteSwitchesTimeZones(t *testing.T) {
	base := readTheme(t, "layouts/base.html")
	const now = `<p id="tz">{{f "footer.zone" "zone" (zone .M.Now) "tz" .Site.TimeZone}}</p>`
	if !strings.Contains(base, now) {
		t.Fatalf("the default theme's footer no longer has %q", now)
	}
	old := strings.Replace(base, now, `<p id="tz"><span class="note">{{f "footer.zone" "zone" (zone .M.Now) "tz" .Site.TimeZone}}</span></p>`, 1)
	site := renderHTML(t, smallSite(map[string]string{"themes/default/layouts/base.html": old}), smallNow)
	srv := httptest.NewServer(http.StripPrefix("/status", siteHandler(site)))
	defer srv.Close()
	b := newBrowser(t)
	var note, button string
	if err := chromedp.Run(b.ctx,
		emulation.SetTimezoneOverride("Europe/Berlin"),
		chromedp.Navigate(srv.URL+"/status/"),
		chromedp.WaitVisible("#tz button", chromedp.ByQuery),
		chromedp.Click("#tz button", chromedp.ByQuery),
		chromedp.Text("#tz .note", &note, chromedp.ByQuery),
		chromedp.Text("#tz button", &button, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(note, "Europe/Berlin") || !strings.Contains(button, "KST") {
		t.Errorf("after switching, the note reads %q and the button %q", note, button)
	}
	for _, p := range b.problems() {
		t.Error(p)
	}
}
