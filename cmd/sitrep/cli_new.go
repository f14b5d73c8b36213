package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/status"
)

func runNew(e *env, args []string) error {
	kinds := []string{"incident", "notice", "maintenance"}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, "sitrep new has three kinds; their flags follow.")
			for _, k := range kinds {
				fmt.Fprintln(e.stderr)
				runNew(e, []string{k, "-h"})
			}
			return flag.ErrHelp
		}
		return usagef("sitrep new needs a kind: sitrep new incident \"Title\" …, sitrep new notice \"Title\" …, or sitrep new maintenance \"Title\" …")
	}
	switch args[0] {
	case "incident":
		return newIncident(e, args[1:])
	case "notice":
		return newNotice(e, args[1:])
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

// subUsage prints a subcommand's synopsis and help before its flags.
func (e *env) subUsage(fs *flag.FlagSet, synopsis, help string) {
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: sitrep %s\n\n%s\n\nFlags (also after the arguments):\n", synopsis, help)
		fs.PrintDefaults()
	}
}

func newIncident(e *env, args []string) error {
	fs := e.flags("new incident")
	e.subUsage(fs, "new incident \"Title\" [flags] [\"message\"|-]",
		"Open an incident: writes content/incidents/<date>-<title>.md with its first update.\nWithout a message, $EDITOR opens (or give - to read standard input).")
	var wf writeFlags
	wf.register(fs, "of the first update")
	var req author.IncidentRequest
	fs.StringVar(&req.Severity, "severity", "", "`P0`…P3 (default: the template's, else from the worst component: major_outage P0, partial_outage P1, degraded_performance P2, none P3)")
	comps := componentFlag{}
	fs.Var(comps, "component", "an affected component and its status, `ID=STATUS` such as api=partial_outage; repeat for more")
	fs.StringVar(&req.Template, "template", "", "start from content/templates/`NAME`.md: its title, severity, components and text")
	fs.StringVar(&req.NextUpdate, "next-update", "", "promise the next update: `30m`, 15:30 (the next 15:30) or 2026-11-22 15:30")
	fs.StringVar(&req.Status, "status", "", "the first update's word: `investigating` (default), identified or monitoring")
	fs.StringVar(&req.Started, "started", "", "when the impact began, if before now: `TIME` such as 14:05, 20m ago or 2026-11-22 14:05")
	fs.StringVar(&req.Slug, "slug", "", "the file's `SLUG` (default: the date and the title, or the first component for a title in Korean)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 2 {
		return usagef("too many arguments: sitrep new incident \"Title\" [\"message\"] (quote the title and the message)")
	}
	if len(pos) > 0 {
		req.Title = pos[0]
	}
	if strings.TrimSpace(req.Title) == "" && req.Template == "" {
		return usagef("the title is missing: sitrep new incident \"Title\" [\"message\"]")
	}
	if len(comps) > 0 {
		req.Components = comps
	}
	req.Force = wf.force
	s, err := wf.openSite(e)
	if err != nil {
		return err
	}
	defer s.Close()
	if len(pos) > 1 || req.Template == "" {
		if req.Message, err = e.message(pos, 1, "message"); err != nil {
			return err
		}
	}
	w, err := s.NewIncident(req)
	if err != nil {
		return err
	}
	e.written(w)
	return nil
}

func newNotice(e *env, args []string) error {
	fs := e.flags("new notice")
	e.subUsage(fs, "new notice \"Title\" [\"message\"|-]",
		"Post an informational notice: P3, no component affected, not an active incident.")
	var wf writeFlags
	wf.register(fs, "of the notice")
	var req author.NoticeRequest
	fs.StringVar(&req.Slug, "slug", "", "the file's `SLUG` (default: the date and the title)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0 || strings.TrimSpace(pos[0]) == "":
		return usagef("the title is missing: sitrep new notice \"Title\" [\"message\"]")
	case len(pos) > 2:
		return usagef("too many arguments: sitrep new notice \"Title\" [\"message\"] (quote the title and the message)")
	}
	req.Title, req.Force = pos[0], wf.force
	s, err := wf.openSite(e)
	if err != nil {
		return err
	}
	defer s.Close()
	if req.Message, err = e.message(pos, 1, "message"); err != nil {
		return err
	}
	w, err := s.NewNotice(req)
	if err != nil {
		return err
	}
	e.written(w)
	return nil
}

func newMaintenance(e *env, args []string) error {
	fs := e.flags("new maintenance")
	e.subUsage(fs, "new maintenance \"Title\" --component ID --start TIME --end TIME [\"description\"|-]",
		"Schedule maintenance: writes content/maintenance/<date>-<title>.md.")
	var wf writeFlags
	wf.register(fs, "that --start 02:00 and --end count from")
	var comps multiFlag
	var req author.MaintenanceRequest
	fs.Var(&comps, "component", "a component under maintenance, `ID`; repeat for more")
	fs.StringVar(&req.Start, "start", "", "start of the window, `TIME`: 02:00 (the next 02:00), or 2026-12-01 02:00 (site time zone unless an offset is given)")
	fs.StringVar(&req.End, "end", "", "end of the window, `TIME`, or a duration after the start such as 2h")
	fs.StringVar(&req.Slug, "slug", "", "the file's `SLUG` (default: the start's date and the title)")
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
	case req.Start == "" || req.End == "":
		return usagef("give the window with --start TIME and --end TIME (or a duration such as --end 2h)")
	}
	for _, id := range comps {
		if strings.Contains(id, "=") {
			return usagef("--component %s: maintenance takes component ids only (the status is under_maintenance)", id)
		}
	}
	req.Title, req.Components = pos[0], comps
	s, err := wf.openSite(e)
	if err != nil {
		return err
	}
	defer s.Close()
	if len(pos) > 1 {
		if req.Description, err = e.message(pos, 1, "description"); err != nil {
			return err
		}
	}
	w, err := s.NewMaintenance(req)
	if err != nil {
		return err
	}
	e.written(w)
	return nil
}
