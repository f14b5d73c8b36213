package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

const siteYAML = "title: Test Status\nbase_url: https://status.example.com/\ntime_zone: Asia/Seoul\n"

// site builds a MapFS site from path → content, with a valid site.yaml
// and an "api" and a "db" component unless overridden.
func site(files map[string]string) fstest.MapFS {
	fs := fstest.MapFS{
		"content/site.yaml":         {Data: []byte(siteYAML)},
		"content/components/api.md": {Data: []byte("---\nname: API\ngroup: Core\n---\nThe API.\n")},
		"content/components/db.md":  {Data: []byte("---\nname: Database\ngroup: Core\n---\n")},
	}
	for p, s := range files {
		if s == "" {
			delete(fs, p)
			continue
		}
		fs[p] = &fstest.MapFile{Data: []byte(s)}
	}
	return fs
}

func TestLoadReadsAnIncidentWithItsTimelineAndPostmortem(t *testing.T) {
	fsys := site(map[string]string{"content/incidents/api-errors.md": `---
title: Elevated API errors
severity: P1
components:
  api: partial_outage
next_update: 2026-11-21 15:30
---

## Resolved — 2026-11-21 16:45
Back to normal.

## Investigating - 2026-11-21 14:32
We see **errors**.

` + "```" + `
## not a heading inside code
` + "```" + `

## Identified | 2026-11-21 14:55:30 +09:00
Found it.

## Postmortem @ 2026-11-23 10:00
### Summary
A pool ran dry.
`})
	s, probs := Load(fsys)
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	if len(s.Incidents) != 1 {
		t.Fatalf("got %d incidents", len(s.Incidents))
	}
	in := s.Incidents[0]
	if in.Slug != "api-errors" || in.Title != "Elevated API errors" || in.Severity != status.P1 || in.Impact != status.ImpactMajor {
		t.Errorf("front matter read as %+v", in)
	}
	var kinds []string
	for _, u := range in.Updates {
		kinds = append(kinds, u.Kind.String()+"@"+u.At.Format("15:04:05"))
	}
	if got, want := strings.Join(kinds, " "), "investigating@14:32:00 identified@14:55:30 resolved@16:45:00"; got != want {
		t.Errorf("timeline = %s, want %s", got, want)
	}
	if !strings.Contains(string(in.Updates[0].Body.HTML), "## not a heading inside code") {
		t.Errorf("code block lost its heading-like line: %s", in.Updates[0].Body.HTML)
	}
	if in.Updates[0].Line != 12 {
		t.Errorf("Investigating heading line = %d, want 12", in.Updates[0].Line)
	}
	if in.Postmortem == nil || !strings.Contains(string(in.Postmortem.Body.HTML), "<h3>Summary</h3>") {
		t.Errorf("postmortem = %+v", in.Postmortem)
	}
	if in.Status() != status.Postmortem {
		t.Errorf("status = %v, want postmortem", in.Status())
	}
	if in.Updates[0].At.Location().String() != "Asia/Seoul" {
		t.Errorf("times are in %v, want the site's zone", in.Updates[0].At.Location())
	}
}

func TestLoadReportsEveryProblemWithFileAndLine(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // substrings of the formatted problems, in order
	}{
		{"an unknown component gets a did-you-mean hint",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\ncomponents:\n  apii: major_outage\n---\n## Investigating — 2026-11-21 14:32\nx\n"},
			[]string{`content/incidents/x.md:4: unknown component "apii" (did you mean "api"?)`}},
		{"an unknown front matter key is refused",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\nseverty: P1\n---\n## Investigating — 2026-11-21 14:32\nx\n"},
			[]string{`content/incidents/x.md:3: unknown key "severty" (did you mean "severity"?)`}},
		{"a bad component status is refused",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\ncomponents:\n  api: partial\n---\n## Investigating — 2026-11-21 14:32\nx\n"},
			[]string{`content/incidents/x.md:4: unknown status "partial" for component "api"`}},
		{"a bad timestamp in a heading names the heading's line",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\n---\n\n## Investigating — 2026-13-21 14:32\nx\n"},
			[]string{`content/incidents/x.md:5: bad time "2026-13-21 14:32"`}},
		{"an unknown update status is refused with a hint",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\n---\n## Resolvd — 2026-11-21 14:32\nx\n"},
			[]string{`content/incidents/x.md:4: unknown update status "Resolvd" (did you mean "Resolved"?)`}},
		{"unclosed front matter is refused",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\n## Investigating — 2026-11-21 14:32\n"},
			[]string{`content/incidents/x.md:1: front matter is not closed`}},
		{"invalid UTF-8 names its line",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\n---\n## Investigating — 2026-11-21 14:32\nbad \xff byte\n"},
			[]string{`content/incidents/x.md:5: invalid UTF-8`}},
		{"a bad file name is refused, not dropped",
			map[string]string{"content/incidents/Big Outage.md": "---\ntitle: X\n---\n"},
			[]string{`content/incidents/Big Outage.md: bad file name`}},
		{"a file that is not Markdown is refused, not dropped",
			map[string]string{"content/incidents/notes.txt": "hello"},
			[]string{`content/incidents/notes.txt: not a Markdown file`}},
		{"a bad time zone is refused",
			map[string]string{"content/site.yaml": "title: T\nbase_url: https://s.example.com/\ntime_zone: Asia/Seol\n"},
			[]string{`content/site.yaml:3: unknown time_zone "Asia/Seol"`}},
		{"a stale_after that is not a duration is refused with an example",
			map[string]string{"content/site.yaml": "title: T\nbase_url: https://s.example.com/\nstale_after: 45\n"},
			[]string{`content/site.yaml:3: stale_after "45" must be a duration between 1m and 168h, such as 45m`}},
		{"a relative base URL is refused",
			map[string]string{"content/site.yaml": "title: T\nbase_url: /status/\n"},
			[]string{`content/site.yaml:2: base_url "/status/" must be absolute`}},
		{"maintenance ending before it starts is refused",
			map[string]string{"content/maintenance/m.md": "---\ntitle: M\ncomponents: [db]\nscheduled_for: 2026-12-01 04:00\nscheduled_until: 2026-12-01 02:00\n---\n"},
			[]string{`content/maintenance/m.md:5: scheduled_until (2026-12-01 02:00:00) is not after scheduled_for`}},
		{"a YAML alias is refused",
			map[string]string{"content/incidents/x.md": "---\ntitle: &t X\nimpact: *t\n---\n## Investigating — 2026-11-21 14:32\n"},
			[]string{`content/incidents/x.md:2: YAML anchors and aliases`}},
		{"a YAML syntax error names its line",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\ncomponents: [api\n---\n## Investigating — 2026-11-21 14:32\n"},
			[]string{`content/incidents/x.md:`, `YAML:`}},
		{"text before the first update is refused",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\n---\nhello\n## Investigating — 2026-11-21 14:32\n"},
			[]string{`content/incidents/x.md:4: text before the first update`}},
		{"an incident without updates is refused",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\n---\n"},
			[]string{`content/incidents/x.md:1: incident has no updates`}},
		{"a folder under content with a typo is refused",
			map[string]string{"content/incident/x.md": "---\ntitle: X\n---\n"},
			[]string{`content/incident: unknown folder (did you mean "incidents"?)`}},
		{"a file over 1 MiB is refused",
			map[string]string{"content/incidents/x.md": "---\ntitle: X\n---\n" + strings.Repeat("a", MaxFileSize)},
			[]string{`content/incidents/x.md: file is`, `at most 1 MiB`}},
		{"all errors of a build are reported, not only the first",
			map[string]string{
				"content/incidents/a.md": "---\ntitle: A\ncomponents: {apx: major_outage}\n---\n## Investigating — 2026-11-21 14:32\n",
				"content/incidents/b.md": "---\ntitle: B\nseverity: P9\n---\n## Investigating — 2026-11-21 14:32\n",
			},
			[]string{`content/incidents/a.md:3: unknown component "apx"`, `content/incidents/b.md:3: unknown severity "P9"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, probs := Load(site(tt.files))
			if s != nil {
				probs = append(probs, s.Validate(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC))...)
				probs.Sort()
			}
			got := probs.Error()
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("problems:\n%s\nwant (in order) %q", got, w)
				}
				rest = rest[i+len(w):]
			}
			if len(probs.Errors()) == 0 {
				t.Fatalf("no errors reported")
			}
		})
	}
}

func TestLoadRefusesAliasBombs(t *testing.T) {
	var b strings.Builder
	b.WriteString("---\ntitle: X\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		b.WriteString(n + ": &" + n + " [")
		for k := range 9 {
			if k > 0 {
				b.WriteString(",")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = n
	}
	b.WriteString("---\n## Investigating — 2026-11-21 14:32\n")
	_, probs := Load(site(map[string]string{"content/incidents/x.md": b.String()}))
	if !strings.Contains(probs.Error(), "anchors and aliases") {
		t.Fatalf("alias bomb not refused: %v", probs)
	}
}

func TestLoadIgnoresEditorFilesAndDotfiles(t *testing.T) {
	_, probs := Load(site(map[string]string{
		"content/incidents/.x.md.swp": "junk",
		"content/incidents/x.md~":     "junk",
		"content/incidents/#x.md#":    "junk",
		"content/.DS_Store":           "junk",
	}))
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
}

func TestLoadReadsKoreanStatusWords(t *testing.T) {
	s, probs := Load(site(map[string]string{"content/incidents/k.md": "---\ntitle: 장애\ncomponents: {api: major_outage}\n---\n## 해결 — 2026-10-03 10:00\n복구되었습니다.\n\n## 조사 중 — 2026-10-03 09:12\n확인 중입니다.\n"}))
	if len(probs) != 0 {
		t.Fatalf("problems: %v", probs)
	}
	in := s.Incidents[0]
	if in.Status() != status.Resolved || in.Updates[0].Kind != status.Investigating {
		t.Fatalf("Korean words read as %v / %v", in.Status(), in.Updates[0].Kind)
	}
}

func TestALinkWhoseTargetIsDroppedIsItsText(t *testing.T) {
	body := "## Investigating — 2026-11-21 14:32\n[click](javascript:alert(1)) ![pic](javascript:x) <javascript:alert(2)> [ok](https://example.com) ![logo](https://example.com/a.png)\n"
	s, _ := Load(site(map[string]string{"content/incidents/x.md": "---\ntitle: X\n---\n" + body}))
	html := string(s.Incidents[0].Updates[0].Body.HTML)
	for _, bad := range []string{`href="javascript:`, `href=""`, `src=""`} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered Markdown contains %q: %s", bad, html)
		}
	}
	for _, want := range []string{"click ", "pic", "javascript:alert(2)", `<a href="https://example.com">ok</a>`, `<img src="https://example.com/a.png" alt="logo">`} {
		if !strings.Contains(html, want) {
			t.Errorf("rendered Markdown lacks %q: %s", want, html)
		}
	}
}

