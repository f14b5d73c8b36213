package watch_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/watch"
	"github.com/sitrep/sitrep/generator/watch/watchtest"
	"github.com/sitrep/sitrep/themes"
)

var testNow = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func fixedNow() time.Time { return testNow }

// running is a watch.Run in a test.
type running struct {
	dir, out string
	builds   *watchtest.Recorder[watch.Build]
	stop     func() error // ends Run and returns its error
}

// start watches the site in dir, syncing to a new directory, and waits for
// the first build.
func start(t testing.TB, dir string, edit func(*watch.Options)) (*running, watch.Build) {
	t.Helper()
	r := &running{dir: dir, out: filepath.Join(t.TempDir(), "public"), builds: watchtest.NewRecorder[watch.Build]()}
	opts := watch.Options{Dir: dir, Out: r.out, Now: fixedNow, Render: watchtest.Render, OnBuild: r.builds.Add,
		OnError: func(err error) { t.Errorf("watch error: %v", err) }}
	if edit != nil {
		edit(&opts)
	}
	r.stop = watchtest.Go(t, func(ctx context.Context) error { return watch.Run(ctx, opts) })
	first := r.builds.Next(t, "at start", nil)
	if first.Cause != watch.Start || first.N != 1 {
		t.Fatalf("first build: cause %v, n %d", first.Cause, first.N)
	}
	return r, first
}

// settle waits until a build has seen path change and public/ equals a
// fresh build of the files now on disk. It returns the builds it saw.
func (r *running) settle(t *testing.T, path string) []watch.Build {
	t.Helper()
	want := watchtest.Fresh(t, r.dir, testNow)
	var seen []watch.Build
	saw := path == ""
	for {
		b := r.builds.Next(t, "seeing "+path, nil)
		seen = append(seen, b)
		saw = saw || slices.Contains(b.Changed, path)
		if saw && b.Err == nil && len(watchtest.DiffDir(r.out, want)) == 0 {
			return seen
		}
	}
}

const (
	api   = "content/incidents/2026-11-20-api-errors.md"
	web   = "content/incidents/2026-11-21-web-slow.md"
	web2  = "content/incidents/2026-11-21-website-slow.md"
	maint = "content/maintenance/2026-11-23-db-upgrade.md"
)

func maintenance(title string) string {
	return "---\ntitle: " + title + "\ncomponents: [api]\nscheduled_for: 2026-11-23 02:00\nscheduled_until: 2026-11-23 04:00\n---\nWe upgrade the database.\n"
}

