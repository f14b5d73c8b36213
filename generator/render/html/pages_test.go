package html_test

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/view"
)

func TestPagesOfASmallSite(t *testing.T) {
	site := renderHTML(t, smallSite(nil), smallNow)
	tests := []struct {
		name, file string
		want       []string
		not        []string
	}{
		{"the banner names every component with a problem by its own status, worst first", "index.html",
			[]string{`<h1 id="banner-h">Major outage: API · Degraded performance: Website</h1>`, `class="banner b-major"`}, nil},
		{"the banner also says that maintenance is in progress", "index.html",
			[]string{`<p class="also">Maintenance in progress: Website</p>`}, nil},
		{"the banner gives the latest update and the promised next one", "index.html",
			[]string{`Last update <time datetime="2026-11-22T01:20Z" data-ago="">22 Nov 2026, 10:20 KST</time>`,
				`Next update by <time datetime="2026-11-22T02:30Z" data-f="m">11:30 KST</time>`}, nil},
		{"a promise not yet due says nothing of being overdue", "index.html",
			[]string{`<span class="p-due">`}, []string{`p-late`, "Update overdue"}},
		{"the active incident shows its title, impact, components and latest update in full", "index.html",
			[]string{`<a href="/status/incidents/2026-11-22-api-down/">API requests failing</a>`, "Critical impact",
				`<a href="/status/components/api/">API</a> <span class="st st-major">`, "<p>A bad deploy. Rolling back.</p>",
				"Full timeline (2 updates)"}, nil},
		{"a past incident says what each time is and shows its last update's text", "index.html",
			[]string{`Started <time datetime="2026-11-15T05:00Z">15 Nov 2026, 14:00 KST</time> · <span>lasted 1 hour</span>`,
				`<p class="excerpt">Delivered.</p>`}, nil},
		{"a component's months say what does and does not lower uptime", "components/mail/index.html",
			[]string{"Not fully operational", "degraded performance and maintenance do not lower it"}, []string{"Time with problems"}},
		{"maintenance in progress is its own section", "index.html",
			[]string{`<h2 id="inprogress-h">Maintenance in progress</h2>`, `class="card c-maint"`, `<span class="badge b-maint"><span>In progress</span>`}, nil},
		{"upcoming maintenance is listed", "index.html",
			[]string{`<h2 id="upcoming-h">Upcoming maintenance</h2>`, "API upgrade", `<span>Scheduled</span>`}, nil},
		{"components are grouped, with status words and uptime bars", "index.html",
			[]string{`<span>Core</span>`, `aria-label="API: daily status, last 30 days"`, `title="2026-11-22: major outage, 55 minutes"`,
				`title="2026-11-15: degraded performance, 1 hour"`}, nil},
		{"days before a component existed have no data", "index.html",
			[]string{`<li class="none" title="2026-11-09: no data">`}, nil},
		{"each bar has a text equivalent", "index.html",
			[]string{"uptime over 30 days; 1 day with incidents", "100% uptime over 13 days; 1 day with incidents"}, nil},
		{"past days without incidents say so", "index.html",
			[]string{"No incidents reported.", `<time datetime="2026-11-15">15 Nov 2026</time>`}, nil},
		{"the subscribe links are there", "index.html",
			[]string{`href="/status/feed.rss"`, `href="/status/feed.atom"`, `href="/status/calendar.ics"`, `href="/status/embed/"`,
				`href="/status/reports/">Reliability report`}, nil},
		{"the footer links home and support", "index.html",
			[]string{`<a href="https://example.org">example.org home page</a>`, `<a href="https://example.org/help">Contact support</a>`}, nil},
		{"every page has a canonical link, feeds and hashed assets", "index.html",
			[]string{`<link rel="canonical" href="https://example.org/status/">`, `type="application/rss+xml"`, `type="application/atom+xml"`,
				`<html lang="en">`}, []string{`href="/status/static/style.css"`}},
		{"the favicon shows the overall status", "index.html",
			[]string{`href="/status/static/icon-major.`}, nil},
		{"an incident page shows the timeline newest first with permalinks", "incidents/2026-11-22-api-down/index.html",
			[]string{`<h1>API requests failing</h1>`, `<li id="u-20261122T0120Z" class="k-identified">`, `href="#u-20261122T0120Z"`,
				"<strong>failing</strong>", "Not resolved yet", "55 minutes so far"}, nil},
		{"an incident page's canonical link is absolute", "incidents/2026-11-22-api-down/index.html",
			[]string{`<link rel="canonical" href="https://example.org/status/incidents/2026-11-22-api-down/">`}, nil},
		{"a resolved incident has its duration and a separate postmortem", "incidents/2026-11-15-mail-slow/index.html",
			[]string{`<section class="postmortem" id="postmortem"`, "<h3>Summary</h3>", "1 hour", `href="#postmortem"`}, nil},
		{"an informational incident says it affects nothing", "incidents/2026-11-20-notice/index.html",
			[]string{"None: this is a notice.", "Notice"}, nil},
		{"a component page shows status, months and its feeds", "components/api/index.html",
			[]string{`<h1>API</h1>`, "Uptime by month", "November 2026", "Target: 99.90% uptime each month.",
				`href="/status/components/api/feed.rss"`, `type="application/atom+xml" title="API: updates (Atom)" href="/status/components/api/feed.atom"`}, nil},
		{"a component page has no data before since", "components/web/index.html",
			[]string{`<td class="quiet">no data</td>`}, nil},
		{"a maintenance page shows its window and components", "maintenance/2026-11-22-web-move/index.html",
			[]string{`<h1>Website move</h1>`, `22 Nov 2026, 10:00 KST</time> – <time datetime="2026-11-22T03:00Z" data-f="t">12:00 KST</time>`,
				"(2 hours)", `<a href="/status/components/web/">Website</a>`}, nil},
		{"history groups by month, newest first", "history/index.html",
			[]string{`<time datetime="2026-11">November 2026</time>`, `id="incident-2026-11-22-api-down"`, `id="maintenance-2026-11-22-web-move"`}, nil},
		{"404 asks not to be indexed and links home", "404.html",
			[]string{`<meta name="robots" content="noindex">`, `<a href="/status/">Current status</a>`}, nil},
		{"robots.txt names the sitemap", "robots.txt",
			[]string{"Sitemap: https://example.org/status/sitemap.xml"}, nil},
		{"the sitemap lists absolute URLs of pages but not 404", "sitemap.xml",
			[]string{"<loc>https://example.org/status/</loc>", "<loc>https://example.org/status/incidents/2026-11-15-mail-slow/</loc>",
				"<loc>https://example.org/status/history/</loc>", "<loc>https://example.org/status/components/mail/</loc>",
				"<loc>https://example.org/status/reports/</loc>"},
			[]string{"404"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := page(t, site, tt.file)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%s lacks %q", tt.file, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("%s has %q", tt.file, w)
				}
			}
		})
	}
}

