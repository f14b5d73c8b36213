package content

import (
	"errors"

	"github.com/yuin/goldmark"
	"gopkg.in/yaml.v3"

	"github.com/sitrep/sitrep/generator/status"
)

// docReader reads one Markdown file with front matter.
type docReader struct {
	fileDecoder
	md   goldmark.Markdown
	body []byte
	line int // file line the body starts on
	lint linter
}

// open splits the file and parses its front matter; nil if it cannot be
// read. doc, when not nil, is the front matter's YAML document, decoded
// already (see frontBatch).
func open(file string, src []byte, doc *yaml.Node, cfg *status.Config, md goldmark.Markdown) (*docReader, *yaml.Node) {
	r := &docReader{fileDecoder: fileDecoder{file: file, shift: 1, loc: cfg.Location}, md: md, lint: linter{unsafe: cfg.UnsafeHTML}}
	front, body, line, err := SplitFrontMatter(src)
	if err != nil {
		r.errf(0, "%v", err)
		r.probs[0].Pos.Line = 1
		return r, nil
	}
	r.body, r.line = body, line
	if doc != nil {
		return r, r.root(doc)
	}
	return r, r.parse(front)
}

func (r *docReader) text(src string, line int) status.Text {
	t, err := renderText(r.md, src)
	if err != nil {
		r.markdownErr(line, err)
	}
	return t
}

// sections splits the body at its update headings.
func (r *docReader) sections() []section {
	ss, err := splitSections(r.md, r.body, r.line, &r.lint)
	if err != nil {
		r.markdownErr(r.line, err)
	}
	for _, w := range r.lint.warns {
		r.probs = append(r.probs, &status.Problem{Pos: status.Pos{File: r.file, Line: w.line}, Msg: w.msg, Warning: true})
	}
	return ss
}

// markdownErr reports an error of the Markdown body that starts at file
// line first.
func (r *docReader) markdownErr(first int, err error) {
	var se *shapeError
	if errors.As(err, &se) {
		r.bodyErrf(first+se.line, "%s", se.msg)
		return
	}
	r.bodyErrf(first, "Markdown: %v", err)
}

// bodyErrf reports a problem at a file line of the body.
func (r *docReader) bodyErrf(line int, format string, args ...any) {
	r.errf(line-r.shift, format, args...)
}

var componentKeys = []string{"name", "group", "order", "slo", "since"}

func decodeComponent(file, id string, src []byte, doc *yaml.Node, cfg *status.Config, md goldmark.Markdown) (*status.Component, status.Problems) {
	r, m := open(file, src, doc, cfg, md)
	if m == nil {
		return nil, r.probs
	}
	c := &status.Component{ID: id, Pos: status.Pos{File: file, Line: 1}}
	r.fields(m, componentKeys, func(key string, v *yaml.Node) {
		switch key {
		case "name":
			c.Name = r.str(key, v)
		case "group":
			c.Group = r.str(key, v)
		case "order":
			c.Order = r.integer(key, v)
		case "slo":
			c.SLO = r.number(key, v)
			if c.SLO <= 0 || c.SLO >= 100 {
				r.errf(v.Line, "slo %q is out of range (a percentage such as 99.9)", v.Value)
			}
		case "since":
			c.Since = r.date(key, v)
		}
	})
	if c.Name == "" {
		r.errf(1, "name is missing (the component's name shown on the page)")
	}
	c.Description = r.text(string(r.body), r.line)
	return c, r.probs
}

var incidentKeys = []string{"title", "severity", "components", "started", "next_update", "impact", "resolved"}

func decodeIncident(file, slug string, src []byte, doc *yaml.Node, cfg *status.Config, md goldmark.Markdown) (*status.Incident, status.Problems) {
	r, m := open(file, src, doc, cfg, md)
	if m == nil {
		return nil, r.probs
	}
	in := &status.Incident{Slug: slug, Severity: status.P2, Pos: status.Pos{File: file, Line: 1}}
	impactSet := false
	r.fields(m, incidentKeys, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			in.Title = r.str(key, v)
		case "severity":
			in.Severity = r.severity(key, v)
		case "impact":
			s := r.str(key, v)
			imp, ok := status.ParseImpact(s)
			if !ok {
				r.errf(v.Line, "unknown impact %q (one of none, minor, major, critical)", s)
			}
			in.Impact, impactSet = imp, true
		case "components":
			in.Components = r.affected(key, v, -1, true)
		case "started":
			in.Started, in.Lines.Started = r.time(key, v), v.Line+r.shift
		case "next_update":
			in.NextUpdate, in.Lines.NextUpdate = r.time(key, v), v.Line+r.shift
		case "resolved":
			in.ResolvedAt, in.Lines.Resolved = r.time(key, v), v.Line+r.shift
		}
	})
	if !impactSet {
		in.Impact = in.Severity.Impact()
	}
	if in.Title == "" {
		r.errf(1, "title is missing")
	}
	sections := r.sections()
	in.Updates = make([]status.IncidentUpdate, 0, len(sections))
	for _, s := range sections {
		if s.Heading == "" {
			if s.Text.Source != "" {
				r.bodyErrf(s.Line, "text before the first update; start each update with a heading such as \"## Investigating — 2026-11-21 14:32\"")
			}
			continue
		}
		u, ok := r.incidentUpdate(s)
		if !ok {
			continue
		}
		if u.Kind == status.Postmortem {
			if in.Postmortem != nil {
				r.bodyErrf(s.Line, "a second postmortem; an incident has one report (first at line %d)", in.Postmortem.Line)
				continue
			}
			pm := u // a copy: &u would put every update on the heap
			in.Postmortem = &pm
			continue
		}
		in.Updates = append(in.Updates, u)
	}
	if len(in.Updates) == 0 {
		in.Updates = nil // as when none was added
	}
	in.SortUpdates()
	in.Links = r.lint.links
	return in, r.probs
}

