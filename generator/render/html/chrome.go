package html

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/sitrep/sitrep/generator/status"
)

// chrome is what every page of one layout shares: the head's assets and
// feeds, the header, and the footer. It is rendered
// once per build from the layout's "head", "top" and "foot" templates, so
// that each page executes only what is its own.
type chrome struct {
	Head, Top, Foot template.HTML

	// Parts of partials.html that depend only on the build, for pages to
	// insert: "crumbs" (the link back to the front page), "asof" and
	// "built" (the build moment). They are empty when a theme's
	// partials.html does not define them.
	Back, AsOf, Built template.HTML
}

// fragments are the small partials shown for a status, rendered once per
// build for each value (an incident page shows several of them). The
// partials.html templates stay their source; pages call statusTag, impactTag,
// kindTag, mstatusTag and icon.
type fragments struct {
	status  [status.MajorOutage + 1]template.HTML
	impact  [status.ImpactCritical + 1]template.HTML
	kind    [status.Postmortem + 1]template.HTML
	mstatus [status.Cancelled + 1]template.HTML
	icons   map[string]template.HTML
	metas   [status.ImpactCritical + 1][status.Postmortem + 1]template.HTML // impact and kind, as a list line shows them
}

// meta is an incident's impact and status tags, side by side.
func (f *fragments) meta(i status.Impact, k status.UpdateKind) template.HTML {
	if int(i) < 0 || int(i) >= len(f.metas) || int(k) < 0 || int(k) >= len(f.metas[i]) {
		return ""
	}
	return f.metas[i][k]
}

// iconNames are the icon shapes style.css draws (.i-NAME, for partials.html's "icon").
var iconNames = [...]string{"ok", "degraded", "partial", "major", "maint", "info", "none", "clock", "done", "cancelled"}

// prerender fills s.chrome and s.frags. Both are html/template output,
// escaped for the HTML element context they are inserted in again.
func (s *site) prerender() error {
	var buf bytes.Buffer
	exec := func(t *template.Template, name string, data any) (template.HTML, error) {
		buf.Reset()
		if err := t.ExecuteTemplate(&buf, name, data); err != nil {
			return "", fmt.Errorf("theme: %w", err)
		}
		return template.HTML(buf.String()), nil
	}
	s.chrome = map[string]*chrome{}
	for _, layout := range layouts {
		p := s.newPage(layout, "", "", "")
		if layout == "index" {
			p.Icon = "icon-" + s.top.Class + ".svg"
		}
		c := &chrome{}
		for _, part := range []struct {
			name string
			dst  *template.HTML
		}{{"head", &c.Head}, {"top", &c.Top}, {"foot", &c.Foot}} {
			h, err := exec(s.tmpl[layout], part.name, p)
			if err != nil {
				return err
			}
			*part.dst = h
		}
		s.chrome[layout] = c
	}
	t := s.tmpl["404"]
	var err error
	for i := range s.frags.status {
		if s.frags.status[i], err = exec(t, "status", status.ComponentStatus(i)); err != nil {
			return err
		}
	}
	for i := range s.frags.impact {
		if s.frags.impact[i], err = exec(t, "impact", status.Impact(i)); err != nil {
			return err
		}
	}
	for i := range s.frags.kind {
		if s.frags.kind[i], err = exec(t, "kind", status.UpdateKind(i)); err != nil {
			return err
		}
	}
	for i, imp := range s.frags.impact {
		for k, kind := range s.frags.kind {
			s.frags.metas[i][k] = imp + " " + kind // two html/template outputs, a space between
		}
	}
	for i := range s.frags.mstatus {
		if s.frags.mstatus[i], err = exec(t, "mstatus", status.MaintenanceStatus(i)); err != nil {
			return err
		}
	}
	s.frags.icons = map[string]template.HTML{}
	for _, name := range iconNames {
		if s.frags.icons[name], err = exec(t, "icon", name); err != nil {
			return err
		}
	}
	return s.sharedChrome(exec)
}

// sharedChrome fills the parts of chrome that every layout shares, once
// the fragments they include are made.
func (s *site) sharedChrome(exec func(t *template.Template, name string, data any) (template.HTML, error)) error {
	t := s.tmpl["404"]
	var shared chrome
	for _, part := range []struct {
		name string
		data any
		dst  *template.HTML
	}{{"crumbs", nil, &shared.Back}, {"asof", s.m, &shared.AsOf}, {"built", s.m, &shared.Built}} {
		if t.Lookup(part.name) == nil {
			continue
		}
		h, err := exec(t, part.name, part.data)
		if err != nil {
			return err
		}
		*part.dst = h
	}
	for _, c := range s.chrome {
		c.Back, c.AsOf, c.Built = shared.Back, shared.AsOf, shared.Built
	}
	return nil
}

// at returns a fragment by enum value, or nothing for a value out of range.
func at[E ~int](list []template.HTML, e E) template.HTML {
	if int(e) < 0 || int(e) >= len(list) {
		return ""
	}
	return list[e]
}
