package content

import (
	"fmt"
	"strings"
	"time"
)

// Layouts without a zone are read in the site's time zone; RFC 3339 and
// layouts with an offset carry their own.
var (
	zonedLayouts = []string{
		time.RFC3339Nano,
		"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04Z07:00",
		"2006-01-02 15:04:05 Z07:00", "2006-01-02 15:04 Z07:00",
		"2006-01-02T15:04Z07:00",
	}
	localLayouts = []string{
		"2006-01-02 15:04:05", "2006-01-02 15:04",
		"2006-01-02T15:04:05", "2006-01-02T15:04",
	}
)

// ParseTime reads a timestamp as authors write it (SPEC §2.3):
// "YYYY-MM-DD HH:MM", optionally ":SS", optionally an offset such as
// "+09:00" or "Z"; RFC 3339 works too. Without an offset the time is in loc.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.In(loc), nil
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q (write YYYY-MM-DD HH:MM, optionally with :SS and an offset such as +09:00)", s)
}

// parseDate reads a day "YYYY-MM-DD" (or a full timestamp) in loc.
func parseDate(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), loc); err == nil {
		return t, nil
	}
	t, err := ParseTime(s, loc)
	if err != nil {
		return t, fmt.Errorf("bad date %q (write YYYY-MM-DD)", s)
	}
	return t, nil
}
