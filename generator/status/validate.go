package status

import (
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// Problem is something wrong with the content, at the place it was written.
type Problem struct {
	Pos     Pos
	Msg     string
	Warning bool // reported, but the site still builds
}

// Error formats the problem as "file:line: message". Control characters
// in the file name or message, which come from files, are written as
// escapes (see Printable), so that a crafted file cannot move a
// terminal's cursor or clear its screen.
func (p *Problem) Error() string {
	file, msg := Printable(p.Pos.File), Printable(p.Msg)
	switch {
	case p.Pos.File == "":
		return msg
	case p.Pos.Line > 0:
		return fmt.Sprintf("%s:%d: %s", file, p.Pos.Line, msg)
	}
	return fmt.Sprintf("%s: %s", file, msg)
}

// Printable returns s with every control character (C0, DEL and C1,
// line breaks and tabs included) and every invalid UTF-8 byte written
// as a Go escape such as \a, \n or \x1b; other text is kept as it is.
func Printable(s string) string {
	if !strings.ContainsFunc(s, isUnprintable) {
		return s
	}
	var b strings.Builder
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "\\x%02x", s[0])
		case unicode.IsControl(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[:n])
		}
		s = s[n:]
	}
	return b.String()
}

func isUnprintable(r rune) bool { return unicode.IsControl(r) || r == utf8.RuneError }

// Report is the problem as an author reads it: "file:line: message",
// marked "(warning)" when it does not stop the build.
func (p *Problem) Report() string {
	if p.Warning {
		return p.Error() + " (warning)"
	}
	return p.Error()
}

// Problems is every problem a check found, in file order.
type Problems []*Problem

// Error joins the problems, one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Errors returns the problems that are not warnings.
func (ps Problems) Errors() Problems {
	return slices.DeleteFunc(slices.Clone(ps), func(p *Problem) bool { return p.Warning })
}

// Sort orders problems by file and line, for stable reports.
func (ps Problems) Sort() {
	slices.SortStableFunc(ps, func(a, b *Problem) int {
		if c := strings.Compare(a.Pos.File, b.Pos.File); c != 0 {
			return c
		}
		return a.Pos.Line - b.Pos.Line
	})
}

