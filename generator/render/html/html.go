// Package html renders the status site's pages: the front page, one page
// per incident, component and maintenance window, the history, the
// reliability report, 404.html, sitemap.xml and robots.txt, with the
// theme's static assets under content-hashed names.
//
// Templates are parsed once per build; then every page is a small function
// of the model and one item (pageFor…), rendered by a pool of workers.
package html

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/sitrep/sitrep/generator/metrics"
	"github.com/sitrep/sitrep/generator/paths"
	"github.com/sitrep/sitrep/generator/render"
	"github.com/sitrep/sitrep/generator/render/report"
	"github.com/sitrep/sitrep/generator/view"
)

// Renderer writes the HTML pages.
type Renderer struct{}

// New returns the HTML renderer.
func New() *Renderer { return &Renderer{} }

// Name says what the renderer writes.
func (*Renderer) Name() string { return "html" }

// Render writes every page, the static assets, sitemap.xml and robots.txt.
func (*Renderer) Render(ctx context.Context, c *render.Context) error {
	s, err := newSite(c)
	if err != nil {
		return err
	}
	for p, b := range s.assets.files {
		c.Emit(p, b)
	}
	jobs := s.jobs()
	if err := s.run(ctx, jobs); err != nil {
		return err
	}
	c.Emit(paths.Sitemap, sitemap(c.URLs, jobs))
	c.Emit(paths.Robots, robots(c.URLs))
	return nil
}

// layouts are the page templates; each is parsed over base.html and partials.html.
var layouts = [...]string{"index", "incident", "component", "maintenance", "history", "report", "404"}

// site is one build's renderer state: parsed templates, hashed assets and
// the words of the site's language. It is read-only once made.
type site struct {
	c      *render.Context
	m      *view.Model
	w      *words
	tmpl   map[string]*template.Template
	assets assets

	report     *report.Page                  // the reliability report, in words, for its page
	components map[string]*metrics.Component // each component's numbers in the report, by id

	taskLabels *strings.Replacer  // see markdown
	chrome     map[string]*chrome // by layout
	frags      fragments
	lineHTML   []template.HTML        // each incident's list line, by position in Model.Incidents
	lineAt     map[*view.Incident]int // position in Model.Incidents
}

func newSite(c *render.Context) (*site, error) {
	s := &site{c: c, m: c.Model, w: newWords(c.Strings, c.Model.Loc), tmpl: map[string]*template.Template{}}
	s.taskLabels = strings.NewReplacer(
		`<input checked="" disabled="" type="checkbox">`, `<input checked="" disabled="" type="checkbox" aria-label="`+template.HTMLEscapeString(s.w.T("task.done"))+`">`,
		`<input disabled="" type="checkbox">`, `<input disabled="" type="checkbox" aria-label="`+template.HTMLEscapeString(s.w.T("task.todo"))+`">`,
	)
	var err error
	if s.assets, err = loadAssets(c.Theme); err != nil {
		return nil, err
	}
	r := metrics.FromModel(c.Model)
	if s.report, err = report.PageData(r, c.Strings, c.Model.Loc); err != nil {
		return nil, err
	}
	s.components = make(map[string]*metrics.Component, len(r.Components))
	for i := range r.Components {
		s.components[r.Components[i].ID] = &r.Components[i]
	}
	root := template.New("base").Funcs(s.funcs())
	for _, name := range []string{"base", "partials"} {
		if err := parseLayout(root, c.Theme, name); err != nil {
			return nil, err
		}
	}
	for _, name := range layouts {
		t, err := root.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseLayout(t, c.Theme, name); err != nil {
			return nil, err
		}
		s.tmpl[name] = t
	}
	if err := s.prerender(); err != nil {
		return nil, err
	}
	return s, nil
}

func parseLayout(t *template.Template, theme fs.FS, name string) error {
	file := "layouts/" + name + ".html"
	src, err := fs.ReadFile(theme, file)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	if _, err := t.New(file).Parse(string(src)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
}

// job renders one page at a path (a paths.* page directory or file).
type job struct {
	path string
	page func() *page
}

// run renders the jobs on GOMAXPROCS workers: first the incidents' list
// lines, which history and component pages share, then the pages.
func (s *site) run(ctx context.Context, jobs []job) error {
	s.lineHTML = make([]template.HTML, len(s.m.Incidents))
	s.lineAt = make(map[*view.Incident]int, len(s.m.Incidents))
	for i, in := range s.m.Incidents {
		s.lineAt[in] = i
	}
	err := parallel(ctx, len(s.m.Incidents), func(i int, buf *bytes.Buffer) error {
		if err := s.tmpl["history"].ExecuteTemplate(buf, "incident-line", s.line(s.m.Incidents[i])); err != nil {
			return fmt.Errorf("%s: %w", s.m.Incidents[i].Pos.File, err)
		}
		s.lineHTML[i] = template.HTML(buf.String()) // html/template output
		return nil
	})
	if err != nil {
		return err
	}
	return parallel(ctx, len(jobs), func(i int, buf *bytes.Buffer) error {
		if err := s.render(buf, jobs[i].page()); err != nil {
			return fmt.Errorf("%s: %w", paths.File(jobs[i].path), err)
		}
		s.c.Emit(paths.File(jobs[i].path), bytes.Clone(buf.Bytes()))
		return nil
	})
}

// parallel calls do for 0 … n-1 on GOMAXPROCS workers, each with its own
// buffer, reset before every call, and returns the first error.
func parallel(ctx context.Context, n int, do func(i int, buf *bytes.Buffer) error) error {
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, runtime.GOMAXPROCS(0))
	for w := range errs {
		wg.Go(func() {
			var buf bytes.Buffer
			for {
				i := int(next.Add(1)) - 1
				if i >= n || ctx.Err() != nil {
					return
				}
				buf.Reset()
				if err := do(i, &buf); err != nil {
					errs[w] = err
					next.Store(int64(n)) // stop the others early
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return ctx.Err()
}

// render executes a page's layout into w.
func (s *site) render(w io.Writer, p *page) error {
	return s.tmpl[p.Layout].ExecuteTemplate(w, "base", p)
}

// assets are the theme's static files under content-hashed names, so
// hosts may cache them for ever.
type assets struct {
	url   map[string]string // theme name ("style.css") -> output path
	files map[string][]byte // output path -> bytes
}

func loadAssets(theme fs.FS) (assets, error) {
	a := assets{url: map[string]string{}, files: map[string][]byte{}}
	err := fs.WalkDir(theme, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(theme, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel := strings.TrimPrefix(p, "static/")
		ext := path.Ext(rel)
		out := paths.Static + strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.url[rel] = out
		a.files[out] = b
		return nil
	})
	if err != nil {
		return a, fmt.Errorf("theme: %w", err)
	}
	return a, nil
}
