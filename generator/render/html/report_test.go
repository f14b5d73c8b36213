package html_test

import (
	"context"
	"encoding/xml"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render/report"
)

var (
	svgRE   = regexp.MustCompile(`(?s)<svg xmlns.*?</svg>`)
	idRE    = regexp.MustCompile(` id="([^"]+)"`)
	tableRE = regexp.MustCompile(`(?s)<table id="([^"]+)">(.*?)</table>`)
	rowRE   = regexp.MustCompile(`(?s)<tr(?: id="[^"]+")?><th scope="row"(?: class="[^"]+")?>(.*?)</th>(.*?)</tr>`)
	cellRE  = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	tagRE   = regexp.MustCompile(`<[^>]+>`)
	valueRE = regexp.MustCompile(`data-value="([^"]+)"><title>([^<]*)</title>`)
	localRE = regexp.MustCompile(`(?:href|src)="(/[^"#]*)`)
)

// text is an HTML fragment's text with entities decoded.
func text(frag string) string {
	var b strings.Builder
	d := xml.NewDecoder(strings.NewReader("<x>" + tagRE.ReplaceAllString(frag, " ") + "</x>"))
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if c, ok := tok.(xml.CharData); ok {
			b.Write(c)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// tables returns each table of a page by id: rows of row head and cells.
func tables(page string) map[string][][]string {
	out := map[string][][]string{}
	for _, t := range tableRE.FindAllStringSubmatch(page, -1) {
		for _, r := range rowRE.FindAllStringSubmatch(t[2], -1) {
			row := []string{text(r[1])}
			for _, c := range cellRE.FindAllStringSubmatch(r[2], -1) {
				row = append(row, text(c[1]))
			}
			out[t[1]] = append(out[t[1]], row)
		}
	}
	return out
}

// charts returns the report's SVG charts, not other SVG on the page.
func charts(page string) []string {
	var out []string
	for _, s := range svgRE.FindAllString(page, -1) {
		if strings.Contains(s, `class="rc `) {
			out = append(out, s)
		}
	}
	return out
}

func TestTheReportPageOfTheExampleSite(t *testing.T) {
	site := renderHTML(t, example.FS(t), example.Now)
	page := page(t, site, paths.File(paths.Reports))
	ld, _, err := generator.Load(generator.Options{Source: example.FS(t), Now: example.Now})
	if err != nil {
		t.Fatal(err)
	}
	r := metrics.New(ld, example.Now)
	tabs := tables(page)

	t.Run("it is a page of the site, with its header, footer and stylesheet", func(t *testing.T) {
		for _, want := range []string{
			`<title>Reliability report · Acme Cloud Status</title>`, `<link rel="canonical" href="https://status.example.com/reports/">`,
			`<link rel="stylesheet" href="/static/style.`, `<header class="top">`, `<footer class="foot">`,
			`<a href="/reports/" aria-current="page">Reliability report</a>`,
			`<link rel="alternate" type="application/json" title="The numbers as JSON (metrics.json)" href="/reports/metrics.json">`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the report lacks %s", want)
			}
		}
		if strings.Contains(page, "<style>") {
			t.Error("the report has its own styles; they belong in the site's stylesheet")
		}
	})
	t.Run("every chart is an accessible SVG that parses as XML", func(t *testing.T) {
		svgs := charts(page)
		// 5 availability charts, the incidents chart, 11 downtime charts.
		if len(svgs) != 17 {
			t.Errorf("%d charts, want 17", len(svgs))
		}
		for _, s := range svgs {
			if err := xml.Unmarshal([]byte(s), new(struct{})); err != nil {
				t.Errorf("chart is not XML: %v", err)
			}
			if !strings.Contains(s, `role="img"`) || !strings.Contains(s, "<title id=") || !strings.Contains(s, "<desc id=") {
				t.Errorf("chart without role, title or desc: %.120s", s)
			}
		}
	})
	t.Run("ids are unique within the page", func(t *testing.T) {
		seen := map[string]bool{}
		for _, m := range idRE.FindAllStringSubmatch(page, -1) {
			if seen[m[1]] {
				t.Errorf("id %q is used twice", m[1])
			}
			seen[m[1]] = true
		}
	})
	t.Run("the incidents table holds the numbers of the chart and of metrics.json, newest month first", func(t *testing.T) {
		rows := tabs["inc-table"]
		if len(rows) != 12 {
			t.Fatalf("%d rows", len(rows))
		}
		chart := charts(page)[5]
		for i, m := range r.IncidentsPerMonth {
			i := len(rows) - 1 - i
			want := []string{itoa(m.P0), itoa(m.P1), itoa(m.P2), itoa(m.P3), itoa(m.Total)}
			if got := rows[i][1:]; !slices.Equal(got, want) {
				t.Errorf("%s: table %v, metrics.json %v", m.Month, got, want)
			}
			for s, n := range want[:4] {
				if n == "0" {
					continue
				}
				if !strings.Contains(chart, `data-value="`+n+`"><title>`+rows[i][0]+`: P`+itoa(s)) {
					t.Errorf("%s: no P%d segment of %s in the chart", m.Month, s, n)
				}
			}
		}
	})
	t.Run("the downtime table holds the numbers of the small multiples, newest month first", func(t *testing.T) {
		rows := tabs["down-table"]
		svgs := charts(page)[6:]
		compared := 0
		for i, c := range r.Components {
			for _, v := range valueRE.FindAllStringSubmatch(svgs[i], -1) {
				compared++
				month, minutes, _ := strings.Cut(v[2], ": ")
				col := slices.IndexFunc(r.Months, func(name string) bool { return strings.HasPrefix(month, monthWord(name)) })
				if col < 0 || rows[i][len(r.Months)-col] != minutes || minutes != report.Num(c.Months[col].DowntimeMinutes)+" min" {
					t.Errorf("%s %s: chart %s, table %v", c.ID, month, minutes, rows[i])
				}
			}
		}
		if compared != 12 {
			t.Errorf("compared %d bars, want the 12 months with downtime", compared)
		}
		if got := rows[0]; got[0] != "API" || got[1] != "70.8 min" || got[2] != "64 min" {
			t.Errorf("API row %v", got)
		}
	})
	t.Run("the budget table shows this month's budgets, each row an anchor", func(t *testing.T) {
		rows := tabs["slo-table"]
		want := [][]string{
			{"API", "13 Nov 2026, 11:14 KST Budget exhausted", "99.95%", "99.7708%", "21.6 min", "70.8 min", "-49.2 min"},
			{"Sign-in and SSO", "20 Nov 2026, 17:21 KST Budget exhausted", "99.95%", "99.9262%", "21.6 min", "22.8 min", "-1.2 min"},
			{"File storage", "9 Nov 2026, 15:01 KST Budget exhausted", "99.9%", "99.7605%", "43.2 min", "74 min", "-30.8 min"},
			{"Web dashboard", "– Within budget", "99.9%", "100%", "43.2 min", "0 min", "43.2 min"},
			{"Webhooks", "– Within budget", "99.9%", "100%", "43.2 min", "0 min", "43.2 min"},
		}
		if !slices.EqualFunc(rows, want, slices.Equal) {
			t.Errorf("rows\n got %q\nwant %q", rows, want)
		}
		if !strings.Contains(page, `<tr id="budget-api"><th scope="row"><a href="/components/api/">API</a>`) {
			t.Error("the API's budget row has no anchor")
		}
	})
	t.Run("the response tables show the active P1 as unresolved", func(t *testing.T) {
		rows := tabs["rt-90"]
		if got := rows[2]; got[0] != "P1 major" || got[1] != "3" || got[2] != "1 h 16 min" {
			t.Errorf("P1 row %v", got)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// monthWord is a report month as the English page writes it: "Nov 2026".
func monthWord(name string) string {
	t, _ := time.Parse("2006-01", name)
	return t.Format("Jan 2006")
}

func TestReportPagesOfSmallSites(t *testing.T) {
	site := func(lang string, files map[string]string) map[string]string {
		out := map[string]string{
			"content/site.yaml": "title: Small & <Co>\nbase_url: https://status.example.com/sub/\nlanguage: " + lang + "\ntime_zone: Asia/Seoul\n",
		}
		for name, body := range files {
			out["content/"+name] = body
		}
		return out
	}
	comp := func(name, extra string) string { return "---\nname: " + name + "\n" + extra + "---\nA component.\n" }
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string
		not   []string
	}{
		{
			name: "a component name with markup is escaped everywhere on the page",
			files: site("en", map[string]string{
				"components/evil.md": comp(`"<script>alert(1)</script> & Co"`, "slo: 99.9\n"),
				"incidents/2026-11-20-x.md": "---\ntitle: X\nseverity: P1\ncomponents:\n  evil: major_outage\n---\n" +
					"## Resolved — 2026-11-20 11:00\nFixed.\n\n## Investigating — 2026-11-20 10:00\nLooking.\n",
			}),
			want: []string{"&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", "60 min"},
			not:  []string{"<script>alert"},
		},
		{
			name:  "a site without SLOs or incidents says so instead of drawing empty numbers",
			files: site("en", map[string]string{"components/api.md": comp("API", "")}),
			want:  []string{"No component has a service level objective.", "No incidents from Dec 2025 to Nov 2026.", "no incidents", "none resolved"},
			not:   []string{"NaN", `id="budget-`},
		},
		{
			name:  "a Korean site gets Korean words and month names",
			files: site("ko", map[string]string{"components/api.md": comp("API", "slo: 99.9\n")}),
			want:  []string{`<html lang="ko">`, "<h1>안정성 보고서</h1>", "2026년 11월", "43.2분", "서비스 수준 목표(SLO)"},
			not:   []string{"report."},
		},
		{
			name:  "links carry the base URL's path",
			files: site("en", map[string]string{"components/api.md": comp("API", "slo: 99.9\n")}),
			want:  []string{`href="/sub/reports/metrics.json"`, `href="/sub/components/api/"`, `href="https://status.example.com/sub/reports/"`},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := page(t, renderHTML(t, mapFS(tc.files), smallNow), paths.File(paths.Reports))
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("the report lacks %q", w)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(got, w) {
					t.Errorf("the report has %q", w)
				}
			}
			for _, s := range charts(got) {
				if err := xml.Unmarshal([]byte(s), new(struct{})); err != nil {
					t.Errorf("chart is not XML: %v", err)
				}
			}
		})
	}
}

// TestReportLinksResolveInTheBuiltSite builds the whole example site, with
// every renderer, and follows the report page's local links: the site's
// assets, component pages, metrics.json.
func TestReportLinksResolveInTheBuiltSite(t *testing.T) {
	res, err := generator.Render(context.Background(), generator.Options{Source: example.FS(t), Now: example.Now})
	if err != nil {
		t.Fatal(err)
	}
	page, ok := res.Site.File(paths.File(paths.Reports))
	if !ok {
		t.Fatal("the build has no report page")
	}
	if _, ok := res.Site.File(paths.Metrics); !ok {
		t.Fatal("the build has no metrics.json: is report.New() in generator/renderers.go?")
	}
	base := res.Model.Site.Config.BaseURL.Path
	links := localRE.FindAllStringSubmatch(string(page), -1)
	if len(links) < 10 {
		t.Fatalf("only %d local links", len(links))
	}
	for _, m := range links {
		p, err := url.PathUnescape(strings.TrimPrefix(m[1], base))
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := res.Site.File(paths.File(p)); !ok {
			if _, ok := res.Site.File(p); !ok {
				t.Errorf("the report links to %s, which the site does not have", m[1])
			}
		}
	}
}

func TestComponentPagesAgreeWithTheReport(t *testing.T) {
	site := renderHTML(t, example.FS(t), example.Now)
	rep := page(t, site, paths.File(paths.Reports))
	tests := []struct {
		name, id string
		want     []string
		not      []string
	}{
		{"a component whose budget ran out says when, and links to its row in the report", "api", []string{
			`<p class="slo below">Target: 99.95% uptime each month. <i class="ic i-partial"></i>`, `This month so far: 99.77%, below target.</p>`,
			`<p class="slo">Error budget: 70.8 of 21.6 minutes used. Exhausted at <time datetime="2026-11-13T02:14Z">13 Nov 2026, 11:14 KST</time>.`,
			`<a href="/reports/#budget-api">Error budgets in the reliability report</a></p>`,
			`<i class="ic i-partial"></i>Budget exhausted</span>`,
		}, []string{"On track"}},
		{"a component within its budget is on track", "webhooks", []string{
			`<p class="slo">Target: 99.90% uptime each month. This month so far: 100%, on track.</p>`,
			`<p class="slo">Error budget: 0 of 43.2 minutes used. <a href="/reports/#budget-webhooks">`,
			`<i class="ic i-ok"></i>On track</span>`,
		}, []string{"Exhausted at", "Budget exhausted"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := page(t, site, paths.File(paths.Component(tt.id)))
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("the page lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(got, w) {
					t.Errorf("the page has %q", w)
				}
			}
			if !strings.Contains(rep, `<tr id="`+report.BudgetAnchor(tt.id)+`">`) {
				t.Errorf("the report has no row %s", report.BudgetAnchor(tt.id))
			}
		})
	}
	t.Run("a component without an SLO has no budget line", func(t *testing.T) {
		ld, _, err := generator.Load(generator.Options{Source: example.FS(t), Now: example.Now})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range ld.Components {
			if c.SLO > 0 {
				continue
			}
			got := page(t, site, paths.File(paths.Component(c.ID)))
			if strings.Contains(got, "Error budget") || strings.Contains(got, "#budget-") {
				t.Errorf("%s has a budget line but no SLO", c.ID)
			}
		}
	})
}
