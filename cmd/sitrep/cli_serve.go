package main

import (
	"errors"
	"fmt"
	"io"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/serve"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/watch"
)

// defaultAddr is where "sitrep serve" listens without --addr.
const defaultAddr = "127.0.0.1:1313"

func runWatch(e *env, args []string) error {
	fs := e.flags("watch")
	var sf siteFlags
	sf.register(fs)
	out := fs.String("out", "", "write the site to `DIR` (default: public/ in the site root)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	siteDir, err := sf.dir()
	if err != nil {
		return err
	}
	now, err := sf.clock(e, siteDir)
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(siteDir, "public")
	}
	l := &buildLog{stdout: e.stdout, stderr: e.stderr, out: dir}
	return watch.Run(e.ctx, watch.Options{
		Dir:       siteDir,
		Out:       dir,
		Now:       now,
		Stopwatch: e.now,
		OnBuild:   func(b watch.Build) { l.build(serve.Update{Build: b}) },
		OnError:   l.watchError,
	})
}

func runServe(e *env, args []string) error {
	fs := e.flags("serve")
	var sf siteFlags
	sf.register(fs)
	addr := fs.String("addr", defaultAddr, "listen on `HOST:PORT`")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	siteDir, err := sf.dir()
	if err != nil {
		return err
	}
	now, err := sf.clock(e, siteDir)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return listenError(*addr, err)
	}
	l := &buildLog{stdout: e.stdout, stderr: e.stderr, url: serve.BaseURL(ln.Addr()).String()}
	fmt.Fprintf(e.stdout, "serving %s; watching content/ and themes/; Ctrl-C stops\n", l.url)
	return serve.Run(e.ctx, ln, serve.Options{
		Dir:       siteDir,
		Addr:      *addr,
		Now:       now,
		Stopwatch: e.now,
		OnBuild:   l.build,
		OnError:   l.watchError,
	})
}

// listenError says why the server cannot listen, with what to do about it.
func listenError(addr string, err error) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		next := "127.0.0.1:1314"
		if host, port, err := net.SplitHostPort(addr); err == nil {
			if n, err := strconv.Atoi(port); err == nil && n > 0 && n < 65535 {
				next = net.JoinHostPort(host, strconv.Itoa(n+1))
			}
		}
		return fmt.Errorf("cannot serve on %s: the port is in use (is another sitrep serve running?); choose another with --addr %s", addr, next)
	}
	return fmt.Errorf("cannot serve on %s: %w (choose another address with --addr HOST:PORT)", addr, err)
}

// buildLog prints one line per build of watch or serve, and a failed
// build's problems when they are new.
type buildLog struct {
	stdout, stderr io.Writer
	out            string // watch: the output directory
	url            string // serve: where the site is served
	problems       string // the problems printed last
	warnings       string // the warnings printed last
}

func (l *buildLog) build(u serve.Update) {
	b := u.Build
	if b.Cause == watch.Start && l.url == "" {
		defer fmt.Fprintln(l.stdout, "watching content/ and themes/; Ctrl-C stops")
	}
	at := b.Now.Format("15:04:05")
	took := b.Took.Round(100 * time.Microsecond).String()
	if b.Err != nil {
		var ce *generator.ContentError
		text := b.Err.Error()
		if errors.As(b.Err, &ce) {
			var sb strings.Builder
			printProblems(&sb, ce.Problems, "text")
			text = sb.String()
		}
		if text == l.problems && b.Cause != watch.Change {
			return // the same failure again, on the clock
		}
		l.problems = text
		fmt.Fprintf(l.stderr, "%s %s:\n%s", at, l.cause(b), strings.TrimRight(text, "\n")+"\n")
		if ce != nil {
			n := len(ce.Problems.Errors())
			fmt.Fprintf(l.stderr, "%s %d error%s; %s\n", at, n, plural(n), l.kept(b))
		} else {
			fmt.Fprintf(l.stderr, "%s build failed; %s\n", at, l.kept(b))
		}
		return
	}
	recovered := l.problems != ""
	l.problems = ""
	l.warn(b.Result.Warnings)
	changed := u.Files > 0
	if l.out != "" {
		changed = b.Stats.Written+b.Stats.Removed > 0
	}
	if b.Cause == watch.Clock && !changed && !recovered {
		return
	}
	var what string
	switch {
	case b.Cause == watch.Start && l.out != "":
		what = fmt.Sprintf("built %d files into %s", b.Result.Site.Len(), l.out)
	case b.Cause == watch.Start:
		what = fmt.Sprintf("built %d files", b.Result.Site.Len())
	default:
		what = l.cause(b)
	}
	switch {
	case l.out != "":
		what += fmt.Sprintf(": %d written, %d removed", b.Stats.Written, b.Stats.Removed)
	case b.Cause != watch.Start:
		what += fmt.Sprintf(": %d file%s changed, %d page%s reloaded", u.Files, plural(u.Files), u.Reloaded, plural(u.Reloaded))
	}
	fmt.Fprintf(l.stdout, "%s %s in %s\n", at, what, took)
}

// cause says why a build ran: the changed files, or the clock.
func (l *buildLog) cause(b watch.Build) string {
	switch b.Cause {
	case watch.Start:
		return "first build"
	case watch.Clock:
		return "time passed"
	}
	switch n := len(b.Changed); n {
	case 0:
		return "changed"
	case 1:
		return b.Changed[0] + " changed"
	default:
		return fmt.Sprintf("%s and %d more changed", b.Changed[0], n-1)
	}
}

// kept says what stays after a failed build.
func (l *buildLog) kept(b watch.Build) string {
	switch {
	case l.url != "" && b.N > 1:
		return "still serving the last good build"
	case l.url != "":
		return "serving a notice until a good save"
	case b.N > 1:
		return l.out + " keeps the last good build"
	}
	return "nothing written until a good save"
}

func (l *buildLog) warn(ws status.Problems) {
	var sb strings.Builder
	printProblems(&sb, ws, "text")
	if sb.String() != l.warnings {
		l.warnings = sb.String()
		fmt.Fprint(l.stderr, l.warnings)
	}
}

func (l *buildLog) watchError(err error) {
	fmt.Fprintf(l.stderr, "sitrep: %v\n", err)
}
