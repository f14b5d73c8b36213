package widget

import (
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
)

// summaryRunes is how long an update's text may be in the widget.
const summaryRunes = 160

// snapshot is what the widget and the embed show: the state in the words
// of every other output (render.StateOf), what is going on, and when it
// was true. Text only: the widget never parses any of it as markup.
type snapshot struct {
	Lang     string `json:"lang"`
	Name     string `json:"name"`
	Page     string `json:"page"`
	Class    string `json:"class"` // ok, degraded, partial, major, maint
	Headline string `json:"headline"`
	Also     string `json:"also,omitempty"`
	Items    []item `json:"items"`
	// Built is when the status was true (RFC 3339 with the site's
	// offset, which Date.parse reads); after Changes it may have
	// changed (a window starts or ends, a promise falls due), after Stale
	// it is unknown (site.yaml stale_after).
	Built   string `json:"built"`
	Changes string `json:"changes"`
	Stale   string `json:"stale"`
	Words   words  `json:"words"`
}

// item is an open incident or maintenance in progress.
type item struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Tag   string `json:"tag"`
	Text  string `json:"text,omitempty"` // its latest update, plain and short
}

// words are the reader-clock phrases, {time} filled in by the script.
type words struct {
	AsOf    string `json:"as_of"`
	Unknown string `json:"unknown"`
	Open    string `json:"open"`
}

func snapshotOf(c *render.Context) snapshot {
	m := c.Model
	st := render.StateOf(m, c.Strings)
	t := c.Strings.T
	snap := snapshot{
		Lang: m.Site.Config.Language, Name: m.Site.Config.Title, Page: c.URLs.Base(),
		Class: st.Class, Headline: st.Headline, Also: st.Also,
		Items:   []item{},
		Built:   m.Now.Format(time.RFC3339),
		Changes: m.Changes().Format(time.RFC3339),
		Stale:   m.StaleAt().Format(time.RFC3339),
		Words:   words{AsOf: t("embed.as_of"), Unknown: t("embed.unknown"), Open: t("embed.open")},
	}
	for _, in := range m.Active {
		it := item{Title: in.Title, URL: c.URLs.Abs(paths.Incident(in.Slug)), Tag: t("kind." + in.Status.String())}
		if n := len(in.Updates); n > 0 {
			it.Text, _ = render.CutText(render.Plain(string(in.Updates[n-1].Body.HTML)), summaryRunes)
		}
		snap.Items = append(snap.Items, it)
	}
	for _, mt := range m.InProgress {
		snap.Items = append(snap.Items, item{Title: mt.Title, URL: c.URLs.Abs(paths.Maintenance(mt.Slug)), Tag: t("banner.maintenance")})
	}
	return snap
}
