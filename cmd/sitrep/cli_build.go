package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/author"
	"github.com/sitrep/sitrep/generator/buildcache"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/github"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/status"
)

// buildWait is how long build waits for another build writing the same
// folder; a watch writing it is refused at once.
const buildWait = 10 * time.Second

// buildMemoryLimit is the soft limit of the Go heap a build sets, unless
// GOMEMLIMIT says otherwise. A build streams its files to disk, so what
// stays in memory is the site's model (about 450 MB at 100,000
// incidents); without a limit the heap grows to twice that between
// collections. Near the limit the collector runs more often instead, and
// above it (a model larger than the limit) the Go runtime caps its share
// at half the CPU.
const buildMemoryLimit = 768 << 20

// buildGCPercent is the garbage collector's target a build sets, unless
// GOGC says otherwise: the heap may grow to 2.7 times what is live
// instead of twice. A build allocates about eight times what it keeps
// (440 MB over a 10,000-incident build that keeps about 50 MB), so this
// makes fewer collections, for some 20 MB more memory at 10,000
// incidents. 200 saved a little more CPU but put the largest of 24 runs
// at 203 MiB; buildMemoryLimit still bounds the heap of a larger site.
const buildGCPercent = 170

// limitMemory sets buildMemoryLimit and buildGCPercent unless the
// environment sets them.
func limitMemory(e *env) {
	if e.getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(buildMemoryLimit)
	}
	if e.getenv("GOGC") == "" {
		debug.SetGCPercent(buildGCPercent)
	}
}

func runBuild(e *env, args []string) error {
	fs := e.flags("build")
	var sf siteFlags
	sf.register(fs)
	out := fs.String("out", "", "write the site to `DIR` (default: public/ in the site root)")
	base := fs.String("base-url", "", "serve the site at `URL` instead of site.yaml's base_url")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	s, err := sf.open()
	if err != nil {
		return err
	}
	defer s.root.Close()
	opts := generator.Options{Source: s.root.FS()}
	if opts.Now, err = sf.time(e, s.loc); err != nil {
		return err
	}
	if *base != "" {
		if opts.BaseURL, err = content.ParseBaseURL(*base); err != nil {
			return usagef("--base-url: %v", err)
		}
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join(s.dir, "public")
	}
	start := time.Now()
	limitMemory(e)
	pub, err := publish.Open(e.ctx, dir, publish.Options{Site: s.dir, Command: "build", Wait: buildWait})
	if err != nil {
		return err
	}
	res, st, err := buildCached(e, opts, pub)
	if cerr := pub.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	printProblems(e.stderr, res.Warnings, "text")
	fmt.Fprintf(e.stdout, "built %d files into %s in %v (%d rendered, %d reused from the last build): %d written, %d unchanged, %d removed\n",
		res.Site.Len(), dir, time.Since(start).Round(time.Millisecond), res.Site.Len()-res.Reused, res.Reused, st.Written, st.Unchanged, st.Removed)
	return nil
}

// buildCached builds into pub, rendering only what changed since the
// build that pub's output folder holds (package buildcache), and saves
// what it built for the next. A file that build made and this one was to
// keep, changed in the output folder meanwhile, makes it build again.
func buildCached(e *env, opts generator.Options, pub *publish.Publisher) (*generator.Result, publish.Stats, error) {
	debug := e.debug()
	copts := buildcache.Options{Lean: true, Debug: debug}
	opts.Loader = buildcache.OpenLoader(pub, copts)
	opts.Memo = buildcache.Open(pub, copts)
	// What was parsed is saved while the site renders (the loader's
	// documents are only read from then on), and even when the content
	// has errors: the next build, after a fix, parses only the files fixed.
	var saving sync.WaitGroup
	opts.Loaded = func(l *content.Loader) {
		debugf(debug, "parse cache: %d content files parsed", l.Parsed())
		saving.Wait() // a build again (KeptError) saves after the first
		saving.Go(func() {
			if err := buildcache.SaveLoader(pub, l, copts); err != nil {
				debugf(debug, "parse cache not saved: %v", err)
			}
		})
	}
	res, st, err := generator.Build(e.ctx, opts, pub)
	if _, ok := errors.AsType[*publish.KeptError](err); ok {
		debugf(debug, "build cache: %v", err)
		res, st, err = generator.Build(e.ctx, opts, pub)
	}
	saving.Wait() // before the output folder's lock is let go
	if err == nil {
		if serr := buildcache.Save(pub, opts.Memo); serr != nil {
			debugf(debug, "build cache not saved: %v", serr) // only a speed-up for the next build
		}
	}
	return res, st, err
}

func runCheck(e *env, args []string) error {
	fs := e.flags("check")
	var sf siteFlags
	sf.register(fs)
	format := fs.String("format", "text", "`text`, or github for GitHub Actions annotations")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "github" {
		return usagef("--format must be text or github, not %q", *format)
	}
	s, err := sf.open()
	if err != nil {
		return err
	}
	defer s.root.Close()
	now, err := sf.time(e, s.loc)
	if err != nil {
		return err
	}
	st, warnings, err := generator.LoadContext(e.ctx, generator.Options{Source: s.root.FS(), Now: now})
	if err == nil {
		warnings = append(warnings, github.CheckForms(s.root.FS(), st)...)
	}
	if tp := author.CheckTemplates(st); err == nil && len(tp) > 0 {
		tp = append(tp, warnings...)
		tp.Sort()
		err = &generator.ContentError{Problems: tp}
	}
	if ce, ok := err.(*generator.ContentError); ok && *format == "github" {
		printProblems(e.stdout, ce.Problems, "github")
		return &reportedError{len(ce.Problems.Errors())}
	}
	if err != nil {
		return err
	}
	printProblems(e.stdout, warnings, *format)
	fmt.Fprintf(e.stdout, "ok: no errors%s\n", warningCount(warnings))
	return nil
}

func warningCount(ws status.Problems) string {
	if len(ws) == 0 {
		return ""
	}
	return fmt.Sprintf(", %d warning%s", len(ws), plural(len(ws)))
}

// printProblems writes problems as "file:line: message" lines, or as
// GitHub Actions workflow commands.
func printProblems(w io.Writer, ps status.Problems, format string) {
	for _, p := range ps {
		if format == "github" {
			kind := "error"
			if p.Warning {
				kind = "warning"
			}
			fmt.Fprintf(w, "::%s file=%s,line=%d::%s\n", kind, ghEscapeProp(status.Printable(p.Pos.File)), max(p.Pos.Line, 1), ghEscape(status.Printable(p.Msg)))
			continue
		}
		fmt.Fprintln(w, p.Report())
	}
}

// GitHub's workflow command escaping.
func ghEscape(s string) string {
	return replacer.Replace(s)
}

func ghEscapeProp(s string) string {
	return propReplacer.Replace(filepath.ToSlash(s))
}
