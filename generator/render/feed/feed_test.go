package feed_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"

	"github.com/sitrep/sitrep/generator/render/feed"
	"github.com/sitrep/sitrep/generator/status"
)

const now = "2026-11-22 11:00"

func parse(t *testing.T, files map[string][]byte, path string) *gofeed.Feed {
	t.Helper()
	b, ok := files[path]
	if !ok {
		t.Fatalf("%s was not written", path)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s does not parse: %v", path, err)
	}
	return f
}

func guids(f *gofeed.Feed) []string {
	out := make([]string, len(f.Items))
	for i, it := range f.Items {
		out[i] = it.GUID
	}
	return out
}

func TestSiteFeedsListEveryUpdateNewestFirst(t *testing.T) {
	files := build(t, testSite(), now)
	inc := "https://status.test/sub/incidents/"
	mt := "https://status.test/sub/maintenance/"
	want := []string{
		inc + "api-errors/#postmortem",       // 10:00 KST
		mt + "web-now/",                      // 10:00, announced at its start
		inc + "web-slow/#u-20261122T0000Z",   // 09:00 KST
		inc + "api-errors/#u-20261121T0745Z", // resolved 16:45
		inc + "api-errors/#u-20261121T0555Z", // identified
		inc + "api-errors/#u-20261121T0532Z", // investigating
		inc + "notice/#u-20261119T2300Z",     // informational, 2026-11-20 08:00
		mt + "api-announced/",                // announced 2026-11-15 09:00
		mt + "db-past/#u-20261107T1820Z",     // completed
		mt + "db-past/#u-20261107T1700Z",     // in progress, same time as…
		mt + "db-past/",                      // …its announcement
	}
	for _, p := range []string{"feed.rss", "feed.atom"} {
		f := parse(t, files, p)
		if got := guids(f); !slices.Equal(got, want) {
			t.Errorf("%s entries:\n got %q\nwant %q", p, got, want)
		}
		for i, it := range f.Items {
			if it.Link != it.GUID {
				t.Errorf("%s item %d links to %q, not its permalink %q", p, i, it.Link, it.GUID)
			}
			if it.PublishedParsed == nil {
				t.Errorf("%s item %d has no parsable date", p, i)
			} else if i > 0 && it.PublishedParsed.After(*f.Items[i-1].PublishedParsed) {
				t.Errorf("%s item %d is newer than the one before it", p, i)
			}
			if it.Content == "" {
				t.Errorf("%s item %d has no content", p, i)
			}
		}
		if f.Title != "Test Status" || f.Link != "https://status.test/sub/" {
			t.Errorf("%s: title %q, link %q", p, f.Title, f.Link)
		}
	}
	f := parse(t, files, "feed.atom")
	if got := f.Items[4].Title; got != "Elevated API errors — Identified (2026-11-21 14:55 KST)" {
		t.Errorf("an update's title is %q", got)
	}
	if got := f.Items[4].Content; got != "<p>The pool is exhausted.</p>" {
		t.Errorf("an update's content is %q", got)
	}
	if got := f.Items[1].Title; got != "Maintenance: Web storage upgrade — Scheduled (2026-11-22 10:00–13:00 KST)" {
		t.Errorf("a maintenance announcement's title is %q", got)
	}
	if got := f.Items[1].Content; !strings.Contains(got, "<p>We upgrade storage.</p>") || !strings.Contains(got, "Affected components: Web &lt;app&gt;") {
		t.Errorf("a maintenance announcement's content is %q", got)
	}
	if got := f.Items[7].Content; !strings.Contains(got, "Announced early.") {
		t.Errorf("an early \"Scheduled\" update should be the announcement's text, got %q", got)
	}
}

func TestFeedsShowNothingBeforeItHappens(t *testing.T) {
	files := build(t, testSite(), now)
	f := parse(t, files, "feed.atom")
	for _, it := range f.Items {
		if strings.Contains(it.GUID, "api-future") || strings.Contains(it.GUID, "u-20261122T0300Z") {
			t.Errorf("%s is dated after the build's moment but is in the feed", it.GUID)
		}
	}
	later := parse(t, build(t, testSite(), "2026-11-29 02:30"), "feed.atom")
	if !slices.Contains(guids(later), "https://status.test/sub/maintenance/api-future/") {
		t.Errorf("the maintenance should be announced once its window started: %q", guids(later))
	}
}

