package notify

import (
	"html/template"
	"strings"
	"time"
	"unicode"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// Tone is how bad an event is, for the colour a receiver shows.
type Tone int

// Tones, from good to bad.
const (
	ToneGood        Tone = iota // resolved, completed
	ToneInfo                    // a notice, maintenance
	ToneMinor                   // minor impact
	ToneMajor                   // major or critical impact
	ToneMaintenance             // maintenance in progress
)

// Line is one affected component as a message lists it.
type Line struct {
	Name     string // the component's name
	Old, New string // status words in the site's language
	Changed  bool
}

// Status is the line's status as every kind shows it: the new one, after
// the old one and an arrow when the event changed it.
func (l Line) Status() string {
	if l.Changed {
		return l.Old + " → " + l.New
	}
	return l.New
}

// Message is an event in words, before any receiver's format: every
// kind but webhook renders one of these. Its strings are plain text from
// the content; each kind escapes them for its receiver.
type Message struct {
	Event   *Event
	Site    string // the site's title
	Label   string // "Major outage", "Scheduled maintenance", "Notice"
	Title   string // the incident's or window's title, on one line
	Status  string // "Identified", "In progress", "Postmortem"
	Subject string // "[Major outage] Title — Identified"
	When    string // the event's time in the site's zone and language
	Body    string // Markdown as the author wrote it
	HTML    template.HTML
	Lines   []Line
	Heading string // "Affected components"
	Next    string // the next-update promise, or ""
	Window  string // a maintenance window, "2 Dec 2026, 02:00 KST – 04:00 KST", or ""
	URL     string // the incident's or window's page, at the update
	Open    string // "View on the status page"
	Feeds   [2]string
	FeedsAt string // "Follow every update: RSS, Atom"
	Tone    Tone
	Words   Words
}

// message puts an event into words. Component events have no message:
// on chat and email they are part of the update that made them.
func message(ev *Event, m *view.Model, urls paths.URLs, s render.Strings) *Message {
	w := wordsFor(m.Site.Config.Language)
	msg := &Message{Event: ev, Site: oneLine(m.Site.Config.Title), Words: w, Open: w.Open, Heading: s.T("incident.affected")}
	msg.When = render.Zoned(m.Loc, ev.At, s.T("layout.datetime"))
	msg.Feeds = [2]string{urls.Abs(paths.RSS), urls.Abs(paths.Atom)}
	msg.FeedsAt = w.Feeds
	worst := status.Operational
	for _, c := range ev.Changes {
		msg.Lines = append(msg.Lines, Line{
			Name: oneLine(c.Component.Name), Old: s.T("status." + c.Old.String()), New: s.T("status." + c.New.String()), Changed: c.Changed(),
		})
	}
	switch in := ev.Incident; {
	case in != nil:
		for _, a := range in.Affected {
			worst = status.Worse(worst, a.Worst)
		}
		msg.Title = oneLine(in.Title)
		msg.Label = s.T("impact.none")
		if worst != status.Operational {
			msg.Label = s.T("status." + worst.String())
		}
		anchors := in.Anchors()
		var u status.IncidentUpdate
		if ev.Update < 0 {
			u = *in.Postmortem
			msg.Status = s.T("postmortem.title")
			msg.URL = urls.Abs(paths.Incident(in.Slug)) + "#" + paths.Postmortem
			msg.Tone = ToneGood
		} else {
			u = in.Updates[ev.Update]
			msg.Status = s.T("kind." + u.Kind.String())
			msg.URL = urls.Abs(paths.Incident(in.Slug)) + "#" + anchors[ev.Update]
			msg.Tone = incidentTone(in.Impact, resolvedBy(in, ev.Update))
			// The promise belongs to the newest update: an older one
			// sent late does not repeat it.
			if !in.NextUpdate.IsZero() && ev.Update == len(in.Updates)-1 && !msg.Tone.over() && in.NextUpdate.After(u.At) {
				msg.Next = s.F("promise.next", "time", render.Zoned(m.Loc, in.NextUpdate, s.T("layout.datetime")))
			}
		}
		msg.Body, msg.HTML = u.Body.Source, u.Body.HTML
	case ev.Maintenance != nil:
		mt := ev.Maintenance
		msg.Title = oneLine(mt.Title)
		msg.Label = s.T("maintenance.label")
		msg.URL = urls.Abs(paths.Maintenance(mt.Slug))
		msg.Status = s.T("maintenance." + maintenanceWord(ev.Kind))
		msg.Tone = ToneInfo
		switch ev.Kind {
		case MaintenanceStarted:
			msg.Tone = ToneMaintenance
		case MaintenanceCompleted:
			msg.Tone = ToneGood
		}
		msg.Body, msg.HTML = mt.Body.Source, mt.Body.HTML
		if ev.MUpdate >= 0 && strings.TrimSpace(mt.Updates[ev.MUpdate].Body.Source) != "" {
			u := mt.Updates[ev.MUpdate]
			msg.Body, msg.HTML = u.Body.Source, u.Body.HTML
		}
		layout := s.T("layout.datetime")
		msg.Window = s.T("maintenance.window") + ": " + render.Zoned(m.Loc, mt.From, layout) + " – " + render.Zoned(m.Loc, mt.Until, layout)
	}
	msg.Body = clean(msg.Body)
	msg.Subject = "[" + msg.Label + "] " + msg.Title + " — " + msg.Status
	return msg
}

func maintenanceWord(k Kind) string {
	switch k {
	case MaintenanceStarted:
		return status.InProgress.String()
	case MaintenanceCompleted:
		return status.Completed.String()
	case MaintenanceCancelled:
		return status.Cancelled.String()
	}
	return status.Scheduled.String()
}

// resolvedBy reports whether the incident is resolved at update i.
func resolvedBy(in *view.Incident, i int) bool {
	for _, u := range in.Updates[:i+1] {
		if u.Kind == status.Resolved {
			return true
		}
	}
	return false
}

func incidentTone(imp status.Impact, resolved bool) Tone {
	switch {
	case resolved:
		return ToneGood
	case imp >= status.ImpactMajor:
		return ToneMajor
	case imp == status.ImpactMinor:
		return ToneMinor
	}
	return ToneInfo
}

func (t Tone) over() bool { return t == ToneGood }

// oneLine makes a title safe for a single line: any control character
// (a CR or LF could start a new email header) becomes a space. site.yaml
// and front matter refuse them already; this is the last line of defence.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s), func(r rune) bool { return r == ' ' }), " ")
}

// clean drops control characters other than tab and LF from a body, and
// makes CRLF line ends LF.
func clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
}

// Words are the few phrases of notifications that the theme has no
// string for, in English and Korean.
type Words struct {
	Open      string // the link to the page
	Feeds     string // before the feed links
	Why       string // an email's footer: why the reader got it; {site}
	Truncated string // after a cut body
}

func wordsFor(lang string) Words {
	if lang == "ko" {
		return Words{
			Open:      "상태 페이지에서 보기",
			Feeds:     "모든 업데이트 구독",
			Why:       "{site} 상태 알림 메일링 리스트로 보낸 메일입니다. 구독 해지는 리스트에서 할 수 있습니다.",
			Truncated: "… (전체 내용은 상태 페이지에서)",
		}
	}
	return Words{
		Open:      "View on the status page",
		Feeds:     "Follow every update",
		Why:       "You receive this because you subscribed to the {site} status mailing list; unsubscribe through the list.",
		Truncated: "… (continued on the status page)",
	}
}

// rfc3339 formats t for JSON receivers.
func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }
