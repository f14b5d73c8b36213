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
	"hash/maphash"
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
	lineCache  map[*view.Incident]*lazyLine // each incident's list line, made when first needed
	themeKey   uint64                       // hash of the theme sources this build parsed
	lineErr    atomic.Pointer[error]        // the first list line that failed
	top        *banner                      // the front page's banner, which also picks its favicon
}

// lazyLine is an incident's line in lists (history, component pages),
// rendered once per build by the first page that needs it: when watch
// mode reuses most pages, most lines are never needed.
type lazyLine struct {
	once sync.Once
	html template.HTML
	err  error
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
	r := c.Shared("metrics", func() any { return metrics.FromModel(c.Model) }).(*metrics.Report)
	if s.report, err = report.PageData(r, c.Strings, c.Model.Loc); err != nil {
		return nil, err
	}
	s.components = make(map[string]*metrics.Component, len(r.Components))
	for i := range r.Components {
		s.components[r.Components[i].ID] = &r.Components[i]
	}
	root := template.New("base").Funcs(s.funcs())
	var themeKey maphash.Hash
	themeKey.SetSeed(themeSeed)
	for _, name := range []string{"base", "partials"} {
		if err := parseLayout(root, c.Theme, name, &themeKey); err != nil {
			return nil, err
		}
	}
	for _, name := range layouts {
		t, err := root.Clone()
		if err != nil {
			return nil, err
		}
		if err := parseLayout(t, c.Theme, name, &themeKey); err != nil {
			return nil, err
		}
		s.tmpl[name] = t
	}
	s.themeKey = themeKey.Sum64()
	s.top = s.banner()
	if err := s.prerender(); err != nil {
		return nil, err
	}
	return s, nil
}

// themeSeed makes theme keys comparable within one process (watch mode).
var themeSeed = maphash.MakeSeed()

func parseLayout(t *template.Template, theme fs.FS, name string, key *maphash.Hash) error {
	file := "layouts/" + name + ".html"
	src, err := fs.ReadFile(theme, file)
	if err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	key.WriteString(file)
	key.Write(src)
	if _, err := t.New(file).Parse(string(src)); err != nil {
		return fmt.Errorf("theme: %w", err)
	}
	return nil
}

// job renders one page at a path (a paths.* page directory or file).
// key, when set, writes what the page is made of besides what every page
// shares (see buildKey); pages without a key are rendered every build.
type job struct {
	path   string
	layout string // the page's layout, whose shared inputs key it too
	page   func() *page
	key    func(k *render.Key)
}

// run renders the jobs on GOMAXPROCS workers. In watch mode a page
// whose key is unchanged since the last build is taken from the memo.
func (s *site) run(ctx context.Context, jobs []job) error {
	s.lineCache = make(map[*view.Incident]*lazyLine, len(s.m.Incidents))
	for _, in := range s.m.Incidents {
		s.lineCache[in] = &lazyLine{}
	}
	memo := s.c.Memo
	shared := s.layoutKeys()
	err := parallel(ctx, len(jobs), func(i int, buf *bytes.Buffer) error {
		j := jobs[i]
		file := paths.File(j.path)
		render := func() ([]byte, error) {
			buf.Reset()
			if err := s.render(buf, j.page()); err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			return bytes.Clone(buf.Bytes()), nil
		}
		var data []byte
		var err error
		if j.key == nil || memo == nil {
			data, err = render()
		} else {
			k := memo.Key().Uint(shared[j.layout]).Str(j.path)
			j.key(k)
			data, err = memo.Get("html:"+file, k, render)
		}
		if err != nil {
			return err
		}
		s.c.Emit(file, data)
		return nil
	})
	if p := s.lineErr.Load(); p != nil && err == nil {
		err = *p
	}
	return err
}

// lineOf is an incident's list line.
func (s *site) lineOf(in *view.Incident) (template.HTML, error) {
	l := s.lineCache[in]
	l.once.Do(func() {
		var buf bytes.Buffer
		if err := s.tmpl["history"].ExecuteTemplate(&buf, "incident-line", s.line(in)); err != nil {
			l.err = fmt.Errorf("%s: %w", in.Pos.File, err)
			return
		}
		l.html = template.HTML(buf.String()) // html/template output
	})
	return l.html, l.err
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
