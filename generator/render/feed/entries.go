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
const MaxEntries = 100

// entry is one feed item: one incident update, a postmortem, a maintenance
// announcement or a maintenance update.
type entry struct {
	id      string // absolute permalink; stable across builds, never reused
	link    string // where the entry is read: its page and anchor
	title   string
	at      time.Time
	html    string // safe HTML body
	summary string // plain-text teaser of html
	src     string // the incident or maintenance it belongs to, for ordering ties
	rev     uint64 // the digest of src's file: the entry is made from it
	seq     int    // position within src, for ordering ties
}

// builder derives entries from the model at its moment.
type builder struct {
	c         *render.Context
	loc       *time.Location
	now       time.Time
	summaries map[string]string // by entry id: an entry shows in several feeds
}

func newBuilder(c *render.Context) *builder {
	return &builder{c: c, loc: c.Model.Loc, now: c.Model.Now, summaries: map[string]string{}}
}

// collect returns the entries of the incidents and maintenance windows,
// newest first, at most MaxEntries. Entries dated after now do not exist
// yet and are left out.
func (b *builder) collect(ins []*view.Incident, mts []*view.Maintenance) []entry {
	var out []entry
	for _, mt := range mts {
		out = append(out, b.maintenance(mt)...)
	}
	// Only the newest entries are kept, so incidents are visited newest
	// update first, and the visit stops once no remaining incident can
	// have an entry among them: a feed costs the same at 100 incidents as
	// at 10,000.
	type latest struct {
		at time.Time // the newest entry's time that can be shown
		in *view.Incident
	}
	byLatest := make([]latest, len(ins))
	for i, in := range ins {
		byLatest[i] = latest{in.Updated, in}
		if byLatest[i].at.After(b.now) {
			byLatest[i].at = b.now
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
	out = slices.DeleteFunc(out, func(e entry) bool { return e.at.After(b.now) })
	slices.SortFunc(out, func(x, y entry) int {
		return cmp.Or(y.at.Compare(x.at), cmp.Compare(x.src, y.src), cmp.Compare(y.seq, x.seq), cmp.Compare(x.id, y.id))
	})
	out = out[:min(len(out), MaxEntries)]
	for i := range out {
		e := &out[i]
		s, ok := b.summaries[e.id]
		if !ok {
			s = summary(e.html)
			b.summaries[e.id] = s
		}
		e.summary = s
	}
	return out
}

func (b *builder) incident(in *view.Incident) []entry {
	page := b.c.URLs.Abs(paths.Incident(in.Slug))
	anchors := in.Anchors()
	out := make([]entry, 0, len(in.Updates)+1)
	for i, u := range in.Updates {
		word := b.c.Strings.T(kindKey(u.Kind))
		out = append(out, entry{
			id:    page + "#" + anchors[i],
			title: b.title(in.Title, word, u.At),
			at:    u.At,
			html:  body(u.Body.HTML, word),
			src:   "i:" + in.Slug,
			rev:   in.Digest,
			seq:   i,
		})
	}
	if pm := in.Postmortem; pm != nil {
		word := b.c.Strings.T(kindKey(status.Postmortem))
		out = append(out, entry{
			id:    page + "#" + paths.Postmortem,
			title: b.title(in.Title, word, pm.At),
			at:    pm.At,
			html:  body(pm.Body.HTML, word),
			src:   "i:" + in.Slug,
			rev:   in.Digest,
			seq:   len(in.Updates),
		})
	}
	for i := range out {
		out[i].link = out[i].id
	}
	return out
}

// maintenance returns the window's announcement, dated when it was
// announced (status.Maintenance.Created), and one entry per update.
func (b *builder) maintenance(mt *view.Maintenance) []entry {
	page := b.c.URLs.Abs(paths.Maintenance(mt.Slug))
	prefix := b.c.Strings.T("feeds.maintenance") + ": " + mt.Title
	scheduled := b.c.Strings.T(maintenanceKey(status.Scheduled))
	created := mt.Created()
	// A "Scheduled" update written at the announcement time is the
	// announcement itself (it is how an author announces a window early).
	var note template.HTML
	first := 0
	if len(mt.Updates) > 0 && mt.Updates[0].Status == status.Scheduled && mt.Updates[0].At.Equal(created) {
		note, first = mt.Updates[0].Body.HTML, 1
	}
	out := []entry{{
		id:    page,
		link:  page,
		title: prefix + " — " + scheduled + " (" + b.window(mt.From, mt.Until) + ")",
		at:    created,
		html:  b.announcement(mt, note),
		src:   "m:" + mt.Slug,
		rev:   mt.Digest,
	}}
	anchors := mt.Anchors()
	for i, u := range mt.Updates[first:] {
		i += first
		word := b.c.Strings.T(maintenanceKey(u.Status))
		id := page + "#" + anchors[i]
		out = append(out, entry{
			id:    id,
			link:  id,
			title: b.title(prefix, word, u.At),
			at:    u.At,
			html:  body(u.Body.HTML, word),
			src:   "m:" + mt.Slug,
			rev:   mt.Digest,
			seq:   i + 1,
		})
	}
	return out
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
