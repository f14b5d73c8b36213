package html

import (
	"math"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
)

// words turns values into the site language's words: UI strings with
// placeholders, dates in the site's time zone, durations and percentages.
// Date layouts are Go layouts from the theme's strings, so a language
// chooses its own order ("21 Nov 2026, 14:32 KST", "2026년 11월 21일 14:32 KST").
type words struct {
	s   render.Strings
	loc *time.Location

	layDateTime, layDate, layTime, layMonth string

	durations []onceString // Duration by minutes, for the first few days
}

// onceString is a string made once, when first needed.
type onceString struct {
	once sync.Once
	s    string
}

// cachedDurations is how many minutes of durations words caches: three
// days, as incidents are mostly shorter.
const cachedDurations = 3 * 24 * 60

func newWords(s render.Strings, loc *time.Location) *words {
	return &words{
		s:           s,
		loc:         loc,
		layDateTime: s.T("layout.datetime"),
		layDate:     s.T("layout.date"),
		layTime:     s.T("layout.time"),
		layMonth:    s.T("layout.month"),
		durations:   make([]onceString, cachedDurations),
	}
}

// T returns the UI string for key.
func (w *words) T(key string) string { return w.s.T(key) }

// F returns the UI string for key with its {name} placeholders filled from
// pairs of name and value.
func (w *words) F(key string, pairs ...any) string { return w.s.F(key, pairs...) }

// N returns the form of key for n (render.Strings.N).
func (w *words) N(key string, n int, pairs ...any) string { return w.s.N(key, n, pairs...) }

// DateTime is t with date, time and zone: "21 Nov 2026, 14:32 KST".
func (w *words) DateTime(t time.Time) string { return render.Zoned(w.loc, t, w.layDateTime) }

// Date is t's day: "21 Nov 2026".
func (w *words) Date(t time.Time) string { return t.In(w.loc).Format(w.layDate) }

// Time is t's time of day with the zone: "14:32 KST".
func (w *words) Time(t time.Time) string { return render.Zoned(w.loc, t, w.layTime) }

// Month is t's month: "November 2026".
func (w *words) Month(t time.Time) string { return t.In(w.loc).Format(w.layMonth) }

// Moment is t as briefly as is unambiguous next to now: the time alone on
// the same day, else the date and time.
func (w *words) Moment(t, now time.Time) string {
	a, b := t.In(w.loc), now.In(w.loc)
	if a.YearDay() == b.YearDay() && a.Year() == b.Year() {
		return w.Time(t)
	}
	return w.DateTime(t)
}

// Zone names the site's time zone at t: "KST", or "UTC+07" where the
// zone has no abbreviation.
func (w *words) Zone(t time.Time) string { return render.Zoned(w.loc, t, "MST") }

// ISO is the machine-readable time for datetime attributes and the
// script: a valid global date and time string of HTML, which JavaScript's
// Date reads too, in UTC ("2026-11-21T05:32Z"), to the minute unless the
// time has seconds (fractions are dropped, as RFC 3339 output drops
// them). An offset such as "+09:00" would come out of html/template as
// "&#43;09:00" in every attribute.
func ISO(t time.Time) string {
	t = t.UTC()
	layout := "2006-01-02T15:04Z"
	if t.Second() != 0 {
		layout = "2006-01-02T15:04:05Z"
	}
	var b [24]byte
	return string(t.AppendFormat(b[:0], layout))
}

// Duration is d rounded to the minute in words: "2 hours 13 minutes".
// Anything shorter than a minute but not zero counts as a minute, so a
// short outage never reads as none.
func (w *words) Duration(d time.Duration) string {
	mins := int(d.Round(time.Minute) / time.Minute)
	if mins == 0 && d > 0 {
		mins = 1
	}
	if mins >= 0 && mins < len(w.durations) { // most durations are short and repeat: worded once per build
		c := &w.durations[mins]
		c.once.Do(func() { c.s = w.duration(mins) })
		return c.s
	}
	return w.duration(mins)
}

// duration words a number of minutes.
func (w *words) duration(mins int) string {
	days, hours, mins := mins/(24*60), mins/60%24, mins%60
	var parts []string
	if days > 0 {
		parts = append(parts, w.N("duration.days", days))
	}
	if hours > 0 {
		parts = append(parts, w.N("duration.hours", hours))
	}
	if mins > 0 && days == 0 || len(parts) == 0 {
		parts = append(parts, w.N("duration.minutes", mins))
	}
	return strings.Join(parts, " ")
}

// Percent formats an availability in percent, rounded down to two
// decimals so that any downtime never shows as 100%.
func Percent(p float64) string {
	if p >= 100 {
		return "100%"
	}
	f := math.Floor(p*100) / 100
	return strconv.FormatFloat(f, 'f', 2, 64) + "%"
}

// MaintenanceClass is the CSS class and icon name of a maintenance status.
func MaintenanceClass(s status.MaintenanceStatus) string {
	switch s {
	case status.Completed:
		return "done"
	case status.Cancelled:
		return "cancelled"
	}
	return "maint"
}