func TestEverySaveReachesTheOutput(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	r, first := start(t, dir, nil)
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	if d := watchtest.DiffDir(r.out, watchtest.Fresh(t, dir, testNow)); len(d) > 0 {
		t.Fatalf("first build differs from a fresh build: %v", d)
	}
	steps := []struct {
		name string
		path string // the path the watcher must report
		do   func(t *testing.T)
		gone string // an output path that must no longer exist
	}{
		{"a new incident is built", web, func(t *testing.T) {
			watchtest.WriteFile(t, dir, web, watchtest.Incident("Website slow", "web", "2026-11-21 09:00", "Investigating"))
		}, ""},
		{"an edited incident is rebuilt", web, func(t *testing.T) {
			watchtest.WriteFile(t, dir, web, watchtest.Incident("Website very slow", "web", "2026-11-21 09:00", "Identified"))
		}, ""},
		{"a save by rename and replace is seen", web, func(t *testing.T) {
			watchtest.SaveByRename(t, dir, web, watchtest.Incident("Website slow again", "web", "2026-11-21 09:00", "Monitoring"))
		}, ""},
		{"a save the way vim makes it is seen", web, func(t *testing.T) {
			p := filepath.Join(dir, web)
			probe := filepath.Join(filepath.Dir(p), "4913")
			must(t, os.WriteFile(probe, nil, 0o644))
			must(t, os.Remove(probe))
			must(t, os.Rename(p, p+"~"))
			must(t, os.WriteFile(p, []byte(watchtest.Incident("Website slow (vim)", "web", "2026-11-21 09:00", "Resolved")), 0o644))
			must(t, os.Remove(p+"~"))
		}, ""},
		{"a renamed incident loses its old output", web2, func(t *testing.T) {
			must(t, os.Rename(filepath.Join(dir, web), filepath.Join(dir, web2)))
		}, "incidents/2026-11-21-web-slow/index.html"},
		{"a deleted incident loses its output", web2, func(t *testing.T) {
			must(t, os.Remove(filepath.Join(dir, web2)))
		}, "incidents/2026-11-21-website-slow/index.html"},
		{"a folder created after the start is read", maint, func(t *testing.T) {
			watchtest.WriteFile(t, dir, maint, maintenance("Database upgrade"))
		}, ""},
		{"a file in a folder created after the start is watched", maint, func(t *testing.T) {
			watchtest.WriteFile(t, dir, maint, maintenance("Database upgrade, take two"))
		}, ""},
		{"a theme created after the start is watched", "themes/default/i18n/en.yaml", func(t *testing.T) {
			en, err := fs.ReadFile(themes.Default(), "i18n/en.yaml")
			must(t, err)
			watchtest.WriteFile(t, dir, "themes/default/i18n/en.yaml", string(en)+"\n# changed\n")
		}, ""},
		{"a file in a theme created after the start is watched", "themes/default/i18n/en.yaml", func(t *testing.T) {
			en, err := fs.ReadFile(themes.Default(), "i18n/en.yaml")
			must(t, err)
			watchtest.WriteFile(t, dir, "themes/default/i18n/en.yaml", string(en)+"\n# changed again\n")
		}, ""},
		{"a folder moved away and back is read", "content/incidents", func(t *testing.T) {
			inc := filepath.Join(dir, "content/incidents")
			must(t, os.Rename(inc, inc+"-away"))
			must(t, os.Rename(inc+"-away", inc))
		}, ""},
		{"a folder moved away and back is still watched", api, func(t *testing.T) {
			watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors after the move", "api", "2026-11-20 10:00", "Resolved"))
		}, ""},
		{"a deleted folder loses its output", "content/maintenance", func(t *testing.T) {
			must(t, os.RemoveAll(filepath.Join(dir, "content/maintenance")))
		}, ""},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			s.do(t)
			r.settle(t, s.path)
			if s.gone != "" {
				if _, err := os.Stat(filepath.Join(r.out, s.gone)); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("%s is still in the output (%v)", s.gone, err)
				}
			}
		})
	}
}

func TestEditorLitterAndAttributeChangesDoNotRebuild(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	r, _ := start(t, dir, nil)
	inc := filepath.Join(dir, "content/incidents")
	for _, name := range []string{".2026-11-20-api-errors.md.swp", "2026-11-20-api-errors.md~", "#2026-11-20-api-errors.md#",
		"x.swp", "x.tmp", "4913", "2026-11-20-api-errors.md___jb_old___", ".hidden"} {
		must(t, os.WriteFile(filepath.Join(inc, name), []byte("junk"), 0o644))
	}
	must(t, os.Mkdir(filepath.Join(dir, "content/.git"), 0o755))
	must(t, os.Chmod(filepath.Join(dir, api), 0o600))
	must(t, os.WriteFile(filepath.Join(dir, "outside.txt"), []byte("not watched"), 0o644))
	// The litter above came first; had any of it counted, it would show in
	// this build's list or an earlier build.
	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors, edited", "api", "2026-11-20 10:00", "Resolved"))
	b := r.builds.Next(t, "after the edit", nil)
	if want := []string{api}; !slices.Equal(b.Changed, want) {
		t.Errorf("changed = %q, want %q", b.Changed, want)
	}
}

