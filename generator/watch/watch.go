// Package watch rebuilds a site whenever its files change. It watches every
// directory under content/ and themes/ (including directories created
// later) with fsnotify, ignores attribute changes and the temporary files
// editors leave beside the files they save, waits for a burst of events to
// settle, and runs one build at a time: a change that arrives while a build
// runs makes exactly one more build. With nothing changing it still
// rebuilds now and then with a fresh time, so that maintenance windows
// start and next-update promises pass on their own.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/buildcache"
	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render"
)

// Defaults for Options.
const (
	DefaultDebounce = 100 * time.Millisecond
	DefaultMaxDelay = time.Second
	DefaultRefresh  = time.Minute
)

// watched are the directories under the site root whose files make a
// rebuild.
func watched() []string { return []string{content.Dir, "themes"} }

// Options say what to watch and what to do with each build.
type Options struct {
	// Dir is the site root on disk: the directory holding content/.
	Dir string
	// Out, when set, is the folder every good build is published to
	// (package publish); watch holds its lock while it runs.
	Out string
	// BaseURL, when set, replaces site.yaml's base_url.
	BaseURL *url.URL
	// Now is the clock the site is built at. Required.
	Now func() time.Time
	// Stopwatch measures how long a build takes (Build.Took); default:
	// Now. It differs from Now when Now is fixed (--now): the site shows
	// one moment, while builds still take real time.
	Stopwatch func() time.Time
	// Debounce is how long the files must be quiet before a rebuild starts
	// (default DefaultDebounce); MaxDelay caps the wait under a steady
	// stream of events (default DefaultMaxDelay).
	Debounce, MaxDelay time.Duration
	// Refresh is how often the site is rebuilt at a fresh Now when no file
	// changes (default DefaultRefresh).
	Refresh time.Duration
	// Render renders the site in memory (default generator.Render).
	Render func(context.Context, generator.Options) (*generator.Result, error)
	// OnBuild is called after every build, good or bad, one at a time, on
	// the goroutine that runs Run. The next build waits for it to return.
	OnBuild func(Build)
	// OnError is told about watcher errors that do not stop watching (an
	// overflowing event queue, a directory that could not be watched).
	OnError func(error)
}

// Cause says why a build ran.
type Cause int

// Causes of a build.
const (
	Start  Cause = iota // the first build
	Change              // files changed
	Clock               // time passed (Options.Refresh)
)

// String names the cause: start, change or clock.
func (c Cause) String() string {
	switch c {
	case Start:
		return "start"
	case Change:
		return "change"
	}
	return "clock"
}

// Build is one build: why it ran and what came of it.
type Build struct {
	N       int // 1 for the first build
	Cause   Cause
	Changed []string  // for Change: the changed paths, slash-separated, relative to Dir, sorted
	Now     time.Time // the moment the site was built at
	// Result is the rendered site; nil when Err is a render error.
	Result *generator.Result
	// Stats is what publishing to Options.Out changed.
	Stats publish.Stats
	// Err is why the build failed: a *generator.ContentError for mistakes
	// in the content, or an error rendering or writing the site.
	Err error
	// Took is the time from the start of the build to its end, by
	// Options.Stopwatch.
	Took time.Duration
}

// Run builds the site, then rebuilds it on every change until ctx is done.
// It returns nil when ctx ends, and an error only when it cannot watch at
// all. Build failures do not stop it; they go to OnBuild.
func Run(ctx context.Context, opts Options) error {
	if opts.Now == nil {
		return errors.New("watch: Options.Now is required")
	}
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = DefaultMaxDelay
	}
	if opts.Refresh <= 0 {
		opts.Refresh = DefaultRefresh
	}
	if opts.Render == nil {
		opts.Render = generator.Render
	}
	root, err := os.OpenRoot(opts.Dir)
	if err != nil {
		return err
	}
	defer root.Close()
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer fw.Close()

	w := &watcher{opts: opts, root: root, fw: fw, loader: new(content.Loader), memo: render.NewMemo(), pending: map[string]bool{}, dirs: map[string]bool{}, links: map[string][]string{}}
	if opts.Out != "" {
		if w.pub, err = publish.Open(ctx, opts.Out, publish.Options{Site: opts.Dir, Command: "watch"}); err != nil {
			return err
		}
		defer w.pub.Close()
		// What the last build into Out (of any process) made is kept
		// where unchanged; on the way out, what this one made is saved
		// (failing to save only makes the next build render more).
		w.memo = buildcache.Open(w.pub, buildcache.Options{})
		defer buildcache.Save(w.pub, w.memo)
	}
	// The root itself is watched (not recursively) to see content/ and
	// themes/ appear, disappear or be replaced.
	if err := fw.Add(opts.Dir); err != nil {
		return fmt.Errorf("watch: %s: %w", opts.Dir, err)
	}
	for _, d := range watched() {
		w.addTree(filepath.Join(opts.Dir, d), false)
	}
	w.build(ctx, Start)
	return w.loop(ctx)
}

type watcher struct {
	opts    Options
	root    *os.Root
	fw      *fsnotify.Watcher
	loader  *content.Loader
	memo    *render.Memo        // rendered outputs kept between builds
	pub     *publish.Publisher  // Out, locked; nil without Out
	pending map[string]bool     // changed paths since the last build
	dirs    map[string]bool     // directories being watched
	links   map[string][]string // targets of links in the watched folders (files elsewhere in the site): the links
	// rescan is set when a watched directory was moved or removed: the
	// paths of later events may then be stale, so the next build looks at
	// every file instead of only the changed ones.
	rescan bool
	n      int
}

func (w *watcher) loop(ctx context.Context) error {
	quiet := time.NewTimer(0)
	quiet.Stop()
	deadline := time.NewTimer(0)
	deadline.Stop()
	defer quiet.Stop()
	defer deadline.Stop()
	tick := time.NewTicker(w.opts.Refresh)
	defer tick.Stop()

	rebuild := func() {
		quiet.Stop()
		deadline.Stop()
		w.build(ctx, Change)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.fw.Events:
			if !ok {
				return nil
			}
			idle := len(w.pending) == 0
			if !w.note(ev) {
				continue
			}
			if idle {
				deadline.Reset(w.opts.MaxDelay)
			}
			quiet.Reset(w.opts.Debounce)
		case err, ok := <-w.fw.Errors:
			if !ok {
				return nil
			}
			w.report(err)
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: watch every directory again and
				// rebuild, which re-reads whatever changed.
				for _, d := range watched() {
					w.addTree(filepath.Join(w.opts.Dir, d), false)
				}
				if len(w.pending) == 0 {
					deadline.Reset(w.opts.MaxDelay)
				}
				w.pending[lostEvents] = true
				quiet.Reset(w.opts.Debounce)
			}
		case <-quiet.C:
			rebuild()
		case <-deadline.C:
			rebuild()
		case <-tick.C:
			if len(w.pending) == 0 {
				w.build(ctx, Clock)
			}
		}
	}
}

// note records an event and reports whether it calls for a rebuild.
func (w *watcher) note(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod || ev.Op == 0 {
		return false
	}
	linked := false
	for _, l := range w.links[ev.Name] {
		// A file some content links to: the links changed too.
		if rel, err := filepath.Rel(w.opts.Dir, l); err == nil {
			w.pending[filepath.ToSlash(rel)] = true
			linked = true
		}
	}
	return w.noteFile(ev) || linked
}

// noteFile records an event in the watched folders.
func (w *watcher) noteFile(ev fsnotify.Event) bool {
	rel, err := filepath.Rel(w.opts.Dir, ev.Name)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	rel = filepath.ToSlash(rel)
	if ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Remove) {
		if w.dirs[ev.Name] {
			w.rescan = true
			delete(w.dirs, ev.Name)
		}
	}
	top, _, _ := strings.Cut(rel, "/")
	if !slices.Contains(watched(), top) {
		return false
	}
	for part := range strings.SplitSeq(rel, "/") {
		if content.Ignored(part) {
			return false
		}
	}
	if ev.Has(fsnotify.Create) {
		// A new directory, or one moved in: watch it and everything in it.
		// Files already inside may have come before the watch; they count
		// as changed.
		if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() {
			w.addTree(ev.Name, true)
			return true
		}
	}
	w.pending[rel] = true
	return true
}

