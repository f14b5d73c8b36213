// Package metrics computes the reliability report: monthly availability
// against each component's SLO, error budgets, MTTR, MTBF, time to first
// update, next-update promises kept, incidents per month and downtime per
// month. It is a pure function of (site, now), built on the uptime
// arithmetic of package view, so its numbers agree with the uptime bars.
//
// The types below are the schema of reports/metrics.json, documented field
// by field in docs/metrics.md. Durations are minutes, availability is
// percent, times are RFC 3339 in the site's time zone, and a value that does
// not exist (no incidents, nothing observed) is null, never NaN or zero.
package metrics

import (
	"time"

	"github.com/sitrep/sitrep/generator/status"
)

// Version is the schema version of metrics.json. It changes only when a
// field changes meaning or disappears; new fields keep it.
const Version = 1

// Report is the whole reliability report, the content of metrics.json.
type Report struct {
	Version           int          `json:"version"`
	GeneratedAt       time.Time    `json:"generated_at"`
	TimeZone          string       `json:"time_zone"`
	Months            []string     `json:"months"`
	Windows           Windows      `json:"windows"`
	Overall           Windowed     `json:"overall"`
	Severities        []Severity   `json:"severities"`
	IncidentsPerMonth []MonthCount `json:"incidents_per_month"`
	Components        []Component  `json:"components"`
}

// Windows are the two periods over which incident statistics are taken.
type Windows struct {
	Last90Days   Window `json:"last_90_days"`
	Last12Months Window `json:"last_12_months"`
}

// Window is a period [From, To).
type Window struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Windowed holds the same statistics over both windows.
type Windowed struct {
	Last90Days   Stats `json:"last_90_days"`
	Last12Months Stats `json:"last_12_months"`
}

// Stats are the incident statistics of one scope (a component, a severity
// or all incidents) over one window.
type Stats struct {
	// Incidents counts the failures: incidents that started in the window.
	Incidents int `json:"incidents"`
	// Resolved counts the incidents resolved in the window, MTTR's basis.
	Resolved int `json:"resolved"`
	// ObservedMinutes is the window's length, from the component's since.
	ObservedMinutes float64 `json:"observed_minutes"`
	// IncidentMinutes is the time during which at least one of the
	// scope's incidents was open; overlapping incidents count once.
	IncidentMinutes float64 `json:"incident_minutes"`
	// MTTRMinutes is the mean of resolved − start over Resolved; null
	// when nothing was resolved.
	MTTRMinutes *float64 `json:"mttr_minutes"`
	// MTBFMinutes is (ObservedMinutes − IncidentMinutes) / Incidents;
	// null without incidents.
	MTBFMinutes *float64 `json:"mtbf_minutes"`
	// Acknowledged counts the incidents with a given start whose first
	// update was measured.
	Acknowledged int `json:"acknowledged"`
	// TimeToFirstUpdateMinutes is the mean of first update − start over
	// Acknowledged; null when none.
	TimeToFirstUpdateMinutes *float64 `json:"time_to_first_update_minutes"`
	// Promises counts the decided next-update promises; PromisesKept
	// those kept.
	Promises     int `json:"promises"`
	PromisesKept int `json:"promises_kept"`
	// PromisesKeptPercent is 100 × PromisesKept / Promises; null without
	// promises.
	PromisesKeptPercent *float64 `json:"promises_kept_percent"`
}

// Severity is the statistics of the incidents of one severity.
type Severity struct {
	Severity     string `json:"severity"` // "P0" … "P3"
	Last90Days   Stats  `json:"last_90_days"`
	Last12Months Stats  `json:"last_12_months"`
}

// MonthCount is the number of incidents that started in one month, by
// severity.
type MonthCount struct {
	Month string `json:"month"` // "2026-11"
	P0    int    `json:"p0"`
	P1    int    `json:"p1"`
	P2    int    `json:"p2"`
	P3    int    `json:"p3"`
	Total int    `json:"total"`
}

// count adds an incident of severity s.
func (c *MonthCount) count(s status.Severity) {
	switch s {
	case status.P0:
		c.P0++
	case status.P1:
		c.P1++
	case status.P2:
		c.P2++
	default:
		c.P3++
	}
	c.Total++
}

// Count returns the month's count for severity s.
func (m MonthCount) Count(s status.Severity) int {
	switch s {
	case status.P0:
		return m.P0
	case status.P1:
		return m.P1
	case status.P2:
		return m.P2
	case status.P3:
		return m.P3
	}
	return 0
}

// Component is one component's availability, budgets and incident
// statistics.
type Component struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Group string `json:"group"` // "" when ungrouped
	// Since is when the component's history starts; null for no limit.
	Since *time.Time `json:"since"`
	// SLOPercent is the monthly availability target; null for none.
	SLOPercent  *float64 `json:"slo_percent"`
	Months      []Month  `json:"months"` // the report's months, oldest first
	Reliability Windowed `json:"reliability"`
}

// Current returns the month that holds now: the last one.
func (c Component) Current() Month { return c.Months[len(c.Months)-1] }

// Month is one calendar month of a component in the site's time zone.
type Month struct {
	Month string    `json:"month"` // "2026-11"
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Complete is false for the month that holds now.
	Complete bool `json:"complete"`
	// ObservedMinutes is the time measured: from since, up to now.
	ObservedMinutes float64 `json:"observed_minutes"`
	// DowntimeMinutes is weighted: major outage in full, partial outage
	// 30%, degraded performance and maintenance not at all.
	DowntimeMinutes float64 `json:"downtime_minutes"`
	// AvailabilityPercent is 100 × (1 − downtime / observed), truncated to
	// four decimals; null when nothing was observed.
	AvailabilityPercent *float64 `json:"availability_percent"`
	// SLOMet is whether the downtime stayed within the budget: for a
	// complete month, availability ≥ target; for the current month, the
	// target can still be met. Null without an SLO or without data.
	SLOMet *bool `json:"slo_met"`
	// Budget is the month's error budget; null without an SLO or when the
	// component did not exist in the month.
	Budget *Budget `json:"budget"`
}

// Budget is a month's error budget: the downtime the SLO allows in the
// whole calendar month (from since when the component started in it).
type Budget struct {
	AllowedMinutes   float64 `json:"allowed_minutes"`
	UsedMinutes      float64 `json:"used_minutes"`
	RemainingMinutes float64 `json:"remaining_minutes"` // negative once overspent
	// ExhaustedAt is the moment the used downtime reached the allowance;
	// null while some budget remains.
	ExhaustedAt *time.Time `json:"exhausted_at"`
}