func TestABadSaveKeepsTheLastGoodOutputUntilTheNextGoodSave(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	r, _ := start(t, dir, nil)
	good := watchtest.Fresh(t, dir, testNow)

	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors", "apii", "2026-11-20 10:00", "Resolved"))
	b := r.builds.Next(t, "after the bad save", nil)
	var ce *generator.ContentError
	if !errors.As(b.Err, &ce) {
		t.Fatalf("bad save: err = %v, want a ContentError", b.Err)
	}
	if msg := ce.Problems.Error(); !strings.Contains(msg, api+":") || !strings.Contains(msg, `"apii"`) {
		t.Errorf("problems do not name the file, line and component:\n%s", msg)
	}
	if d := watchtest.DiffDir(r.out, good); len(d) > 0 {
		t.Errorf("a bad save changed the output: %v", d)
	}

	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors, fixed", "api", "2026-11-20 10:00", "Resolved"))
	r.settle(t, api)
}

func TestASiteThatStartsBrokenIsBuiltOnceFixed(t *testing.T) {
	files := watchtest.Site()
	files[api] = "---\ntitle: [unclosed\n---\n"
	dir := watchtest.WriteSite(t, files)
	r, first := start(t, dir, nil)
	if first.Err == nil {
		t.Fatal("a broken site built")
	}
	if _, err := os.Stat(r.out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed first build created the output directory (%v)", err)
	}
	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors", "api", "2026-11-20 10:00", "Resolved"))
	r.settle(t, api)
}

func TestChangesDuringABuildMakeOneMoreBuild(t *testing.T) {
	dir := watchtest.WriteSite(t, watchtest.Site())
	started := make(chan struct{})
	release := make(chan struct{})
	var running, most, n atomic.Int32
	render := func(ctx context.Context, o generator.Options) (*generator.Result, error) {
		if k := running.Add(1); k > most.Load() {
			most.Store(k)
		}
		defer running.Add(-1)
		if n.Add(1) == 2 { // the first rebuild after the start
			started <- struct{}{}
			<-release
		}
		return watchtest.Render(ctx, o)
	}
	r, _ := start(t, dir, func(o *watch.Options) { o.Render = render })

	watchtest.WriteFile(t, dir, web, watchtest.Incident("Website slow", "web", "2026-11-21 09:00", "Investigating"))
	<-started
	// While that build is held, three more saves arrive.
	watchtest.WriteFile(t, dir, web, watchtest.Incident("Website slower", "web", "2026-11-21 09:00", "Identified"))
	watchtest.WriteFile(t, dir, api, watchtest.Incident("API errors, edited", "api", "2026-11-20 10:00", "Resolved"))
	watchtest.WriteFile(t, dir, web2, watchtest.Incident("Website down", "web", "2026-11-21 10:00", "Investigating"))
	close(release)

	held := r.builds.Next(t, "held", nil)
	if !slices.Equal(held.Changed, []string{web}) {
		t.Errorf("held build changed = %q", held.Changed)
	}
	next := r.builds.Next(t, "after the held build", nil)
	if want := []string{api, web, web2}; !slices.Equal(next.Changed, want) {
		t.Errorf("the saves during the build made a build of %q, want one of %q", next.Changed, want)
	}
	if d := watchtest.DiffDir(r.out, watchtest.Fresh(t, dir, testNow)); len(d) > 0 {
		t.Errorf("output after the coalesced build differs from a fresh build: %v", d)
	}
	if most.Load() != 1 {
		t.Errorf("%d builds ran at once", most.Load())
	}
}

