package html

import (
	"html/template"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// bannerNames is how many components the banner names before "and N more".
const bannerNames = 4

// banner is the front page's one-sentence answer to "is it broken?".
type banner struct {
	Class    string    // status class of the colour and icon: ok, degraded, partial, major, maint
	Headline string    // "Partial outage: API, Webhooks"
	Also     string    // maintenance in progress besides a problem, or open notices
	Updated  time.Time // newest update of anything current; zero when all is well
}

// banner says the worst active problem and names what it affects: every
// component in degraded performance or worse, worst first.
func (s *site) banner() *banner {
	o := s.m.Overall
	b := &banner{Class: "ok", Updated: o.LastUpdated}
	var problems, maint []*view.Component
	for _, c := range s.m.Components {
		if c.Status >= status.DegradedPerformance {
			problems = append(problems, c)
		}
		// A component under maintenance is named here even when an
		// incident makes its status worse.
		if slices.ContainsFunc(c.Maintenances, func(mt *view.Maintenance) bool {
			return mt.Status == status.InProgress || mt.Status == status.Verifying
		}) {
			maint = append(maint, c)
		}
	}
	slices.SortStableFunc(problems, func(a, b *view.Component) int { return int(b.Status - a.Status) })
	maintLine := ""
	if o.Maintenance {
		maintLine = s.w.T("banner.maintenance")
		if len(maint) > 0 {
			maintLine = s.w.F("banner.problem", "status", maintLine, "names", s.names(maint))
		}
	}
	switch {
	case len(problems) > 0:
		worst := problems[0].Status
		b.Class = StatusClass(worst)
		b.Headline = s.w.F("banner.problem", "status", s.w.T("status."+worst.String()), "names", s.names(problems))
		b.Also = maintLine
	case o.Maintenance:
		b.Class = "maint"
		b.Headline = maintLine
	default:
		b.Headline = s.w.T("banner.ok")
		if len(s.m.Active) > 0 {
			b.Also = s.w.N("banner.notices", len(s.m.Active))
		}
	}
	return b
}

// names lists component names, cut short after bannerNames.
func (s *site) names(cs []*view.Component) string {
	names := make([]string, 0, bannerNames)
	for _, c := range cs[:min(len(cs), bannerNames)] {
		names = append(names, c.Name)
	}
	list := strings.Join(names, s.w.T("list.sep"))
	if more := len(cs) - len(names); more > 0 {
		return s.w.N("list.more", more, "names", list)
	}
	return list
}

// pastDay is a day of the front page's recent incidents.
type pastDay struct {
	view.PastDay
	Lines   []template.HTML
	MoreURL string // URL of the rest of the day in the history, when it has more
}

// past lists the recent days; a day with more incidents than shown links
// to the history page and entry where the first one not shown is.
func (s *site) past() []pastDay {
	out := make([]pastDay, len(s.m.Recent))
	var at map[*view.Incident]int // position in the whole history, made once when needed
	for i, d := range s.m.Recent {
		out[i].PastDay = d
		out[i].Lines = s.lines(d.Incidents)
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