func (r *docReader) incidentUpdate(s section) (status.IncidentUpdate, bool) {
	word, when, err := ParseHeading(s.Heading)
	if err != nil {
		r.bodyErrf(s.Line, "%v", err)
		return status.IncidentUpdate{}, false
	}
	kind, ok := status.ParseUpdateKind(word)
	if !ok {
		r.bodyErrf(s.Line, "unknown update status %q%s", word, wordHint(word, words(word, status.UpdateKindWords(), status.KoreanUpdateKindWords())))
		return status.IncidentUpdate{}, false
	}
	at, err := ParseTime(when, r.loc)
	if err != nil {
		r.bodyErrf(s.Line, "%v", err)
		return status.IncidentUpdate{}, false
	}
	return status.IncidentUpdate{Kind: kind, At: at, Body: s.Text, Line: s.Line}, true
}

var maintenanceKeys = []string{"title", "components", "scheduled_for", "scheduled_until"}

func decodeMaintenance(file, slug string, src []byte, doc *yaml.Node, cfg *status.Config, md goldmark.Markdown) (*status.Maintenance, status.Problems) {
	r, m := open(file, src, doc, cfg, md)
	if m == nil {
		return nil, r.probs
	}
	mt := &status.Maintenance{Slug: slug, Pos: status.Pos{File: file, Line: 1}}
	var haveFrom, haveUntil bool
	r.fields(m, maintenanceKeys, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			mt.Title = r.str(key, v)
		case "components":
			mt.Components = r.affected(key, v, status.UnderMaintenance, false)
		case "scheduled_for":
			mt.From, haveFrom = r.time(key, v), true
		case "scheduled_until":
			mt.Until, haveUntil, mt.UntilLine = r.time(key, v), true, v.Line+r.shift
		}
	})
	if mt.Title == "" {
		r.errf(1, "title is missing")
	}
	if !haveFrom || !haveUntil {
		r.errf(1, "scheduled_for and scheduled_until are both required (e.g. 2026-12-01 02:00)")
	}
	for _, s := range r.sections() {
		if s.Heading == "" {
			mt.Body = s.Text
			continue
		}
		word, when, err := ParseHeading(s.Heading)
		if err != nil {
			r.bodyErrf(s.Line, "%v", err)
			continue
		}
		st, ok := status.ParseMaintenanceStatus(word)
		if !ok {
			r.bodyErrf(s.Line, "unknown maintenance status %q%s", word, wordHint(word, words(word, status.MaintenanceWords(), status.KoreanMaintenanceWords())))
			continue
		}
		at, err := ParseTime(when, r.loc)
		if err != nil {
			r.bodyErrf(s.Line, "%v", err)
			continue
		}
		mt.Updates = append(mt.Updates, status.MaintenanceUpdate{Status: st, At: at, Body: s.Text, Line: s.Line})
	}
	mt.SortUpdates()
	mt.Links = r.lint.links
	return mt, r.probs
}

var templateKeys = []string{"title", "severity", "components"}

func decodeTemplate(file, name string, src []byte, doc *yaml.Node, cfg *status.Config, md goldmark.Markdown) (*status.Template, status.Problems) {
	r, m := open(file, src, doc, cfg, md)
	if m == nil {
		return nil, r.probs
	}
	t := &status.Template{Name: name, Severity: status.P2, Pos: status.Pos{File: file, Line: 1}}
	r.fields(m, templateKeys, func(key string, v *yaml.Node) {
		switch key {
		case "title":
			t.Title = r.str(key, v)
		case "severity":
			t.Severity = r.severity(key, v)
		case "components":
			t.Components = r.affected(key, v, -1, false)
		}
	})
	t.Body = trimBlank(string(r.body))
	return t, r.probs
}

// severity reads P0 … P3.
func (r *docReader) severity(key string, v *yaml.Node) status.Severity {
	s := r.str(key, v)
	sev, ok := status.ParseSeverity(s)
	if !ok {
		r.errf(v.Line, "unknown severity %q (one of P0, P1, P2, P3)", s)
	}
	return sev
}

// words returns the Korean words for a hint when got is written in
// another script than English, else the English ones.
func words(got string, english, korean []string) []string {
	for _, r := range got {
		if r >= 0x80 {
			return korean
		}
	}
	return english
}

func wordHint(got string, words []string) string {
	if c := status.Closest(got, words); c != "" {
		return " (did you mean \"" + c + "\"?)"
	}
	s := " (one of "
	for i, w := range words {
		if i > 0 {
			s += ", "
		}
		s += w
	}
	return s + ")"
}