func TestBannerStates(t *testing.T) {
	tests := []struct {
		name string
		now  time.Time
		want []string
	}{
		{"a passed promise is shown as overdue", time.Date(2026, 11, 22, 11, 45, 0, 0, seoul),
			[]string{`<span class="p-late">`, "Update overdue: we promised one by", `class="promise late"`}},
		{"with everything resolved the banner is green", time.Date(2026, 12, 5, 9, 0, 0, 0, seoul),
			[]string{`<h1 id="banner-h">All systems operational</h1>`, "No known issues as of", `class="banner b-ok"`}},
		{"maintenance alone is blue", time.Date(2026, 11, 30, 2, 30, 0, 0, seoul),
			[]string{`<h1 id="banner-h">Maintenance in progress: API</h1>`, `class="banner b-maint"`}},
	}
	extra := map[string]string{"content/incidents/2026-11-22-api-down.md": `
---
title: API requests failing
severity: P0
components:
  api: major_outage
next_update: 2026-11-22 11:30
---
## Resolved — 2026-11-22 12:00
Fixed.

## Identified — 2026-11-22 10:20
A bad deploy.
`}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := smallSite(nil)
			if !strings.HasPrefix(tt.name, "a passed") {
				src = smallSite(extra)
			}
			got := page(t, renderHTML(t, src, tt.now), "index.html")
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("index.html lacks %q", w)
				}
			}
		})
	}
}

func TestKoreanSiteUsesKoreanWordsAndDates(t *testing.T) {
	src := smallSite(nil)
	src["content/site.yaml"].Data = bytes.Replace(src["content/site.yaml"].Data, []byte("language: en"), []byte("language: ko"), 1)
	site := renderHTML(t, src, smallNow)
	got := page(t, site, "index.html")
	for _, w := range []string{`<html lang="ko">`, "전체 장애: API · 성능 저하: Website", "2026년 11월 22일 10:20 KST", "다음 업데이트:", "보고된 장애가 없습니다."} {
		if !strings.Contains(got, w) {
			t.Errorf("index.html lacks %q", w)
		}
	}
}

