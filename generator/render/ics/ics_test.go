package ics_test

import (
	"bytes"
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/ics"
	"github.com/sitrep/sitrep/generator/view"
	"github.com/sitrep/sitrep/themes"
)

const now = "2026-11-22 11:00"

// korean is a long Korean paragraph: three octets per syllable, so a
// fold at a fixed octet count would split characters.
const korean = "데이터베이스를 새 주요 버전으로 업그레이드합니다. 점검 시간 동안 API와 대시보드는 최대 20분 동안 읽기 전용이 되며, 데이터를 바꾸는 요청은 503 오류와 함께 실패합니다; 읽기는 계속 됩니다."

func testSite() fstest.MapFS {
	files := map[string]string{
		"content/site.yaml":         "title: Test Status\nbase_url: https://status.test:8443/sub/\nlanguage: en\ntime_zone: Asia/Seoul\ndescription: Live status\n",
		"content/components/api.md": "---\nname: API\n---\n",
		"content/components/db.md":  "---\nname: Database, primary\n---\n",
		"content/maintenance/old.md": `---
title: Old migration
components: [api]
scheduled_for: 2026-07-01 02:00
scheduled_until: 2026-07-01 04:00
---
Long ago.
`,
		"content/maintenance/done.md": `---
title: Sign-in database migration
components: [api]
scheduled_for: 2026-11-08 02:00
scheduled_until: 2026-11-08 04:00
---
We move the database.

## In progress — 2026-11-08 02:05
Started.

## Completed — 2026-11-08 03:20
Done.
`,
		"content/maintenance/now.md": `---
title: Reports storage upgrade
components: [api]
scheduled_for: 2026-11-22 10:00
scheduled_until: 2026-11-22 13:00
---
Moving data.

## In progress — 2026-11-22 10:00
Started.

## Completed — 2026-11-22 12:30
Written ahead: not known at 11:00.
`,
		"content/maintenance/future.md": `---
title: "Primary database upgrade; phase 1, part \\ A"
components: [api, db]
scheduled_for: 2026-11-29 02:00
scheduled_until: 2026-11-29 04:00
---
` + korean + `

- Jobs pause, then resume.
`,
		"content/maintenance/called-off.md": `---
title: Network change
components: [db]
scheduled_for: 2026-12-05 01:00
scheduled_until: 2026-12-05 02:00
---
Switch replacement.

## Cancelled — 2026-11-20 09:00
Not needed after all.
`,
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func build(t *testing.T, fsys fs.FS, at string) []byte {
	t.Helper()
	site, probs := content.Load(fsys)
	if errs := probs.Errors(); site == nil || len(errs) > 0 {
		t.Fatalf("loading the test site: %v", errs)
	}
	moment, err := content.ParseTime(at, site.Config.Location)
	if err != nil {
		t.Fatal(err)
	}
	strs, err := generator.Strings(themes.Default(), site.Config.Language)
	if err != nil {
		t.Fatal(err)
	}
	var out []byte
	c := &render.Context{
		Model:   view.New(site, moment),
		URLs:    paths.New(site.Config.BaseURL),
		Theme:   themes.Default(),
		Strings: strs,
		Emit: func(p string, b []byte) {
			if p != paths.Calendar || out != nil {
				t.Errorf("unexpected output %s", p)
			}
			out = b
		},
	}
	if err := ics.New().Render(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return out
}

func decode(t *testing.T, b []byte) *ical.Calendar {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("calendar.ics does not parse: %v\n%s", err, b)
	}
	return cal
}

func text(t *testing.T, c *ical.Component, name string) string {
	t.Helper()
	s, err := c.Props.Text(name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func utc(t *testing.T, c *ical.Component, name string) time.Time {
	t.Helper()
	p := c.Props.Get(name)
	if p == nil || !strings.HasSuffix(p.Value, "Z") {
		t.Fatalf("%s is missing or not in UTC: %+v", name, p)
	}
	v, err := p.DateTime(nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func kst(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse("2006-01-02 15:04 -0700", s+" +0900")
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCalendarHoldsRecentAndUpcomingWindows(t *testing.T) {
	cal := decode(t, build(t, testSite(), now))
	for name, want := range map[string]string{
		"VERSION": "2.0", "PRODID": ics.ProdID, "X-WR-CALNAME": "Test Status — Maintenance", "METHOD": "PUBLISH",
	} {
		if got := text(t, cal.Component, name); got != want {
			t.Errorf("%s is %q, want %q", name, got, want)
		}
	}
	tests := []struct {
		uid, summary, status string
		from, to             string // KST
		stamp                string // KST
		sequence             string
	}{
		{"done@status.test", "Maintenance: Sign-in database migration", "CONFIRMED", "2026-11-08 02:05", "2026-11-08 03:20", "2026-11-08 03:20", "2"},
		{"now@status.test", "Maintenance: Reports storage upgrade", "CONFIRMED", "2026-11-22 10:00", "2026-11-22 13:00", "2026-11-22 10:00", "1"},
		{"future@status.test", "Maintenance: Primary database upgrade; phase 1, part \\ A", "CONFIRMED", "2026-11-29 02:00", "2026-11-29 04:00", "2026-11-29 02:00", "0"},
		{"called-off@status.test", "Maintenance: Network change", "CANCELLED", "2026-12-05 01:00", "2026-12-05 02:00", "2026-11-20 09:00", "1"},
	}
	events := cal.Events()
	if len(events) != len(tests) {
		t.Fatalf("%d events, want %d (the window that ended more than %d days ago left out)", len(events), len(tests), ics.RecentDays)
	}
	for i, tt := range tests {
		e := events[i].Component
		t.Run("the event "+tt.uid+" is decoded as written", func(t *testing.T) {
			if got := text(t, e, "UID"); got != tt.uid {
				t.Errorf("UID %q, want %q", got, tt.uid)
			}
			if got := text(t, e, "SUMMARY"); got != tt.summary {
				t.Errorf("SUMMARY %q, want %q", got, tt.summary)
			}
			if got := e.Props.Get("STATUS").Value; got != tt.status {
				t.Errorf("STATUS %q, want %q", got, tt.status)
			}
			if got := e.Props.Get("SEQUENCE").Value; got != tt.sequence {
				t.Errorf("SEQUENCE %q, want %q", got, tt.sequence)
			}
			for name, want := range map[string]string{"DTSTART": tt.from, "DTEND": tt.to, "DTSTAMP": tt.stamp} {
				if got := utc(t, e, name); !got.Equal(kst(t, want)) {
					t.Errorf("%s %v, want %s KST", name, got, want)
				}
			}
			u, err := e.Props.URI("URL")
			if err != nil || u.String() != "https://status.test:8443/sub/maintenance/"+strings.TrimSuffix(tt.uid, "@status.test")+"/" {
				t.Errorf("URL %v (%v)", u, err)
			}
		})
	}
	desc := text(t, events[2].Component, "DESCRIPTION")
	for _, want := range []string{korean, "- Jobs pause, then resume.", "Affected components: API, Database, primary"} {
		if !strings.Contains(desc, want) {
			t.Errorf("DESCRIPTION %q lacks %q", desc, want)
		}
	}
	if desc := text(t, events[1].Component, "DESCRIPTION"); strings.Contains(desc, "Written ahead") {
		t.Errorf("DESCRIPTION shows an update dated after the build: %q", desc)
	}
}

func TestLinesAreFoldedAt75OctetsWithoutSplittingCharacters(t *testing.T) {
	raw := build(t, testSite(), now)
	if !bytes.HasSuffix(raw, []byte("\r\n")) {
		t.Error("the calendar does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets long: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded < 5 {
		t.Errorf("only %d continuation lines; the long Korean description should fold many times", folded)
	}
}

func TestTextIsEscapedAsRFC5545Says(t *testing.T) {
	raw := string(build(t, testSite(), now))
	unfolded := strings.ReplaceAll(raw, "\r\n ", "")
	for _, want := range []string{
		`SUMMARY:Maintenance: Primary database upgrade\; phase 1\, part \\ A`,
		`NAME:Test Status — Maintenance`,
		`Affected components: API\, Database\, primary`,
		`\n\n- Jobs pause\, then resume.`,
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("the calendar lacks %q", want)
		}
	}
}

func TestStampsDependOnTheContentNotTheBuildClock(t *testing.T) {
	a := build(t, testSite(), "2026-11-22 11:00")
	b := build(t, testSite(), "2026-11-22 12:00")
	if !bytes.Equal(a, b) {
		t.Error("two builds an hour apart, with nothing new, wrote different calendars")
	}
	if c := build(t, testSite(), "2026-11-22 11:00"); !bytes.Equal(a, c) {
		t.Error("the same input and moment gave different bytes")
	}
	later := decode(t, build(t, testSite(), "2026-11-22 12:45"))
	e := later.Events()[1].Component
	if got := utc(t, e, "DTEND"); !got.Equal(kst(t, "2026-11-22 12:30")) {
		t.Errorf("after the early completion, DTEND is %v", got)
	}
	if got := e.Props.Get("SEQUENCE").Value; got != "2" {
		t.Errorf("SEQUENCE %s after a new update, want 2", got)
	}
}

func TestAnEmptySiteWritesAnEmptyCalendar(t *testing.T) {
	fsys := testSite()
	for name := range fsys {
		if strings.HasPrefix(name, "content/maintenance/") {
			delete(fsys, name)
		}
	}
	cal := decode(t, build(t, fsys, now))
	if n := len(cal.Events()); n != 0 {
		t.Errorf("%d events in a site without maintenance", n)
	}
}

func FuzzTextSurvivesEscapingAndFolding(f *testing.F) {
	for _, s := range []string{korean, "a;b,c\\d\ne", strings.Repeat("é", 80), "\x00\x01\r\n\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw := ics.EncodeText("DESCRIPTION", s)
		for l := range strings.SplitSeq(strings.TrimSuffix(raw, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Fatalf("bad line %q", l)
			}
		}
		cal := decode(t, []byte("BEGIN:VCALENDAR\r\n"+raw+"END:VCALENDAR\r\n"))
		got, err := cal.Props.Text("DESCRIPTION")
		if err != nil {
			t.Fatal(err)
		}
		if want := cleanText(s); got != want {
			t.Fatalf("round trip of %q gave %q, want %q", s, got, want)
		}
	})
}

// cleanText is what a TEXT value reads as after a round trip: line breaks
// as LF, without the control characters and invalid UTF-8 TEXT cannot carry.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f || r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
}

func TestKoreanSitesGetAKoreanCalendar(t *testing.T) {
	fsys := testSite()
	fsys["content/site.yaml"] = &fstest.MapFile{Data: []byte("title: 상태\nbase_url: https://status.test/\nlanguage: ko\ntime_zone: Asia/Seoul\n")}
	raw := build(t, fsys, now)
	if bytes.Contains(raw, []byte("feeds.")) {
		t.Error("the calendar shows an untranslated string key")
	}
	cal := decode(t, raw)
	if got := text(t, cal.Component, "X-WR-CALNAME"); got != "상태 — 점검" {
		t.Errorf("X-WR-CALNAME %q", got)
	}
	if got := text(t, cal.Events()[0].Component, "SUMMARY"); got != "점검: Sign-in database migration" {
		t.Errorf("SUMMARY %q", got)
	}
}
