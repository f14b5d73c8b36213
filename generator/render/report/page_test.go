package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render/report"
)

var (
	svgRE   = regexp.MustCompile(`(?s)<svg .*?</svg>`)
	idRE    = regexp.MustCompile(` id="([^"]+)"`)
	tableRE = regexp.MustCompile(`(?s)<table id="([^"]+)">(.*?)</table>`)
	rowRE   = regexp.MustCompile(`(?s)<tr><th scope="row">(.*?)</th>(.*?)</tr>`)
	cellRE  = regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	tagRE   = regexp.MustCompile(`<[^>]+>`)
	valueRE = regexp.MustCompile(`data-value="([^"]+)"><title>([^<]*)</title>`)
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

// tables returns each table of the page by id: rows of row head and cells.
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

func examplePage(t *testing.T) (string, []byte) {
	t.Helper()
	out := renderSite(t, os.DirFS(filepath.Join("..", "..", "..")), exampleNow(t))
	return string(out[paths.File(paths.Reports)]), out[paths.Metrics]
}

func TestExamplePage(t *testing.T) {
	page, js := examplePage(t)
	var r metrics.Report
	if err := json.Unmarshal(js, &r); err != nil {
		t.Fatal(err)
	}
	tabs := tables(page)

	t.Run("every chart is an accessible SVG that parses as XML", func(t *testing.T) {
		svgs := svgRE.FindAllString(page, -1)
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
	t.Run("the incidents table holds the numbers of the chart and of metrics.json", func(t *testing.T) {
		rows := tabs["inc-table"]
		if len(rows) != 12 {
			t.Fatalf("%d rows", len(rows))
		}
		chart := svgRE.FindAllString(page, -1)[5]
		for i, m := range r.IncidentsPerMonth {
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
	t.Run("the downtime table holds the numbers of the small multiples", func(t *testing.T) {
		rows := tabs["down-table"]
		svgs := svgRE.FindAllString(page, -1)[6:]
		compared := 0
		for i, c := range r.Components {
			for _, v := range valueRE.FindAllStringSubmatch(svgs[i], -1) {
				compared++
				month, minutes, _ := strings.Cut(v[2], ": ")
				col := slices.IndexFunc(r.Months, func(name string) bool { return strings.HasPrefix(month, monthWord(name)) })
				if col < 0 || rows[i][col+1] != minutes || minutes != report.Num(c.Months[col].DowntimeMinutes)+" min" {
					t.Errorf("%s %s: chart %s, table %v", c.ID, month, minutes, rows[i])
				}
			}
		}
		if compared != 12 {
			t.Errorf("compared %d bars, want the 12 months with downtime", compared)
		}
		if got := rows[0]; got[0] != "API" || got[11] != "64 min" || got[12] != "70.8 min" {
			t.Errorf("API row %v", got)
		}
	})
	t.Run("the budget table shows this month's budgets from metrics.json", func(t *testing.T) {
		rows := tabs["slo-table"]
		want := [][]string{
			{"API", "13 Nov 2026, 11:14 KST ✗ Budget exhausted", "99.95%", "99.7708%", "21.6 min", "70.8 min", "-49.2 min"},
			{"Sign-in and SSO", "20 Nov 2026, 17:21 KST ✗ Budget exhausted", "99.95%", "99.9262%", "21.6 min", "22.8 min", "-1.2 min"},
			{"File storage", "9 Nov 2026, 15:01 KST ✗ Budget exhausted", "99.9%", "99.7605%", "43.2 min", "74 min", "-30.8 min"},
			{"Web dashboard", "– ✓ Within budget", "99.9%", "100%", "43.2 min", "0 min", "43.2 min"},
			{"Webhooks", "– ✓ Within budget", "99.9%", "100%", "43.2 min", "0 min", "43.2 min"},
		}
		for i := range want {
			want[i][1] = strings.NewReplacer("✗ ", "", "✓ ", "").Replace(want[i][1]) // the marks are CSS content
		}
		if len(rows) != len(want) {
			t.Fatalf("rows %v", rows)
		}
		for i := range want {
			if !slices.Equal(rows[i], want[i]) {
				t.Errorf("row %d\n got %q\nwant %q", i, rows[i], want[i])
			}
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

func TestMetricsJSONDecodesStrictlyIntoTheDocumentedTypes(t *testing.T) {
	_, js := examplePage(t)
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	var r metrics.Report
	if err := dec.Decode(&r); err != nil {
		t.Fatal(err)
	}
	if dec.More() {
		t.Error("more than one value in metrics.json")
	}
	again, err := report.JSON(&r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, js) {
		t.Error("decoding and encoding metrics.json changes it: a field is lost or reordered")
	}
	if r.Version != metrics.Version || r.TimeZone != "Asia/Seoul" || len(r.Months) != metrics.MonthsShown {
		t.Errorf("version %d, zone %q, %d months", r.Version, r.TimeZone, len(r.Months))
	}
	if s := string(js); strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
		t.Error("NaN or Inf in metrics.json")
	}
}

func TestSmallSites(t *testing.T) {
	now := exampleNow(t)
	comp := func(name, extra string) string {
		return "---\nname: " + name + "\n" + extra + "---\nA component.\n"
	}
	for _, tc := range []struct {
		name  string
		lang  string
		files map[string]string
		check func(t *testing.T, page string, js []byte)
	}{
		{
			name: "a component name with markup is escaped everywhere on the page",
			lang: "en",
			files: map[string]string{
				"components/evil.md": comp(`"<script>alert(1)</script> & Co"`, "slo: 99.9\n"),
				"incidents/2026-11-20-x.md": "---\ntitle: X\nseverity: P1\ncomponents:\n  evil: major_outage\n---\n" +
					"## Resolved — 2026-11-20 11:00\nFixed.\n\n## Investigating — 2026-11-20 10:00\nLooking.\n",
			},
			check: func(t *testing.T, page string, js []byte) {
				if strings.Contains(page, "<script>alert") {
					t.Error("a component name reached the page unescaped")
				}
				if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co") {
					t.Error("the escaped name is missing")
				}
				for _, s := range svgRE.FindAllString(page, -1) {
					if err := xml.Unmarshal([]byte(s), new(struct{})); err != nil {
						t.Errorf("chart is not XML: %v", err)
					}
				}
				if !bytes.Contains(js, []byte(`"downtime_minutes": 60`)) {
					t.Error("metrics.json lacks the hour of downtime")
				}
			},
		},
		{
			name:  "a site without SLOs or incidents says so instead of drawing empty numbers",
			lang:  "en",
			files: map[string]string{"components/api.md": comp("API", "")},
			check: func(t *testing.T, page string, js []byte) {
				for _, want := range []string{"No component has a service level objective.", "No incidents from Dec 2025 to Nov 2026.", "no incidents", "none resolved"} {
					if !strings.Contains(page, want) {
						t.Errorf("page lacks %q", want)
					}
				}
				if strings.Contains(page, "NaN") || bytes.Contains(js, []byte("NaN")) {
					t.Error("NaN in the output")
				}
			},
		},
		{
			name:  "a Korean site gets Korean words and month names",
			lang:  "ko",
			files: map[string]string{"components/api.md": comp("API", "slo: 99.9\n")},
			check: func(t *testing.T, page string, js []byte) {
				for _, want := range []string{`<html lang="ko">`, "안정성 보고서", "2026년 11월", "43.2분"} {
					if !strings.Contains(page, want) {
						t.Errorf("page lacks %q", want)
					}
				}
			},
		},
		{
			name:  "links carry the base URL's path",
			lang:  "en",
			files: map[string]string{"components/api.md": comp("API", "slo: 99.9\n")},
			check: func(t *testing.T, page string, js []byte) {
				for _, want := range []string{`href="/sub/reports/metrics.json"`, `href="/sub/components/api/"`, `href="https://status.example.com/sub/reports/"`} {
					if !strings.Contains(page, want) {
						t.Errorf("page lacks %s", want)
					}
				}
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := renderSite(t, smallSite(tc.lang, tc.files), now)
			tc.check(t, string(out[paths.File(paths.Reports)]), out[paths.Metrics])
		})
	}
}
