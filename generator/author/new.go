package author

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

// IncidentRequest opens an incident. Strings are as typed; NewIncident
// validates them all before writing.
type IncidentRequest struct {
	Title string // "" takes the template's
	// Severity is P0…P3; empty takes the template's, else follows the
	// worst component (SeverityFor).
	Severity   string
	Components map[string]string // id → status; nil takes the template's
	Template   string            // content/templates/<name>.md
	Status     string            // first update word; "" is investigating
	NextUpdate string            // promise, as ParsePromise reads it
	Message    string            // "" with a template: the template's text
	Started    string            // impact start, before the first update; as ParseWhen reads it
	Time       string            // the first update's time; "" is now
	Slug       string            // "" derives one from the date and title
	Force      bool              // accept times after the clock
}

// NewIncident writes a new incident file.
func (s *Site) NewIncident(req IncidentRequest) (*Written, error) {
	kind := status.Investigating
	if req.Status != "" {
		k, ok := status.ParseUpdateKind(req.Status)
		if !ok || k > status.Monitoring {
			return nil, requestf("status %q: an incident opens as investigating, identified or monitoring", req.Status)
		}
		kind = k
	}
	at, err := s.when("the first update's time", req.Time, req.Force)
	if err != nil {
		return nil, err
	}
	in := Incident{At: at, Kind: kind, Language: s.Lang, Severity: -1}
	var tpl *status.Template
	if req.Template != "" {
		if tpl, err = s.template(req.Template); err != nil {
			return nil, err
		}
		in.Title, in.Severity, in.Components = tpl.Title, tpl.Severity, tpl.Components
	}
	if t := strings.TrimSpace(req.Title); t != "" {
		in.Title = t
	}
	if in.Title == "" {
		return nil, requestf("the title is missing")
	}
	if req.Components != nil {
		if in.Components, err = s.ParseComponents(req.Components); err != nil {
			return nil, err
		}
	} else if _, err := s.ParseComponents(affectedMap(in.Components)); err != nil {
		return nil, requestf("template %s: %v", req.Template, err)
	}
	switch {
	case req.Severity != "":
		sev, ok := status.ParseSeverity(req.Severity)
		if !ok {
			return nil, requestf("severity %q: one of P0, P1, P2, P3", req.Severity)
		}
		in.Severity = sev
	case in.Severity < 0 || req.Components != nil && tpl != nil:
		in.Severity = SeverityFor(in.Components)
		if tpl != nil {
			in.Severity = min(in.Severity, tpl.Severity)
		}
	}
	if req.Started != "" {
		if in.Started, err = s.when("started", req.Started, req.Force); err != nil {
			return nil, err
		}
		if in.Started.After(at) {
			return nil, requestf("started %s is after the first update (%s)", FormatTime(in.Started, s.Loc), FormatTime(at, s.Loc))
		}
	}
	if req.NextUpdate != "" {
		if in.NextUpdate, err = ParsePromise(req.NextUpdate, at); err != nil {
			return nil, &RequestError{"next update: " + err.Error()}
		}
	}
	in.Message = req.Message
	if strings.TrimSpace(in.Message) == "" && tpl != nil {
		data := TemplateData{Title: in.Title, Components: ComponentList(s.names(in.Components), s.Lang), Severity: in.Severity, Time: Clock{at}}
		if in.Message, err = RenderTemplate(tpl, data); err != nil {
			return nil, &RequestError{err.Error()}
		}
	}
	src, err := in.Bytes(s.Loc)
	if err != nil {
		return nil, &RequestError{err.Error()}
	}
	return s.writeIncident(req.Slug, "incident", in, src)
}

// NoticeRequest posts an informational notice: P3, no components, and
// not an active incident — it is written resolved at once, so it shows in
// the history and feeds without turning the page's banner.
type NoticeRequest struct {
	Title   string
	Message string
	Time    string // "" is now
	Slug    string
	Force   bool
}

// NewNotice writes a notice as an incident file.
func (s *Site) NewNotice(req NoticeRequest) (*Written, error) {
	at, err := s.when("the notice's time", req.Time, req.Force)
	if err != nil {
		return nil, err
	}
	in := Incident{Title: strings.TrimSpace(req.Title), Severity: status.P3, At: at, Kind: status.Update,
		Message: req.Message, Resolved: at, Language: s.Lang}
	if in.Title == "" {
		return nil, requestf("the title is missing")
	}
	src, err := in.Bytes(s.Loc)
	if err != nil {
		return nil, &RequestError{err.Error()}
	}
	return s.writeIncident(req.Slug, "notice", in, src)
}

func (s *Site) writeIncident(slug, kind string, in Incident, src []byte) (*Written, error) {
	slug, err := s.slug(slug, "incidents", in.Title, kind, in.At, in.Components)
	if err != nil {
		return nil, err
	}
	name := path.Join(content.Dir, "incidents", slug+".md")
	return s.commit(name, slug, src, nil, func(st *status.Site) error {
		got := st.Incident(slug)
		switch {
		case got == nil:
			return fmt.Errorf("the new incident does not read back")
		case got.Title != in.Title || got.Severity != in.Severity:
			return fmt.Errorf("the title or severity does not read back as written")
		case len(got.Updates) != 1 || !got.Updates[0].At.Equal(in.At) || !got.NextUpdate.Equal(in.NextUpdate):
			return fmt.Errorf("the first update or next_update does not read back as written")
		}
		return nil
	})
}

