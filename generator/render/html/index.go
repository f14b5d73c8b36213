package html

import (
	"github.com/sitrep/sitrep/generator/render"
	"html/template"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/view"
)

// banner is the front page's one-sentence answer to "is it broken?",
// worded as every other output words the state (render.StateOf).
type banner = render.State

// excerptRunes is how much of an incident's last update the front page's
// past days show.
const excerptRunes = 200

// pastDay is a day of the front page's recent incidents.
type pastDay struct {
	view.PastDay
	Items   []pastItem
	MoreURL string // URL of the rest of the day in the history, when it has more
}

// pastItem is an incident's list line and the start of its last update's
// text, as Statuspage shows it.
type pastItem struct {
	Line    template.HTML
	Excerpt string
}

// past lists the recent days; a day with more incidents than shown links
// to the history page and entry where the first one not shown is.
func (s *site) past() []pastDay {
	out := make([]pastDay, len(s.m.Recent))
	var at map[*view.Incident]int // position in the whole history, made once when needed
	for i, d := range s.m.Recent {
		out[i].PastDay = d
		for j, line := range s.lines(d.Incidents) {
			item := pastItem{Line: line}
			if us := d.Incidents[j].Updates; len(us) > 0 {
				item.Excerpt, _ = render.CutText(render.Plain(string(us[len(us)-1].Body.HTML)), excerptRunes)
			}
			out[i].Items = append(out[i].Items, item)
		}
		if d.More == 0 || len(d.Incidents) == 0 {
			continue
		}
		if at == nil {
			at = map[*view.Incident]int{}
			k := 0
			for _, pg := range s.m.History {
				for _, e := range pg {
					if e.Incident != nil {
						at[e.Incident] = k
					}
					k++
				}
			}
		}
		k, ok := at[d.Incidents[len(d.Incidents)-1]]
		if !ok {
			continue
		}
		k++ // the first one not shown
		pg, idx := k/view.HistoryPerPage, k%view.HistoryPerPage
		if pg >= len(s.m.History) || idx >= len(s.m.History[pg]) {
			continue
		}
		out[i].MoreURL = s.c.URLs.Rel(paths.HistoryPage(pg+1)) + "#" + entryID(s.m.History[pg][idx])
	}
	return out
}

// entryID is the fragment id of a history entry.
func entryID(e view.HistoryEntry) string {
	if e.Incident != nil {
		return "incident-" + e.Incident.Slug
	}
	return "maintenance-" + e.Maintenance.Slug
}