func TestEntriesKeepTheirIdsTitlesAndDatesAcrossBuilds(t *testing.T) {
	early := build(t, testSite(), now)
	late := build(t, testSite(), "2026-12-10 09:00")
	for _, p := range []string{"feed.rss", "feed.atom", "components/api/feed.atom"} {
		a, b := parse(t, early, p), parse(t, late, p)
		byID := map[string]*gofeed.Item{}
		for _, it := range b.Items {
			byID[it.GUID] = it
		}
		for _, it := range a.Items {
			o := byID[it.GUID]
			if o == nil {
				t.Errorf("%s: entry %s disappeared in a later build", p, it.GUID)
				continue
			}
			if o.Title != it.Title || o.Link != it.Link || !o.PublishedParsed.Equal(*it.PublishedParsed) || o.Content != it.Content {
				t.Errorf("%s: entry %s changed between builds", p, it.GUID)
			}
		}
		if len(b.Items) <= len(a.Items) && p != "components/api/feed.atom" {
			t.Errorf("%s: the later build should have more entries (%d, %d)", p, len(a.Items), len(b.Items))
		}
	}
}

func TestFeedUpdatedIsTheNewestEntryNotTheBuildClock(t *testing.T) {
	a := build(t, testSite(), now)
	b := build(t, testSite(), "2026-11-22 11:59")
	for _, p := range []string{"feed.rss", "feed.atom", "components/web/feed.rss", "components/api/feed.atom"} {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s changed although no entry was added", p)
		}
		f := parse(t, a, p)
		if !f.UpdatedParsed.Equal(*f.Items[0].PublishedParsed) {
			t.Errorf("%s: updated %v, newest entry %v", p, f.UpdatedParsed, f.Items[0].PublishedParsed)
		}
	}
	want := mustTime(t, "2026-11-22T01:00:00Z") // the postmortem, 10:00 KST
	if f := parse(t, a, "feed.rss"); !f.UpdatedParsed.Equal(want) {
		t.Errorf("feed.rss updated %v, want %v", f.UpdatedParsed, want)
	}
}

func TestComponentFeedsHoldOnlyTheirComponent(t *testing.T) {
	files := build(t, testSite(), now)
	tests := []struct {
		name, id string
		want     []string
	}{
		{"the API feed has its incident and its maintenance", "api", []string{"incidents/api-errors/", "maintenance/api-announced/", "maintenance/db-past/"}},
		{"the web feed has its incident and its maintenance", "web", []string{"incidents/web-slow/", "maintenance/web-now/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ext := range []string{"rss", "atom"} {
				p := "components/" + tt.id + "/feed." + ext
				f := parse(t, files, p)
				var pages []string
				for _, it := range f.Items {
					page, _, _ := strings.Cut(strings.TrimPrefix(it.GUID, "https://status.test/sub/"), "#")
					if !slices.Contains(pages, page) {
						pages = append(pages, page)
					}
				}
				slices.Sort(pages)
				if !slices.Equal(pages, tt.want) {
					t.Errorf("%s covers %q, want %q", p, pages, tt.want)
				}
				if f.Link != "https://status.test/sub/components/"+tt.id+"/" {
					t.Errorf("%s links to %q", p, f.Link)
				}
			}
		})
	}
}

func TestHostileTitlesAreEscapedNotInterpreted(t *testing.T) {
	files := build(t, testSite(), now)
	wantTitle := "<script>alert(1)</script> ]]> & bell — Investigating (2026-11-22 09:00 KST)"
	for _, p := range []string{"feed.rss", "feed.atom", "components/web/feed.rss", "components/web/feed.atom"} {
		raw := files[p]
		if bytes.ContainsAny(raw, "\x01") {
			t.Errorf("%s contains a control character XML forbids", p)
		}
		if bytes.Contains(raw, []byte("<script")) {
			t.Errorf("%s contains a raw <script tag", p)
		}
		wellFormed(t, p, raw)
		f := parse(t, files, p)
		i := slices.IndexFunc(f.Items, func(it *gofeed.Item) bool { return strings.Contains(it.GUID, "web-slow") })
		if i < 0 {
			t.Fatalf("%s lacks the hostile incident", p)
		}
		if got := f.Items[i].Title; got != wantTitle {
			t.Errorf("%s title %q, want %q", p, got, wantTitle)
		}
		if got := f.Items[i].Content; !strings.Contains(got, "<code>]]&gt;</code>") {
			t.Errorf("%s content %q lost the text around ]]>", p, got)
		}
	}
	if f := parse(t, files, "components/web/feed.atom"); f.Title != "Test Status — Web <app>" {
		t.Errorf("component feed title %q", f.Title)
	}
}

