package report

import (
	"strconv"
	"time"

	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
)

// page is what the report's templates are executed with.
type page struct {
	W         *words
	Lang      string
	SiteTitle string
	Title     string
	Desc      string
	Canonical string // absolute URL of the page
	Home      string // links, host-relative
	Self      string
	JSONURL   string
	Style     string // the site's stylesheet; "" for none
	Generated time.Time
	Zone      string // the time zone's abbreviation at Generated: "KST"
	Intro     string

	SLO          []sloRow
	SLOMonth     string // the current month, in words
	Availability []lineFigure
	AvailTable   table
	Incidents    BarChart
	IncTable     table
	DowntimeMax  string
	Downtime     []barsFigure
	DownTable    table
	Response     []table
}

// sloRow is a component's error budget this month.
type sloRow struct {
	ID, Name     string
	Target       string
	Availability string
	Allowed      string
	Used         string
	Remaining    string
	Out          bool
	OutAt        time.Time
	OutText      string
}

type lineFigure struct {
	Caption string
	Chart   LineChart
}

type barsFigure struct {
	ID, Name string
	Chart    SmallBars
}

// table is a data table: column heads, then rows with a row head each.
type table struct {
	ID      string
	Caption string
	Corner  string // the head of the row heads' column
	Head    []string
	Rows    []row
}

type row struct {
	Head      string
	Component string // id, when the row head links to a component page
	Cells     []cell
}

// cell is a table cell: a value and an optional word under it, with a
// class (ok, miss, quiet) that gives the word an icon as well as colour.
type cell struct {
	Text  string
	Note  string
	Class string
}

func newPage(c *render.Context, r *metrics.Report) *page {
	m := c.Model
	w := newWords(c.Strings, m.Site.Config.Language, m.Loc)
	p := &page{
		W:         w,
		Lang:      m.Site.Config.Language,
		SiteTitle: m.Site.Config.Title,
		Title:     w.T("report.title"),
		Canonical: c.URLs.Abs(paths.Reports),
		Home:      c.URLs.Rel(paths.Index),
		Self:      c.URLs.Rel(paths.Reports),
		JSONURL:   c.URLs.Rel(paths.Metrics),
		Generated: r.GeneratedAt,
		Zone:      r.GeneratedAt.Format("MST"),
		SLOMonth:  w.Month(r.Months[len(r.Months)-1]),
	}
	if css := stylesheet(c.Theme); css != "" {
		p.Style = c.URLs.Rel(css)
	}
	p.Intro = w.F("report.intro", "now", w.DateTime(r.GeneratedAt), "zone", r.TimeZone)
	p.Desc = p.Intro
	p.slo(r)
	p.Incidents = incidentChart(w, r.IncidentsPerMonth)
	p.IncTable = incidentTable(w, r.IncidentsPerMonth)
	charts, most := downtimeCharts(w, r.Components)
	p.DowntimeMax = most
	for i, ch := range charts {
		p.Downtime = append(p.Downtime, barsFigure{ID: r.Components[i].ID, Name: r.Components[i].Name, Chart: ch})
	}
	p.DownTable = downtimeTable(w, r)
	p.Response = []table{
		responseTable(w, r, "rt-90", w.T("report.window.last_90_days"), func(s metrics.Windowed) metrics.Stats { return s.Last90Days }),
		responseTable(w, r, "rt-12", w.T("report.window.last_12_months"), func(s metrics.Windowed) metrics.Stats { return s.Last12Months }),
	}
	return p
}

