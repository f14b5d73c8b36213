package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/status"
)

func runUpdate(e *env, args []string) error {
	fs := e.flags("update")
	var sf siteFlags
	sf.register(fs)
	word := fs.String("status", "update", "`identified`, monitoring, investigating, or update (no change of status)")
	next := fs.String("next-update", "", "promise the next update: `30m`, 15:30, 2026-11-22 15:30, or none; without it a promise that has passed is removed")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	kind, ok := status.ParseUpdateKind(*word)
	switch {
	case ok && kind == status.Resolved && len(pos) > 0:
		return usagef("to resolve the incident, run sitrep resolve %s \"message\"", pos[0])
	case !ok || kind == status.Postmortem || kind == status.Resolved:
		return usagef("--status %q: one of identified, monitoring, investigating, update", *word)
	}
	return post(e, &sf, pos, kind, *next, "update SLUG --status identified", "update SLUG [flags]")
}

func runResolve(e *env, args []string) error {
	fs := e.flags("resolve")
	var sf siteFlags
	sf.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	return post(e, &sf, pos, status.Resolved, "none", "resolve SLUG", "resolve SLUG")
}

// post adds an update of kind, with the message pos[1] (or standard input,
// or $EDITOR), to the incident pos[0], and sets next_update from next as
// --next-update gives it. synopsis and short name the command in hints.
func post(e *env, sf *siteFlags, pos []string, kind status.UpdateKind, next, synopsis, short string) error {
	if len(pos) == 0 {
		return usagef("which incident? sitrep %s \"message\" (SLUG is the file name in content/incidents/ without .md)", synopsis)
	}
	if len(pos) > 2 {
		return usagef("too many arguments: sitrep %s \"message\" (quote the message)", short)
	}
	a, err := sf.openAuthoring(e)
	if err != nil {
		return err
	}
	defer a.close()
	in, name, src, err := a.incident(pos[0])
	if err != nil {
		return err
	}
	resolvedAt, resolved := in.Resolved()
	switch {
	case resolved && kind == status.Resolved:
		return usagef("%s is already resolved (at %s); to add a note, run sitrep update %s --status update \"message\"",
			in.Slug, author.FormatTime(resolvedAt, a.loc), in.Slug)
	case resolved && (kind != status.Update || (next != "" && next != "none")):
		return usagef("%s was resolved at %s; only --status update (a note, without --next-update) can be added to a resolved incident",
			in.Slug, author.FormatTime(resolvedAt, a.loc))
	}
	promise := in.NextUpdate
	switch {
	case next == "none" || resolved:
		promise = time.Time{}
	case next != "":
		if promise, err = author.ParsePromise(next, a.now); err != nil {
			return usagef("--next-update: %v", err)
		}
	case !promise.IsZero() && !promise.After(a.now):
		promise = time.Time{} // this update keeps the promise that has passed
	}
	msg, err := e.message(pos, 1, "message")
	if err != nil {
		return err
	}
	return a.addUpdate(e, in, name, src, author.Update{Kind: kind, At: a.now, Message: msg}, promise)
}

// addUpdate inserts u into the incident's file, sets next_update to
// promise (zero removes it), checks the result and writes it.
func (a *authoring) addUpdate(e *env, in *status.Incident, name string, src []byte, u author.Update, promise time.Time) error {
	out, err := author.AddUpdate(src, u, a.loc)
	var older *author.OlderError
	switch {
	case errors.As(err, &older):
		return usagef("%s:%d: %v", name, older.Line, err)
	case err != nil:
		return usagef("%s: %v", name, err)
	}
	if !promise.Equal(in.NextUpdate) {
		value := ""
		if !promise.IsZero() {
			value = author.FormatTime(promise, a.loc)
		}
		if out, err = author.SetKey(out, "next_update", value); err != nil {
			return usagef("%s: %v", name, err)
		}
	}
	return a.commit(e, name, out, src, func(st *status.Site) error {
		got := findIncident(st, in.Slug)
		switch {
		case got == nil:
			return fmt.Errorf("the incident does not read back")
		case len(got.Updates) != len(in.Updates)+1:
			return fmt.Errorf("the incident reads back with %d updates, not %d", len(got.Updates), len(in.Updates)+1)
		case !slices.ContainsFunc(got.Updates, func(x status.IncidentUpdate) bool { return x.Kind == u.Kind && x.At.Equal(u.At) }):
			return fmt.Errorf("the new update does not read back")
		case !got.NextUpdate.Equal(promise):
			return fmt.Errorf("next_update reads back as %v, not %v", got.NextUpdate, promise)
		case got.Title != in.Title || len(got.Components) != len(in.Components):
			return fmt.Errorf("the front matter changed")
		}
		return nil
	})
}

// incident finds the incident a command names by its slug (a file path
// such as content/incidents/x.md works too) and reads its file.
func (a *authoring) incident(arg string) (*status.Incident, string, []byte, error) {
	slug := strings.TrimSuffix(path.Base(filepath.ToSlash(arg)), ".md")
	if !status.ValidSlug(slug) {
		return nil, "", nil, usagef("%q is not an incident slug (the file name in content/incidents/ without .md)", arg)
	}
	name := path.Join(content.Dir, "incidents", slug+".md")
	src, err := a.root.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil, a.noIncident(slug)
	}
	if err != nil {
		return nil, "", nil, err
	}
	in := findIncident(a.st, slug)
	if in == nil {
		if probs := inFile(a.probs, name); len(probs) > 0 {
			return nil, "", nil, &generator.ContentError{Problems: probs}
		}
		return nil, "", nil, fmt.Errorf("%s could not be read", name)
	}
	return in, name, src, nil
}

// noIncident explains a slug that names no incident, with the nearest
// slugs as hints.
func (a *authoring) noIncident(slug string) error {
	if _, err := a.root.Lstat(path.Join(content.Dir, "maintenance", slug+".md")); err == nil {
		return usagef("%s is a maintenance window, not an incident; edit content/maintenance/%s.md", slug, slug)
	}
	var slugs []string
	for _, in := range a.st.Incidents {
		slugs = append(slugs, in.Slug)
	}
	slices.Sort(slugs)
	slices.Reverse(slugs) // newest first: slugs start with their date
	if c := status.Closest(slug, slugs); c != "" {
		return usagef("no incident %q (did you mean %q?)", slug, c)
	}
	var near []string
	for _, s := range slugs {
		if strings.Contains(s, slug) && len(near) < 3 {
			near = append(near, s)
		}
	}
	if len(near) > 0 {
		return usagef("no incident %q (did you mean %s?); give the whole slug", slug, strings.Join(quoteAll(near), " or "))
	}
	var open []string
	for _, in := range a.st.Incidents {
		if _, ok := in.Resolved(); !ok {
			open = append(open, in.Slug)
		}
	}
	slices.Sort(open)
	if len(open) > 0 {
		return usagef("no incident %q; open incidents: %s", slug, strings.Join(open, ", "))
	}
	return usagef("no incident %q in content/incidents/ (and no incident is open)", slug)
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
