package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// seen is what a reader of the built site sees, and what machines read.
type seen struct {
	Banner     string            // the front page's headline
	Components map[string]string // component name → status as shown
	Timeline   []string          // the incident page: "word: text", newest first
	Postmortem bool              // the incident page has the report
	Indicator  string            // status.json
	Badge      string            // badge.json message
	API        map[string]string // summary.json: component name → status
	Today      map[string]string // component name → its uptime bar's last day, as its title says
	Month      string            // the API page's row for the current month, its cells joined by " | "
}

// look builds the site with the command line at now and reads it back.
func look(t *testing.T, dir, now, incident string) seen {
	t.Helper()
	if r := sitrep(t, "", "build", "--source", dir, "--now", now); r.code != 0 {
		t.Fatalf("build at %s: exit %d: %s", now, r.code, r.stderr)
	}
	pub := filepath.Join(dir, "public")
	s := seen{Components: map[string]string{}, API: map[string]string{}, Today: map[string]string{}}
	index := parseHTML(t, filepath.Join(pub, "index.html"))
	s.Banner = text(find(index, func(n *html.Node) bool { return attr(n, "id") == "banner-h" }))
	for _, li := range findAll(index, func(n *html.Node) bool { return hasClass(n, "comp") }) {
		name := text(find(li, func(n *html.Node) bool { return n.Data == "a" }))
		s.Components[name] = text(find(li, func(n *html.Node) bool { return hasClass(n, "st") }))
		if days := findAll(find(li, func(n *html.Node) bool { return hasClass(n, "bar") }), func(n *html.Node) bool { return n.Data == "li" }); len(days) > 0 {
			s.Today[name] = attr(days[len(days)-1], "title")
		}
	}
	api := parseHTML(t, filepath.Join(pub, "components", "api", "index.html"))
	months := find(api, func(n *html.Node) bool { return hasClass(n, "months") })
	var cells []string
	for _, c := range findAll(find(months, func(n *html.Node) bool { return n.Data == "tr" && n.Parent.Data == "tbody" }), func(n *html.Node) bool { return n.Data == "th" || n.Data == "td" }) {
		cells = append(cells, text(c))
	}
	s.Month = strings.Join(cells, " | ")
	if incident != "" {
		page := parseHTML(t, filepath.Join(pub, "incidents", incident, "index.html"))
		tl := find(page, func(n *html.Node) bool { return hasClass(n, "timeline") })
		for _, li := range findAll(tl, func(n *html.Node) bool { return n.Data == "li" && n.Parent == tl }) {
			// An update's heading starts with its kind's word; its body
			// follows the heading.
			h3 := find(li, func(n *html.Node) bool { return n.Data == "h3" })
			var word string
			if h3 != nil && h3.FirstChild != nil && h3.FirstChild.Type == html.TextNode {
				word = strings.TrimSpace(h3.FirstChild.Data)
			}
			var body []string
			for c := range li.ChildNodes() {
				if c != h3 {
					body = append(body, text(c))
				}
			}
			s.Timeline = append(s.Timeline, word+": "+strings.Join(strings.Fields(strings.Join(body, " ")), " "))
		}
		s.Postmortem = find(page, func(n *html.Node) bool { return attr(n, "id") == "postmortem" }) != nil
	}
	var st struct {
		Status struct{ Indicator string } `json:"status"`
	}
	readJSON(t, filepath.Join(pub, "api", "v2", "status.json"), &st)
	s.Indicator = st.Status.Indicator
	var badge struct{ Message string }
	readJSON(t, filepath.Join(pub, "badge.json"), &badge)
	s.Badge = badge.Message
	var sum struct {
		Components []struct{ Name, Status string } `json:"components"`
	}
	readJSON(t, filepath.Join(pub, "api", "v2", "summary.json"), &sum)
	for _, c := range sum.Components {
		s.API[c.Name] = c.Status
	}
	return s
}

