// Package ics writes calendar.ics: scheduled maintenance as an iCalendar
// (RFC 5545) feed that calendar apps subscribe to. Each window is one
// VEVENT whose UID stays the same across builds, so an app updates or
// cancels the event it already shows instead of adding another.
package ics

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// RecentDays is how long a window stays in the calendar after it ended.
const RecentDays = 90

// ProdID names the program that wrote the calendar (RFC 5545 §3.7.3).
const ProdID = "-//sitrep//sitrep status page//EN"

// Renderer writes calendar.ics.
type Renderer struct{}

// New returns the calendar renderer.
func New() Renderer { return Renderer{} }

// Name says what the renderer writes.
func (Renderer) Name() string { return "calendar" }

// event is one maintenance window as the calendar shows it.
type event struct {
	mt        *view.Maintenance
	from, to  time.Time
	cancelled bool
	stamp     time.Time // the newest change of the window's record
	sequence  int       // grows with every update, so apps replace their copy
	updates   []status.MaintenanceUpdate
}

// Render emits calendar.ics.
func (Renderer) Render(_ context.Context, c *render.Context) error {
	m := c.Model
	oldest := m.Now.AddDate(0, 0, -RecentDays)
	var events []event
	for _, mt := range m.Maintenances {
		e := at(mt, m.Now)
		if e.to.Before(oldest) {
			continue
		}
		events = append(events, e)
	}
	slices.SortFunc(events, func(a, b event) int { return cmp.Or(a.from.Compare(b.from), cmp.Compare(a.mt.Slug, b.mt.Slug)) })

	cfg := m.Site.Config
	name := cfg.Title + " — " + c.Strings.T("feeds.maintenance")
	var w writer
	w.line("BEGIN", "VCALENDAR")
	w.line("VERSION", "2.0")
	w.line("PRODID", ProdID)
	w.line("CALSCALE", "GREGORIAN")
	w.line("METHOD", "PUBLISH")
	w.text("NAME", name)
	w.text("X-WR-CALNAME", name)
	if cfg.Description != "" {
		w.text("X-WR-CALDESC", cfg.Description)
	}
	w.line("SOURCE;VALUE=URI", c.URLs.Abs(paths.Calendar))
	w.line("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	w.line("X-PUBLISHED-TTL", "PT1H")
	for _, e := range events {
		writeEvent(&w, c, e, m.Site.Config.BaseURL.Hostname())
	}
	w.line("END", "VCALENDAR")
	c.Emit(paths.Calendar, []byte(w.String()))
	return nil
}

// at is the window as known at now: updates written for later do not
// count yet.
func at(mt *view.Maintenance, now time.Time) event {
	known := *mt.Maintenance
	known.Updates = slices.DeleteFunc(slices.Clone(mt.Updates), func(u status.MaintenanceUpdate) bool { return u.At.After(now) })
	from, to, held := known.Window()
	return event{
		mt:        mt,
		from:      from,
		to:        to,
		cancelled: !held,
		stamp:     known.LastUpdated(),
		sequence:  len(known.Updates),
		updates:   known.Updates,
	}
}

func writeEvent(w *writer, c *render.Context, e event, host string) {
	mt := e.mt
	w.line("BEGIN", "VEVENT")
	w.text("UID", mt.Slug+"@"+host)
	w.time("DTSTAMP", e.stamp)
	w.time("LAST-MODIFIED", e.stamp)
	w.line("SEQUENCE", strconv.Itoa(e.sequence))
	w.time("DTSTART", e.from)
	w.time("DTEND", e.to)
	w.text("SUMMARY", c.Strings.T("feeds.maintenance")+": "+mt.Title)
	w.text("DESCRIPTION", description(c, e))
	w.line("URL;VALUE=URI", c.URLs.Abs(paths.Maintenance(mt.Slug)))
	if e.cancelled {
		w.line("STATUS", "CANCELLED")
	} else {
		w.line("STATUS", "CONFIRMED")
	}
	w.line("TRANSP", "TRANSPARENT") // maintenance does not make the reader busy
	w.line("END", "VEVENT")
}

// description is the window's text as the author wrote it, the components
// it holds, then its updates in order.
func description(c *render.Context, e event) string {
	mt := e.mt
	var parts []string
	if s := unwrap(mt.Body.Source); s != "" {
		parts = append(parts, s)
	}
	if len(mt.Affected) > 0 {
		names := make([]string, len(mt.Affected))
		for i, a := range mt.Affected {
			names[i] = a.Name
		}
		parts = append(parts, c.Strings.T("feeds.affected")+": "+strings.Join(names, ", "))
	}
	for _, u := range e.updates {
		head := c.Strings.T("feeds.maintenance."+u.Status.String()) + " — " + u.At.In(c.Model.Loc).Format("2006-01-02 15:04 MST")
		if s := unwrap(u.Body.Source); s != "" {
			head += "\n" + s
		}
		parts = append(parts, head)
	}
	parts = append(parts, c.URLs.Abs(paths.Maintenance(mt.Slug)))
	return strings.Join(parts, "\n\n")
}

// unwrap turns Markdown source into plain text for calendar apps, which
// keep every line break: lines an author wrapped inside a paragraph are
// joined, while paragraphs, list items, headings, quotes and code blocks
// keep their own lines.
func unwrap(src string) string {
	var out []string
	joinable, fenced := false, false
	for line := range strings.Lines(strings.ReplaceAll(src, "\r\n", "\n")) {
		line = strings.TrimRight(line, " \t\r\n")
		lead := strings.TrimLeft(line, " \t")
		switch {
		case strings.HasPrefix(lead, "```") || strings.HasPrefix(lead, "~~~"):
			fenced = !fenced
			out, joinable = append(out, line), false
		case fenced:
			out = append(out, line)
		case lead == "":
			out, joinable = append(out, ""), false
		case joinable && !startsBlock(lead):
			out[len(out)-1] += " " + lead
		default:
			out, joinable = append(out, line), !strings.HasPrefix(lead, "#")
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// startsBlock reports a line that begins a list item, heading, quote or table row.
func startsBlock(s string) bool {
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") || strings.HasPrefix(s, "+ ") ||
		strings.HasPrefix(s, "#") || strings.HasPrefix(s, ">") || strings.HasPrefix(s, "|") {
		return true
	}
	digits := len(s) - len(strings.TrimLeft(s, "0123456789"))
	return digits > 0 && digits < len(s) && (s[digits] == '.' || s[digits] == ')')
}