// ValidSlug reports whether s may name a component, incident, maintenance
// window or template: lowercase letters, digits and '-', 1–64 characters.
func ValidSlug(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Validate checks the rules that span files: references between them and
// the promises of SPEC §2. It changes nothing. Checks within one file
// (syntax, known keys, formats) are the loader's. now decides only warnings.
func (s *Site) Validate(now time.Time) Problems {
	c := &checker{ids: make(map[string]bool, len(s.Components)), names: make([]string, 0, len(s.Components))}
	for _, comp := range s.Components {
		c.ids[comp.ID] = true
		c.names = append(c.names, comp.ID)
	}
	groups := map[string]bool{}
	for _, g := range s.Config.Groups {
		if groups[g] {
			c.add(s.Config.Pos, false, "group %q is listed twice in groups", g)
		}
		groups[g] = true
	}
	for _, comp := range s.Components {
		if comp.SLO < 0 || comp.SLO >= 100 {
			c.add(comp.Pos, false, "slo %g is out of range (give a percentage below 100, e.g. 99.9)", comp.SLO)
		}
	}
	// A large site has tens of thousands of incidents, scattered in
	// memory: they are checked on all processors, in contiguous parts
	// whose problems join in order.
	n := max(1, min(runtime.GOMAXPROCS(0), len(s.Incidents)))
	parts := make([]checker, n)
	var wg sync.WaitGroup
	for p := range parts {
		parts[p] = checker{ids: c.ids, names: c.names}
		wg.Go(func() {
			for _, in := range s.Incidents[p*len(s.Incidents)/n : (p+1)*len(s.Incidents)/n] {
				parts[p].incident(in, now, !s.Config.ZoneUnknown)
			}
		})
	}
	wg.Wait()
	for _, part := range parts {
		c.ps = append(c.ps, part.ps...)
	}
	for _, m := range s.Maintenances {
		c.refs(m.Pos.File, m.Components)
		if !m.Until.After(m.From) && !s.Config.ZoneUnknown {
			c.add(Pos{m.Pos.File, max(m.UntilLine, m.Pos.Line)}, false, "scheduled_until (%s) is not after scheduled_for (%s)", m.Until.Format(time.DateTime), m.From.Format(time.DateTime))
		}
	}
	for _, t := range s.Templates {
		c.refs(t.Pos.File, t.Components)
	}
	s.checkLinks(c)
	c.channelRefs(s.Config)
	c.ps.Sort()
	return c.ps
}

// checker collects the problems of a site's documents.
type checker struct {
	ids   map[string]bool // the component ids
	names []string        // the same, in site order, for hints
	ps    Problems
}

func (c *checker) add(pos Pos, warn bool, format string, args ...any) {
	c.ps = append(c.ps, &Problem{Pos: pos, Msg: fmt.Sprintf(format, args...), Warning: warn})
}

// refs checks a document's references to components.
func (c *checker) refs(file string, refs []Affected) {
	seen := map[string]bool{}
	for _, a := range refs {
		pos := Pos{file, a.Line}
		switch {
		case !c.ids[a.ID]:
			c.add(pos, false, "unknown component %q%s", a.ID, Hint(a.ID, c.names))
		case seen[a.ID]:
			c.add(pos, false, "component %q is listed twice", a.ID)
		}
		seen[a.ID] = true
	}
}

// incident checks one incident.
func (c *checker) incident(in *Incident, now time.Time, times bool) {
	c.refs(in.Pos.File, in.Components)
	if len(in.Updates) == 0 {
		c.add(in.Pos, false, "incident has no updates (start the body with a heading such as \"## Investigating — 2026-11-21 14:32\")")
		return
	}
	if !times {
		return
	}
	first := in.Updates[0].At
	if !in.Started.IsZero() && in.Started.After(first) {
		c.add(in.at(in.Lines.Started), false, "started (%s) is after the first update (%s)", in.Started.Format(time.DateTime), first.Format(time.DateTime))
	}
	if r, ok := in.Resolved(); ok && r.Before(in.Start()) {
		c.add(in.at(max(in.Lines.Started, in.Lines.Resolved)), false, "the incident is resolved (%s) before it started (%s)", r.Format(time.DateTime), in.Start().Format(time.DateTime))
	}
	// A time after the build's moment is a typo or a clock gone wrong:
	// the page would show the news before it happened.
	if latest, _ := in.Latest(); latest.At.After(now) {
		c.add(Pos{in.Pos.File, latest.Line}, true, "the update at %s is after the time the site is built at (%s): it is shown as the latest news before it happened",
			latest.At.Format(time.DateTime), now.In(latest.At.Location()).Format(time.DateTime))
	}
	c.changes(in)
	if in.Postmortem != nil && in.Postmortem.At.After(now) {
		c.add(Pos{in.Pos.File, in.Postmortem.Line}, true, "the postmortem is dated %s, after the time the site is built at (%s)",
			in.Postmortem.At.Format(time.DateTime), now.In(in.Postmortem.At.Location()).Format(time.DateTime))
	}
	if in.Postmortem != nil {
		if _, ok := in.Resolved(); !ok {
			c.add(Pos{in.Pos.File, in.Postmortem.Line}, true, "postmortem on an incident that is not resolved")
		}
	}
	if in.PromiseOverdue(now) {
		c.add(in.at(in.Lines.NextUpdate), true, "next_update %s has passed without a newer update (post one with \"sitrep update %s\")", in.NextUpdate.Format(time.DateTime), in.Slug)
	}
}

// changes checks that each component's status changes are in time order
// and within the incident: a change before its start or after its
// resolution would count downtime the incident does not have.
func (c *checker) changes(in *Incident) {
	start := in.Start()
	resolved, isResolved := in.Resolved()
	for _, a := range in.Components {
		prev := start
		for i, ch := range a.Changes {
			pos := Pos{in.Pos.File, ch.Line}
			switch {
			case ch.At.Before(start):
				c.add(pos, false, "%s: the change to %s at %s is before the incident started (%s)", a.ID, ch.Status, ch.At.Format(time.DateTime), start.Format(time.DateTime))
			case isResolved && ch.At.After(resolved):
				c.add(pos, false, "%s: the change to %s at %s is after the incident was resolved (%s)", a.ID, ch.Status, ch.At.Format(time.DateTime), resolved.Format(time.DateTime))
			case i > 0 && !ch.At.After(prev):
				c.add(pos, false, "%s: the change to %s at %s is not after the change before it (%s); list changes oldest first", a.ID, ch.Status, ch.At.Format(time.DateTime), prev.Format(time.DateTime))
			}
			prev = ch.At
		}
	}
}

// at is the position of a front matter key's line, or of the file.
func (in *Incident) at(line int) Pos {
	if line == 0 {
		return in.Pos
	}
	return Pos{in.Pos.File, line}
}

// Hint is " (did you mean …?)" for the known name nearest to got, the
// known names when there are few, or "".
func Hint(got string, known []string) string {
	if m := Closest(got, known); m != "" {
		return fmt.Sprintf(" (did you mean %q?)", m)
	}
	if len(known) > 0 && len(known) <= 12 {
		return fmt.Sprintf(" (known: %s)", strings.Join(known, ", "))
	}
	return ""
}

// Closest returns the known name nearest to got within a small edit
// distance, or "" if none is near enough to be a likely typo.
func Closest(got string, known []string) string {
	best, bestD := "", len(got)/3+2
	for _, k := range known {
		if d := editDistance(strings.ToLower(got), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// checkLinks warns about links to incident, maintenance and component
// pages that do not exist: a reader would follow them to a 404.
func (s *Site) checkLinks(c *checker) {
	pages := map[string]map[string]bool{"incidents": {}, "maintenance": {}, "components": {}}
	for _, in := range s.Incidents {
		pages["incidents"][in.Slug] = true
	}
	for _, m := range s.Maintenances {
		pages["maintenance"][m.Slug] = true
	}
	for _, comp := range s.Components {
		pages["components"][comp.ID] = true
	}
	base := "/"
	if s.Config.BaseURL != nil {
		base = s.Config.BaseURL.Path
	}
	check := func(file string, links []Link) {
		for _, l := range links {
			p, _, _ := strings.Cut(l.URL, "#")
			p, _, _ = strings.Cut(p, "?")
			rest, ok := strings.CutPrefix(p, base)
			if !ok {
				continue
			}
			dir, name, _ := strings.Cut(strings.TrimSuffix(rest, "/"), "/")
			known, ok := pages[dir]
			if !ok || name == "" || strings.Contains(name, "/") {
				continue
			}
			if !known[name] {
				kind := strings.TrimSuffix(dir, "s")
				c.add(Pos{file, l.Line}, true, "the link to %s goes nowhere: there is no %s %q", l.URL, kind, name)
			}
		}
	}
	for _, in := range s.Incidents {
		check(in.Pos.File, in.Links)
	}
	for _, m := range s.Maintenances {
		check(m.Pos.File, m.Links)
	}
}