func TestPaginationLinksPrevAndNext(t *testing.T) {
	extra := map[string]string{}
	// Enough incidents of one component for a second page of both lists.
	for i := range max(view.HistoryPerPage, view.ComponentPerPage) + 5 {
		day := time.Date(2026, 6, 1, 9, 0, 0, 0, seoul).AddDate(0, 0, i)
		slug := day.Format("2006-01-02") + "-blip"
		extra["content/incidents/"+slug+".md"] = "---\ntitle: Blip " + day.Format("Jan 2") + "\nseverity: P2\ncomponents:\n  mail: degraded_performance\n---\n## Resolved — " +
			day.Add(time.Hour).Format("2006-01-02 15:04") + "\nOk.\n\n## Investigating — " + day.Format("2006-01-02 15:04") + "\nSlow.\n"
	}
	site := renderHTML(t, smallSite(extra), smallNow)
	first := page(t, site, "history/index.html")
	second := page(t, site, "history/page/2/index.html")
	if !strings.Contains(first, `<a href="/status/history/page/2/" rel="next">`) || strings.Contains(first, `rel="prev"`) {
		t.Errorf("history page 1 should link only to page 2")
	}
	if !strings.Contains(second, `<a href="/status/history/" rel="prev">`) || !strings.Contains(second, "Page 2 of 2") {
		t.Errorf("history page 2 should link back to page 1 and say where it is")
	}
	comp2 := page(t, site, "components/mail/page/2/index.html")
	if !strings.Contains(comp2, `rel="prev"`) || strings.Contains(comp2, "Uptime by month") || strings.Contains(comp2, `id="follow-h"`) {
		t.Errorf("a component's page 2 lists only incidents, with a link back")
	}
	if comp1 := page(t, site, "components/mail/index.html"); !strings.Contains(comp1, `id="follow-h"`) || !strings.Contains(comp1, `rel="next"`) {
		t.Errorf("a component's first page offers its feeds and links to page 2")
	}
}

func TestRenderingIsDeterministic(t *testing.T) {
	a := renderHTML(t, example.FS(t), example.Now)
	prev := runtime.GOMAXPROCS(1)
	b := renderHTML(t, example.FS(t), example.Now)
	runtime.GOMAXPROCS(prev)
	pa, pb := a.Paths(), b.Paths()
	if strings.Join(pa, "\n") != strings.Join(pb, "\n") {
		t.Fatalf("two renders wrote different files")
	}
	for _, p := range pa {
		x, _ := a.File(p)
		y, _ := b.File(p)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two renders", p)
		}
	}
}

func TestTheWholeBuildIncludesThePages(t *testing.T) {
	res, err := generator.Render(context.Background(), generator.Options{Source: smallSite(nil), Now: smallNow})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"index.html", "404.html", "sitemap.xml", "robots.txt", "incidents/2026-11-22-api-down/index.html"} {
		if _, ok := res.Site.File(p); !ok {
			t.Errorf("generator.Render did not write %s", p)
		}
	}
}

func TestABusyDayLinksToTheRestInTheHistory(t *testing.T) {
	extra := map[string]string{}
	for i := range 7 {
		at := time.Date(2026, 11, 18, 9+i, 0, 0, 0, seoul)
		slug := fmt.Sprintf("2026-11-18-blip-%d", i)
		extra["content/incidents/"+slug+".md"] = "---\ntitle: Blip " + strconv.Itoa(i) + "\nseverity: P3\n---\n## Resolved — " +
			at.Add(30*time.Minute).Format("2006-01-02 15:04") + "\nOk.\n\n## Investigating — " + at.Format("2006-01-02 15:04") + "\nOdd.\n"
	}
	site := renderHTML(t, smallSite(extra), smallNow)
	idx := page(t, site, "index.html")
	// Newest first: blips 6 … 2 are shown, 1 and 0 are not.
	want := `<a href="/status/history/#incident-2026-11-18-blip-1">2 more incidents this day</a>`
	if !strings.Contains(idx, want) {
		t.Errorf("index.html lacks %q", want)
	}
	if strings.Contains(idx, "Blip 1<") || !strings.Contains(idx, "Blip 2<") {
		t.Errorf("the front page should show the five newest incidents of the day")
	}
	if !strings.Contains(page(t, site, "history/index.html"), `id="incident-2026-11-18-blip-1"`) {
		t.Errorf("the history lacks the anchor the front page links to")
	}
}