func TestRawHTMLCannotCloseTheCDATASection(t *testing.T) {
	fsys := testSite()
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: T\nbase_url: https://status.test/sub/\ntime_zone: UTC\nmarkdown:\n  unsafe_html: true\n")}
	fsys["content/incidents/raw.md"] = &fstest.MapFile{Data: []byte("---\ntitle: Raw\nseverity: P3\n---\n## Update — 2026-11-22 10:30\n<div>a ]]> b c</div>\n")}
	files := build(t, fsys, now)
	wellFormed(t, "feed.rss", files["feed.rss"])
	f := parse(t, files, "feed.rss")
	if got := f.Items[0].Content; got != "<div>a ]]> b c</div>" {
		t.Errorf("content %q, want the raw HTML intact", got)
	}
}

// wellFormed reads every token, as a strict XML parser would.
func wellFormed(t *testing.T, name string, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

func TestRSSFollowsTheValidatorsRules(t *testing.T) {
	files := build(t, testSite(), now)
	for _, p := range []string{"feed.rss", "components/api/feed.rss", "components/web/feed.rss"} {
		raw := files[p]
		wellFormed(t, p, raw)
		f, err := (&rss.Parser{}).Parse(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if f.Version != "2.0" || f.Title == "" || f.Link == "" || f.Description == "" {
			t.Errorf("%s: channel lacks a required element: %+v", p, f)
		}
		self := f.Extensions["atom"]["link"]
		if len(self) != 1 || self[0].Attrs["rel"] != "self" || self[0].Attrs["href"] != "https://status.test/sub/"+p || self[0].Attrs["type"] != "application/rss+xml" {
			t.Errorf("%s: atom:link rel=self is missing or wrong: %+v", p, self)
		}
		for _, d := range []string{f.PubDate, f.LastBuildDate} {
			if _, err := time.Parse(time.RFC1123Z, d); err != nil {
				t.Errorf("%s: channel date %q is not RFC 822: %v", p, d, err)
			}
		}
		seen := map[string]bool{}
		for _, it := range f.Items {
			if it.GUID == nil || it.GUID.IsPermalink != "true" {
				t.Errorf("%s: item %q lacks a permalink guid", p, it.Title)
				continue
			}
			if seen[it.GUID.Value] {
				t.Errorf("%s: guid %s is used twice", p, it.GUID.Value)
			}
			seen[it.GUID.Value] = true
			absolute(t, p, it.GUID.Value)
			absolute(t, p, it.Link)
			if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
				t.Errorf("%s: pubDate %q is not RFC 822: %v", p, it.PubDate, err)
			}
			if it.Description == "" || strings.Contains(it.Description, "<") {
				t.Errorf("%s: description should be a text teaser, got %q", p, it.Description)
			}
		}
	}
}

func TestAtomFollowsTheValidatorsRules(t *testing.T) {
	files := build(t, testSite(), now)
	for _, p := range []string{"feed.atom", "components/api/feed.atom", "components/web/feed.atom"} {
		f, err := (&atom.Parser{}).Parse(bytes.NewReader(files[p]))
		if err != nil {
			t.Fatal(err)
		}
		self := "https://status.test/sub/" + p
		if f.ID != self || f.Title == "" || len(f.Authors) == 0 || f.Authors[0].Name == "" {
			t.Errorf("%s: feed lacks id, title or author: %+v", p, f)
		}
		if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
			t.Errorf("%s: updated %q is not RFC 3339", p, f.Updated)
		}
		rels := map[string]string{}
		for _, l := range f.Links {
			rels[l.Rel] = l.Href
			absolute(t, p, l.Href)
		}
		if rels["self"] != self || rels["alternate"] == "" {
			t.Errorf("%s: links %v lack self or alternate", p, rels)
		}
		seen, updated := map[string]bool{}, map[string]string{}
		for _, e := range f.Entries {
			if e.ID == "" || seen[e.ID] {
				t.Errorf("%s: entry id %q is missing or repeated", p, e.ID)
			}
			seen[e.ID] = true
			if other, dup := updated[e.Updated]; dup {
				t.Errorf("%s: entries %s and %s have the same updated %s", p, other, e.ID, e.Updated)
			}
			updated[e.Updated] = e.ID
			absolute(t, p, e.ID)
			for _, d := range []string{e.Updated, e.Published} {
				if _, err := time.Parse(time.RFC3339, d); err != nil {
					t.Errorf("%s: entry date %q is not RFC 3339", p, d)
				}
			}
			if len(e.Links) != 1 || e.Links[0].Rel != "alternate" || e.Links[0].Href != e.ID {
				t.Errorf("%s: entry %s links %+v", p, e.ID, e.Links)
			}
			if e.Content == nil || e.Content.Type != "html" {
				t.Errorf("%s: entry %s has no html content", p, e.ID)
			}
		}
	}
}

