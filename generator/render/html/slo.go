package html

import (
	"time"

	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/render/report"
	"github.com/sitrep/sitrep/generator/view"
)

// sloView is a component's objective this month as its page states it,
// with the reliability report's numbers (package metrics), so that the
// page and the report agree: a month meets its target when its downtime
// stays within the error budget.
type sloView struct {
	Target        string    // "99.95%"
	Up            string    // this month's availability so far; "" without data
	Met           bool      // the month can still meet the target: budget remains
	Budget        bool      // the component has an error budget this month
	Used, Allowed string    // the budget's minutes, as numbers: "70.8", "21.6"
	Out           time.Time // when the budget ran out; zero while some remains
	Anchor        string    // the component's row in the report; "" for none
}

// slo returns the objective of a component with an SLO, else nil.
func (s *site) slo(c *view.Component) *sloView {
	if c.SLO <= 0 {
		return nil
	}
	v := &sloView{Target: Percent(c.SLO), Met: true, Anchor: report.BudgetAnchor(c.ID)} // every SLO has a budget row
	mc, ok := s.components()[c.ID]
	if !ok {
		return v
	}
	cur := mc.Current()
	if a := cur.AvailabilityPercent; a != nil {
		v.Up = Percent(*a)
	}
	if cur.SLOMet != nil {
		v.Met = *cur.SLOMet
	}
	if b := cur.Budget; b != nil {
		v.Budget = true
		v.Used, v.Allowed = report.Num(b.UsedMinutes), report.Num(b.AllowedMinutes)
		if b.ExhaustedAt != nil {
			v.Out = *b.ExhaustedAt
		}
	}
	return v
}

// reportMonth returns the report's month of a component that starts at
// start, if the report covers it.
func (s *site) reportMonth(c *view.Component, start time.Time) (metrics.Month, bool) {
	mc, ok := s.components()[c.ID]
	if !ok {
		return metrics.Month{}, false
	}
	for _, m := range mc.Months {
		if m.Start.Equal(start) {
			return m, true
		}
	}
	return metrics.Month{}, false
}
