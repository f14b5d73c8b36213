package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/content"
)

// Exit codes, in one place.
const (
	exitOK      = 0
	exitContent = 1 // the content has errors; nothing was written
	exitUsage   = 2 // the command line is wrong
	exitFailure = 3 // anything else: I/O, a port in use, …
)

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// env is what a command runs with; tests give their own.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	now    func() time.Time
}

type command struct {
	name, args, help string
	run              func(e *env, args []string) error
}

func commands() []command {
	return []command{
		{"build", "[--source DIR] [--out DIR] [--base-url URL] [--now TIME]", "build the site into public/", runBuild},
		{"check", "[--source DIR] [--format text|github] [--now TIME]", "validate the content; build nothing", runCheck},
		{"new", "incident|maintenance \"Title\" [flags] [\"message\"]", "open an incident or schedule maintenance", runNew},
		{"update", "SLUG [--status identified|monitoring|update] [--next-update 30m] \"message\"", "post an update to an incident", runUpdate},
		{"resolve", "SLUG \"message\"", "resolve an incident", runResolve},
		{"init", "[DIR] [--title TITLE] [--time-zone ZONE]", "start a new status site here or in DIR", runInit},
		{"serve", "[--source DIR] [--addr 127.0.0.1:1313]", "build, watch and serve the site with live reload", runServe},
		{"watch", "[--source DIR] [--out DIR]", "build, then rebuild on every change", runWatch},
		{"notify", "[--source DIR] [--ledger FILE] [--now TIME] [--dry-run]", "push new events to chat, webhooks and email", runNotify},
	}
}

// Run runs sitrep with args (without the program name) and returns the
// exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, now: time.Now}
	return e.run(args)
}

func (e *env) run(args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		e.usage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return e.report(c.run(e, args[1:]))
		}
	}
	fmt.Fprintf(e.stderr, "sitrep: unknown command %q\n\n", args[0])
	e.usage(e.stderr)
	return exitUsage
}

func (e *env) usage(w io.Writer) {
	fmt.Fprintln(w, "sitrep builds a static status site from Markdown.\n\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  sitrep %-8s %s\n  %17s%s\n", c.name, c.args, "", c.help)
	}
	fmt.Fprintln(w, "\nRun \"sitrep COMMAND -h\" for a command's flags.")
}

// report prints err and maps it to an exit code. This is the one place
// where errors become exit codes.
func (e *env) report(err error) int {
	var ce *generator.ContentError
	var ue *usageError
	var re *reportedError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ce):
		printProblems(e.stderr, ce.Problems, "text")
		n := len(ce.Problems.Errors())
		fmt.Fprintf(e.stderr, "sitrep: %d error%s; nothing was written\n", n, plural(n))
		return exitContent
	case errors.As(err, &re):
		fmt.Fprintf(e.stderr, "sitrep: %v\n", re)
		return exitContent
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "sitrep: %s\n", ue.msg)
		return exitUsage
	case errors.Is(err, context.Canceled):
		return exitOK
	}
	fmt.Fprintf(e.stderr, "sitrep: %v\n", err)
	return exitFailure
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// flags returns a flag set that reports its errors as usage errors.
func (e *env) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("sitrep "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parse parses flags and allows them after positional arguments too
// ("sitrep update SLUG --status identified").
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// siteFlags are the flags every command that reads a site has.
type siteFlags struct {
	source string
	now    string
}

// register adds --source and --now.
func (s *siteFlags) register(fs *flag.FlagSet) {
	s.registerSource(fs)
	fs.StringVar(&s.now, "now", "", "build as of `TIME` (\"2026-11-21 14:30\" in the site's zone, or RFC 3339); default: SOURCE_DATE_EPOCH or the clock")
}

// registerSource adds --source alone, for commands that always use the clock.
func (s *siteFlags) registerSource(fs *flag.FlagSet) {
	fs.StringVar(&s.source, "source", "", "site root `DIR` holding content/ (default: the current directory)")
}

// site is an opened site root.
type site struct {
	dir  string
	root *os.Root
	loc  *time.Location
}

// dir finds the site root: --source, or the current directory, holding
// content/site.yaml.
func (s *siteFlags) dir() (string, error) {
	dir := s.source
	if dir == "" {
		dir = "."
	}
	if _, err := os.Stat(filepath.Join(dir, content.Dir, "site.yaml")); err != nil {
		if s.source == "" {
			return "", usagef("no content/site.yaml in the current directory; give --source DIR, or start a site with \"sitrep init\"")
		}
		return "", usagef("no content/site.yaml in %s (is --source the directory that holds content/?)", dir)
	}
	return dir, nil
}

// open finds and opens the site root.
func (s *siteFlags) open() (*site, error) {
	dir, err := s.dir()
	if err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	cfg, _ := content.ReadConfig(root.FS())
	return &site{dir: dir, root: root, loc: cfg.Location}, nil
}

// time returns the moment to build at: --now, SOURCE_DATE_EPOCH, or the clock.
func (s *siteFlags) time(e *env, loc *time.Location) (time.Time, error) {
	if s.now != "" {
		return timeArg("now", s.now, loc)
	}
	if v := e.getenv("SOURCE_DATE_EPOCH"); v != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return time.Time{}, usagef("SOURCE_DATE_EPOCH=%q is not a number of seconds", v)
		}
		return time.Unix(n, 0).In(loc), nil
	}
	return e.now().In(loc), nil
}
