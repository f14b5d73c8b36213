package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/sitrep/sitrep/generator/author"
)

func runUpdate(e *env, args []string) error {
	fs := e.flags("update")
	var wf writeFlags
	wf.register(fs, "of the update")
	var req author.UpdateRequest
	fs.StringVar(&req.Status, "status", "", "the update's `WORD`: investigating, identified, monitoring, update (no change; the default), resolved or postmortem; Korean words too (원인 파악, 모니터링, …)")
	comps := componentFlag{}
	fs.Var(comps, "component", "set a component's status from this update on, `ID=STATUS` such as api=operational (recovered while the incident stays open); the statuses before count for the time they held; repeat for more")
	fs.StringVar(&req.Severity, "severity", "", "change the severity to `P0`…P3 (a worse component raises it by itself)")
	fs.StringVar(&req.NextUpdate, "next-update", "", "promise the next update: `30m`, 15:30 (the next 15:30), 2026-11-22 15:30, or none; without it a promise that has passed is removed")
	fs.BoolVar(&req.Amend, "amend", false, "replace the newest update's text (and its word with --status) instead of adding an update")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	req.Components, req.Force = comps, wf.force
	return post(e, &wf, pos, req, "update SLUG --status identified \"message\"")
}

func runResolve(e *env, args []string) error {
	fs := e.flags("resolve")
	var wf writeFlags
	wf.register(fs, "of the resolution")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	return post(e, &wf, pos, author.UpdateRequest{Status: "resolved", Force: wf.force}, "resolve SLUG \"message\"")
}

// post sends req, with the message pos[1] (or standard input, or $EDITOR),
// to the incident pos[0] names.
func post(e *env, wf *writeFlags, pos []string, req author.UpdateRequest, synopsis string) error {
	if len(pos) == 0 {
		return usagef("which incident? sitrep %s (SLUG is the file name in content/incidents/ without .md, a prefix of it, or words of the title; \"sitrep list\" shows the open ones)", synopsis)
	}
	if len(pos) > 2 {
		return usagef("too many arguments: sitrep %s (quote the message)", synopsis)
	}
	s, err := wf.openSite(e)
	if err != nil {
		return err
	}
	defer s.Close()
	ref, err := s.Lookup(pos[0], false)
	if err != nil {
		return err // before the editor opens
	}
	if latest, ok := ref.Incident.Latest(); ok && req.Amend && len(pos) < 2 && e.interactive() {
		req.Message, err = e.fromEditor(latest.Body.Source, "message") // the text to correct
	} else {
		req.Message, err = e.message(pos, 1, "message")
	}
	if err != nil {
		return err
	}
	w, err := s.Update(pos[0], req)
	if err != nil {
		return err
	}
	e.written(w)
	return nil
}

func runPostmortem(e *env, args []string) error {
	fs := e.flags("postmortem")
	var wf writeFlags
	wf.register(fs, "the postmortem is published at")
	print := fs.Bool("print", false, "print the draft on standard output and write nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		return usagef("which incident? sitrep postmortem SLUG")
	case len(pos) > 2:
		return usagef("too many arguments: sitrep postmortem SLUG [- to read the text from standard input]")
	}
	s, err := wf.openSite(e)
	if err != nil {
		return err
	}
	defer s.Close()
	ref, draft, err := s.PostmortemDraft(pos[0])
	if err != nil {
		return err
	}
	if *print {
		fmt.Fprint(e.stdout, draft)
		return nil
	}
	var text string
	switch {
	case len(pos) > 1:
		text, err = e.message(pos, 1, "postmortem")
	case e.interactive() || e.getenv("VISUAL") != "" || e.getenv("EDITOR") != "":
		text, err = e.fromEditor(draft, "postmortem")
		if err == nil && strings.TrimSpace(text) == strings.TrimSpace(draft) {
			err = usagef("the postmortem was not changed from the template; nothing was written")
		}
	default:
		err = usagef("no editor: set $EDITOR, give - to read the postmortem from standard input, or --print the draft")
	}
	if err != nil {
		return err
	}
	w, err := s.Postmortem(ref.Slug, author.UpdateRequest{Message: text, Force: wf.force})
	if err != nil {
		return err
	}
	e.written(w)
	return nil
}

