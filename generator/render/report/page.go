package report

import (
	"html/template"
	"slices"
	"strconv"
	"time"

	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
)

// Page is what the theme's report layout (layouts/report.html) shows:
// every value already in the site's language, every chart a finished SVG.
type Page struct {
	Title string // "Reliability report"
	Intro string // the lead paragraph, also the page's description

	Month        string   // the current month, in words: the budgets' month
	Budgets      []Budget // this month's error budget of each component with an SLO
	Availability []Figure // each such component's availability by month
	AvailTable   Table
	Incidents    template.HTML // the incidents-per-month chart
	IncTable     Table
	DowntimeMax  string   // the shared top of the downtime charts' scale
	Downtime     []Figure // each component's downtime by month
	DownTable    Table
	Response     []Table // incident statistics over the last 90 days and 12 months
}

// Budget is a component's error budget this month.
type Budget struct {
	Anchor       string // the row's id, BudgetAnchor(Component)
	Component    string // id
	Name         string
	Target       string
	Availability string
	Allowed      string // "" without a budget this month
	Used         string
	Remaining    string
	Out          bool // the budget ran out, at OutAt
	OutAt        time.Time
	OutText      string
}

// Figure is a chart with its caption; Component is the id of the
// component it shows, "" for none.
type Figure struct {
	Component string
	Caption   string
	Chart     template.HTML
}

// Table is a data table: column heads, then rows with a row head each.
type Table struct {
	ID      string
	Caption string
	Corner  string // the head of the row heads' column
	Head    []string
	Rows    []Row
	// Fold shows the table folded under its caption: the numbers behind
	// a chart, or a second window, are one click away rather than pages
	// of scrolling on a phone.
	Fold bool
}

// Row is a table row; Component is the id of the component its head
// names, "" for none.
type Row struct {
	Head      string
	Component string
	Month     bool // the head is a month, kept on one line
	Cells     []Cell
}

// Cell is a table cell: a value and an optional word under it, with a
// class (ok, miss, quiet) that gives the word an icon as well as colour.
type Cell struct {
	Text  string
	Note  string
	Class string
}

// BudgetAnchor is the id of a component's row in the report's table of
// error budgets, for links from elsewhere (reports/#budget-api).
func BudgetAnchor(componentID string) string { return "budget-" + componentID }

// PageData formats the report r for its page, with the theme's strings s
// and dates in loc, the site's time zone. It draws the charts, reusing
// those drawn from the same data in the previous build when memo is set.
func PageData(r *metrics.Report, s render.Strings, loc *time.Location, memo *render.Memo) (*Page, error) {
	w := newWords(s, loc)
	d, err := theDrawer()
	if err != nil {
		return nil, err
	}
	d.memo = memo
	p := &Page{
		Title: w.T("report.title"),
		Intro: w.F("report.intro", "now", w.DateTime(r.GeneratedAt), "zone", r.TimeZone),
		Month: w.Month(r.Months[len(r.Months)-1]),
	}
	if err := p.slo(w, d, r); err != nil {
		return nil, err
	}
	if p.Incidents, err = d.draw(incidentChart(w, r.IncidentsPerMonth)); err != nil {
		return nil, err
	}
	p.IncTable = incidentTable(w, r.IncidentsPerMonth)
	p.IncTable.Fold = true
	charts, most := downtimeCharts(w, r.Components)
	p.DowntimeMax = most
	for i, ch := range charts {
		svg, err := d.draw(ch)
		if err != nil {
			return nil, err
		}
		p.Downtime = append(p.Downtime, Figure{Component: r.Components[i].ID, Caption: r.Components[i].Name, Chart: svg})
	}
	p.DownTable = downtimeTable(w, r)
	p.DownTable.Fold = true
	p.Response = []Table{
		responseTable(w, r, "rt-90", w.T("report.window.last_90_days"), func(s metrics.Windowed) metrics.Stats { return s.Last90Days }),
		responseTable(w, r, "rt-12", w.T("report.window.last_12_months"), func(s metrics.Windowed) metrics.Stats { return s.Last12Months }),
	}
	p.Response[1].Fold = true
	return p, nil
}

// slo fills the error budgets of the current month and the availability charts.
func (p *Page) slo(w *words, d drawer, r *metrics.Report) error {
	p.AvailTable = Table{ID: "avail-table", Caption: w.T("report.availability.heading"), Corner: w.T("report.col.component"), Fold: true}
	for _, name := range newestFirst(r.Months) {
		p.AvailTable.Head = append(p.AvailTable.Head, w.Month(name))
	}
	for _, c := range r.Components {
		if c.SLOPercent == nil {
			continue
		}
		target := w.Percent(*c.SLOPercent)
		cur := c.Current()
		b := Budget{Anchor: BudgetAnchor(c.ID), Component: c.ID, Name: c.Name, Target: target, Availability: w.T("report.no_data")}
		if cur.AvailabilityPercent != nil {
			b.Availability = w.Percent(*cur.AvailabilityPercent)
		}
		if cb := cur.Budget; cb != nil {
			b.Allowed, b.Used, b.Remaining = w.Minutes(cb.AllowedMinutes), w.Minutes(cb.UsedMinutes), w.Minutes(cb.RemainingMinutes)
			if cb.ExhaustedAt != nil {
				b.Out, b.OutAt, b.OutText = true, *cb.ExhaustedAt, w.DateTime(*cb.ExhaustedAt)
			}
		}
		p.Budgets = append(p.Budgets, b)
		svg, err := d.draw(availabilityChart(w, c))
		if err != nil {
			return err
		}
		p.Availability = append(p.Availability, Figure{
			Component: c.ID,
			Caption:   w.F("report.availability.caption", "name", c.Name, "target", target),
			Chart:     svg,
		})
		tr := Row{Head: c.Name + " (" + target + ")", Component: c.ID}
		for _, m := range newestFirst(c.Months) {
			tr.Cells = append(tr.Cells, availabilityCell(w, m))
		}
		p.AvailTable.Rows = append(p.AvailTable.Rows, tr)
	}
	return nil
}

