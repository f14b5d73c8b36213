package feed

import (
	"cmp"
	"fmt"
	"html"
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// MaxEntries caps every feed at its newest entries; older updates stay on
// the incident pages and in the history.
const MaxEntries = 50

// entry is one feed item: one incident update, a postmortem, a maintenance
// announcement or a maintenance update. Collecting sets only what orders
// and identifies it; its words are made (builder.text) when a feed that
// shows it is encoded, which in watch mode is rare.
type entry struct {
	at time.Time
	// The incident or maintenance window it belongs to, its source: kind
	// 'i' or 'm' and slug order ties, then seq, the position within it.
	// Source and seq name the entry.
	kind byte
	slug string
	seq  int
	rev  uint64 // the digest of the source's file: the entry is made from it

	in    *view.Incident    // the incident it is made from, or
	mt    *view.Maintenance // the maintenance window
	*text                   // set by builder.text
}

// text is what a feed shows of an entry, free of what XML forbids.
type text struct {
	id      string // absolute permalink; stable across builds, never reused
	link    string // where the entry is read: its page and anchor
	title   string
	html    string // safe HTML body
	summary string // plain-text teaser of html
}

// entryName names an entry within a build: entries show in several feeds.
type entryName struct {
	kind byte
	slug string
	seq  int
}

// builder derives entries from the model at its moment.
type builder struct {
	c     *render.Context
	loc   *time.Location
	now   time.Time
	texts map[entryName]*text
}

func newBuilder(c *render.Context) *builder {
	return &builder{c: c, loc: c.Model.Loc, now: c.Model.Now, texts: map[entryName]*text{}}
}

// collect returns the entries of the incidents and maintenance windows,
// newest first, at most MaxEntries. Entries dated after now do not exist
// yet and are left out.
func (b *builder) collect(ins []*view.Incident, mts []*view.Maintenance) []entry {
	out := make([]entry, 0, 2*MaxEntries)
	for _, mt := range mts {
		out = append(out, b.maintenance(mt)...)
	}
	// Only the newest entries are kept, so incidents are visited newest
	// update first, and the visit stops once no remaining incident can
	// have an entry among them. Only incidents updated since the bound
	// are sorted for the visit: a feed costs about the same at 100
	// incidents as at 10,000.
	type latest struct {
		at time.Time // the newest entry's time that can be shown
		in *view.Incident
	}
	bound := b.bound(ins)
	var byLatest []latest
	for _, in := range ins {
		at := in.Updated
		if at.After(b.now) {
			at = b.now
		}
		if !at.Before(bound) {
			byLatest = append(byLatest, latest{at, in})
		}
	}
	slices.SortStableFunc(byLatest, func(x, y latest) int { return y.at.Compare(x.at) })
	var times []time.Time // entry times seen so far, for the cut-off
	for _, l := range byLatest {
		if len(times) >= MaxEntries {
			slices.SortFunc(times, func(x, y time.Time) int { return y.Compare(x) })
			times = times[:MaxEntries]
			if l.at.Before(times[MaxEntries-1]) {
				break
			}
		}
		es := b.incident(l.in)
		for _, e := range es {
			if !e.at.After(b.now) {
				times = append(times, e.at)
			}
		}
		out = append(out, es...)
	}
	// Entries before the bound are not among the newest either: most
	// maintenance windows are old.
	out = slices.DeleteFunc(out, func(e entry) bool { return e.at.After(b.now) || e.at.Before(bound) })
	slices.SortFunc(out, func(x, y entry) int {
		if c := y.at.Compare(x.at); c != 0 {
			return c // most often: cmp.Or would compare the slugs as well
		}
		return cmp.Or(cmp.Compare(x.kind, y.kind), cmp.Compare(x.slug, y.slug), cmp.Compare(y.seq, x.seq))
	})
	out = out[:min(len(out), MaxEntries)]
	// Feed readers order and deduplicate by the entry's time: two entries
	// at one instant (a window announced for its own start, two updates
	// in one minute) get one second apart, the later-listed one earlier.
	for i := 1; i < len(out); i++ {
		if !out[i].at.Before(out[i-1].at) {
			out[i].at = out[i-1].at.Add(-time.Second)
		}
	}
	return out
}

// bound is a time before which no entry of ins can be among the newest
// MaxEntries: the time of the MaxEntries-th newest entry of the incidents
// that started last (ins is newest first), or the zero time when they
// have fewer entries. Every incident updated before it has all its
// entries after at least MaxEntries others.
func (b *builder) bound(ins []*view.Incident) time.Time {
	var times []time.Time
	for _, in := range ins {
		if len(times) >= MaxEntries {
			break
		}
		for _, u := range in.Updates {
			if !u.At.After(b.now) {
				times = append(times, u.At)
			}
		}
		if pm := in.Postmortem; pm != nil && !pm.At.After(b.now) {
			times = append(times, pm.At)
		}
	}
	if len(times) < MaxEntries {
		return time.Time{}
	}
	slices.SortFunc(times, func(x, y time.Time) int { return y.Compare(x) })
	return times[MaxEntries-1]
}

// incident returns the entries of an incident's updates and postmortem.
func (b *builder) incident(in *view.Incident) []entry {
	out := make([]entry, 0, len(in.Updates)+1)
	for i, u := range in.Updates {
		out = append(out, entry{at: u.At, kind: 'i', slug: in.Slug, seq: i, rev: in.Digest, in: in})
	}
	if pm := in.Postmortem; pm != nil {
		out = append(out, entry{at: pm.At, kind: 'i', slug: in.Slug, seq: len(in.Updates), rev: in.Digest, in: in})
	}
	return out
}

// maintenance returns the window's announcement, dated when it was
// announced (status.Maintenance.Created), and one entry per update.
func (b *builder) maintenance(mt *view.Maintenance) []entry {
	out := []entry{{at: mt.Created(), kind: 'm', slug: mt.Slug, rev: mt.Digest, mt: mt}}
	for i := announced(mt); i < len(mt.Updates); i++ {
		out = append(out, entry{at: mt.Updates[i].At, kind: 'm', slug: mt.Slug, seq: i + 1, rev: mt.Digest, mt: mt})
	}
	return out
}

// announced is how many of the window's updates are its announcement: a
// "Scheduled" update written at the announcement time is the announcement
// itself (it is how an author announces a window early).
func announced(mt *view.Maintenance) int {
	if len(mt.Updates) > 0 && mt.Updates[0].Status == status.Scheduled && mt.Updates[0].At.Equal(mt.Created()) {
		return 1
	}
	return 0
}

// text returns the words of an entry, made once per build.
func (b *builder) text(e *entry) *text {
	name := entryName{e.kind, e.slug, e.seq}
	if t, ok := b.texts[name]; ok {
		return t
	}
	var t text
	if e.in != nil {
		t = b.incidentText(e.in, e.seq)
	} else {
		t = b.maintenanceText(e.mt, e.seq)
	}
	if ex := render.Brief(template.HTML(t.html), render.FeedBytes, render.FeedRunes); ex.Cut {
		t.html = string(ex.HTML) + `<p><a href="` + html.EscapeString(t.link) + `">` + html.EscapeString(b.c.Strings.T("feeds.continued")) + `</a></p>`
	}
	t.summary = summary(t.html)
	t.title, t.html, t.summary = clean(t.title), clean(t.html), clean(t.summary)
	b.texts[name] = &t
	return &t
}

// incidentText is the text of update seq of an incident, or of its
// postmortem after the updates.
func (b *builder) incidentText(in *view.Incident, seq int) text {
	page := b.c.URLs.Abs(paths.Incident(in.Slug))
	if seq == len(in.Updates) {
		pm := in.Postmortem
		word := b.c.Strings.T(kindKey(status.Postmortem))
		id := page + "#" + paths.Postmortem
		return text{id: id, link: id, title: b.title(in.Title, word, pm.At), html: body(pm.Body.HTML, word)}
	}
	u := in.Updates[seq]
	word := b.c.Strings.T(kindKey(u.Kind))
	id := page + "#" + in.Anchors()[seq]
	return text{id: id, link: id, title: b.title(in.Title, word, u.At), html: body(u.Body.HTML, word)}
}

// maintenanceText is the text of a window's announcement (seq 0) or of
// its update seq − 1.
func (b *builder) maintenanceText(mt *view.Maintenance, seq int) text {
	page := b.c.URLs.Abs(paths.Maintenance(mt.Slug))
	prefix := b.c.Strings.T("feeds.maintenance") + ": " + mt.Title
	if seq == 0 {
		var note template.HTML
		if announced(mt) == 1 {
			note = mt.Updates[0].Body.HTML
		}
		scheduled := b.c.Strings.T(maintenanceKey(status.Scheduled))
		return text{
			id:    page,
			link:  page,
			title: prefix + " — " + scheduled + " (" + b.window(mt.From, mt.Until) + ")",
			html:  b.announcement(mt, note),
		}
	}
	i := seq - 1
	u := mt.Updates[i]
	word := b.c.Strings.T(maintenanceKey(u.Status))
	id := page + "#" + mt.Anchors()[i]
	return text{id: id, link: id, title: b.title(prefix, word, u.At), html: body(u.Body.HTML, word)}
}

// announcement is the body of a maintenance announcement: the author's
// text and note, then the window and the components it holds.
func (b *builder) announcement(mt *view.Maintenance, note template.HTML) string {
	var sb strings.Builder
	for _, h := range []template.HTML{mt.Body.HTML, note} {
		if h != "" {
			sb.WriteString(string(h))
			sb.WriteString("\n")
		}
	}
	fmt.Fprintf(&sb, "<p>%s: %s</p>", html.EscapeString(b.c.Strings.T("feeds.window")), html.EscapeString(b.window(mt.From, mt.Until)))
	if len(mt.Affected) > 0 {
		names := make([]string, len(mt.Affected))
		for i, c := range mt.Affected {
			names[i] = c.Name
		}
		fmt.Fprintf(&sb, "\n<p>%s: %s</p>", html.EscapeString(b.c.Strings.T("feeds.affected")), html.EscapeString(strings.Join(names, ", ")))
	}
	return sb.String()
}

// title reads "Elevated API errors — Identified (2026-11-22 09:55 KST)".
func (b *builder) title(what, word string, at time.Time) string {
	return what + " — " + word + " (" + b.stamp(at) + ")"
}

// stamp is a time in the site's zone, in a form that reads the same in
// every language.
func (b *builder) stamp(t time.Time) string { return t.In(b.loc).Format("2006-01-02 15:04 MST") }

// window is a maintenance window, its end shortened when on the same day.
func (b *builder) window(from, until time.Time) string {
	f, u := from.In(b.loc), until.In(b.loc)
	if f.Year() == u.Year() && f.YearDay() == u.YearDay() {
		return f.Format("2006-01-02 15:04") + "–" + u.Format("15:04 MST")
	}
	return f.Format("2006-01-02 15:04 MST") + " – " + u.Format("2006-01-02 15:04 MST")
}

// body is an update's safe HTML, or its status word when the update has no text.
func body(h template.HTML, word string) string {
	if h == "" {
		return "<p>" + html.EscapeString(word) + "</p>"
	}
	return string(h)
}

// kindKey and maintenanceKey name the UI strings of status words.
func kindKey(k status.UpdateKind) string               { return "feeds.kind." + k.String() }
func maintenanceKey(s status.MaintenanceStatus) string { return "feeds.maintenance." + s.String() }