func TestMarkdownIsSafeByDefault(t *testing.T) {
	body := "## Investigating — 2026-11-21 14:32\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
	s, probs := Load(site(map[string]string{"content/incidents/x.md": "---\ntitle: X\n---\n" + body}))
	// What is dropped is reported, as warnings at its line.
	want := "content/incidents/x.md:5: raw HTML is dropped from the page (write Markdown, or set markdown.unsafe_html in site.yaml) (warning)\n" +
		"content/incidents/x.md:7: the link to \"javascript:alert(1)\" is dropped: links with this scheme are unsafe (warning)\n" +
		"content/incidents/x.md:7: raw HTML is dropped from the page (write Markdown, or set markdown.unsafe_html in site.yaml) (warning)\n"
	if got := reports(probs); got != want {
		t.Errorf("problems:\n%s\nwant:\n%s", got, want)
	}
	html := string(s.Incidents[0].Updates[0].Body.HTML)
	for _, bad := range []string{"<script", `href="javascript:`, "<img", "onerror", `href=""`, `src=""`} {
		if strings.Contains(html, bad) {
			t.Errorf("rendered Markdown contains %q: %s", bad, html)
		}
	}
	fsys := site(map[string]string{"content/incidents/x.md": "---\ntitle: X\n---\n" + body})
	fsys["content/site.yaml"].Data = []byte(siteYAML + "markdown:\n  unsafe_html: true\n")
	s, probs = Load(fsys)
	if len(probs) != 0 {
		t.Errorf("with unsafe_html, nothing is dropped, but: %v", probs)
	}
	if html := string(s.Incidents[0].Updates[0].Body.HTML); !strings.Contains(html, "<script>") {
		t.Errorf("unsafe_html: true did not keep raw HTML: %s", html)
	}
}

func TestLoaderTrustsItsCacheForFilesTheWatcherDidNotReport(t *testing.T) {
	fsys := site(map[string]string{
		"content/incidents/a.md": "---\ntitle: A\n---\n## Investigating — 2026-11-21 14:32\nx\n",
		"content/incidents/b.md": "---\ntitle: B\n---\n## Investigating — 2026-11-21 14:32\nx\n",
	})
	l := new(Loader)
	l.Load(fsys)
	for _, f := range []string{"a", "b"} {
		fsys["content/incidents/"+f+".md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + f + "2\n---\n## Investigating — 2026-11-21 14:32\nx\n"), ModTime: time.Unix(1, 0)}
	}
	l.Changed([]string{"content/incidents/a.md"})
	s, _ := l.Load(fsys)
	if s.Incidents[0].Title != "a2" || s.Incidents[1].Title != "B" {
		t.Fatalf("with a hint: %q, %q; want a2, B", s.Incidents[0].Title, s.Incidents[1].Title)
	}
	s, _ = l.Load(fsys) // the hint held for one load only
	if s.Incidents[1].Title != "b2" {
		t.Fatalf("without a hint: %q; want b2", s.Incidents[1].Title)
	}
}

func TestIgnoredNames(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"2026-11-20-x.md", false}, {"en.yaml", false}, {"site.yaml", false},
		{".2026-11-20-x.md.swp", true}, {"x.md.swx", true}, {"x.md~", true}, {"#x.md#", true},
		{".#x.md", true}, {"x.tmp", true}, {"4913", true}, {"x.md___jb_tmp___", true}, {"x.md___jb_old___", true},
	} {
		if got := Ignored(tc.name); got != tc.want {
			t.Errorf("Ignored(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func reports(ps status.Problems) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Report() + "\n")
	}
	return b.String()
}
