package author

import (
	"fmt"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/content"
)

// Direction says which way a time typed without a date points.
type Direction int

const (
	// Past is for times that have happened (an update, a start, a
	// resolution): "15:30" is today, "30m" or "30m ago" is before now.
	Past Direction = iota
	// Future is for times to come (a promise, a maintenance window):
	// "15:30" is the next 15:30, "30m" is after now.
	Future
)

// ParseWhen reads a time as the on-call engineer types it, the same way
// on every command: a duration ("30m", "1h30m"; before now for Past,
// after now for Future; "30m ago" is always before), a time of day
// ("15:30": today in the site's zone for Past, the next such time for
// Future), or a date and time ("2026-11-22 15:30", with an optional
// offset; RFC 3339 works too). now carries the site's zone. It does not
// judge whether the result is in the past or the future; see NotFuture.
func ParseWhen(s string, now time.Time, dir Direction) (time.Time, error) {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutSuffix(s, " ago"); ok {
		d, err := time.ParseDuration(strings.TrimSpace(rest))
		if err != nil || d < 0 {
			return time.Time{}, fmt.Errorf("bad time %q: write a duration such as \"30m ago\"", s)
		}
		return now.Add(-d), nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			d = -d
			dir = Past
		}
		if dir == Past {
			return now.Add(-d), nil
		}
		return now.Add(d), nil
	}
	for _, layout := range []string{"15:04", "15:04:05"} {
		if c, err := time.Parse(layout, s); err == nil {
			t := time.Date(now.Year(), now.Month(), now.Day(), c.Hour(), c.Minute(), c.Second(), 0, now.Location())
			if dir == Future && !t.After(now) {
				t = t.AddDate(0, 0, 1)
			}
			return t, nil
		}
	}
	t, err := content.ParseTime(s, now.Location())
	if err != nil {
		return time.Time{}, fmt.Errorf("bad time %q: write a time of day (15:30), a date and time (%s) or a duration (30m)", s, now.Format(TimeLayout))
	}
	return t, nil
}

// NotFuture refuses t when it lies after now (the clock), naming the
// clock's time: content that says something happened later than now would
// be published as the latest news before it happened.
func NotFuture(what string, t, now time.Time) error {
	// now is to the minute; a time within the current minute is now.
	if t.After(now.Add(time.Minute - time.Second)) {
		return requestf("%s %s is in the future (it is %s in %s); give a time that has passed, or force it (--force)",
			what, FormatTime(t, now.Location()), FormatTime(now, now.Location()), now.Location())
	}
	return nil
}

// ParsePromise reads a next-update promise relative to now (which carries
// the site's zone), as ParseWhen does for the future: "30m", "15:30"
// (the next 15:30), "2026-11-22 15:30". The promise must lie after now.
func ParsePromise(s string, now time.Time) (time.Time, error) {
	t, err := ParseWhen(s, now, Future)
	if err != nil {
		return t, err
	}
	if !t.After(now) {
		return time.Time{}, fmt.Errorf("next update %s is not in the future (it is %s)", FormatTime(t, now.Location()), FormatTime(now, now.Location()))
	}
	return t, nil
}

// ParseEnd reads the end of a maintenance window: a duration after start
// ("2h"), a time of day (the next such time after start), or a date and
// time.
func ParseEnd(s string, start time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(strings.TrimSpace(s)); err == nil {
		if d <= 0 {
			return time.Time{}, fmt.Errorf("end %q must be after the start", s)
		}
		return start.Add(d), nil
	}
	return ParseWhen(s, start, Future)
}
