// Package generator turns a site directory into a static status site:
// load content, validate it, derive the view model at a moment, and render
// every output: in memory (Render), or into the spare tree of an output
// folder as it is made and then published whole (Build, see package
// publish).
package generator

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sitrep/sitrep/generator/content"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/publish"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/status"
	"github.com/sitrep/sitrep/generator/view"
	"github.com/sitrep/sitrep/themes"
)

// Options say what to build.
type Options struct {
	// Source is the site root: the file system holding content/ and
	// optionally themes/. Use os.OpenRoot(dir).FS() so that links out of
	// the site cannot be followed.
	Source fs.FS
	// Now is the moment the site shows. Required.
	Now time.Time
	// BaseURL, when set, replaces site.yaml's base_url.
	BaseURL *url.URL
	// Loader, when set, is reused between builds so that unchanged files
	// are not parsed again (watch mode).
	Loader *content.Loader
	// Memo, when set, is reused between builds so that outputs whose
	// inputs are unchanged are not rendered again (watch mode, and across
	// processes: see package buildcache).
	Memo *render.Memo
	// Loaded, when set, is called once the loader has read every content
	// file, before validating and rendering (which only read what it
	// loaded): `sitrep build` saves the parse cache meanwhile.
	Loaded func(*content.Loader)
}

// Result is a rendered site and what was noticed on the way.
type Result struct {
	Site     *publish.Site
	Model    *view.Model
	Warnings status.Problems
	Reused   int // outputs taken from Options.Memo (or kept as published) instead of rendered
}

// ContentError is a build that failed because of the content: every
// problem found, errors and warnings, in file order.
type ContentError struct {
	Problems status.Problems
}

func (e *ContentError) Error() string { return e.Problems.Error() }

// Load reads and validates the site's content at opts.Now. A content
// problem is returned as *ContentError.
func Load(opts Options) (*status.Site, status.Problems, error) {
	return LoadContext(context.Background(), opts)
}

// LoadContext is Load that stops when ctx is done, returning its cause.
func LoadContext(ctx context.Context, opts Options) (*status.Site, status.Problems, error) {
	if opts.Now.IsZero() {
		return nil, nil, errors.New("generator: Options.Now is required")
	}
	loader := opts.Loader
	if loader == nil {
		loader = new(content.Loader)
	}
	site, probs, err := loader.LoadContext(ctx, opts.Source)
	if err != nil {
		return nil, nil, err
	}
	if opts.Loaded != nil {
		opts.Loaded(loader)
	}
	if site != nil {
		// Files with errors are left out of the site; validating the rest
		// still reports every cross-file problem in one run.
		probs = append(probs, site.Validate(opts.Now)...)
		probs.Sort()
	}
	if site == nil || len(probs.Errors()) > 0 {
		return nil, nil, &ContentError{Problems: probs}
	}
	if opts.BaseURL != nil {
		site.Config.BaseURL = opts.BaseURL
	}
	return site, probs, nil
}

// Render builds the whole site in memory. Nothing is written to disk.
func Render(ctx context.Context, opts Options) (*Result, error) {
	site, warnings, err := LoadContext(ctx, opts)
	if err != nil {
		return nil, err
	}
	out := publish.NewSite()
	res, err := renderSite(ctx, opts, site, warnings, sink{emit: out.Emit, keep: out.Keep})
	if err == nil {
		err = out.Err()
	}
	if err != nil {
		opts.Memo.Abort()
		return nil, err
	}
	res.Site = out
	res.Reused = opts.Memo.Next()
	return res, nil
}

// sink is where a build's files go: see the fields of render.Context
// of the same names.
type sink struct {
	emit         func(string, []byte)
	keep         func(string, publish.Digest)
	expect       func([]string)
	keepsNoBytes bool
}

// renderSite renders a loaded site, handing every file to out. On an
// error the caller aborts opts.Memo; on success it ends its build.
func renderSite(ctx context.Context, opts Options, site *status.Site, warnings status.Problems, out sink) (*Result, error) {
	theme := Theme(opts.Source, site.Config.Theme)
	strs, err := Strings(theme, site.Config.Language)
	if err != nil {
		return nil, err
	}
	rc := &render.Context{
		Model:   view.New(site, opts.Now),
		URLs:    paths.New(site.Config.BaseURL),
		Theme:   theme,
		Strings: strs,
		Emit:    out.emit,
		Keep:    out.keep,
		Expect:  out.expect,
		Memo:    opts.Memo,

		EmitKeepsNoBytes: out.keepsNoBytes,
	}
	opts.Memo.Start(rc)
	if err := runAll(ctx, rc, Renderers()); err != nil {
		return nil, err
	}
	return &Result{Model: rc.Model, Warnings: warnings}, nil
}

