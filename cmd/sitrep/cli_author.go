package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
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

// authoring is a site opened by new, update or resolve: loaded as it is on
// disk, and the moment the command acts at (to the minute).
type authoring struct {
	*site
	now    time.Time
	st     *status.Site
	probs  status.Problems // of the site as it is on disk
	loader content.Loader  // kept for commit, which re-reads only the file it writes
}

// openAuthoring opens and loads the site. Problems in other files do not
// stop an on-call engineer from writing an update; only the file a command
// writes must be right (see commit). An unreadable site.yaml does.
func (sf *siteFlags) openAuthoring(e *env) (*authoring, error) {
	s, err := sf.open()
	if err != nil {
		return nil, err
	}
	now, err := sf.time(e, s.loc)
	if err != nil {
		s.root.Close()
		return nil, err
	}
	a := &authoring{site: s, now: now.Truncate(time.Minute)}
	a.st, a.probs = a.loader.Load(s.root.FS())
	if cfg := inFile(a.probs, path.Join(content.Dir, "site.yaml")); a.st == nil || len(cfg.Errors()) > 0 {
		s.root.Close()
		return nil, &generator.ContentError{Problems: cfg}
	}
	return a, nil
}

func (a *authoring) close() { a.root.Close() }

// inFile returns the problems reported at file.
func inFile(ps status.Problems, file string) status.Problems {
	var out status.Problems
	for _, p := range ps {
		if p.Pos.File == file {
			out = append(out, p)
		}
	}
	return out
}

// commit checks the site as it would be with name holding data — loading
// and validating all of it in memory — and writes the file only if it
// has no errors and verify accepts what was read back. old is the file's
// current content, nil for a new file, which never replaces another.
func (a *authoring) commit(e *env, name string, data, old []byte, verify func(*status.Site) error) error {
	st, probs := a.loader.Load(author.Overlay(a.root.FS(), map[string][]byte{name: data}))
	if st == nil {
		return &generator.ContentError{Problems: probs}
	}
	probs = append(probs, st.Validate(a.now)...)
	probs.Sort()
	mine := inFile(probs, name)
	if len(mine.Errors()) > 0 {
		return &generator.ContentError{Problems: mine}
	}
	if err := verify(st); err != nil {
		return fmt.Errorf("%s: %w; nothing was written (please report this with the file attached)", name, err)
	}
	if old == nil {
		err := author.WriteNew(a.root, name, data)
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s was created by someone else meanwhile; nothing was written, run the command again", name)
		}
		if err != nil {
			return err
		}
	} else if err := author.Replace(a.root, name, old, data); err != nil {
		return err
	}
	printProblems(e.stderr, mine, "text")
	if n := len(probs.Errors()) - len(mine.Errors()); n > 0 {
		fmt.Fprintf(e.stderr, "sitrep: note: %d error%s in other files will stop the build; run \"sitrep check\"\n", n, plural(n))
	}
	fmt.Fprintln(e.stdout, filepath.Join(a.dir, filepath.FromSlash(name)))
	return nil
}

// multiFlag is a flag that may be given more than once.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// componentIDs returns the site's component ids, sorted.
func componentIDs(st *status.Site) []string {
	ids := make([]string, 0, len(st.Components))
	for _, c := range st.Components {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids
}

// component checks a component id given on the command line.
func component(st *status.Site, id string) (*status.Component, error) {
	for _, c := range st.Components {
		if c.ID == id {
			return c, nil
		}
	}
	ids := componentIDs(st)
	if c := status.Closest(id, ids); c != "" {
		return nil, usagef("unknown component %q (did you mean %q?); components: %s", id, c, strings.Join(ids, ", "))
	}
	return nil, usagef("unknown component %q; components: %s", id, strings.Join(ids, ", "))
}

// affected reads --component id=status flags of an incident.
func affected(st *status.Site, vals []string) ([]status.Affected, error) {
	var out []status.Affected
	for _, v := range vals {
		id, s, ok := strings.Cut(v, "=")
		id, s = strings.TrimSpace(id), strings.TrimSpace(s)
		if _, err := component(st, id); err != nil {
			return nil, err
		}
		if !ok || s == "" {
			return nil, usagef("--component %s: give the component's status too, e.g. --component %s=partial_outage (one of %s)", v, id, statusNames())
		}
		cs, ok := status.ParseComponentStatus(s)
		if !ok {
			hint := ""
			if c := status.Closest(s, strings.Split(statusNames(), ", ")); c != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", c)
			}
			return nil, usagef("--component %s: unknown status %q%s; statuses: %s", v, s, hint, statusNames())
		}
		if slices.ContainsFunc(out, func(a status.Affected) bool { return a.ID == id }) {
			return nil, usagef("--component %s is given twice", id)
		}
		out = append(out, status.Affected{ID: id, Status: cs})
	}
	return out, nil
}

func statusNames() string {
	var names []string
	for _, s := range status.ComponentStatuses() {
		names = append(names, s.String())
	}
	return strings.Join(names, ", ")
}

// componentNames returns the display names of affected components.
func componentNames(st *status.Site, as []status.Affected) []string {
	var names []string
	for _, a := range as {
		name := a.ID
		if c, err := component(st, a.ID); err == nil {
			name = c.Name
		}
		names = append(names, name)
	}
	return names
}

// message returns a message body given as an argument: the text itself,
// or standard input for "-". Without an argument it opens $EDITOR when
// standard input is a terminal; otherwise the message is missing.
func (e *env) message(args []string, i int, what string) (string, error) {
	if i < len(args) {
		if args[i] == "-" {
			b, err := io.ReadAll(io.LimitReader(e.stdin, content.MaxFileSize+1))
			if err != nil {
				return "", fmt.Errorf("reading the %s from standard input: %w", what, err)
			}
			if len(b) > content.MaxFileSize {
				return "", usagef("the %s on standard input is over 1 MiB", what)
			}
			return string(b), nil
		}
		return args[i], nil
	}
	if !e.interactive() {
		return "", usagef("the %s is missing: give it as the last argument, or - to read it from standard input (or run in a terminal to write it in $EDITOR)", what)
	}
	return e.fromEditor("", what)
}

// interactive reports whether standard input is a terminal: a character
// device other than /dev/null (which is one too, and is what cron and
// "< /dev/null" give).
func (e *env) interactive() bool {
	f, ok := e.stdin.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}

// timeArg parses a time flag in the site's zone.
func timeArg(flag, s string, loc *time.Location) (time.Time, error) {
	t, err := content.ParseTime(s, loc)
	if err != nil {
		return t, usagef("--%s: %v", flag, err)
	}
	return t, nil
}
