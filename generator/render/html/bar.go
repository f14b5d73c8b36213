package html

import (
	"github.com/sitrep/sitrep/generator/render"
	"strings"

	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// narrowDays is how many days of the bar narrow screens show; the
// stylesheet hides the older cells (style.css, .bar).
const narrowDays = 30

// cell is one day of an uptime bar as the page shows it.
type cell struct {
	Class string // status class; "" for operational, "none" for no data
	Title string // "2026-11-21: partial outage, 42 minutes"
}

// uptimeBar is a component's uptime bar with its text equivalent.
type uptimeBar struct {
	Cells   []cell
	Summary string // "99.95% uptime over 90 days; 3 days with incidents"
	Days    int    // cells in the bar
	Near    int    // cells shown on narrow screens
}

// bar builds the uptime bar of c: one cell per view.Day, coloured by the
// worst status of the day, titled with how long each status lasted.
func (w *words) bar(c *view.Component) uptimeBar {
	b := uptimeBar{Cells: make([]cell, len(c.Days)), Days: len(c.Days), Near: min(len(c.Days), narrowDays)}
	observed := 0
	var sb strings.Builder
	for i, d := range c.Days {
		sb.Reset()
		sb.WriteString(d.Date.Format("2006-01-02"))
		sb.WriteString(": ")
		switch {
		case d.NoData():
			b.Cells[i].Class = "none"
			sb.WriteString(w.T("bar.no_data"))
		case d.Worst == status.Operational:
			sb.WriteString(w.T("status.operational.lower"))
		default:
			b.Cells[i].Class = render.StatusClass(d.Worst)
			w.dayBreakdown(&sb, &d.Tally)
		}
		if !d.NoData() {
			observed++
		}
		b.Cells[i].Title = sb.String()
	}
	switch up := c.Uptime(); {
	case up < 0:
		b.Summary = w.N("bar.summary_no_data", len(c.Days))
	case c.DaysWithIncidents() == 0:
		b.Summary = w.N("bar.summary_clean", observed, "uptime", Percent(up))
	default:
		b.Summary = w.N("bar.summary", observed, "uptime", Percent(up),
			"incidents", w.N("bar.days_with_incidents", c.DaysWithIncidents()))
	}
	return b
}

// dayBreakdown writes how long each non-operational status held in a
// day, worst first: "partial outage, 42 minutes; degraded performance, 5 minutes".
func (w *words) dayBreakdown(sb *strings.Builder, t *view.Tally) {
	dur := t.ByStatus
	first := true
	for st := status.MajorOutage; st > status.Operational; st-- {
		if dur[st] <= 0 {
			continue
		}
		if !first {
			sb.WriteString("; ")
		}
		first = false
		sb.WriteString(w.T("status." + st.String() + ".lower"))
		sb.WriteString(", ")
		sb.WriteString(w.Duration(dur[st]))
	}
}