// runAll runs the renderers concurrently. The first failure cancels the
// others; their cancellations are not reported on top of it.
func runAll(parent context.Context, rc *render.Context, rs []render.Renderer) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	errs := make([]error, len(rs))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, r := range rs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				errs[i] = err
				return
			}
			if err := r.Render(ctx, rc); err != nil {
				errs[i] = fmt.Errorf("%s: %w", r.Name(), err)
				cancel()
			}
		})
	}
	wg.Wait()
	if err := parent.Err(); err != nil {
		return err
	}
	return errors.Join(slices.DeleteFunc(errs, func(err error) bool { return errors.Is(err, context.Canceled) })...)
}

// Build renders the site into the output folder out (opened with
// publish.Open) while it renders: each file goes into the spare tree as
// it is made (publish.Stream), and only when every file rendered is the
// new tree exchanged with the output folder. A failed or cancelled build
// leaves the output folder untouched. Result.Site holds the paths and
// digests of the files, not their bytes (Site.File reads them from out).
func Build(ctx context.Context, opts Options, out *publish.Publisher) (*Result, publish.Stats, error) {
	site, warnings, err := LoadContext(ctx, opts)
	if err != nil {
		return nil, publish.Stats{}, err
	}
	w, err := out.Begin(ctx)
	if err != nil {
		return nil, publish.Stats{}, err
	}
	// A file that cannot be written stops the renderers.
	rctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stopOnError := func() {
		if err := w.Err(); err != nil {
			cancel(err)
		}
	}
	emit := func(p string, data []byte) { w.Emit(p, data); stopOnError() }
	keep := func(p string, d publish.Digest) { w.Keep(p, d); stopOnError() }
	// The stream writes each file before Emit returns and keeps only its
	// digest: renderers may reuse their buffers.
	res, err := renderSite(rctx, opts, site, warnings, sink{emit: emit, keep: keep, expect: w.Expect, keepsNoBytes: true})
	if err != nil && w.Err() == nil {
		w.Abort()
		opts.Memo.Abort()
		return nil, publish.Stats{}, err
	}
	// When a file could not be written, the renderers' error is only
	// their cancellation: Commit reports the write's error and clears
	// what the stream made.
	s, st, err := w.Commit(ctx)
	if err != nil {
		opts.Memo.Abort()
		return nil, st, err
	}
	res.Site = s
	res.Reused = opts.Memo.Next()
	return res, st, nil
}

// Theme returns the theme a site renders with: its themes/<name>/ files
// over the embedded default theme.
//
// Links in themes/<name>/ may lead only to places inside it (see
// themeDir): one that leads elsewhere is an error, never a silent
// fallback to the default theme's file.
func Theme(source fs.FS, name string) fs.FS {
	dir := path.Join("themes", name)
	if st, err := fs.Stat(source, dir); err != nil || !st.IsDir() {
		return themes.Default()
	}
	t := themeDir{src: source, dir: dir}
	return siteTheme{FS: render.Overlay(t, themes.Default()), own: t}
}

// siteTheme is a site's theme over the default one; it knows which files
// are the site's, so that problems in them name their path in the site.
type siteTheme struct {
	fs.FS
	own themeDir
}

// ReadDir lists both themes' files, as the overlay does.
func (t siteTheme) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(t.FS, name) }

// themeFile names a theme's file in messages: its path in the site, or
// the default theme's.
func themeFile(theme fs.FS, file string) string {
	if t, ok := theme.(siteTheme); ok && t.own.has(file) {
		return path.Join(t.own.dir, file)
	}
	return "sitrep's default theme: " + file
}

// Strings reads the theme's UI strings for a language, falling back to
// English for keys the language lacks.
func Strings(theme fs.FS, lang string) (render.Strings, error) {
	read := func(l string) (map[string]string, error) {
		file := "i18n/" + l + ".yaml"
		src, err := fs.ReadFile(theme, file)
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		m, probs := content.ReadStrings(themeFile(theme, file), src)
		if len(probs) > 0 {
			return nil, &ContentError{Problems: probs}
		}
		return m, nil
	}
	en, err := read("en")
	if err != nil {
		return nil, err
	}
	if lang == "en" {
		return en, nil
	}
	own, err := read(lang)
	if err != nil {
		return nil, err
	}
	// A language gives its own plural forms: where it has key_other,
	// English's key_one must not stand in for a count of 1 ("1 hour").
	for k := range en {
		if base, ok := strings.CutSuffix(k, "_one"); ok {
			if _, has := own[base+"_other"]; has {
				delete(en, k)
			}
		}
	}
	for k, v := range own {
		en[k] = v
	}
	return en, nil
}
