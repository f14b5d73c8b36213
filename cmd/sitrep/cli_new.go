package main

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

func runNew(e *env, args []string) error {
	kinds := []string{"incident", "maintenance"}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "usage: sitrep new incident \"Title\" [flags] [\"message\"]\n       sitrep new maintenance \"Title\" --component ID --start TIME --end TIME [\"description\"]")
			return nil
		}
		return usagef("sitrep new needs a kind: sitrep new incident \"Title\" …, or sitrep new maintenance \"Title\" …")
	}
	switch args[0] {
	case "incident":
		return newIncident(e, args[1:])
	case "maintenance":
		return newMaintenance(e, args[1:])
	}
	return usagef("sitrep new %s: unknown kind%s", args[0], choice(args[0], kinds))
}

// choice hints at the nearest of a few words, or lists them.
func choice(got string, words []string) string {
	if c := status.Closest(got, words); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return " (one of " + strings.Join(words, ", ") + ")"
}

func newIncident(e *env, args []string) error {
	fs := e.flags("new incident")
	var sf siteFlags
	sf.register(fs)
	severity := fs.String("severity", "", "`P0`…P3 (default: the template's, else P2)")
	var comps multiFlag
	fs.Var(&comps, "component", "an affected component and its status, `ID=STATUS` such as api=partial_outage; repeat for more")
	tname := fs.String("template", "", "start from content/templates/`NAME`.md: its title, severity, components and text")
	next := fs.String("next-update", "", "promise the next update: `30m`, 15:30 or 2026-11-22 15:30")
	first := fs.String("status", "investigating", "status of the first update: `investigating`, identified or monitoring")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 2 {
		return usagef("too many arguments: sitrep new incident \"Title\" [\"message\"] (quote the title and the message)")
	}
	kind, ok := status.ParseUpdateKind(*first)
	if !ok || kind > status.Monitoring {
		return usagef("--status %q: an incident opens as investigating, identified or monitoring", *first)
	}
	a, err := sf.openAuthoring(e)
	if err != nil {
		return err
	}
	defer a.close()

	in := author.Incident{Severity: status.P2, At: a.now, Kind: kind}
	var tpl *status.Template
	if *tname != "" {
		if tpl, err = a.template(*tname); err != nil {
			return err
		}
		in.Title, in.Severity, in.Components = tpl.Title, tpl.Severity, tpl.Components
	}
	if len(pos) > 0 && strings.TrimSpace(pos[0]) != "" {
		in.Title = strings.TrimSpace(pos[0])
	}
	if in.Title == "" {
		return usagef("the title is missing: sitrep new incident \"Title\" [\"message\"]")
	}
	if *severity != "" {
		sev, ok := status.ParseSeverity(*severity)
		if !ok {
			return usagef("--severity %q: one of P0, P1, P2, P3", *severity)
		}
		in.Severity = sev
	}
	if len(comps) > 0 {
		if in.Components, err = affected(a.st, comps); err != nil {
			return err
		}
	} else {
		// The template's components, which --component did not replace.
		for _, c := range in.Components {
			if _, err := component(a.st, c.ID); err != nil {
				return usagef("template %s: %v", *tname, err)
			}
		}
	}
	if *next != "" {
		if in.NextUpdate, err = author.ParsePromise(*next, a.now); err != nil {
			return usagef("--next-update: %v", err)
		}
	}
	switch {
	case len(pos) > 1 || tpl == nil:
		if in.Message, err = e.message(pos, 1, "message"); err != nil {
			return err
		}
	default:
		data := author.TemplateData{
			Title:      in.Title,
			Components: author.ComponentList(componentNames(a.st, in.Components), a.st.Config.Language),
			Severity:   in.Severity,
			Time:       author.Clock{Time: a.now},
		}
		if in.Message, err = author.RenderTemplate(tpl, data); err != nil {
			return usagef("%v", err)
		}
	}
	src, err := in.Bytes(a.loc)
	if err != nil {
		return usagef("%v", err)
	}
	slug := author.Unique(author.DatedSlug(in.Title, "incident", a.now), a.taken("incidents"))
	name := path.Join(content.Dir, "incidents", slug+".md")
	return a.commit(e, name, src, nil, func(st *status.Site) error {
		got := findIncident(st, slug)
		switch {
		case got == nil:
			return fmt.Errorf("the new incident does not read back")
		case got.Title != in.Title:
			return fmt.Errorf("the title reads back as %q, not %q", got.Title, in.Title)
		case len(got.Updates) != 1 || !got.Updates[0].At.Equal(in.At) || !got.NextUpdate.Equal(in.NextUpdate):
			return fmt.Errorf("the first update or next_update does not read back as written")
		}
		return nil
	})
}

