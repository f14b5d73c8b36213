package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/sitrep/sitrep/generator/internal/example"
	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/report"
	"github.com/sitrep/sitrep/generator/view"
)

// examplePage computes the example site's report and its page data.
func examplePage(t *testing.T) (*metrics.Report, *report.Page) {
	t.Helper()
	now := example.Now
	m := view.New(load(t, example.FS(t), now), now)
	r := metrics.FromModel(m)
	p, err := report.PageData(r, themeStrings(t, "en"), m.Loc, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r, p
}

// cells are a table's rows as text: the row head, then the cells, each
// with its note after a space.
func cells(tb report.Table) [][]string {
	var out [][]string
	for _, r := range tb.Rows {
		row := []string{r.Head}
		for _, c := range r.Cells {
			row = append(row, strings.TrimSpace(c.Text+" "+c.Note))
		}
		out = append(out, row)
	}
	return out
}

func TestPageData(t *testing.T) {
	r, p := examplePage(t)

	t.Run("the budget rows show this month's budgets from metrics.json", func(t *testing.T) {
		want := [][]string{
			{"budget-api", "API", "13 Nov 2026, 11:14 KST", "99.95%", "99.7708%", "21.6 min", "70.8 min", "-49.2 min"},
			{"budget-auth", "Sign-in and SSO", "20 Nov 2026, 17:21 KST", "99.95%", "99.9262%", "21.6 min", "22.8 min", "-1.2 min"},
			{"budget-storage", "File storage", "9 Nov 2026, 15:01 KST", "99.9%", "99.7605%", "43.2 min", "74 min", "-30.8 min"},
			{"budget-dashboard", "Web dashboard", "", "99.9%", "100%", "43.2 min", "0 min", "43.2 min"},
			{"budget-webhooks", "Webhooks", "", "99.9%", "100%", "43.2 min", "0 min", "43.2 min"},
		}
		if len(p.Budgets) != len(want) {
			t.Fatalf("%d budget rows, want %d", len(p.Budgets), len(want))
		}
		for i, b := range p.Budgets {
			got := []string{b.Anchor, b.Name, b.OutText, b.Target, b.Availability, b.Allowed, b.Used, b.Remaining}
			if !slices.Equal(got, want[i]) {
				t.Errorf("row %d\n got %q\nwant %q", i, got, want[i])
			}
			if b.Out != (b.OutText != "") {
				t.Errorf("%s: out %v with %q", b.Name, b.Out, b.OutText)
			}
		}
	})
	t.Run("every component with an SLO has an anchored budget row, and only those", func(t *testing.T) {
		anchors := map[string]string{}
		for _, b := range p.Budgets {
			anchors[b.Component] = b.Anchor
		}
		for _, c := range r.Components {
			got, ok := anchors[c.ID]
			if want := report.BudgetAnchor(c.ID); c.SLOPercent != nil && got != want {
				t.Errorf("%s: anchor %q, want %q", c.ID, got, want)
			}
			if c.SLOPercent == nil && ok {
				t.Errorf("%s has no SLO but a budget row %q", c.ID, got)
			}
		}
	})
	t.Run("the incidents table holds the numbers of metrics.json, newest month first", func(t *testing.T) {
		rows := cells(p.IncTable)
		if len(rows) != len(r.IncidentsPerMonth) {
			t.Fatalf("%d rows", len(rows))
		}
		for i, m := range r.IncidentsPerMonth {
			i := len(rows) - 1 - i
			want := []string{itoa(m.P0), itoa(m.P1), itoa(m.P2), itoa(m.P3), itoa(m.Total)}
			if got := rows[i][1:]; !slices.Equal(got, want) {
				t.Errorf("%s: table %v, metrics.json %v", m.Month, got, want)
			}
		}
	})
	t.Run("the availability table marks months met, missed and exhausted, newest first", func(t *testing.T) {
		api := cells(p.AvailTable)[0]
		if api[0] != "API (99.95%)" || api[1] != "99.7708% budget exhausted" || api[2] != "99.8566% missed" || api[10] != "100% met" {
			t.Errorf("API row %q", api)
		}
	})
	t.Run("the response tables show the active P1 as unresolved", func(t *testing.T) {
		rows := cells(p.Response[0])
		if got := rows[2]; got[0] != "P1 major" || got[1] != "3" || got[2] != "1 h 16 min" {
			t.Errorf("P1 row %v", got)
		}
	})
	t.Run("one chart per component with an SLO, per component and for the incidents", func(t *testing.T) {
		if len(p.Availability) != 5 || len(p.Downtime) != len(r.Components) || p.Incidents == "" {
			t.Errorf("%d availability charts, %d downtime charts of %d components", len(p.Availability), len(p.Downtime), len(r.Components))
		}
		for _, f := range append(p.Availability, p.Downtime...) {
			if err := xml.Unmarshal([]byte(f.Chart), new(struct{})); err != nil {
				t.Errorf("%s: chart is not XML: %v", f.Caption, err)
			}
		}
	})
	t.Run("every word comes from the theme", func(t *testing.T) {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if i := bytes.Index(b, []byte("report.")); i >= 0 {
			t.Errorf("a key is shown instead of its words: %s", b[max(0, i-40):min(len(b), i+60)])
		}
	})
}

func TestPageDataOfAKoreanSiteIsInKorean(t *testing.T) {
	now := example.Now
	site := load(t, smallSite("ko", map[string]string{"components/api.md": "---\nname: API\nslo: 99.9\n---\n"}), now)
	m := view.New(site, now)
	p, err := report.PageData(metrics.FromModel(m), themeStrings(t, "ko"), m.Loc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title != "안정성 보고서" || p.Month != "2026년 11월" || p.Budgets[0].Allowed != "43.2분" {
		t.Errorf("title %q, month %q, budget %q", p.Title, p.Month, p.Budgets[0].Allowed)
	}
	b, _ := json.Marshal(p)
	if bytes.Contains(b, []byte("report.")) {
		t.Error("a key is shown instead of its words")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestMetricsJSONDecodesStrictlyIntoTheDocumentedTypes(t *testing.T) {
	js := renderModel(t, load(t, example.FS(t), example.Now), example.Now)[paths.Metrics]
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

func TestSmallSitesGiveMetricsWithoutNaN(t *testing.T) {
	now := example.Now
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"an hour of major outage is an hour of downtime", map[string]string{
			"components/api.md": "---\nname: API\nslo: 99.9\n---\n",
			"incidents/2026-11-20-x.md": "---\ntitle: X\nseverity: P1\ncomponents:\n  api: major_outage\n---\n" +
				"## Resolved — 2026-11-20 11:00\nFixed.\n\n## Investigating — 2026-11-20 10:00\nLooking.\n",
		}, `"downtime_minutes": 60`},
		{"a site without SLOs or incidents has nulls", map[string]string{"components/api.md": "---\nname: API\n---\n"}, `"mttr_minutes": null`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			js := renderModel(t, load(t, smallSite("en", tc.files), now), now)[paths.Metrics]
			if !bytes.Contains(js, []byte(tc.want)) {
				t.Errorf("metrics.json lacks %s", tc.want)
			}
			if bytes.Contains(js, []byte("NaN")) {
				t.Error("NaN in metrics.json")
			}
		})
	}
}

func TestChartsDrawnFromTheSameDataAreReused(t *testing.T) {
	now := example.Now
	m := view.New(load(t, example.FS(t), now), now)
	strs := themeStrings(t, "en")
	memo := render.NewMemo()
	draw := func(r *metrics.Report, memo *render.Memo) *report.Page {
		p, err := report.PageData(r, strs, m.Loc, memo)
		if err != nil {
			t.Fatal(err)
		}
		memo.Next()
		return p
	}
	first := draw(metrics.FromModel(m), memo)
	again := draw(metrics.FromModel(m), memo)
	if unsafe.StringData(string(again.Incidents)) != unsafe.StringData(string(first.Incidents)) {
		t.Error("the incident chart was drawn again from the same data")
	}
	// One more incident in the newest month: that chart is drawn anew,
	// as a build without a memo draws it.
	r := metrics.FromModel(m)
	r.IncidentsPerMonth[len(r.IncidentsPerMonth)-1].Total++
	changed, fresh := draw(r, memo), draw(r, nil)
	if changed.Incidents != fresh.Incidents || changed.Incidents == first.Incidents {
		t.Error("a chart drawn from changed data is not the chart a fresh build draws")
	}
	for i := range changed.Downtime {
		if changed.Downtime[i].Chart != fresh.Downtime[i].Chart {
			t.Errorf("downtime chart %d differs from a fresh build's", i)
		}
	}
}