// MaintenanceRequest schedules maintenance.
type MaintenanceRequest struct {
	Title       string
	Components  []string // ids
	Start       string   // as ParseWhen reads a future time: "02:00" is the next 02:00
	End         string   // a time, or a duration after the start ("2h")
	Description string
	Slug        string
}

// NewMaintenance writes a maintenance window. A window that starts in the
// past is written (it may be recorded afterwards) with a note saying so.
func (s *Site) NewMaintenance(req MaintenanceRequest) (*Written, error) {
	m := Maintenance{Title: strings.TrimSpace(req.Title), Description: req.Description}
	if m.Title == "" {
		return nil, requestf("the title is missing")
	}
	if len(req.Components) == 0 {
		return nil, requestf("give the components under maintenance")
	}
	byID := map[string]string{}
	for _, id := range req.Components {
		if _, dup := byID[id]; dup {
			return nil, requestf("component %s is given twice", id)
		}
		byID[id] = status.UnderMaintenance.String()
	}
	if _, err := s.ParseComponents(byID); err != nil {
		return nil, err
	}
	m.Components = req.Components
	var err error
	if m.From, err = ParseWhen(req.Start, s.Now, Future); err != nil {
		return nil, requestf("start: %v", err)
	}
	if m.Until, err = ParseEnd(req.End, m.From); err != nil {
		return nil, requestf("end: %v", err)
	}
	if !m.Until.After(m.From) {
		return nil, requestf("the end %s is not after the start %s", FormatTime(m.Until, s.Loc), FormatTime(m.From, s.Loc))
	}
	src, err := m.Bytes(s.Loc)
	if err != nil {
		return nil, &RequestError{err.Error()}
	}
	slug, err := s.slug(req.Slug, "maintenance", m.Title, "maintenance", m.From.In(s.Loc), nil)
	if err != nil {
		return nil, err
	}
	name := path.Join(content.Dir, "maintenance", slug+".md")
	w, err := s.commit(name, slug, src, nil, func(st *status.Site) error {
		got := st.Maintenance(slug)
		if got == nil {
			return fmt.Errorf("the new maintenance does not read back")
		}
		if got.Title != m.Title || !got.From.Equal(m.From) || !got.Until.Equal(m.Until) {
			return fmt.Errorf("the window does not read back as written")
		}
		return nil
	})
	if err == nil && m.From.Before(s.Now) {
		w.Warnings = append(w.Warnings, &status.Problem{Pos: status.Pos{File: name, Line: 4}, Warning: true,
			Msg: fmt.Sprintf("the window starts in the past (%s; it is %s)", FormatTime(m.From, s.Loc), FormatTime(s.Now, s.Loc))})
	}
	return w, err
}

// when reads a past time typed by the author: "" is now; a time after
// the clock is refused unless forced.
func (s *Site) when(what, typed string, force bool) (time.Time, error) {
	if typed == "" {
		return s.Now, nil
	}
	t, err := ParseWhen(typed, s.Now, Past)
	if err != nil {
		return t, requestf("%s: %v", what, err)
	}
	if !force {
		if err := NotFuture(what, t, s.Now); err != nil {
			return t, err
		}
	}
	return t, nil
}

// slug checks a slug asked for, or derives a free one.
func (s *Site) slug(asked, dir, title, kind string, at time.Time, comps []status.Affected) (string, error) {
	if asked != "" {
		if !status.ValidSlug(asked) {
			return "", requestf("slug %q: use lowercase letters, digits and -, at most 64", asked)
		}
		if s.taken(dir)(asked) {
			return "", requestf("content/%s/%s.md exists already", dir, asked)
		}
		return asked, nil
	}
	first := ""
	if len(comps) > 0 {
		first = comps[0].ID
	}
	return Unique(DatedSlug(title, kind, first, at.In(s.Loc)), s.taken(dir)), nil
}

// template returns the site's template name, or an error that lists the
// templates there are.
func (s *Site) template(name string) (*status.Template, error) {
	var names []string
	for _, t := range s.Content.Templates {
		if t.Name == name {
			return t, nil
		}
		if t.Name != PostmortemTemplate {
			names = append(names, t.Name)
		}
	}
	file := path.Join(content.Dir, "templates", name+".md")
	if probs := inFile(s.Problems, file); len(probs.Errors()) > 0 {
		return nil, &ContentError{Problems: probs}
	}
	slices.Sort(names)
	if len(names) == 0 {
		return nil, requestf("template %s: the site has no templates (add them as content/templates/<name>.md)", name)
	}
	return nil, requestf("template %s: no such template%s", name, status.Hint(name, names))
}

// names returns the display names of affected components.
func (s *Site) names(as []status.Affected) []string {
	var names []string
	for _, a := range as {
		name := a.ID
		for _, c := range s.Content.Components {
			if c.ID == a.ID {
				name = c.Name
			}
		}
		names = append(names, name)
	}
	return names
}

func affectedMap(as []status.Affected) map[string]string {
	m := make(map[string]string, len(as))
	for _, a := range as {
		m[a.ID] = a.Status.String()
	}
	return m
}