// template returns the site's template name, or an error that lists the
// templates there are.
func (a *authoring) template(name string) (*status.Template, error) {
	var names []string
	for _, t := range a.st.Templates {
		if t.Name == name {
			return t, nil
		}
		names = append(names, t.Name)
	}
	file := path.Join(content.Dir, "templates", name+".md")
	if probs := inFile(a.probs, file); len(probs.Errors()) > 0 {
		return nil, &generator.ContentError{Problems: probs}
	}
	slices.Sort(names)
	if len(names) == 0 {
		return nil, usagef("--template %s: the site has no templates (add them as content/templates/<name>.md)", name)
	}
	return nil, usagef("--template %s: no such template%s", name, choice(name, names))
}

// taken reports whether a slug is in use in content/<dir>/.
func (a *authoring) taken(dir string) func(string) bool {
	return func(slug string) bool {
		_, err := a.root.Lstat(path.Join(content.Dir, dir, slug+".md"))
		return err == nil
	}
}

func findIncident(st *status.Site, slug string) *status.Incident {
	if st == nil {
		return nil
	}
	for _, in := range st.Incidents {
		if in.Slug == slug {
			return in
		}
	}
	return nil
}

func newMaintenance(e *env, args []string) error {
	fs := e.flags("new maintenance")
	var sf siteFlags
	sf.register(fs)
	var comps multiFlag
	fs.Var(&comps, "component", "a component under maintenance, `ID`; repeat for more")
	start := fs.String("start", "", "start of the window, `TIME` such as 2026-12-01 02:00 (site time zone unless an offset is given)")
	end := fs.String("end", "", "end of the window, `TIME`, or a duration after the start such as 2h")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0 || strings.TrimSpace(pos[0]) == "":
		return usagef("the title is missing: sitrep new maintenance \"Title\" --component ID --start TIME --end TIME [\"description\"]")
	case len(pos) > 2:
		return usagef("too many arguments: sitrep new maintenance \"Title\" [\"description\"] (quote the title and the description)")
	case len(comps) == 0:
		return usagef("give the components under maintenance with --component ID (repeat for more)")
	case *start == "" || *end == "":
		return usagef("give the window with --start TIME and --end TIME (or a duration such as --end 2h)")
	}
	a, err := sf.openAuthoring(e)
	if err != nil {
		return err
	}
	defer a.close()
	m := author.Maintenance{Title: strings.TrimSpace(pos[0])}
	for _, id := range comps {
		if strings.Contains(id, "=") {
			return usagef("--component %s: maintenance takes component ids only (the status is under_maintenance)", id)
		}
		if _, err := component(a.st, id); err != nil {
			return err
		}
		if slices.Contains(m.Components, id) {
			return usagef("--component %s is given twice", id)
		}
		m.Components = append(m.Components, id)
	}
	if m.From, err = timeArg("start", *start, a.loc); err != nil {
		return err
	}
	if m.Until, err = author.ParseEnd(*end, m.From); err != nil {
		return usagef("--end: %v", err)
	}
	if !m.Until.After(m.From) {
		return usagef("--end %s is not after --start %s", author.FormatTime(m.Until, a.loc), author.FormatTime(m.From, a.loc))
	}
	if len(pos) > 1 {
		if m.Description, err = e.message(pos, 1, "description"); err != nil {
			return err
		}
	}
	src, err := m.Bytes(a.loc)
	if err != nil {
		return usagef("%v", err)
	}
	slug := author.Unique(author.DatedSlug(m.Title, "maintenance", m.From.In(a.loc)), a.taken("maintenance"))
	name := path.Join(content.Dir, "maintenance", slug+".md")
	return a.commit(e, name, src, nil, func(st *status.Site) error {
		for _, got := range st.Maintenances {
			if got.Slug == slug {
				if got.Title != m.Title || !got.From.Equal(m.From) || !got.Until.Equal(m.Until) {
					return fmt.Errorf("the window does not read back as written")
				}
				return nil
			}
		}
		return fmt.Errorf("the new maintenance does not read back")
	})
}