// addTree watches dir and every directory below it, and with note, marks
// the directories and files in it as changed. A missing dir is not an
// error: it is watched once it is created.
func (w *watcher) addTree(dir string, note bool) {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if p != dir && content.Ignored(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if note {
			if rel, err := filepath.Rel(w.opts.Dir, p); err == nil {
				w.pending[filepath.ToSlash(rel)] = true
			}
		}
		if d.Type()&fs.ModeSymlink != 0 {
			w.follow(p)
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		w.dirs[p] = true
		return w.fw.Add(p)
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		w.report(fmt.Errorf("watching %s: %w", dir, err))
	}
}

// follow watches the target of the link at p, when it is a file inside
// the site (the loader reads no other), so that saving the target counts
// as a change of the link.
func (w *watcher) follow(p string) {
	target, err := filepath.EvalSymlinks(p)
	if err != nil {
		return // a broken link: the loader says so
	}
	root, err := filepath.EvalSymlinks(w.opts.Dir)
	if err != nil {
		return
	}
	if rel, err := filepath.Rel(root, target); err != nil || !filepath.IsLocal(rel) {
		return
	}
	if st, err := os.Stat(target); err != nil || st.IsDir() {
		return
	}
	if !slices.Contains(w.links[target], p) {
		w.links[target] = append(w.links[target], p)
	}
	if dir := filepath.Dir(target); !w.dirs[dir] {
		if err := w.fw.Add(dir); err != nil {
			w.report(fmt.Errorf("watching %s: %w", dir, err))
			return
		}
		w.dirs[dir] = true
	}
}

func (w *watcher) report(err error) {
	if w.opts.OnError != nil {
		w.opts.OnError(err)
	}
}

// build renders the site at a fresh now, publishes it to Out when it rendered,
// and reports the build.
func (w *watcher) build(ctx context.Context, cause Cause) {
	w.n++
	started := w.stopwatch()
	b := Build{N: w.n, Cause: cause, Now: w.opts.Now()}
	// Tell the loader which files changed, so that it trusts its cache
	// for the rest instead of looking at every file again. (A clock build
	// runs only with nothing pending.)
	changed := slices.AppendSeq(make([]string, 0, len(w.pending)), maps.Keys(w.pending)) // not nil: nil means "unknown"
	slices.Sort(changed)
	if w.pending[lostEvents] || w.rescan {
		w.loader.Changed(nil)
		w.rescan = false
	} else {
		w.loader.Changed(changed)
	}
	if cause == Change {
		b.Changed = changed
		clear(w.pending)
	}
	b.Result, b.Err = w.opts.Render(ctx, generator.Options{
		Source:  w.root.FS(),
		Now:     b.Now,
		BaseURL: w.opts.BaseURL,
		Loader:  w.loader,
		Memo:    w.memo,
	})
	if b.Err == nil && w.pub != nil {
		if cause == Clock {
			// Now and then, look at every file of Out: someone may have
			// changed it deep inside, where a save's quick check does
			// not look.
			w.pub.Verify()
		}
		b.Stats, b.Err = w.pub.Publish(ctx, b.Result.Site)
	}
	b.Took = w.stopwatch().Sub(started)
	if ctx.Err() != nil {
		return // interrupted: not a build worth reporting
	}
	if w.opts.OnBuild != nil {
		w.opts.OnBuild(b)
	}
}

// lostEvents stands in the changed paths when fsnotify dropped events:
// then anything may have changed.
const lostEvents = "(lost events)"

// stopwatch is the clock builds are timed by.
func (w *watcher) stopwatch() time.Time {
	if w.opts.Stopwatch != nil {
		return w.opts.Stopwatch()
	}
	return w.opts.Now()
}
