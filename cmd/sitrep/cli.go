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
	"syscall"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/status"
)

// Exit codes, in one place.
const (
	exitOK      = 0
	exitContent = 1 // the content has errors; nothing was written
	exitUsage   = 2 // the command line is wrong
	exitFailure = 3 // anything else: I/O, a port in use, …
	// Stopped by a signal: 128 + its number, as shells report it.
	exitInterrupt = 130 // SIGINT (Ctrl-C), or a cancel without a signal
	exitTerminate = 143 // SIGTERM
)

// interrupted is the cause of a context that a signal cancelled.
type interrupted struct{ sig os.Signal }

func (i *interrupted) Error() string {
	if i.sig == syscall.SIGTERM {
		return "stopped by SIGTERM"
	}
	return "interrupted"
}

func (i *interrupted) exitCode() int {
	if i.sig == syscall.SIGTERM {
		return exitTerminate
	}
	return exitInterrupt
}

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

// debug is where debug lines go: standard error when SITREP_DEBUG is set,
// else nowhere (nil).
func (e *env) debug() io.Writer {
	if e.getenv("SITREP_DEBUG") != "" {
		return e.stderr
	}
	return nil
}

// debugf writes a debug line to w, if any.
func debugf(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, "debug: "+format+"\n", args...)
	}
}

type command struct {
	name, args, help string
	run              func(e *env, args []string) error
}

func commands() []command {
	return []command{
		{"build", "[--source DIR] [--out DIR] [--base-url URL] [--now TIME]", "build the site into public/", runBuild},
		{"serve", "[--source DIR] [--addr 127.0.0.1:1313] [--now TIME]", "build, watch and serve the site with live reload", runServe},
		{"watch", "[--source DIR] [--out DIR] [--now TIME]", "build, then rebuild on every change", runWatch},
		{"check", "[--source DIR] [--format text|github] [--now TIME]", "validate the content and templates; build nothing", runCheck},
		{"list", "[--format text|json]", "open incidents, maintenance, overdue promises", runList},
		{"new", "incident|notice|maintenance \"Title\" [flags] [\"message\"]", "open an incident, post a notice or schedule maintenance", runNew},
		{"update", "SLUG [--status WORD] [--component ID=STATUS]... [--next-update 30m] [--amend] \"message\"", "post an update to an incident, or amend the newest", runUpdate},
		{"resolve", "SLUG \"message\"", "resolve an incident", runResolve},
		{"postmortem", "SLUG", "write the postmortem of a resolved incident in $EDITOR, from a template", runPostmortem},
		{"edit", "SLUG", "edit an incident or maintenance file in $EDITOR; checked before it is kept", runEdit},
		{"init", "[DIR] [--language en|ko] [--title TITLE] [--time-zone ZONE]", "start a new status site here or in DIR", runInit},
		{"notify", "[--source DIR] [--ledger FILE] [--now TIME] [--dry-run]", "push new events to chat, webhooks and email", runNotify},
		{"github", "[--reply FILE] [--allow LIST] | setup", "apply a GitHub issue or comment event (in Actions); setup writes the issue forms", runGitHub},
	}
}

// Run runs sitrep with args (without the program name) and returns the
// exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, now: time.Now}
	return e.run(args)
}

func (e *env) run(args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		e.usage(e.stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	switch args[0] {
	case "--version", "-version", "version":
		fmt.Fprintln(e.stdout, versionLine())
		return exitOK
	case "help":
		return e.help(args[1:])
	}
	if c, ok := lookupCommand(args[0]); ok {
		return e.report(c.run(e, args[1:]))
	}
	fmt.Fprintf(e.stderr, "sitrep: unknown command %q%s\n\n", args[0], choice(args[0], commandNames()))
	e.usage(e.stderr)
	return exitUsage
}

// help prints a command's usage and every flag: "sitrep help new".
func (e *env) help(args []string) int {
	if len(args) == 0 {
		e.usage(e.stdout)
		return exitOK
	}
	c, ok := lookupCommand(args[0])
	if !ok {
		fmt.Fprintf(e.stderr, "sitrep help: unknown command %q%s\n", args[0], choice(args[0], commandNames()))
		return exitUsage
	}
	h := *e
	h.stderr = e.stdout // help asked for is output, not a complaint
	return h.report(c.run(&h, append(args[1:], "-h")))
}

func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// version is the release, and the module version when built by go install.
func (e *env) usage(w io.Writer) {
	fmt.Fprintln(w, "sitrep builds a static status site from Markdown.\n\nUsage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  sitrep %-8s %s\n  %17s%s\n", c.name, c.args, "", c.help)
	}
	fmt.Fprintln(w, "\nRun \"sitrep help COMMAND\" (or \"sitrep COMMAND -h\") for a command's flags; \"sitrep --version\" for the version.")
}

