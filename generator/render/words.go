package render

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
)

// F returns the string for key with its {name} placeholders filled from
// pairs of name and value (strings, ints, or anything with a String method).
func (s Strings) F(key string, pairs ...any) string { return fill(s.T(key), pairs) }

// fill replaces {name} in s with the value paired with name.
func fill(s string, pairs []any) string {
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		name := s[i+1 : i+j]
		found := false
		for k := 0; k+1 < len(pairs); k += 2 {
			if pairs[k] == name {
				b.WriteString(str(pairs[k+1]))
				found = true
				break
			}
		}
		if !found {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case interface{ String() string }:
		return v.String()
	}
	return ""
}

// Zoned formats t in loc with a Go layout. Zones without an abbreviation
// get a numeric one from Go ("+07"); "UTC+07" says what it is.
func Zoned(loc *time.Location, t time.Time, layout string) string {
	t = t.In(loc)
	out := t.Format(layout)
	if abbr, _ := t.Zone(); abbr != "" && (abbr[0] == '+' || abbr[0] == '-') {
		out = strings.Replace(out, t.Format("MST"), "UTC"+t.Format("MST"), 1)
	}
	return out
}

// N returns the form of key for the count n, with {n} and the other
// placeholders filled: key_one when n is 1 and the language has that
// form, else key_other. Languages without a singular (Korean) give only
// key_other; generator.Strings does not fill their key_one from English.
func (s Strings) N(key string, n int, pairs ...any) string {
	k := key + "_other"
	if n == 1 {
		if _, ok := s[key+"_one"]; ok {
			k = key + "_one"
		}
	}
	return s.F(k, append([]any{"n", n}, pairs...)...)
}

// stateNames is how many components the state names per status before
// "and N more".
const stateNames = 4

// State is the site's state at one moment in words: the one wording that
// the banner, the front page's title, the embed, the widget and the
// badge share. status.json keeps Statuspage's own words
// (view.Description), which its clients expect.
type State struct {
	Class    string // colour and icon: ok, degraded, partial, major, maint
	Short    string // the state alone: "Partial outage", "All systems operational"
	Headline string // each status with what is in it: "Partial outage: API · Degraded performance: Webhooks"
	Also     string // maintenance in progress besides a problem, or open notices
	Updated  time.Time
}

// StateOf words the model's state. Components in trouble are named by
// their own status, worst first; maintenance in progress comes next; an
// open incident that affects no component speaks through its impact
// (a notice, impact none, does not change the headline).
func StateOf(m *view.Model, s Strings) State {
	o := m.Overall
	st := State{Class: "ok", Short: s.T("banner.ok"), Headline: s.T("banner.ok"), Updated: o.LastUpdated}
	var byStatus [status.MajorOutage + 1][]string
	var maint []string
	for _, c := range m.Components {
		if c.Status >= status.DegradedPerformance {
			byStatus[c.Status] = append(byStatus[c.Status], c.Name)
		}
		if slices.ContainsFunc(c.Maintenances, func(mt *view.Maintenance) bool {
			return mt.Status == status.InProgress || mt.Status == status.Verifying
		}) {
			maint = append(maint, c.Name)
		}
	}
	var parts []string
	for cs := status.MajorOutage; cs >= status.DegradedPerformance; cs-- {
		if names := byStatus[cs]; len(names) > 0 {
			if len(parts) == 0 {
				st.Class, st.Short = StatusClass(cs), s.T("status."+cs.String())
			}
			parts = append(parts, s.F("banner.problem", "status", s.T("status."+cs.String()), "names", s.names(names)))
		}
	}
	maintLine := ""
	if o.Maintenance {
		maintLine = s.T("banner.maintenance")
		if len(maint) > 0 {
			maintLine = s.F("banner.problem", "status", maintLine, "names", s.names(maint))
		}
	}
	var notices, impacting []string
	for _, in := range m.Active {
		if in.Impact == status.ImpactNone || len(in.Affected) > 0 {
			notices = append(notices, in.Title)
		} else {
			impacting = append(impacting, in.Title)
		}
	}
	switch {
	case len(parts) > 0:
		st.Headline, st.Also = strings.Join(parts, s.T("banner.sep")), maintLine
	case o.Maintenance:
		st.Class, st.Short, st.Headline = "maint", s.T("banner.maintenance"), maintLine
	case o.Indicator > status.ImpactNone && len(impacting) > 0:
		st.Class, st.Short = ImpactClass(o.Indicator), s.T("impact."+o.Indicator.String())
		st.Headline = s.F("banner.problem", "status", st.Short, "names", s.names(impacting))
	}
	if len(parts) == 0 && !o.Maintenance && len(notices) > 0 && len(impacting) == 0 {
		st.Also = s.N("banner.notices", len(notices))
	}
	return st
}

// names lists names, cut short after stateNames.
func (s Strings) names(names []string) string {
	shown := names[:min(len(names), stateNames)]
	list := strings.Join(shown, s.T("list.sep"))
	if more := len(names) - len(shown); more > 0 {
		return s.N("list.more", more, "names", list)
	}
	return list
}

// StatusClass is the CSS class and icon name of a component status.
func StatusClass(s status.ComponentStatus) string {
	switch s {
	case status.UnderMaintenance:
		return "maint"
	case status.DegradedPerformance:
		return "degraded"
	case status.PartialOutage:
		return "partial"
	case status.MajorOutage:
		return "major"
	}
	return "ok"
}

// ImpactClass is the CSS class and icon name of an incident impact, the
// component status it looks like.
func ImpactClass(i status.Impact) string {
	switch i {
	case status.ImpactCritical:
		return "major"
	case status.ImpactMajor:
		return "partial"
	case status.ImpactMinor:
		return "degraded"
	}
	return "info"
}
