package content

import (
	"fmt"
	"regexp"
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
	// No text parses with two of these: the most common comes first,
	// since a layout that fails costs an error value.
	localLayouts = []string{
		"2006-01-02 15:04", "2006-01-02 15:04:05",
		"2006-01-02T15:04:05", "2006-01-02T15:04",
	}
)

// ParseTime reads a timestamp as authors write it (SPEC §2.3):
// "YYYY-MM-DD HH:MM", optionally ":SS", optionally an offset such as
// "+09:00" or "Z"; RFC 3339 works too. Without an offset the time is in loc.
func ParseTime(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	zoned := func() (time.Time, bool) {
		for _, l := range zonedLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t.In(loc), true
			}
		}
		return time.Time{}, false
	}
	local := func() (time.Time, bool) {
		for _, l := range localLayouts {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				return t, true
			}
		}
		return time.Time{}, false
	}
	// A layout that fails costs an error value: try first the layouts of
	// the kind the text looks like (an offset after the date or not). No
	// text parses with both kinds.
	first, second := local, zoned
	if len(s) > 10 && strings.ContainsAny(s[10:], "Zz+-") {
		first, second = zoned, local
	}
	if t, ok := first(); ok {
		return t, nil
	}
	if t, ok := second(); ok {
		return t, nil
	}
	switch {
	case dateOnly.MatchString(s):
		return time.Time{}, fmt.Errorf("%q has a date but no time (write e.g. %s 14:30)", s, strings.TrimSpace(s))
	case timeOnly.MatchString(s):
		return time.Time{}, fmt.Errorf("%q has a time but no date (write e.g. 2026-11-21 %s)", s, strings.TrimSpace(s))
	}
	return time.Time{}, fmt.Errorf("bad time %q (write YYYY-MM-DD HH:MM, optionally with :SS and an offset such as +09:00)", s)
}

var (
	dateOnly = regexp.MustCompile(`^\d{4}-\d{1,2}-\d{1,2}$`)
	timeOnly = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2})?$`)
)

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