// availabilityCell shows a month's availability and whether it met the target.
func availabilityCell(w *words, m metrics.Month) Cell {
	if m.AvailabilityPercent == nil {
		return Cell{Text: w.T("report.no_data"), Class: "quiet"}
	}
	c := Cell{Text: w.Percent(*m.AvailabilityPercent)}
	if m.SLOMet == nil {
		return c
	}
	switch met := *m.SLOMet; {
	case m.Complete && met:
		c.Note, c.Class = w.T("report.met"), "ok"
	case m.Complete:
		c.Note, c.Class = w.T("report.missed"), "miss"
	case met:
		c.Note, c.Class = w.T("report.on_track"), "ok"
	default:
		c.Note, c.Class = w.T("report.off_track"), "miss"
	}
	return c
}

func incidentTable(w *words, counts []metrics.MonthCount) Table {
	t := Table{ID: "inc-table", Caption: w.T("report.incidents.title"), Corner: w.T("report.col.month")}
	for s := status.P0; s <= status.P3; s++ {
		t.Head = append(t.Head, s.String()) // the chart's legend above gives the words
	}
	t.Head = append(t.Head, w.T("report.col.total"))
	for _, m := range newestFirst(counts) {
		r := Row{Head: w.Month(m.Month), Month: true}
		for s := status.P0; s <= status.P3; s++ {
			r.Cells = append(r.Cells, count(m.Count(s)))
		}
		r.Cells = append(r.Cells, count(m.Total))
		t.Rows = append(t.Rows, r)
	}
	return t
}

func count(n int) Cell {
	if n == 0 {
		return Cell{Text: "0", Class: "quiet"}
	}
	return Cell{Text: strconv.Itoa(n)}
}

func downtimeTable(w *words, r *metrics.Report) Table {
	t := Table{ID: "down-table", Caption: w.T("report.downtime.heading"), Corner: w.T("report.col.component")}
	for _, name := range newestFirst(r.Months) {
		t.Head = append(t.Head, w.Month(name))
	}
	for _, c := range r.Components {
		tr := Row{Head: c.Name, Component: c.ID}
		for _, m := range newestFirst(c.Months) {
			switch {
			case m.ObservedMinutes == 0:
				tr.Cells = append(tr.Cells, Cell{Text: w.T("report.no_data"), Class: "quiet"})
			case m.DowntimeMinutes == 0:
				tr.Cells = append(tr.Cells, Cell{Text: w.Minutes(0), Class: "quiet"})
			default:
				tr.Cells = append(tr.Cells, Cell{Text: w.Minutes(m.DowntimeMinutes)})
			}
		}
		t.Rows = append(t.Rows, tr)
	}
	return t
}

// responseTable lists MTTR, MTBF, time to first update and promises kept
// for all incidents, each severity and each component over one window.
func responseTable(w *words, r *metrics.Report, id, caption string, pick func(metrics.Windowed) metrics.Stats) Table {
	t := Table{ID: id, Caption: caption, Corner: w.T("report.col.scope"), Head: []string{
		w.T("report.col.incidents"), w.T("report.col.mttr"), w.T("report.col.mtbf"), w.T("report.col.ttfu"), w.T("report.col.promises"),
	}}
	t.Rows = append(t.Rows, statsRow(w, w.T("report.scope.all"), "", pick(r.Overall)))
	for _, s := range r.Severities {
		t.Rows = append(t.Rows, statsRow(w, w.T("report.severity."+s.Severity), "", pick(metrics.Windowed{Last90Days: s.Last90Days, Last12Months: s.Last12Months})))
	}
	for _, c := range r.Components {
		t.Rows = append(t.Rows, statsRow(w, c.Name, c.ID, pick(c.Reliability)))
	}
	return t
}

func statsRow(w *words, head, component string, s metrics.Stats) Row {
	mean := func(v *float64, none string) Cell {
		if v == nil {
			return Cell{Text: none, Class: "quiet"}
		}
		return Cell{Text: w.Duration(*v)}
	}
	promises := Cell{Text: w.T("report.none.promises"), Class: "quiet"}
	if s.PromisesKeptPercent != nil {
		promises = Cell{Text: w.F("report.promises", "kept", strconv.Itoa(s.PromisesKept), "n", strconv.Itoa(s.Promises), "pct", w.Percent(*s.PromisesKeptPercent))}
	}
	return Row{Head: head, Component: component, Cells: []Cell{
		count(s.Incidents),
		mean(s.MTTRMinutes, w.T("report.none.resolved")),
		mean(s.MTBFMinutes, w.T("report.none.incidents")),
		mean(s.TimeToFirstUpdateMinutes, w.T("report.none.measured")),
		promises,
	}}
}

// newestFirst returns the months (or per-month values), which the report
// keeps oldest first, newest first: the tables open on the months a
// reader came for, not on a year-old one with the rest scrolled off.
func newestFirst[T any](months []T) []T {
	out := slices.Clone(months)
	slices.Reverse(out)
	return out
}
