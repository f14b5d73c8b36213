package report

import (
	"strconv"
	"time"

	"github.com/sitrep/sitrep/generator/render"
)

// words turns the report's values into the site language's words, with
// the theme's report.* strings (i18n/<lang>.yaml). Date layouts are Go
// layouts from the same strings, so a language chooses its own order.
type words struct {
	s   render.Strings
	loc *time.Location

	layMonth, layMonthShort, layDateTime string
}

func newWords(s render.Strings, loc *time.Location) *words {
	return &words{
		s:             s,
		loc:           loc,
		layMonth:      s.T("report.layout.month"),
		layMonthShort: s.T("report.layout.month_short"),
		layDateTime:   s.T("report.layout.datetime"),
	}
}

// T returns the string for key, or the key itself when the theme lacks it.
func (w *words) T(key string) string { return w.s.T(key) }

// F returns the string for key with {name} placeholders filled from pairs.
func (w *words) F(key string, pairs ...any) string { return w.s.F(key, pairs...) }

// month parses a report month ("2026-11") in the site's time zone.
func (w *words) month(name string) time.Time {
	t, err := time.ParseInLocation("2006-01", name, w.loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

// MonthShort is the axis label of a month: "Nov", "11월".
func (w *words) MonthShort(name string) string { return w.month(name).Format(w.layMonthShort) }

// Month is a month in full: "Nov 2026", "2026년 11월".
func (w *words) Month(name string) string { return w.month(name).Format(w.layMonth) }

// DateTime is a moment in the site's zone: "22 Nov 2026, 11:00 KST".
func (w *words) DateTime(t time.Time) string { return render.Zoned(w.loc, t, w.layDateTime) }

// Num formats a number exactly as metrics.json holds it.
func Num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Minutes is a number of minutes with its unit: "21.6 min".
func (w *words) Minutes(v float64) string { return w.F("report.unit.minutes", "n", Num(v)) }

// Percent is a percentage: "99.9523%".
func (w *words) Percent(v float64) string { return Num(v) + "%" }

// Duration is a mean time in minutes in the largest sensible units:
// "42 min", "3 h 12 min", "21 d 3 h".
func (w *words) Duration(mins float64) string {
	m := int(mins + 0.5)
	switch {
	case m < 60:
		return w.Minutes(mins)
	case m < 48*60:
		return w.F("report.unit.hours_minutes", "h", strconv.Itoa(m/60), "m", strconv.Itoa(m%60))
	}
	return w.F("report.unit.days_hours", "d", strconv.Itoa(m/(24*60)), "h", strconv.Itoa(m/60%24))
}