func absolute(t *testing.T, file, s string) {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host != "status.test" {
		t.Errorf("%s: %q is not an absolute URL of the site", file, s)
	}
}

func TestFeedsAreCappedAtTheNewestEntries(t *testing.T) {
	files := build(t, bulkSite(60), now)
	for _, p := range []string{"feed.rss", "feed.atom", "components/api/feed.rss"} {
		f := parse(t, files, p)
		if len(f.Items) != feed.MaxEntries {
			t.Errorf("%s has %d entries, want %d", p, len(f.Items), feed.MaxEntries)
		}
		if f.Items[0].GUID != "https://status.test/sub/incidents/api-errors/#postmortem" && p != "components/api/feed.rss" {
			t.Errorf("%s starts with %s, not the newest entry", p, f.Items[0].GUID)
		}
		if last := f.Items[len(f.Items)-1].GUID; strings.Contains(last, "bulk-00") {
			t.Errorf("%s kept the oldest entry %s", p, last)
		}
	}
}

func TestTheSameInputAndMomentGiveTheSameBytes(t *testing.T) {
	a, b := build(t, testSite(), now), build(t, testSite(), now)
	if len(a) != 6 {
		t.Errorf("wrote %d files, want 6 (two site feeds, two per component)", len(a))
	}
	for p := range a {
		if !bytes.Equal(a[p], b[p]) {
			t.Errorf("%s differs between two identical builds", p)
		}
	}
}

func TestKoreanSitesUseTranslatedWords(t *testing.T) {
	fsys := testSite()
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: 상태\nbase_url: https://status.test/\nlanguage: ko\ntime_zone: Asia/Seoul\n")}
	files := build(t, fsys, now)
	for p, b := range files {
		if bytes.Contains(b, []byte("feeds.")) {
			t.Errorf("%s shows an untranslated string key", p)
		}
	}
	f := parse(t, files, "feed.atom")
	if !strings.Contains(f.Items[2].Title, "조사 중") {
		t.Errorf("title %q is not in Korean", f.Items[2].Title)
	}
}

func TestEveryStringKeyExistsInEveryLanguage(t *testing.T) {
	keys := []string{"feeds.description", "feeds.component_description", "feeds.maintenance", "feeds.window", "feeds.affected"}
	for k := range status.Postmortem + 1 {
		keys = append(keys, "feeds.kind."+k.String())
	}
	for s := range status.Cancelled + 1 {
		keys = append(keys, "feeds.maintenance."+s.String())
	}
	// English has every key; html's i18n test checks that Korean has
	// every key English has.
	strs := themeStrings(t, "en")
	for _, k := range keys {
		if _, ok := strs[k]; !ok {
			t.Errorf("i18n/en.yaml lacks the string %q", k)
		}
	}
}

func TestFeedsWithoutEntriesStillHaveAPlausibleDate(t *testing.T) {
	fsys := testSite()
	fsys["content/components/idle.md"] = &fstest.MapFile{Data: []byte("---\nname: Idle\nsince: 2026-01-01\n---\n")}
	fsys["content/components/new.md"] = &fstest.MapFile{Data: []byte("---\nname: New\n---\n")}
	files := build(t, fsys, now)
	tests := []struct{ name, path, want string }{
		{"a component with a start date uses it", "components/idle/feed.atom", "2025-12-31T15:00:00Z"},
		{"a component without one uses the site feed's date", "components/new/feed.rss", "2026-11-22T01:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wellFormed(t, tt.path, files[tt.path])
			f := parse(t, files, tt.path)
			if len(f.Items) != 0 || !f.UpdatedParsed.Equal(mustTime(t, tt.want)) {
				t.Errorf("%d items, updated %v; want none and %s", len(f.Items), f.UpdatedParsed, tt.want)
			}
		})
	}
}
