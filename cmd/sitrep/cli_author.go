package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
)

// writeFlags are the flags of every command that writes content.
type writeFlags struct {
	siteFlags
	force bool
}

// register adds --source, --now (the time written) and --force.
func (w *writeFlags) register(fs *flag.FlagSet, what string) {
	w.registerWriting(fs, what)
	fs.BoolVar(&w.force, "force", false, "accept times in the future (for --now, --started)")
}

// openSite finds and opens the site to author, at --now when given.
func (w *writeFlags) openSite(e *env) (*author.Site, error) {
	dir, err := w.dir()
	if err != nil {
		return nil, err
	}
	s, err := author.Open(dir, e.now())
	if err != nil {
		return nil, err
	}
	if w.now != "" {
		if err := s.ActAt(w.now, w.force); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// written prints what a command wrote: the file's warnings, a note about
// errors elsewhere, and the file's path on standard output.
func (e *env) written(w *author.Written) {
	printProblems(e.stderr, w.Warnings, "text")
	if w.Others > 0 {
		fmt.Fprintf(e.stderr, "sitrep: note: %d error%s in other files will stop the build; run \"sitrep check\"\n", w.Others, plural(w.Others))
	}
	fmt.Fprintln(e.stdout, w.Path)
}

// multiFlag is a flag that may be given more than once.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// componentFlag is --component ID=STATUS, repeatable.
type componentFlag map[string]string

func (c componentFlag) String() string { return "" }
func (c componentFlag) Set(v string) error {
	id, st, _ := strings.Cut(v, "=")
	id = strings.TrimSpace(id)
	if _, dup := c[id]; dup {
		return fmt.Errorf("component %s is given twice", id)
	}
	c[id] = strings.TrimSpace(st)
	return nil
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