// slo fills the error budgets of the current month and the availability charts.
func (p *page) slo(r *metrics.Report) {
	w := p.W
	p.AvailTable = table{ID: "avail-table", Caption: w.T("report.availability.heading"), Corner: w.T("report.col.component")}
	for _, name := range r.Months {
		p.AvailTable.Head = append(p.AvailTable.Head, w.Month(name))
	}
	for _, c := range r.Components {
		if c.SLOPercent == nil {
			continue
		}
		target := w.Percent(*c.SLOPercent)
		cur := c.Current()
		row := sloRow{ID: c.ID, Name: c.Name, Target: target, Availability: w.T("report.no_data")}
		if cur.AvailabilityPercent != nil {
			row.Availability = w.Percent(*cur.AvailabilityPercent)
		}
		if b := cur.Budget; b != nil {
			row.Allowed, row.Used, row.Remaining = w.Minutes(b.AllowedMinutes), w.Minutes(b.UsedMinutes), w.Minutes(b.RemainingMinutes)
			if b.ExhaustedAt != nil {
				row.Out, row.OutAt, row.OutText = true, *b.ExhaustedAt, w.DateTime(*b.ExhaustedAt)
			}
		}
		p.SLO = append(p.SLO, row)
		p.Availability = append(p.Availability, lineFigure{
			Caption: w.F("report.availability.caption", "name", c.Name, "target", target),
			Chart:   availabilityChart(w, c),
		})
		tr := row2(c.Name+" ("+target+")", c.ID)
		for _, m := range c.Months {
			tr.Cells = append(tr.Cells, availabilityCell(w, m))
		}
		p.AvailTable.Rows = append(p.AvailTable.Rows, tr)
	}
}

func row2(head, component string) row { return row{Head: head, Component: component} }

// availabilityCell shows a month's availability and whether it met the target.
func availabilityCell(w *words, m metrics.Month) cell {
	if m.AvailabilityPercent == nil {
		return cell{Text: w.T("report.no_data"), Class: "quiet"}
	}
	c := cell{Text: w.Percent(*m.AvailabilityPercent)}
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

func incidentTable(w *words, counts []metrics.MonthCount) table {
	t := table{ID: "inc-table", Caption: w.T("report.incidents.title"), Corner: w.T("report.col.month")}
	for s := status.P0; s <= status.P3; s++ {
		t.Head = append(t.Head, s.String()) // the chart's legend above gives the words
	}
	t.Head = append(t.Head, w.T("report.col.total"))
	for _, m := range counts {
		r := row{Head: w.Month(m.Month)}
		for s := status.P0; s <= status.P3; s++ {
			r.Cells = append(r.Cells, count(m.Count(s)))
		}
		r.Cells = append(r.Cells, count(m.Total))
		t.Rows = append(t.Rows, r)
	}
	return t
}

func count(n int) cell {
	if n == 0 {
		return cell{Text: "0", Class: "quiet"}
	}
	return cell{Text: strconv.Itoa(n)}
}

func downtimeTable(w *words, r *metrics.Report) table {
	t := table{ID: "down-table", Caption: w.T("report.downtime.heading"), Corner: w.T("report.col.component")}
	for _, name := range r.Months {
		t.Head = append(t.Head, w.Month(name))
	}
	for _, c := range r.Components {
		tr := row2(c.Name, c.ID)
		for _, m := range c.Months {
			switch {
			case m.ObservedMinutes == 0:
				tr.Cells = append(tr.Cells, cell{Text: w.T("report.no_data"), Class: "quiet"})
			case m.DowntimeMinutes == 0:
				tr.Cells = append(tr.Cells, cell{Text: w.Minutes(0), Class: "quiet"})
			default:
				tr.Cells = append(tr.Cells, cell{Text: w.Minutes(m.DowntimeMinutes)})
			}
		}
		t.Rows = append(t.Rows, tr)
	}
	return t
}

// responseTable lists MTTR, MTBF, time to first update and promises kept
// for all incidents, each severity and each component over one window.
func responseTable(w *words, r *metrics.Report, id, caption string, pick func(metrics.Windowed) metrics.Stats) table {
	t := table{ID: id, Caption: caption, Corner: w.T("report.col.scope"), Head: []string{
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

func statsRow(w *words, head, component string, s metrics.Stats) row {
	mean := func(v *float64, none string) cell {
		if v == nil {
			return cell{Text: w.T(none), Class: "quiet"}
		}
		return cell{Text: w.Duration(*v)}
	}
	promises := cell{Text: w.T("report.none.promises"), Class: "quiet"}
	if s.PromisesKeptPercent != nil {
		promises = cell{Text: w.F("report.promises", "kept", strconv.Itoa(s.PromisesKept), "n", strconv.Itoa(s.Promises), "pct", w.Percent(*s.PromisesKeptPercent))}
	}
	return row{Head: head, Component: component, Cells: []cell{
		count(s.Incidents),
		mean(s.MTTRMinutes, "report.none.resolved"),
		mean(s.MTBFMinutes, "report.none.incidents"),
		mean(s.TimeToFirstUpdateMinutes, "report.none.measured"),
		promises,
	}}
}