func runEdit(e *env, args []string) error {
	fs := e.flags("edit")
	var wf writeFlags
	wf.registerSource(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("sitrep edit SLUG: one incident or maintenance window")
	}
	s, err := wf.openSite(e)
	if err != nil {
		return err
	}
	defer s.Close()
	ref, err := s.Lookup(pos[0], true)
	if err != nil {
		return err
	}
	old, err := s.ReadFile(ref.File)
	if err != nil {
		return err
	}
	edited, tmp, err := e.editFile(old, ref.Slug)
	if err != nil {
		return err
	}
	if bytes.Equal(edited, old) {
		os.Remove(tmp)
		fmt.Fprintf(e.stderr, "sitrep: %s is unchanged\n", ref.File)
		return nil
	}
	w, err := s.Save(ref, old, edited)
	if err != nil {
		fmt.Fprintf(e.stderr, "sitrep: %s was kept as it was; your edit is in %s\n", ref.File, tmp)
		return err
	}
	os.Remove(tmp)
	e.written(w)
	return nil
}

func runList(e *env, args []string) error {
	fs := e.flags("list")
	var sf siteFlags
	sf.register(fs)
	format := fs.String("format", "text", "`text`, or json for scripts")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "json" {
		return usagef("--format must be text or json, not %q", *format)
	}
	dir, err := sf.dir()
	if err != nil {
		return err
	}
	s, err := author.Open(dir, e.now())
	if err != nil {
		return err
	}
	defer s.Close()
	if sf.now != "" {
		t, err := timeArg("now", sf.now, s.Loc)
		if err != nil {
			return err
		}
		s.Now = t
	}
	l := s.List()
	if *format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(l)
	}
	printListing(e, s, l)
	return nil
}

func printListing(e *env, s *author.Site, l author.Listing) {
	if len(l.Incidents) == 0 {
		fmt.Fprintln(e.stdout, "No open incidents.")
	} else {
		fmt.Fprintln(e.stdout, "Open incidents:")
	}
	for _, in := range l.Incidents {
		var comps []string
		for _, c := range in.Components {
			comps = append(comps, c.ID+"="+c.Status)
		}
		promise := ""
		if in.NextUpdate != nil {
			if in.Overdue {
				promise = fmt.Sprintf("; OVERDUE: next update was due %s (%s ago)", in.NextUpdate.Format("15:04"), author.Age(*in.NextUpdate, s.Now))
			} else {
				promise = fmt.Sprintf("; next update by %s (in %s)", in.NextUpdate.Format("15:04"), author.Age(*in.NextUpdate, s.Now))
			}
		}
		fmt.Fprintf(e.stdout, "  %s  %s %s, open %s, last update %s ago%s\n    %s\n",
			in.Slug, in.Severity, in.Status, author.Age(in.Started, s.Now), author.Age(in.Updated, s.Now), promise, printable(in.Title))
		if len(comps) > 0 {
			fmt.Fprintf(e.stdout, "    %s\n", strings.Join(comps, ", "))
		}
	}
	if len(l.Maintenance) == 0 {
		fmt.Fprintln(e.stdout, "No maintenance in progress or scheduled.")
		return
	}
	fmt.Fprintln(e.stdout, "Maintenance:")
	for _, m := range l.Maintenance {
		when := "starts in " + author.Age(m.From, s.Now)
		if m.Status != "scheduled" {
			when = "ends in " + author.Age(m.Until, s.Now)
		}
		fmt.Fprintf(e.stdout, "  %s  %s, %s (%s – %s)\n    %s: %s\n", m.Slug, m.Status, when,
			author.FormatTime(m.From, s.Loc), author.FormatTime(m.Until, s.Loc), printable(m.Title), strings.Join(m.Components, ", "))
	}
}

// printable replaces control characters, which content may hold (YAML's
// "\e"), so that a title cannot drive the terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return '\uFFFD'
		}
		return r
	}, s)
}