func TestTimePassingRebuildsWithoutAChange(t *testing.T) {
	files := watchtest.Site()
	files[maint] = maintenance("Database upgrade")
	dir := watchtest.WriteSite(t, files)
	var now atomic.Pointer[time.Time]
	before := time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC)
	now.Store(&before)
	r, _ := start(t, dir, func(o *watch.Options) {
		o.Now = func() time.Time { return *now.Load() }
		o.Refresh = 10 * time.Millisecond
	})
	summary := func() string {
		b, err := os.ReadFile(filepath.Join(r.out, watchtest.SummaryPath))
		must(t, err)
		return string(b)
	}
	if s := summary(); !strings.Contains(s, "maintenance 2026-11-23-db-upgrade \"Database upgrade\" scheduled") {
		t.Fatalf("before the window:\n%s", s)
	}
	during := time.Date(2026, 11, 23, 2, 30, 0, 0, time.UTC)
	now.Store(&during)
	b := r.builds.Next(t, "on the clock at 02:30", func(b watch.Build) bool { return b.Now.Equal(during) })
	if b.Cause != watch.Clock || b.Err != nil {
		t.Fatalf("cause %v, err %v", b.Cause, b.Err)
	}
	if s := summary(); !strings.Contains(s, "\"Database upgrade\" in_progress") {
		t.Errorf("during the window, the output still says:\n%s", s)
	}
	if d := watchtest.DiffDir(r.out, watchtest.Fresh(t, dir, during)); len(d) > 0 {
		t.Errorf("differs from a fresh build at 02:30: %v", d)
	}
}

func TestCancelEndsWatchingCleanly(t *testing.T) {
	before := runtime.NumGoroutine()
	dir := watchtest.WriteSite(t, watchtest.Site())
	r, _ := start(t, dir, nil)
	watchtest.WriteFile(t, dir, web, watchtest.Incident("Website slow", "web", "2026-11-21 09:00", "Investigating"))
	r.settle(t, web)
	if err := r.stop(); err != nil {
		t.Fatalf("Run returned %v after cancel", err)
	}
	watchtest.NoGoroutineLeak(t, before)
	for _, d := range []string{dir, r.out} {
		filepath.WalkDir(d, func(p string, e os.DirEntry, err error) error {
			if err == nil && strings.Contains(e.Name(), "sitrep-tmp") {
				t.Errorf("left behind: %s", p)
			}
			return nil
		})
	}
}

func TestRunNeedsAClock(t *testing.T) {
	if err := watch.Run(context.Background(), watch.Options{Dir: t.TempDir()}); err == nil {
		t.Error("Run without Now did not fail")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestRandomEditsNeverLeaveStaleOutput(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			dir := watchtest.WriteSite(t, watchtest.Site())
			r, _ := start(t, dir, func(o *watch.Options) { o.Debounce = 10 * time.Millisecond })
			lastGood := watchtest.Fresh(t, dir, testNow)
			ed := watchtest.NewEditor(dir, seed)
			for i := range 30 {
				what, broken := ed.Step(t)
				if broken {
					b := r.builds.Next(t, "failing after: "+what, func(b watch.Build) bool { return b.Err != nil })
					var ce *generator.ContentError
					if !errors.As(b.Err, &ce) {
						t.Fatalf("step %d (%s): %v", i, what, b.Err)
					}
					if d := watchtest.DiffDir(r.out, lastGood); len(d) > 0 {
						t.Fatalf("step %d (%s): a failed build changed the output: %v", i, what, d)
					}
					continue
				}
				lastGood = watchtest.Fresh(t, dir, testNow)
				for {
					b := r.builds.Next(t, fmt.Sprintf("equal to a fresh build after step %d (%s)", i, what), nil)
					if b.Err == nil && len(watchtest.DiffDir(r.out, lastGood)) == 0 {
						break
					}
				}
			}
		})
	}
}

// TestBuildsAreTimedByTheStopwatchWhenTheSiteShowsAFixedMoment: with
// --now the site's clock stands still, yet the log must say how long a
// build really took, not "0s".
func TestBuildsAreTimedByTheStopwatchWhenTheSiteShowsAFixedMoment(t *testing.T) {
	var ticks atomic.Int64
	stopwatch := func() time.Time { return testNow.Add(time.Duration(ticks.Add(1)) * 5 * time.Millisecond) }
	r, first := start(t, watchtest.ExampleSite(t), func(o *watch.Options) { o.Stopwatch = stopwatch })
	defer r.stop()
	if !first.Now.Equal(testNow) {
		t.Errorf("the build shows %v, want the fixed moment %v", first.Now, testNow)
	}
	if first.Took != 5*time.Millisecond {
		t.Errorf("took %v, want the stopwatch's 5ms between the build's start and end", first.Took)
	}
}