// step runs a command of the on-call engineer and returns what it printed.
func step(t *testing.T, args ...string) string {
	t.Helper()
	r := sitrep(t, "", args...)
	if r.code != 0 {
		t.Fatalf("sitrep %s: exit %d: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return strings.TrimSpace(r.stdout)
}

// scenario is one language's words for the same incident.
type scenario struct {
	lang                                  string
	title, noteTitle                      string
	identified, monitoring                string // update words as typed
	major, partial, degraded, operational string // component statuses as shown
	maintenance                           string
	bannerMajor, bannerOK, bannerMaint    string // the headline starts so
	words                                 []string
	slugQuery                             string // how the engineer names the incident after opening it
	duration                              string // of the incident, in the postmortem
	month, minutes                        string // the current month's name and " minutes" after a number, as the component page shows them
}

var scenarios = []scenario{
	{
		lang: "en", title: "Checkout errors", noteTitle: "New support hours",
		identified: "identified", monitoring: "monitoring",
		major: "Major outage", partial: "Partial outage", degraded: "Degraded performance", operational: "Operational", maintenance: "Under maintenance",
		bannerMajor: "Major outage", bannerOK: "All systems operational", bannerMaint: "Maintenance in progress",
		words:     []string{"Resolved", "Update", "Monitoring", "Identified", "Investigating"},
		slugQuery: "checkout", duration: "1h 18m",
		month: "November 2026 (so far)", minutes: " minutes",
	},
	{
		lang: "ko", title: "결제 오류", noteTitle: "고객센터 운영 시간 변경",
		identified: "원인파악", monitoring: "모니터링",
		major: "전체 장애", partial: "부분 장애", degraded: "성능 저하", operational: "정상", maintenance: "점검 중",
		bannerMajor: "전체 장애", bannerOK: "모든 시스템 정상", bannerMaint: "점검",
		words:     []string{"해결", "업데이트", "모니터링", "원인 파악", "조사 중"},
		slugQuery: "결제", duration: "1시간 18분",
		month: "2026년 11월 (현재까지)", minutes: "분",
	},
}

// TestOnCallThroughTheCommandLine replays an incident as an on-call
// engineer would, through the command line only, in English and in
// Korean: open, three updates with component changes and promises (one
// amended), resolve, the postmortem, a notice and a maintenance window.
// After each step the site is built and read as a reader and a machine
// would: banner, component statuses, timeline order, badge and API.
func TestOnCallThroughTheCommandLine(t *testing.T) {
	for _, sc := range scenarios {
		t.Run(sc.lang, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "status")
			step(t, "init", dir, "--language", sc.lang, "--time-zone", "Asia/Seoul")
			// The engineer works from a subfolder; the site is found upwards.
			t.Chdir(filepath.Join(dir, "content", "components"))

			// 10:00 — open: the API is down. No severity given: P1 from the
			// worst component, so that badge, API and banner agree.
			path := step(t, "new", "incident", sc.title, "--component", "api=major_outage", "--next-update", "30m",
				"--started", "09:52", "--now", "2026-11-22 10:00", "Payments fail.")
			slug := strings.TrimSuffix(filepath.Base(path), ".md")
			if sc.lang == "ko" && slug != "2026-11-22-api" {
				t.Errorf("the Korean title's slug is %s, want 2026-11-22-api", slug)
			}
			s := look(t, dir, "2026-11-22 10:00", slug)
			want(t, "opened", s.Banner, sc.bannerMajor, s.Components["API"], sc.major, s.API["API"], "major_outage", s.Indicator, "critical")
			if !strings.EqualFold(s.Badge, sc.major) {
				t.Errorf("opened: badge %q, want it to say %q", s.Badge, sc.major)
			}

			// 10:20 — identified; the website slows down too.
			step(t, "update", sc.slugQuery, "--status", sc.identified, "--component", "website=degraded_performance",
				"--component", "api=partial_outage", "--next-update", "30m", "--now", "2026-11-22 10:20", "A bad deploy.")
			s = look(t, dir, "2026-11-22 10:20", slug)
			want(t, "identified", s.Components["API"], sc.partial, s.API["API"], "partial_outage",
				s.API[websiteName(sc)], "degraded_performance", s.Indicator, "critical") // P0 stays: never lowered by itself

			// 10:45 — monitoring: both recovered while the incident stays open.
			step(t, "update", slug[:len("2026-11-22-")+2], "--status", sc.monitoring, "--component", "api=operational",
				"--component", "website=operational", "--next-update", "1h", "--now", "2026-11-22 10:45", "Rolled bak.")
			// …and a typo fixed in place, without a new update.
			step(t, "update", sc.slugQuery, "--amend", "--now", "2026-11-22 10:46", "Rolled back.")
			s = look(t, dir, "2026-11-22 10:46", slug)
			want(t, "monitoring", s.Components["API"], sc.operational, s.API["API"], "operational", s.API[websiteName(sc)], "operational")
			// The recovery ends the downtime, and keeps what came before:
			// 28 minutes of major outage (09:52–10:20), 25 of partial.
			if got, want := s.Today["API"], "2026-11-22: "+strings.ToLower(sc.major)+", 28"+sc.minutes+"; "+strings.ToLower(sc.partial)+", 25"+sc.minutes; got != want {
				t.Errorf("monitoring: the API's day reads %q, want %q", got, want)
			}

			// 11:10 — a note in the same minute as nothing else.
			step(t, "update", sc.slugQuery, "--now", "2026-11-22 11:10", "Error rates are normal.")
			// 11:10 — resolved in the same minute: written after the note.
			step(t, "resolve", sc.slugQuery, "--now", "2026-11-22 11:10", "Fixed.")
			s = look(t, dir, "2026-11-22 11:10", slug)
			want(t, "resolved", s.Banner, sc.bannerOK, s.Indicator, "none", s.API["API"], "operational")
			// November so far: 35.5 weighted minutes of downtime (28 + 30%
			// of 25) in 30,910 observed, and 53 minutes with problems — the
			// operational 25 minutes before the resolution count as neither.
			if want := sc.month + " | 99.88% | 53" + sc.minutes; !strings.HasPrefix(s.Month, want) {
				t.Errorf("resolved: the API's month row reads %q, want it to start %q", s.Month, want)
			}
			if got, want := s.Today[websiteName(sc)], "2026-11-22: "+strings.ToLower(sc.degraded)+", 25"+sc.minutes; got != want {
				t.Errorf("resolved: the website's day reads %q, want %q", got, want)
			}
			if got := kinds(s.Timeline); !slices.Equal(got, sc.words) {
				t.Errorf("timeline %q, want the words %q newest first", s.Timeline, sc.words)
			}
			if s.Timeline[2] != sc.words[2]+": Rolled back." {
				t.Errorf("the amended update reads %q", s.Timeline[2])
			}

			// Next day — the postmortem, from the template, in $EDITOR.
			t.Setenv("EDITOR", "sed -i s/_…_/Done./")
			t.Setenv("VISUAL", "")
			step(t, "postmortem", sc.slugQuery, "--now", "2026-11-23 10:00")
			s = look(t, dir, "2026-11-23 10:00", slug)
			if !s.Postmortem {
				t.Error("the incident page has no postmortem")
			}
			src := readFile(t, dir, "content/incidents/"+slug+".md")
			for _, part := range []string{sc.duration, "2026-11-22 09:52 KST", "- 10:20 " + sc.words[3] + ": A bad deploy.", "Done."} {
				if !strings.Contains(src, part) {
					t.Errorf("the postmortem lacks %q:\n%s", part, src)
				}
			}

			// A notice: informational, not an active incident.
			step(t, "new", "notice", sc.noteTitle, "--now", "2026-11-23 10:05", "From Monday, 9 to 18.")
			s = look(t, dir, "2026-11-23 10:05", "")
			want(t, "notice", s.Banner, sc.bannerOK, s.Indicator, "none")

			// Maintenance tomorrow 02:00 for two hours.
			step(t, "new", "maintenance", "DB upgrade", "--component", "api", "--start", "02:00", "--end", "2h", "--now", "2026-11-23 10:10")
			s = look(t, dir, "2026-11-24 02:30", "")
			want(t, "maintenance", s.API["API"], "under_maintenance", s.Components["API"], sc.maintenance, s.Indicator, "none")
			if !strings.Contains(s.Banner, sc.bannerMaint) {
				t.Errorf("maintenance: banner %q, want %q in it", s.Banner, sc.bannerMaint)
			}
			list := step(t, "list", "--now", "2026-11-24 02:30")
			if !strings.Contains(list, "No open incidents.") || !strings.Contains(list, "in_progress") {
				t.Errorf("list:\n%s", list)
			}
			if r := sitrep(t, "", "check", "--now", "2026-11-24 02:30"); r.code != 0 {
				t.Errorf("check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

func websiteName(sc scenario) string {
	if sc.lang == "ko" {
		return "웹사이트"
	}
	return "Website"
}

// want compares pairs of got, want, naming the step.
func want(t *testing.T, at string, pairs ...string) {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.HasPrefix(pairs[i], pairs[i+1]) {
			t.Errorf("%s: got %q, want %q", at, pairs[i], pairs[i+1])
		}
	}
}

func kinds(timeline []string) []string {
	var out []string
	for _, e := range timeline {
		w, _, _ := strings.Cut(e, ": ")
		out = append(out, w)
	}
	return out
}

func parseHTML(t *testing.T, name string) *html.Node {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	if all := findAll(n, match); len(all) > 0 {
		return all[0]
	}
	return nil
}

func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	if n == nil {
		return nil
	}
	for d := range n.Descendants() {
		if d.Type == html.ElementNode && match(d) {
			out = append(out, d)
		}
	}
	return out
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, c string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), c)
}

// text is the text a reader sees in n, spaces collapsed.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