// report prints err and maps it to an exit code. This is the one place
// where errors become exit codes.
func (e *env) report(err error) int {
	var ce *generator.ContentError
	var ue *usageError
	var re *reportedError
	var ae *author.ContentError
	var rq *author.RequestError
	var pe *publish.RefusedError
	if e.ctx.Err() != nil {
		// Stopped: whatever the command returned, it did not finish.
		in := &interrupted{sig: os.Interrupt}
		errors.As(context.Cause(e.ctx), &in)
		if err != nil && !errors.Is(err, context.Canceled) && !errors.As(err, new(*interrupted)) {
			e.say(err) // what the command says of its state
		}
		e.say(in)
		return in.exitCode()
	}
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ce):
		return e.problems(ce.Problems)
	case errors.As(err, &ae):
		return e.problems(ae.Problems)
	case errors.As(err, &rq):
		e.say(rq.Msg)
		return exitUsage
	case errors.As(err, &re):
		e.say(re)
		return exitContent
	case errors.As(err, &ue):
		e.say(ue.msg)
		return exitUsage
	case errors.As(err, &pe):
		e.say(pe)
		return exitUsage
	}
	e.say(err)
	return exitFailure
}

// say prints one line of a failure. Errors carry text from files and
// folders (names, paths, messages of other programs), so control
// characters are written as escapes: no file can drive the terminal.
// Line breaks between the lines of a message (a list of candidates,
// joined errors) are kept.
func (e *env) say(v any) {
	for i, line := range strings.Split(fmt.Sprint(v), "\n") {
		if i == 0 {
			line = "sitrep: " + line
		}
		fmt.Fprintln(e.stderr, status.Printable(line))
	}
}

// problems prints a content failure's problems.
func (e *env) problems(ps status.Problems) int {
	printProblems(e.stderr, ps, "text")
	n := len(ps.Errors())
	fmt.Fprintf(e.stderr, "sitrep: %d error%s; nothing was written\n", n, plural(n))
	return exitContent
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
	synopsis, help := "", ""
	first, _, _ := strings.Cut(name, " ")
	if c, ok := lookupCommand(first); ok {
		synopsis, help = c.args, c.help
	}
	if first != name {
		synopsis = ""
	}
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "usage: sitrep %s %s\n", name, synopsis)
		if help != "" {
			fmt.Fprintf(e.stderr, "\n%s.\n", strings.ToUpper(help[:1])+help[1:])
		}
		fmt.Fprintln(e.stderr, "\nFlags (also after the arguments):")
		fs.PrintDefaults()
	}
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

// register adds --source and --now, which builds as of TIME.
func (s *siteFlags) register(fs *flag.FlagSet) {
	s.registerSource(fs)
	fs.StringVar(&s.now, "now", "", "build as of `TIME` (\"2026-11-22 14:30\" in the site's zone, or RFC 3339); default: SOURCE_DATE_EPOCH, else the clock")
}

// registerWriting adds --source and --now for commands that write
// content, where --now is the time written.
func (s *siteFlags) registerWriting(fs *flag.FlagSet, what string) {
	s.registerSource(fs)
	fs.StringVar(&s.now, "now", "", "the `TIME` "+what+" (15:30 today, 2026-11-22 15:30, or 20m ago); default: the clock; a time in the future is refused without --force")
}

// registerSource adds --source alone.
func (s *siteFlags) registerSource(fs *flag.FlagSet) {
	fs.StringVar(&s.source, "source", "", "site root `DIR` holding content/ (default: the nearest folder upwards from here that has content/site.yaml)")
}

// site is an opened site root.
type site struct {
	dir  string
	root *os.Root
	loc  *time.Location
}

// dir finds the site root: --source, or the nearest folder from the
// current one upwards that holds content/site.yaml.
func (s *siteFlags) dir() (string, error) {
	if s.source == "" {
		return author.FindRoot(".")
	}
	if _, err := os.Stat(filepath.Join(s.source, content.Dir, "site.yaml")); err != nil {
		return "", usagef("no content/site.yaml in %s (is --source the directory that holds content/?)", s.source)
	}
	return s.source, nil
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

// openAt finds and opens the site root, and returns the moment to act
// at (see time).
func (s *siteFlags) openAt(e *env) (*site, time.Time, error) {
	st, err := s.open()
	if err != nil {
		return nil, time.Time{}, err
	}
	now, err := s.time(e, st.loc)
	if err != nil {
		st.root.Close()
		return nil, time.Time{}, err
	}
	return st, now, nil
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

// clock returns the clock serve and watch build at: fixed by --now or
// SOURCE_DATE_EPOCH, else the real one.
func (s *siteFlags) clock(e *env, dir string) (func() time.Time, error) {
	if s.now == "" && e.getenv("SOURCE_DATE_EPOCH") == "" {
		return e.now, nil
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	cfg, _ := content.ReadConfig(root.FS())
	t, err := s.time(e, cfg.Location)
	if err != nil {
		return nil, err
	}
	return func() time.Time { return t }, nil
}
