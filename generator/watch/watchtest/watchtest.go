// Package watchtest helps test code that watches and rebuilds sites: small
// sites on disk, a render that adds a plain-text summary of the model (so
// that tests see every content change whichever renderers are registered),
// fresh builds to compare with, and a recorder of builds to wait on.
package watchtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep/sitrep/generator"
	"github.com/sitrep/sitrep/generator/publish"
)

// SummaryPath and PagePath are the files Render adds to every build: a
// summary of the model, and an HTML page listing the incidents' titles.
const (
	SummaryPath = "sitrep-test/summary.txt"
	PagePath    = "sitrep-test/index.html"
)

// page lists the incidents by title.
var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Incidents</title></head>
<body><ul id="incidents">{{range .}}<li>{{.Title}}</li>{{end}}</ul></body></html>
`))

// Timeout is how long Recorder.Next waits for a build.
const Timeout = 20 * time.Second

// Render renders like generator.Render and adds SummaryPath (one line per
// component, incident and maintenance window with its state at Now, so
// that every content change changes the output) and PagePath.
func Render(ctx context.Context, opts generator.Options) (*generator.Result, error) {
	res, err := generator.Render(ctx, opts)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	m := res.Model
	fmt.Fprintf(&b, "site %q at %s: %s\n", m.Site.Config.Title, m.Now.Format(time.RFC3339), m.Overall.Description)
	for _, c := range m.Components {
		fmt.Fprintf(&b, "component %s %q %s\n", c.ID, c.Name, c.Status)
	}
	for _, in := range m.Incidents {
		fmt.Fprintf(&b, "incident %s %q %s updates=%d\n", in.Slug, in.Title, in.Status, len(in.Updates))
		for _, u := range in.Updates {
			fmt.Fprintf(&b, "  %s %s %q\n", u.At.Format(time.RFC3339), u.Kind, u.Body.Source)
		}
	}
	for _, mt := range m.Maintenances {
		fmt.Fprintf(&b, "maintenance %s %q %s\n", mt.Slug, mt.Title, mt.Status)
	}
	res.Site.Emit(SummaryPath, []byte(b.String()))
	var html bytes.Buffer
	if err := page.Execute(&html, m.Incidents); err != nil {
		return nil, err
	}
	res.Site.Emit(PagePath, html.Bytes())
	if err := res.Site.Err(); err != nil {
		return nil, err
	}
	return res, nil
}

// Fresh builds the site in dir from scratch (a new loader) with Render.
func Fresh(t testing.TB, dir string, now time.Time) *publish.Site {
	t.Helper()
	return FreshAt(t, dir, now, nil)
}

// FreshAt is Fresh with site.yaml's base URL replaced by base (when not nil),
// as serve does.
func FreshAt(t testing.TB, dir string, now time.Time, base *url.URL) *publish.Site {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	res, err := Render(context.Background(), generator.Options{Source: root.FS(), Now: now, BaseURL: base})
	if err != nil {
		t.Fatalf("fresh build of %s: %v", dir, err)
	}
	return res.Site
}

// DiffDir lists how the files in dir (dotfiles aside) differ from site:
// missing, extra and changed paths. Empty means byte for byte equal.
func DiffDir(dir string, site *publish.Site) []string {
	var diffs []string
	seen := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		want, ok := site.File(rel)
		if !ok {
			diffs = append(diffs, "extra "+rel)
			return nil
		}
		got, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			diffs = append(diffs, "changed "+rel)
		}
		return nil
	})
	if err != nil {
		diffs = append(diffs, "walk: "+err.Error())
	}
	for _, p := range site.Paths() {
		if !seen[p] {
			diffs = append(diffs, "missing "+p)
		}
	}
	slices.Sort(diffs)
	return diffs
}

// DiffSites lists how two sites differ. Empty means byte for byte equal.
func DiffSites(got, want *publish.Site) []string {
	var diffs []string
	for _, p := range got.Paths() {
		w, ok := want.File(p)
		g, _ := got.File(p)
		switch {
		case !ok:
			diffs = append(diffs, "extra "+p)
		case !bytes.Equal(g, w):
			diffs = append(diffs, "changed "+p)
		}
	}
	for _, p := range want.Paths() {
		if _, ok := got.File(p); !ok {
			diffs = append(diffs, "missing "+p)
		}
	}
	slices.Sort(diffs)
	return diffs
}

// WriteFile writes a file of the site in dir, creating its directory.
func WriteFile(t testing.TB, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// SaveByRename saves a file the way vim and JetBrains editors do: the new
// bytes go to a temporary file that then replaces the original by rename.
func SaveByRename(t testing.TB, dir, rel, data string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	tmp := p + "___jb_tmp___"
	if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, p); err != nil {
		t.Fatal(err)
	}
}

// Site is a small valid site: its files by path.
func Site() map[string]string {
	return map[string]string{
		"content/site.yaml":                          "title: Test Status\nbase_url: https://status.example.com/\nlanguage: en\ntime_zone: UTC\nuptime_days: 30\n",
		"content/components/api.md":                  "---\nname: API\norder: 1\nsince: 2026-01-01\n---\nThe API.\n",
		"content/components/web.md":                  "---\nname: Website\norder: 2\nsince: 2026-01-01\n---\nThe website.\n",
		"content/incidents/2026-11-20-api-errors.md": Incident("API errors", "api", "2026-11-20 10:00", "Resolved"),
	}
}

// Incident is the text of an incident on component comp that started at
// start and whose latest update is kind (Investigating, Resolved, …).
func Incident(title, comp, start, kind string) string {
	return fmt.Sprintf("---\ntitle: %s\nseverity: P2\ncomponents:\n  %s: partial_outage\n---\n\n"+
		"## %s — %s\nLatest news about %s.\n\n## Investigating — %s\nWe are looking into %s.\n",
		title, comp, kind, laterBy(start, 30*time.Minute), title, start, title)
}

func laterBy(start string, d time.Duration) string {
	t, err := time.Parse("2006-01-02 15:04", start)
	if err != nil {
		panic(err)
	}
	return t.Add(d).Format("2006-01-02 15:04")
}

// WriteSite writes files into a new temporary directory and returns it.
func WriteSite(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for rel, data := range files {
		WriteFile(t, dir, rel, data)
	}
	return dir
}

// Recorder collects builds for a test to wait on.
type Recorder[B any] struct {
	ch chan B
}

// NewRecorder returns a recorder that holds up to 10,000 unread builds.
func NewRecorder[B any]() *Recorder[B] { return &Recorder[B]{ch: make(chan B, 10000)} }

// Add records a build. Use it as an OnBuild hook.
func (r *Recorder[B]) Add(b B) { r.ch <- b }

// Next waits for the next build that satisfies ok (all builds when ok is
// nil), skipping the others, and fails the test after Timeout.
func (r *Recorder[B]) Next(t testing.TB, what string, ok func(B) bool) B {
	t.Helper()
	deadline := time.NewTimer(Timeout)
	defer deadline.Stop()
	for {
		select {
		case b := <-r.ch:
			if ok == nil || ok(b) {
				return b
			}
		case <-deadline.C:
			t.Fatalf("no build %s within %v", what, Timeout)
		}
	}
}

// Pending returns the builds recorded and not yet read, without waiting.
func (r *Recorder[B]) Pending() []B {
	var out []B
	for {
		select {
		case b := <-r.ch:
			out = append(out, b)
		default:
			return out
		}
	}
}

// ExampleSite copies the repository's example site (content/, two folders
// above the calling test's package) into a new directory and returns it.
func ExampleSite(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "content"), os.DirFS(filepath.Join("..", "..", "content"))); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// TitleEditor returns the site's newest incident file and an edit that saves it
// with another title at each call, as an author revising it would.
func TitleEditor(tb testing.TB, dir string) (file string, edit func()) {
	tb.Helper()
	files, err := fs.Glob(os.DirFS(dir), "content/incidents/*.md")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no incidents: %v", err)
	}
	slices.Sort(files)
	file = files[len(files)-1]
	orig, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		tb.Fatal(err)
	}
	title := regexp.MustCompile(`(?m)^title: .*$`)
	i := 0
	return file, func() {
		i++
		src := title.ReplaceAll(orig, fmt.Appendf(nil, "title: Edited in round %d", i))
		if err := os.WriteFile(filepath.Join(dir, file), src, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// Go runs run (watch.Run or serve.Run) until the test ends and returns
// how to end it sooner: stop cancels run's context and returns run's
// error, or an error when run does not return within Timeout. Calls after
// the first return the same.
func Go(t testing.TB, run func(context.Context) error) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx) }()
	stop = sync.OnceValue(func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(Timeout):
			return errors.New("run did not return after cancel")
		}
	})
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Error(err)
		}
	})
	return stop
}

// NoGoroutineLeak fails the test when, once everything started since
// before has had time to end (a deadline, not a sleep), more goroutines
// run than before.
func NoGoroutineLeak(t testing.TB, before int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
}
